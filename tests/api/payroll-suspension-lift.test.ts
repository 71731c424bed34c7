/**
 * A suspension lifted (issue 14; DOMAIN.md §4.3, §8): D stops collecting, three unpaid lists suspend it from May
 * 2054; a base level of 540.000 đ from 01/04/2054 is confirmed on 20/05/2054 while it is suspended; D comes back
 * in June and the commune officer records the remedy. The July list then pays everything held back, at the new
 * level: the unpaid lines issued again, April's back pay, May and June as arrears, and July. Figures by hand:
 * coefficient 2.0 × 500.000 đ = 1.000.000 đ, × 540.000 đ = 1.080.000 đ. E (the same from 01/2054) collects
 * every month and is never suspended.
 */
import { insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { payerConfirmation } from '../helpers/payroll-files';
import type { ErrorBody } from './harness';
import { startDossierApi, type DossierApi } from './dossier-harness';
import { confirmBaseLevel } from '../helpers/base-levels';

const D = '26170-540110-0004';
const E = '26170-540110-0005';

interface Line {
  dossierCode: string;
  kind: string;
  coversMonth: string;
  amount: number;
}

let api: DossierApi;

beforeAll(async () => {
  api = await startDossierApi();
  for (const code of [D, E]) {
    await insertMonthlyEntitlement(api.db.pool, code, {
      signedOn: '2054-01-10',
      coefficient: 2,
      baseLevel: 500_000,
      startMonth: '2054-01',
    });
  }
  await api.skipTo('2054-05-11', 9);
}, 120_000);
afterAll(() => api?.stop());

/** Builds a month's list, has it approved and sent, and imports the payer's file: D's lines unpaid. */
async function payMonth(month: string): Promise<{ lines: Line[]; suspended: string[] }> {
  const preparer = await api.login('payment_officer.26170');
  const approver = await api.login('payment_officer.737');
  const built = await api.request<{ payrollId: number }>('POST', '/api/payrolls/build', {
    token: preparer,
    json: { communeCode: '26170', month },
  });
  expect(built.status).toBe(200);
  const id = built.body.payrollId;
  const { body } = await api.request<{ lines: Line[] }>('GET', `/api/payrolls/${id}`, { token: approver });
  for (const step of ['approve', 'send']) {
    expect((await api.request('POST', `/api/payrolls/${id}/${step}`, { token: approver })).status).toBe(200);
  }
  const csv = await (
    await fetch(`${api.baseUrl}/api/payrolls/${id}/export?format=csv`, {
      headers: { authorization: `Bearer ${approver}` },
    })
  ).text();
  const imported = await api.request<{ suspended: string[] }>('POST', `/api/payrolls/${id}/confirmation`, {
    token: approver,
    json: {
      csv: payerConfirmation(csv, (cells) => cells[2] !== D, `05/${month.slice(5)}/${month.slice(0, 4)}`),
    },
  });
  expect(imported.status).toBe(200);
  return { lines: body.lines, suspended: imported.body.suspended };
}

const linesOf = (lines: Line[], code: string) =>
  lines.filter((line) => line.dossierCode === code).map((line) => [line.kind, line.coversMonth, line.amount]);

const lift = (token: string, json: unknown, code = D) =>
  api.request<ErrorBody & { status: string; suspendedFromMonth: string }>(
    'POST',
    `/api/entitlements/${code}/suspension/lift`,
    { token, json },
  );

async function state() {
  const { rows } = await api.db.pool.query(
    `SELECT e.status, s.suspended_from_month,
            (SELECT count(*)::int FROM entitlement_suspension_lifts l WHERE l.dossier_code = e.dossier_code) AS lifts,
            (SELECT count(*)::int FROM audit_log a WHERE a.action = 'suspension.lift') AS audited
       FROM entitlements e LEFT JOIN entitlement_suspensions s USING (dossier_code) WHERE e.dossier_code = $1`,
    [D],
  );
  return rows[0];
}

test('three lists unpaid suspend D from May; a base level confirmed meanwhile reaches it too', async () => {
  for (const month of ['2054-02', '2054-03']) expect((await payMonth(month)).suspended).toEqual([]);
  expect((await payMonth('2054-04')).suspended).toEqual([D]);
  expect(await state()).toEqual({
    status: 'suspended',
    suspended_from_month: '2054-05',
    lifts: 0,
    audited: 0,
  });

  await api.skipTo('2054-05-20', 9);
  const BASE_540 = {
    effectiveFrom: '2054-04-01',
    amount: 540_000,
    legalBasis: 'Nghị định thử nghiệm (năm 2054)',
  };
  await confirmBaseLevel(api.db.pool, BASE_540, { confirmedOn: '2054-05-20' });
  // The suspended allowance is recomputed like the active one: owed if the suspension is lifted.
  const { rows: amounts } = await api.db.pool.query(
    `SELECT e.dossier_code, e.monthly_amount::int AS amount, array_agg(a.month ORDER BY a.month) AS months
       FROM entitlements e JOIN entitlement_arrears a USING (dossier_code) GROUP BY 1, 2 ORDER BY 1`,
  );
  expect(amounts).toEqual([
    { dossier_code: D, amount: 1_080_000, months: ['2054-04', '2054-05'] },
    { dossier_code: E, amount: 1_080_000, months: ['2054-04', '2054-05'] },
  ]);
  // May and June: nothing new for D while it is suspended.
  for (const month of ['2054-05', '2054-06']) expect(linesOf((await payMonth(month)).lines, D)).toEqual([]);
});

test('refusals write nothing: role, unit, not suspended, dates, no remedy', async () => {
  await api.skipTo('2054-06-16', 9); // Tuesday
  const officer = await api.login('commune_officer.26170');
  const remedy = 'Người hưởng đã về lại địa phương và đến nhận tiền';
  const chairman = await api.login('commune_chairman.26170');
  expect((await lift(chairman, { remediedOn: '2054-06-15', remedy })).status).toBe(403);
  const other = await lift(await api.login('commune_officer.26173'), { remediedOn: '2054-06-15', remedy });
  expect(other.status).toBe(403);

  const active = await lift(officer, { remediedOn: '2054-06-15', remedy }, E);
  expect(active.status).toBe(409);
  expect(active.body).toMatchObject({
    code: 'ENTITLEMENT_NOT_SUSPENDED',
    message: 'Trợ cấp này không bị tạm dừng chi trả',
  });

  const future = await lift(officer, { remediedOn: '2054-06-17', remedy });
  expect(future.status).toBe(400);
  expect(future.body.fieldErrors).toEqual([
    { path: 'body.remediedOn', message: 'Không được sau ngày hôm nay' },
  ]);
  const early = await lift(officer, { remediedOn: '2054-05-01', remedy });
  expect(early.status).toBe(400);
  expect(early.body.fieldErrors).toEqual([
    { path: 'body.remediedOn', message: 'Không được trước ngày tạm dừng chi trả (11/05/2054)' },
  ]);
  const blank = await lift(officer, { remediedOn: '2054-06-15', remedy: '  ' });
  expect(blank.status).toBe(400);
  expect(new Set(blank.body.fieldErrors?.map((error) => error.path))).toEqual(new Set(['body.remedy']));

  expect(await state()).toEqual({
    status: 'suspended',
    suspended_from_month: '2054-05',
    lifts: 0,
    audited: 0,
  });
});

test('lifted within the 3 months: audited, and July pays every month held back at the new level', async () => {
  const officer = await api.login('commune_officer.26170');
  const lifted = await lift(officer, {
    remediedOn: '2054-06-15',
    remedy: 'Người hưởng đã về lại địa phương và đến nhận tiền',
  });
  expect(lifted.status).toBe(200);
  expect(lifted.body).toMatchObject({ status: 'active', suspendedFromMonth: '2054-05' });
  expect(await state()).toEqual({ status: 'active', suspended_from_month: null, lifts: 1, audited: 1 });
  const { rows: audit } = await api.db.pool.query(
    `SELECT actor_username, target_id, details FROM audit_log WHERE action = 'suspension.lift'`,
  );
  expect(audit).toEqual([
    {
      actor_username: 'commune_officer.26170',
      target_id: D,
      details: { suspendedFromMonth: '2054-05', remediedOn: '2054-06-15', remedyDeadline: '2054-07-31' },
    },
  ]);
  const again = await lift(officer, { remediedOn: '2054-06-15', remedy: 'Lần nữa' });
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('ENTITLEMENT_NOT_SUSPENDED');

  const { lines } = await payMonth('2054-07');
  expect(linesOf(lines, D)).toEqual([
    ['rolled_over', '2054-01', 1_000_000],
    ['rolled_over', '2054-02', 1_000_000],
    ['rolled_over', '2054-03', 1_000_000],
    ['rolled_over', '2054-04', 1_000_000],
    ['base_level_back_pay', '2054-04', 80_000],
    ['arrears', '2054-05', 1_080_000],
    ['arrears', '2054-06', 1_080_000],
    ['monthly', '2054-07', 1_080_000],
  ]);
  expect(linesOf(lines, D).reduce((sum, line) => sum + Number(line[2]), 0)).toBe(
    4 * 1_000_000 + 80_000 + 3 * 1_080_000,
  );
});

test('a termination decided while the lift runs wins: 409 ENTITLEMENT_ENDED and nothing written', async () => {
  // F, suspended from June: the officer's lift reads it suspended, then a termination commits before the lift's
  // transaction writes. The lift must not make a terminated allowance active again (it would pay the months held back).
  const F = '26170-540110-0006';
  await insertMonthlyEntitlement(api.db.pool, F, {
    signedOn: '2054-01-10',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-01',
    status: 'suspended',
  });
  await api.db.pool.query(
    `INSERT INTO entitlement_suspensions (dossier_code, suspended_from_month, payroll_id, reason, created_at)
     VALUES ($1, '2054-06', (SELECT min(id) FROM payrolls), 'Ba tháng liền không nhận', '2054-06-01T03:00:00Z')`,
    [F],
  );
  const officer = await api.login('commune_officer.26170');
  const termination = await api.db.pool.connect();
  try {
    await termination.query('BEGIN');
    await termination.query(
      `UPDATE entitlements SET status = 'terminated', ended_on = '2054-06-10' WHERE dossier_code = $1`,
      [F],
    );
    const pending = lift(
      officer,
      { remediedOn: '2054-06-15', remedy: 'Người hưởng đã về lại địa phương' },
      F,
    );
    // The lift waits on the entitlement's row lock (before the fix it waited on its UPDATE, then went on).
    for (let waited = 0; ; waited += 50) {
      const { rows } = await api.db.pool.query(
        // The lift's own statement: anything else waiting on the table (CI saw one) is not the lift.
        `SELECT 1 FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND query ILIKE 'SELECT status FROM entitlements WHERE dossier_code = $1 FOR UPDATE'`,
      );
      if (rows.length > 0) break;
      if (waited > 20_000) throw new Error('the lift never waited on the entitlement');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await termination.query('COMMIT');
    const answer = await pending;
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'ENTITLEMENT_ENDED',
      message: 'Trợ cấp này vừa được quyết định thôi hưởng: không thể khôi phục chi trả',
    });
  } finally {
    termination.release();
  }
  const { rows } = await api.db.pool.query(
    `SELECT e.status, s.suspended_from_month,
            (SELECT count(*)::int FROM entitlement_suspension_lifts l WHERE l.dossier_code = e.dossier_code) AS lifts,
            (SELECT count(*)::int FROM audit_log a WHERE a.action = 'suspension.lift' AND a.target_id = $1) AS audited
       FROM entitlements e LEFT JOIN entitlement_suspensions s USING (dossier_code) WHERE e.dossier_code = $1`,
    [F],
  );
  expect(rows).toEqual([{ status: 'terminated', suspended_from_month: '2054-06', lifts: 0, audited: 0 }]);
});
