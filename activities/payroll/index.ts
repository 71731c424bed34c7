/**
 * The payroll workflows' activities (contract in workflows/payroll/activity-types.ts): each batch reads its
 * entitlements and their ledger, lets the domain decide the lines (domain/payroll/build.ts) and writes them in
 * one transaction, so a retried batch is either all there (and skipped) or not at all.
 */
import type { Pool } from 'pg';
import { buildPayrollLines } from '../../domain/payroll/build';
import {
  appendLines,
  batchWritten,
  communesUnder,
  findPayroll,
  loadBuildBatch,
  markBuilt,
  resetDraftPayroll,
} from '../../db/payrolls';
import { inTransaction } from '../../db/queryable';
import type { PayrollActivities } from '../../workflows/payroll/activity-types';

export function createPayrollActivities(deps: { pool: Pool; now?: () => Date }): PayrollActivities {
  const { pool } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    async startPayrollBuild(input) {
      return inTransaction(pool, async (client) => {
        const payrollId = await resetDraftPayroll(client, { ...input, at: now() });
        if (payrollId !== undefined) return { payrollId, final: false };
        const { rows } = await client.query<{ id: string }>(
          'SELECT id FROM payrolls WHERE commune_code = $1 AND month = $2',
          [input.communeCode, input.month],
        );
        return { payrollId: Number(rows[0]!.id), final: true };
      });
    },

    async buildPayrollBatch(input) {
      return inTransaction(pool, async (client) => {
        const batch = await loadBuildBatch(client, input);
        if (batch.lastCode === undefined) return { lastCode: undefined, lines: 0 };
        if (await batchWritten(client, input.payrollId, input.afterCode, batch.lastCode)) {
          return { lastCode: batch.lastCode, lines: 0 };
        }
        const statuses = new Map(
          batch.entitlements.map(({ entitlement }) => [entitlement.dossierCode, entitlement.status]),
        );
        const lines = buildPayrollLines({
          month: input.month,
          entitlements: batch.entitlements,
          unpaidLines: batch.unpaidLines,
          statusOf: (code) => statuses.get(code),
        });
        await appendLines(client, input.payrollId, lines);
        return { lastCode: batch.lastCode, lines: lines.length };
      });
    },

    async finishPayrollBuild({ payrollId }) {
      await markBuilt(pool, payrollId, now());
      const payroll = (await findPayroll(pool, payrollId))!;
      return {
        payrollId,
        communeCode: payroll.communeCode,
        month: payroll.month,
        built: true,
        lineCount: payroll.lineCount,
        total: payroll.total,
      };
    },

    payrollCommunes: ({ unitCode }) => communesUnder(pool, unitCode),
  };
}
