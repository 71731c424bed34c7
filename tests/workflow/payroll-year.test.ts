/**
 * Fourteen months of payroll for a small commune on the time-skipping server (issue 14's acceptance): the
 * scheduled run builds each list on the 15th for the next month, one officer submits it, a second approves and
 * sends it, the payer's confirmation comes back on the 10th of the month paid. Along the way: a new beneficiary, a base level
 * of 540.000 đ from 01/07/2054 confirmed on 20/09/2054 (retroactive), a death, a beneficiary who stops
 * collecting and is suspended. Dates pinned after PINNED_DATES_FROM; figures by hand, to the đồng.
 *
 *   A  5.6, coefficient 2.0, from 01/2054: 1.000.000 đ, 1.080.000 đ from 07/2054
 *   B  coefficient 1.5, decided 05/2054 from 04/2054: 750.000 đ, 810.000 đ from 07/2054
 *   C  as A, died 10/11/2054: paid through 11/2054
 *   D  as A, collects nothing from the 10/2054 list on: suspended from 01/2055
 */
import { Client } from '@temporalio/client';
import { recomputeEntitlementsForBaseLevel, lockEntitlementAmounts } from '../../db/entitlement-arrears';
import { inTransaction } from '../../db/queryable';
import { DEFAULT_BASE_LEVELS } from '../../domain/base-level';
import { nextMonth, previousMonth } from '../../domain/payroll/month';
import type { scheduledPayrollWorkflow } from '../../workflows/payroll/workflow';
import { startDossierApi, type DossierApi } from '../api/dossier-harness';
import { insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { testDataConverter } from '../helpers/payload-keys';
import { payerConfirmation } from '../helpers/payroll-files';

const [A, B, C, D] = ['26170-540110-0001', '26170-540501-0002', '26170-540110-0003', '26170-540110-0004'];
const FIRST_LIST = '2054-02';
const LAST_LIST = '2055-03';
const BASE_540 = {
  effectiveFrom: '2054-07-01',
  amount: 540_000,
  legalBasis: 'Nghị định thử nghiệm (năm 2054)',
};

/** What each entitlement is owed for a month, by hand. */
function due(code: string, month: string): number {
  const raised = month >= '2054-07';
  if (code === B) return month < '2054-04' ? 0 : raised ? 810_000 : 750_000;
  if (code === C && month > '2054-11') return 0;
  if (code === D && month > '2054-12') return 0; // suspended from 01/2055
  return raised ? 1_080_000 : 1_000_000;
}

let api: DossierApi;
/**
 * A plain client: env.client lets the server skip time while it waits for a result, and with nothing else
 * scheduled it jumps years ahead.
 */
let client: Client;

beforeAll(async () => {
  api = await startDossierApi();
  client = new Client({ connection: api.env.connection, dataConverter: testDataConverter });
  for (const code of [A, C, D]) {
    await insertMonthlyEntitlement(api.db.pool, code, {
      signedOn: '2054-01-10',
      coefficient: 2,
      baseLevel: 500_000,
      startMonth: '2054-01',
    });
  }
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

/** The day's events between the lists, in date order. */
const EVENTS: Array<[string, () => Promise<void>]> = [
  [
    '2054-05-02',
    () =>
      insertMonthlyEntitlement(api.db.pool, B, {
        signedOn: '2054-05-01',
        coefficient: 1.5,
        baseLevel: 500_000,
        startMonth: '2054-04',
      }),
  ],
  [
    '2054-09-20',
    async () => {
      const { rows } = await api.db.pool.query<{ id: string }>(
        `INSERT INTO reference_proposals (kind, payload, source_reference, source_issuer, confidence, status,
           decided_at, decided_by)
         VALUES ('base_level', $1, 'Nghị định thử nghiệm', 'Chính phủ', 'verified', 'confirmed', now(), 'admin.75')
         RETURNING id`,
        [JSON.stringify(BASE_540)],
      );
      await inTransaction(api.db.pool, async (client) => {
        await lockEntitlementAmounts(client);
        await recomputeEntitlementsForBaseLevel(
          client,
          {
            proposalId: Number(rows[0]!.id),
            effectiveFrom: BASE_540.effectiveFrom,
            confirmedOn: '2054-09-20',
            tableBefore: DEFAULT_BASE_LEVELS,
            tableAfter: [...DEFAULT_BASE_LEVELS, BASE_540],
          },
          new Date(),
        );
      });
    },
  ],
  // The termination as h-end's dossier records it (the contract): the legal date of the death, terminated.
  [
    '2054-11-12',
    async () => {
      await api.db.pool.query(
        `UPDATE entitlements SET status = 'terminated', ended_on = '2054-11-10' WHERE dossier_code = $1`,
        [C],
      );
    },
  ],
];

async function runEventsUpTo(date: string) {
  while (EVENTS.length > 0 && EVENTS[0]![0] <= date) {
    const [day, event] = EVENTS.shift()!;
    await api.skipTo(day);
    await event();
  }
}

interface Payroll {
  id: number;
  total: number;
  paidTotal: number;
  failedTotal: number;
  state: string;
}

test('fourteen lists: every month owed is issued once, every list reconciles, the money paid is the ledger', async () => {
  const lists: Array<{ month: string; payroll: Payroll }> = [];
  for (let month = FIRST_LIST; month <= LAST_LIST; month = nextMonth(month)) {
    const buildDay = `${previousMonth(month)}-15`;
    await runEventsUpTo(buildDay);
    await api.skipTo(buildDay, 7);
    const run = await client.workflow.execute<typeof scheduledPayrollWorkflow>('scheduledPayrollWorkflow', {
      taskQueue: api.taskQueue,
      workflowId: `payroll-run-26170-${month}`,
      args: [{ unitCode: '26170' }],
    });
    expect(run.month).toBe(month);
    // Weeks pass between the steps: a session of the day.
    let approver = await api.login('payment_officer.737');
    const { body } = await api.request<{ payrolls: Payroll[] }>('GET', `/api/payrolls?month=${month}`, {
      token: approver,
    });
    const id = body.payrolls[0]!.id;
    // The schedule prepared it: one officer submits it, another approves (two-person rule).
    const submitter = await api.login('payment_officer.26170');
    expect((await api.request('POST', `/api/payrolls/${id}/submit`, { token: submitter })).status).toBe(200);
    for (const step of ['approve', 'send']) {
      expect((await api.request('POST', `/api/payrolls/${id}/${step}`, { token: approver })).status).toBe(
        200,
      );
    }
    await runEventsUpTo(`${month}-10`);
    await api.skipTo(`${month}-10`);
    approver = await api.login('payment_officer.737');
    const exported = await fetch(`${api.baseUrl}/api/payrolls/${id}/export?format=csv`, {
      headers: { authorization: `Bearer ${approver}` },
    });
    const stopsCollecting = month >= '2054-10';
    const file = payerConfirmation(
      await exported.text(),
      (cells) => !(stopsCollecting && cells[2] === D),
      `05/${month.slice(5)}/${month.slice(0, 4)}`,
    );
    const imported = await api.request('POST', `/api/payrolls/${id}/confirmation`, {
      token: approver,
      json: { csv: file },
    });
    expect(imported.status).toBe(200);
    const after = await api.request<{ payroll: Payroll }>('GET', `/api/payrolls/${id}`, { token: approver });
    lists.push({ month, payroll: after.body.payroll });
  }

  // Every list is reconciled and its paid and unpaid lines add up to it.
  for (const { payroll } of lists) {
    expect(payroll.state).toBe('reconciled');
    expect(payroll.paidTotal + payroll.failedTotal).toBe(payroll.total);
  }
  // Hand-computed lists: the first pays January as arrears; June brings B with April and May; November the
  // base-level back pay of July–October (A, C, D: 4 × 80.000; B: 4 × 60.000).
  const totalOf = (month: string) => lists.find((list) => list.month === month)!.payroll.total;
  expect(totalOf('2054-02')).toBe(6_000_000);
  expect(totalOf('2054-06')).toBe(3 * 1_000_000 + 3 * 750_000);
  expect(totalOf('2054-10')).toBe(3 * 1_000_000 + 750_000);
  expect(totalOf('2054-11')).toBe(3 * (4 * 80_000 + 1_080_000) + 4 * 60_000 + 810_000 + 1_000_000);
  // December: C has died (nothing from 12/2054); D's unpaid lines issued again with the month.
  expect(totalOf('2054-12')).toBe(1_080_000 + 810_000 + (1_000_000 + 4 * 80_000 + 1_080_000) + 1_080_000);
  // From January 2055, D is suspended: A and B only.
  expect(totalOf('2055-01')).toBe(1_080_000 + 810_000);
  expect(totalOf('2055-03')).toBe(1_080_000 + 810_000);

  // The ledger: for each entitlement and month, the lines that stand (a line issued again counts once) hold
  // exactly what was owed, and what was paid is what was owed except D's months since October.
  const { rows } = await api.db.pool.query<{
    dossier_code: string;
    covers_month: string;
    held: string;
    paid: string;
  }>(
    `SELECT dossier_code, covers_month, sum(amount) FILTER (WHERE state <> 'reissued') AS held,
            coalesce(sum(amount) FILTER (WHERE state = 'paid'), 0) AS paid
       FROM payroll_lines GROUP BY dossier_code, covers_month`,
  );
  const held = new Map(rows.map((row) => [`${row.dossier_code} ${row.covers_month}`, row]));
  for (const code of [A, B, C, D]) {
    for (let month = '2054-01'; month <= LAST_LIST; month = nextMonth(month)) {
      const row = held.get(`${code} ${month}`);
      const expected = code === D && month >= '2055-01' ? 0 : due(code, month);
      expect([code, month, Number(row?.held ?? 0)]).toEqual([code, month, expected]);
      const paid = code === D && month >= '2054-07' ? (month <= '2054-09' ? 1_000_000 : 0) : expected;
      expect([code, month, Number(row?.paid ?? 0)]).toEqual([code, month, paid]);
    }
  }
  const { rows: paidRows } = await api.db.pool.query<{ dossier_code: string; paid: string }>(
    `SELECT dossier_code, sum(amount) AS paid FROM payroll_lines WHERE state = 'paid'
      GROUP BY dossier_code ORDER BY dossier_code`,
  );
  // A: 6 × 1.000.000 + 9 × 1.080.000; B: 3 × 750.000 + 9 × 810.000; C: 6 × 1.000.000 + 5 × 1.080.000;
  // D: 9 × 1.000.000 (July–September at the old level, its back pay never collected).
  expect(Object.fromEntries(paidRows.map((row) => [row.dossier_code, Number(row.paid)]))).toEqual({
    [A]: 15_720_000,
    [B]: 9_540_000,
    [C]: 11_400_000,
    [D]: 9_000_000,
  });
  const { rows: suspension } = await api.db.pool.query(
    'SELECT dossier_code, suspended_from_month FROM entitlement_suspensions',
  );
  expect(suspension).toEqual([{ dossier_code: D, suspended_from_month: '2055-01' }]);
});
