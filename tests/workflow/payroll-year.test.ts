/**
 * Fourteen months of payroll for a small commune on the time-skipping server (issue 14's acceptance): the
 * province's scheduled run builds each commune's list on the 15th for the next month, one officer submits it, a
 * second approves and sends it, the payer's confirmation comes back on the 10th of the month paid. Along the way:
 * a new beneficiary, a base level of 540.000 đ from 01/07/2054 confirmed on 20/09/2054 (retroactive), a death
 * decided by the termination dossier, a move to another commune across the year's end decided by the relocation
 * dossier, a beneficiary who stops collecting and is suspended. Dates pinned after PINNED_DATES_FROM; figures by
 * hand, to the đồng.
 *
 *   A  5.6, coefficient 2.0, from 01/2054: 1.000.000 đ, 1.080.000 đ from 07/2054; moved from Trảng Bom (26170)
 *      to Hố Nai 3 (26173) on 03/12/2054: paid by 26170 through 12/2054, by 26173 from 01/2055 (entitlement A2)
 *   B  coefficient 1.5, decided 05/2054 from 04/2054: 750.000 đ, 810.000 đ from 07/2054
 *   C  as A, died 10/11/2054: paid through 11/2054
 *   D  as A, collects nothing from the 10/2054 list on: suspended from 01/2055
 */
import { Client } from '@temporalio/client';
import { ApplicationSchema } from '../../domain/application';
import { nextMonth, previousMonth } from '../../domain/payroll/month';
import type { scheduledPayrollWorkflow } from '../../workflows/payroll/workflow';
import {
  completeOverApi,
  eventually,
  sampleApplication,
  startDossierApi,
  type DossierApi,
} from '../api/dossier-harness';
import { insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { testDataConverter } from '../helpers/payload-keys';
import { payerConfirmation } from '../helpers/payroll-files';
import { confirmBaseLevel } from '../helpers/base-levels';

const [A, B, C, D] = ['26170-540110-0001', '26170-540501-0002', '26170-540110-0003', '26170-540110-0004'];
const FIRST_LIST = '2054-02';
const LAST_LIST = '2055-03';
const BASE_540 = {
  effectiveFrom: '2054-07-01',
  amount: 540_000,
  legalBasis: 'Nghị định thử nghiệm (năm 2054)',
};

/** A's entitlement at the new commune: the relocation dossier's code, known once an officer starts it. */
let A2 = '';

/** What each entitlement is owed for a month, by hand. */
function due(code: string, month: string): number {
  const raised = month >= '2054-07';
  if (code === A && month > '2054-12') return 0; // moved on 03/12/2054
  if (code === A2) return month < '2055-01' ? 0 : 1_080_000;
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
  // The application the decisions were made on: a change dossier is received on the granting dossier's one.
  await api.db.pool.query('UPDATE dossiers SET application = $1 WHERE code = ANY($2)', [
    JSON.stringify(ApplicationSchema.parse(sampleApplication())),
    [A, C],
  ]);
}, 120_000);

/**
 * A change dossier as the commune officer starts it from the entitlement, verified by the officer and decided
 * by the chairman (procedures allowance-termination / allowance-relocation); answers its code once the
 * decision has taken effect on the entitlement.
 */
async function decideChange(entitlementCode: string, kind: string, json: object): Promise<string> {
  const officer = await api.login('commune_officer.26170');
  const started = await api.request<{ code: string }>(
    'POST',
    `/api/entitlements/${entitlementCode}/${kind}`,
    {
      token: officer,
      json,
    },
  );
  expect(started.status).toBe(201);
  const code = started.body.code;
  await completeOverApi(api, code, 'verification', 'commune_officer.26170');
  await completeOverApi(api, code, 'commune_decision', 'commune_chairman.26170');
  await eventually(async () => {
    const { rows } = await api.db.pool.query(
      `SELECT 1 FROM entitlements WHERE dossier_code = $1 AND status = 'terminated'`,
      [entitlementCode],
    );
    return rows[0];
  }, `the decision of ${code}`);
  return code;
}

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
      await confirmBaseLevel(api.db.pool, BASE_540, { confirmedOn: '2054-09-20' });
    },
  ],
  // C's death, reported two days later (a Thursday): the termination dossier, decided the same day.
  [
    '2054-11-12',
    async () => {
      await decideChange(C, 'terminations', {
        reasonCode: 'death',
        eventDate: '2054-11-10',
        details: 'Giấy báo tử số 21/2054',
      });
    },
  ],
  // A moved on 03/12/2054; the relocation dossier is decided on Monday 07/12, before the January lists.
  [
    '2054-12-07',
    async () => {
      A2 = await decideChange(A, 'relocations', {
        relocatedOn: '2054-12-03',
        newCommuneCode: '26173',
        details: 'Về ở với con gái',
      });
    },
  ],
];

