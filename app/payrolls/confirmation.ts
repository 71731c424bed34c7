/**
 * Importing the payer's confirmation of a sent list (DOMAIN.md §8). The file is checked whole against the list
 * (domain/payroll/confirmation.ts) inside one transaction: any problem answers 422 with every problem found and
 * nothing changes. A file is known by its SHA-256: importing it again answers what it did the first time and
 * changes nothing. When no line is left unconfirmed the list is reconciled; an entitlement whose payment went
 * uncollected three months running is suspended (domain/payroll/suspension.ts).
 */
import { createHash } from 'node:crypto';
import {
  applyConfirmation,
  countIssuedLines,
  findConfirmation,
  listedLines,
  setPayrollState,
  settlePaidOneOffs,
  suspendEntitlement,
  uncollectedHistory,
  type Payroll,
} from '../../db/payrolls';
import { inTransaction } from '../../db/queryable';
import { checkConfirmation } from '../../domain/payroll/confirmation';
import { monthLabel } from '../../domain/payroll/month';
import { suspensionFrom } from '../../domain/payroll/suspension';
import { audit, type Actor } from '../audit';
import { clockOf, type AppDeps } from '../deps';
import { AppError } from '../errors';
import { assertPayrollActor, assertState, payrollInScope } from './access';

export interface ImportResult {
  payrollId: number;
  /** True when this very file was imported before: nothing changed now. */
  alreadyImported: boolean;
  linesPaid: number;
  linesFailed: number;
  /** Entitlements suspended by this import (3 months uncollected). */
  suspended: string[];
  state: Payroll['state'];
}

export const SUSPENSION_REASON = 'Không nhận trợ cấp 03 tháng liên tục';

export async function importConfirmation(
  deps: AppDeps,
  actor: Actor,
  id: number,
  csv: string,
): Promise<ImportResult> {
  assertPayrollActor(actor);
  const fileSha256 = createHash('sha256').update(csv, 'utf8').digest('hex');
  return inTransaction(deps.pool, async (client) => {
    const payroll = await payrollInScope(deps, actor, id, client, { forUpdate: true });
    const known = await findConfirmation(client, fileSha256);
    if (known) {
      if (known.payrollId !== id) {
        throw new AppError(
          409,
          'PAYROLL_FILE_OF_OTHER_PAYROLL',
          `Tệp này đã được nhập cho bảng kê số ${known.payrollId}, không phải bảng kê số ${id}`,
        );
      }
      const { rows } = await client.query<{ lines_paid: number; lines_failed: number }>(
        'SELECT lines_paid, lines_failed FROM payroll_confirmations WHERE id = $1',
        [known.id],
      );
      return {
        payrollId: id,
        alreadyImported: true,
        linesPaid: rows[0]!.lines_paid,
        linesFailed: rows[0]!.lines_failed,
        suspended: [],
        state: payroll.state,
      };
    }
    assertState(payroll, ['sent'], 'nhập kết quả chi trả');
    const check = checkConfirmation(csv, id, await listedLines(client, id));
    if (!check.ok) {
      throw new AppError(
        422,
        'PAYROLL_CONFIRMATION_INVALID',
        `Tệp kết quả chi trả có ${check.problems.length} lỗi; chưa dòng nào được ghi nhận`,
        {
          fieldErrors: check.problems.map((problem) => ({
            path: problem.row === 0 ? 'body.csv' : `body.csv.${problem.row}`,
            message: problem.message,
            messageEn: problem.code,
          })),
        },
      );
    }
    const at = clockOf(deps)();
    await applyConfirmation(client, {
      payrollId: id,
      fileSha256,
      lines: check.lines,
      by: actor.username,
      at,
    });
    await settlePaidOneOffs(client, id);
    const suspended: string[] = [];
    for (const [dossierCode, outcomes] of await uncollectedHistory(client, id)) {
      const fromMonth = suspensionFrom(outcomes);
      if (
        fromMonth &&
        (await suspendEntitlement(client, {
          dossierCode,
          fromMonth,
          payrollId: id,
          reason: SUSPENSION_REASON,
          at,
        }))
      ) {
        suspended.push(dossierCode);
      }
    }
    const reconciled = (await countIssuedLines(client, id)) === 0;
    if (reconciled) await setPayrollState(client, id, 'reconciled', { at });
    const linesPaid = check.lines.filter((line) => line.outcome === 'paid').length;
    await audit(client, deps, actor, {
      action: 'payroll.import',
      target: { kind: 'payroll', id: String(id) },
      details: {
        communeCode: payroll.communeCode,
        month: monthLabel(payroll.month),
        fileSha256,
        linesPaid,
        linesFailed: check.lines.length - linesPaid,
        suspended,
      },
    });
    return {
      payrollId: id,
      alreadyImported: false,
      linesPaid,
      linesFailed: check.lines.length - linesPaid,
      suspended,
      state: reconciled ? 'reconciled' : payroll.state,
    };
  });
}