async function runEventsUpTo(date: string) {
  while (EVENTS.length > 0 && EVENTS[0]![0] <= date) {
    const [day, event] = EVENTS.shift()!;
    await api.skipTo(day, 9);
    await event();
  }
}

interface Payroll {
  id: number;
  communeCode: string;
  total: number;
  paidTotal: number;
  failedTotal: number;
  state: string;
}

/** The payer's confirmation of one list: every line paid, except D's from the October list on. */
async function reconcile(payroll: Payroll, month: string): Promise<Payroll> {
  const approver = await api.login('payment_officer.737');
  const exported = await fetch(`${api.baseUrl}/api/payrolls/${payroll.id}/export?format=csv`, {
    headers: { authorization: `Bearer ${approver}` },
  });
  const stopsCollecting = month >= '2054-10';
  const file = payerConfirmation(
    await exported.text(),
    (cells) => !(stopsCollecting && cells[2] === D),
    `05/${month.slice(5)}/${month.slice(0, 4)}`,
  );
  const imported = await api.request('POST', `/api/payrolls/${payroll.id}/confirmation`, {
    token: approver,
    json: { csv: file },
  });
  expect(imported.status).toBe(200);
  const after = await api.request<{ payroll: Payroll }>('GET', `/api/payrolls/${payroll.id}`, {
    token: approver,
  });
  return after.body.payroll;
}

test('fourteen lists: every month owed is issued once, every list reconciles, the money paid is the ledger', async () => {
  const lists: Array<{ month: string; payroll: Payroll }> = [];
  for (let month = FIRST_LIST; month <= LAST_LIST; month = nextMonth(month)) {
    const buildDay = `${previousMonth(month)}-15`;
    await runEventsUpTo(buildDay);
    await api.skipTo(buildDay, 7);
    // The province's run: one list per commune that has entitlements.
    const run = await client.workflow.execute<typeof scheduledPayrollWorkflow>('scheduledPayrollWorkflow', {
      taskQueue: api.taskQueue,
      workflowId: `payroll-run-75-${month}`,
      args: [{ unitCode: '75' }],
    });
    expect(run.month).toBe(month);
    // Weeks pass between the steps: a session of the day.
    const approver = await api.login('payment_officer.737');
    const { body } = await api.request<{ payrolls: Payroll[] }>('GET', `/api/payrolls?month=${month}`, {
      token: approver,
    });
    expect(body.payrolls.map((payroll) => payroll.communeCode)).toEqual(
      month >= '2055-01' ? ['26170', '26173'] : ['26170'],
    );
    for (const payroll of body.payrolls) {
      // The schedule prepared it: the commune's officer submits it, another approves (two-person rule).
      const submitter = await api.login(`payment_officer.${payroll.communeCode}`);
      expect(
        (await api.request('POST', `/api/payrolls/${payroll.id}/submit`, { token: submitter })).status,
      ).toBe(200);
      for (const step of ['approve', 'send']) {
        expect(
          (await api.request('POST', `/api/payrolls/${payroll.id}/${step}`, { token: approver })).status,
        ).toBe(200);
      }
    }
    await runEventsUpTo(`${month}-10`);
    await api.skipTo(`${month}-10`);
    for (const payroll of body.payrolls) lists.push({ month, payroll: await reconcile(payroll, month) });
  }

  // Every list is reconciled, its paid and unpaid lines add up to it, and it is the sum of its lines.
  const { rows: lineSums } = await api.db.pool.query<{ payroll_id: string; total: string }>(
    'SELECT payroll_id, sum(amount) AS total FROM payroll_lines GROUP BY payroll_id',
  );
  const sumOfLines = new Map(lineSums.map((row) => [Number(row.payroll_id), Number(row.total)]));
  for (const { payroll } of lists) {
    expect(payroll.state).toBe('reconciled');
    expect(payroll.paidTotal + payroll.failedTotal).toBe(payroll.total);
    expect(sumOfLines.get(payroll.id)).toBe(payroll.total);
  }
  // Hand-computed lists: the first pays January as arrears; June brings B with April and May; November the
  // base-level back pay of July–October (A, C, D: 4 × 80.000; B: 4 × 60.000).
  const totalOf = (month: string, commune = '26170') =>
    lists.find((list) => list.month === month && list.payroll.communeCode === commune)!.payroll.total;
  expect(totalOf('2054-02')).toBe(6_000_000);
  expect(totalOf('2054-06')).toBe(3 * 1_000_000 + 3 * 750_000);
  expect(totalOf('2054-10')).toBe(3 * 1_000_000 + 750_000);
  expect(totalOf('2054-11')).toBe(3 * (4 * 80_000 + 1_080_000) + 4 * 60_000 + 810_000 + 1_000_000);
  // December: C has died (nothing from 12/2054); A is paid by Trảng Bom for the month of the move; D's unpaid
  // lines issued again with the month.
  expect(totalOf('2054-12')).toBe(1_080_000 + 810_000 + (1_000_000 + 4 * 80_000 + 1_080_000) + 1_080_000);
  // From January 2055: D is suspended, A is paid by Hố Nai 3 (no arrears: December was paid by Trảng Bom).
  expect(totalOf('2055-01')).toBe(810_000);
  expect(totalOf('2055-01', '26173')).toBe(1_080_000);
  expect(totalOf('2055-03')).toBe(810_000);
  expect(totalOf('2055-03', '26173')).toBe(1_080_000);

  // The ledger: for each entitlement and month, the lines that stand (a line issued again counts once) hold
  // exactly what was owed, and what was paid is what was owed except D's months since October.
  const { rows } = await api.db.pool.query<{
    dossier_code: string;
    covers_month: string;
    held: string;
    paid: string;
    communes: string[];
  }>(
    `SELECT l.dossier_code, l.covers_month, sum(l.amount) FILTER (WHERE l.state <> 'reissued') AS held,
            coalesce(sum(l.amount) FILTER (WHERE l.state = 'paid'), 0) AS paid,
            array_agg(DISTINCT p.commune_code) AS communes
       FROM payroll_lines l JOIN payrolls p ON p.id = l.payroll_id GROUP BY l.dossier_code, l.covers_month`,
  );
  const held = new Map(rows.map((row) => [`${row.dossier_code} ${row.covers_month}`, row]));
  expect(A2).toMatch(/^26170-541207-\d{4}$/);
  for (const code of [A, A2, B, C, D]) {
    for (let month = '2054-01'; month <= LAST_LIST; month = nextMonth(month)) {
      const row = held.get(`${code} ${month}`);
      const expected = code === D && month >= '2055-01' ? 0 : due(code, month);
      expect([code, month, Number(row?.held ?? 0)]).toEqual([code, month, expected]);
      const paid = code === D && month >= '2054-07' ? (month <= '2054-09' ? 1_000_000 : 0) : expected;
      expect([code, month, Number(row?.paid ?? 0)]).toEqual([code, month, paid]);
      if (row) expect([code, month, row.communes]).toEqual([code, month, [code === A2 ? '26173' : '26170']]);
    }
  }
  // The person A: each month once, none skipped, across the year's end.
  for (let month = '2054-01'; month <= LAST_LIST; month = nextMonth(month)) {
    const payers = [A, A2].filter((code) => held.has(`${code} ${month}`));
    expect([month, payers]).toEqual([month, [month <= '2054-12' ? A : A2]]);
  }
  const { rows: paidRows } = await api.db.pool.query<{ dossier_code: string; paid: string }>(
    `SELECT dossier_code, sum(amount) AS paid FROM payroll_lines WHERE state = 'paid'
      GROUP BY dossier_code ORDER BY dossier_code`,
  );
  // A: 6 × 1.000.000 + 6 × 1.080.000 at Trảng Bom, then 3 × 1.080.000 at Hố Nai 3; B: 3 × 750.000 + 9 × 810.000;
  // C: 6 × 1.000.000 + 5 × 1.080.000; D: 9 × 1.000.000 (July–September at the old level, its back pay never
  // collected).
  expect(Object.fromEntries(paidRows.map((row) => [row.dossier_code, Number(row.paid)]))).toEqual({
    [A]: 12_480_000,
    [A2]: 3_240_000,
    [B]: 9_540_000,
    [C]: 11_400_000,
    [D]: 9_000_000,
  });
  const { rows: suspension } = await api.db.pool.query(
    'SELECT dossier_code, suspended_from_month FROM entitlement_suspensions',
  );
  expect(suspension).toEqual([{ dossier_code: D, suspended_from_month: '2055-01' }]);
  // Both ends were decided, not written by hand: C's and A's entitlements name their change dossiers.
  const { rows: changes } = await api.db.pool.query(
    `SELECT entitlement_code, kind, reason_code, to_char(event_date, 'YYYY-MM-DD') AS event_date
       FROM entitlement_changes WHERE applied_at IS NOT NULL ORDER BY requested_at`,
  );
  expect(changes).toEqual([
    { entitlement_code: C, kind: 'termination', reason_code: 'death', event_date: '2054-11-10' },
    { entitlement_code: A, kind: 'relocation', reason_code: null, event_date: '2054-12-03' },
  ]);
});
