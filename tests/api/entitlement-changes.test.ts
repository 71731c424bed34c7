/**
 * Termination, adjustment and relocation of a monthly allowance (issue 14) over HTTP, on the real dossier
 * workflow (time-skipping server, dates pinned in 2054–2055): the commune officer starts a change dossier from
 * the entitlement, the officer verifies, the chairman decides with the allowance-change decision, and the
 * entitlement changes with the decision — payment stops from the month after the event, a new amount applies
 * from its month, a relocation moves payment to the new commune across a year's end with no month paid twice
 * or skipped. Refusals change nothing.
 */
import { findEntitlement } from '../../db/entitlement-changes';
import { inTransaction } from '../../db/queryable';
import { rebuildReportSummaries } from '../../db/report-summaries';
import { summariesSnapshot } from '../helpers/report-summaries';
import { monthlyAmountFor } from '../../domain/entitlement-months';
import type { ErrorBody } from './harness';
import {
  completeOverApi,
  eventually,
  receiveAtDesk,
  sampleApplication,
  startDossierApi,
  type DossierApi,
} from './dossier-harness';

interface Started {
  code: string;
  kind: string;
  entitlementCode: string;
  procedure: { id: string; version: number; title: string };
  receivedOn: string;
  message: string;
}

let api: DossierApi;
let officer: string;
/** Decided on 2054-12-04: paid from 2054-12 at 26170. */
let relocated: string;
let adjusted: string;

beforeAll(async () => {
  api = await startDossierApi();
  await api.skipTo('2054-12-01', 9); // Tuesday
  relocated = await receiveAtDesk(api);
  adjusted = await receiveAtDesk(api, {
    application: sampleApplication({
      beneficiary: { ...sampleApplication().beneficiary, fullName: 'Lê Thị Tám', gender: 'female' },
    }),
  });
  for (const code of [relocated, adjusted]) {
    await completeOverApi(api, code, 'verification', 'commune_officer.26170');
  }
  await api.skipTo('2054-12-04', 8); // Friday: the posting (2 working days) has ended
  for (const code of [relocated, adjusted]) {
    await completeOverApi(api, code, 'commune_decision', 'commune_chairman.26170');
  }
  await eventually(
    async () =>
      (
        await api.db.pool.query('SELECT 1 FROM entitlements WHERE dossier_code = ANY($1)', [
          [relocated, adjusted],
        ])
      ).rowCount === 2 || undefined,
    'both entitlements',
  );
  await api.skipTo('2054-12-22', 9); // Tuesday
  officer = await api.login('commune_officer.26170');
}, 180_000);
afterAll(() => api?.stop());

const start = (kind: string, code: string, json: unknown, token = officer) =>
  api.request<Started & ErrorBody>('POST', `/api/entitlements/${code}/${kind}`, { token, json });

async function changeRows(entitlementCode: string): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM entitlement_changes WHERE entitlement_code = $1',
    [entitlementCode],
  );
  return rows[0]!.n;
}

/** Officer verifies, chairman decides; answers the decision's HTML once the decision is recorded. */
async function decide(code: string, commune: string): Promise<string> {
  await completeOverApi(api, code, 'verification', `commune_officer.${commune}`);
  await completeOverApi(api, code, 'commune_decision', `commune_chairman.${commune}`);
  return eventually(async () => {
    const { rows } = await api.db.pool.query<{ html: string }>(
      `SELECT d.html FROM decisions dc JOIN documents d ON d.id::text = dc.document_id WHERE dc.dossier_code = $1`,
      [code],
    );
    return rows[0]?.html;
  }, `the decision of ${code}`);
}

/** Which of the entitlements pays each month, by the one amount rule the payroll uses. */
async function payersByMonth(codes: string[], months: string[]): Promise<Array<[string, string[]]>> {
  const entitlements = await Promise.all(codes.map((code) => findEntitlement(api.db.pool, code)));
  return months.map((month) => [
    month,
    entitlements
      .filter((entitlement) => entitlement && monthlyAmountFor(entitlement, month) !== null)
      .map((entitlement) => entitlement!.dossierCode),
  ]);
}

describe('relocation to another commune across the year’s end', () => {
  let change: string;

  test('refusals write nothing: same commune 400, a date after today 400, wrong role or unit 403', async () => {
    const same = await start('relocations', relocated, {
      relocatedOn: '2054-12-20',
      newCommuneCode: '26170',
    });
    expect(same.status).toBe(400);
    expect(same.body.code).toBe('RELOCATION_SAME_COMMUNE');
    expect(same.body.fieldErrors).toEqual([
      {
        path: 'body.newCommuneCode',
        message: 'Nơi cư trú mới phải là xã, phường khác với nơi đang hưởng trợ cấp',
      },
    ]);

    const future = await start('relocations', relocated, {
      relocatedOn: '2054-12-23',
      newCommuneCode: '26173',
    });
    expect(future.status).toBe(400);
    expect(future.body.code).toBe('VALIDATION_FAILED');
    expect(future.body.fieldErrors).toEqual([
      { path: 'body.relocatedOn', message: 'Không được sau ngày hôm nay' },
    ]);

    const unknown = await start('relocations', relocated, {
      relocatedOn: '2054-12-20',
      newCommuneCode: '99999',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fieldErrors?.map((error) => error.path)).toEqual(['body.newCommuneCode']);

    const chairman = await api.login('commune_chairman.26170');
    const byChairman = await start(
      'relocations',
      relocated,
      { relocatedOn: '2054-12-20', newCommuneCode: '26173' },
      chairman,
    );
    expect(byChairman.status).toBe(403);
    const otherOfficer = await api.login('commune_officer.26173');
    const byOther = await start(
      'relocations',
      relocated,
      { relocatedOn: '2054-12-20', newCommuneCode: '26173' },
      otherOfficer,
    );
    expect(byOther.status).toBe(403);

    expect(await changeRows(relocated)).toBe(0);
    const { rows } = await api.db.pool.query(
      `SELECT code FROM dossiers WHERE procedure_id LIKE 'allowance-%' UNION SELECT code FROM dossier_starts`,
    );
    expect(rows).toEqual([]);
  });

  test('201: a change dossier at the paying commune; a second change meanwhile is 409 CHANGE_IN_PROGRESS', async () => {
    const response = await start('relocations', relocated, {
      relocatedOn: '2054-12-20',
      newCommuneCode: '26173',
      details: 'Về ở với con trai tại ấp 4',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      kind: 'relocation',
      entitlementCode: relocated,
      procedure: { id: 'allowance-relocation', title: 'Chuyển nơi hưởng trợ cấp khi thay đổi nơi cư trú' },
      receivedOn: '2054-12-22',
    });
    change = response.body.code;
    expect(change).toMatch(/^26170-541222-\d{4}$/);

    const again = await start('terminations', relocated, { reasonCode: 'death', eventDate: '2054-12-21' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CHANGE_IN_PROGRESS');
    expect(await changeRows(relocated)).toBe(1);
    // Still paid at the old commune until the chairman decides.
    expect((await findEntitlement(api.db.pool, relocated))?.status).toBe('active');
  });

  test('the decision stops payment at the old commune after December and the new commune pays from January', async () => {
    const html = await decide(change, '26170');
    expect(html).toContain('Về việc thôi hưởng trợ cấp xã hội hằng tháng');
    expect(html).toContain(
      'Lý do: Chuyển nơi cư trú đến xã Hố Nai 3 (Về ở với con trai tại ấp 4) từ ngày 20/12/2054; tiếp tục ' +
        'hưởng trợ cấp tại nơi cư trú mới từ tháng 01/2055.',
    );
    expect(html).toContain('Thời điểm thôi hưởng: kể từ tháng 01 năm 2055.');
    expect(html).toContain('Ủy ban nhân dân xã Hố Nai 3');
    expect(html).toMatch(
      /theo Quyết định số \d+\/QĐ-UBND ngày 04\/12\/2054 của Chủ tịch Ủy ban nhân dân xã Trảng Bom/u,
    );

    const old = await findEntitlement(api.db.pool, relocated);
    expect(old).toMatchObject({ status: 'terminated', endedOn: '2054-12-20', communeCode: '26170' });
    const moved = await findEntitlement(api.db.pool, change);
    expect(moved).toMatchObject({
      status: 'active',
      startMonth: '2055-01',
      communeCode: '26173',
      continuesFrom: relocated,
      monthlyAmount: old!.monthlyAmount,
    });
    // Same clauses and coefficient as the decision it continues: reports and base-level changes find it.
    const { rows: decisions } = await api.db.pool.query(
      'SELECT dossier_code, clauses, coefficient FROM decisions WHERE dossier_code = ANY($1) ORDER BY signed_on',
      [[relocated, change]],
    );
    expect(
      decisions.map((row: { clauses: string[]; coefficient: string }) => [row.clauses, row.coefficient]),
    ).toEqual([
      [['5.5a'], '2.00'],
      [['5.5a'], '2.00'],
    ]);
    expect(await payersByMonth([relocated, change], ['2054-11', '2054-12', '2055-01', '2055-02'])).toEqual([
      ['2054-11', []],
      ['2054-12', [relocated]],
      ['2055-01', [change]],
      ['2055-02', [change]],
    ]);
  });

  test('the ended entitlement refuses further changes: 409 ENTITLEMENT_ENDED', async () => {
    const response = await start('terminations', relocated, { reasonCode: 'death', eventDate: '2054-12-21' });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('ENTITLEMENT_ENDED');
  });

  test('the new commune terminates it after a death in February: paid through February, not from March', async () => {
    await api.skipTo('2055-02-16', 9); // Tuesday
    officer = await api.login('commune_officer.26170'); // sessions of December have expired
    // The old commune no longer pays it.
    const byOld = await start('terminations', change, { reasonCode: 'death', eventDate: '2055-02-10' });
    expect(byOld.status).toBe(403);
    const newOfficer = await api.login('commune_officer.26173');
    const notSuspended = await start(
      'terminations',
      change,
      { reasonCode: 'suspension_unremedied', eventDate: '2055-02-10' },
      newOfficer,
    );
    expect(notSuspended.status).toBe(409);
    expect(notSuspended.body.code).toBe('ENTITLEMENT_NOT_SUSPENDED');

    const response = await start(
      'terminations',
      change,
      { reasonCode: 'death', eventDate: '2055-02-10', details: 'Giấy báo tử số 08/2055' },
      newOfficer,
    );
    expect(response.status).toBe(201);
    expect(response.body.code).toMatch(/^26173-550216-\d{4}$/);
    const html = await decide(response.body.code, '26173');
    expect(html).toContain('Lý do: Người hưởng trợ cấp đã chết (Giấy báo tử số 08/2055).');
    expect(html).toContain('Thời điểm thôi hưởng: kể từ tháng 3 năm 2055.');
    expect(await findEntitlement(api.db.pool, change)).toMatchObject({
      status: 'terminated',
      endedOn: '2055-02-10',
    });
    expect(await payersByMonth([relocated, change], ['2055-02', '2055-03'])).toEqual([
      ['2055-02', [change]],
      ['2055-03', []],
    ]);
  });

  test('the reports count the person at 26170 through December and at 26173 from January; incremental = rebuild', async () => {
    // 26170 stops it on 01/01/2055, the day 26173 starts it (the decision: "thôi hưởng kể từ tháng 01/2055");
    // a move within province 75, so the province takes both out. The death stops it at 26173 on 10/02.
    const counts = await api.db.pool.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, commune_code, started, stopped, moved_in, moved_out
         FROM report_entitlement_counts WHERE span = 'D' ORDER BY day, commune_code`,
    );
    expect(counts.rows).toEqual([
      { day: '2054-12-04', commune_code: '26170', started: 2, stopped: 0, moved_in: 0, moved_out: 0 },
      { day: '2055-01-01', commune_code: '26170', started: 0, stopped: 1, moved_in: 0, moved_out: 1 },
      { day: '2055-01-01', commune_code: '26173', started: 1, stopped: 0, moved_in: 1, moved_out: 0 },
      { day: '2055-02-10', commune_code: '26173', started: 0, stopped: 1, moved_in: 0, moved_out: 0 },
    ]);
    const live = await summariesSnapshot(api.db.pool);
    await inTransaction(api.db.pool, (client) => rebuildReportSummaries(client));
    expect(await summariesSnapshot(api.db.pool)).toEqual(live);
    // Assisted at 26170 until 31/12, at 26173 from 01/01 until the death; a change decision is not itself aid.
    const { rows } = await api.db.pool.query(
      `SELECT commune_code, to_char(first_day, 'YYYY-MM-DD') AS first_day, to_char(last_day, 'YYYY-MM-DD') AS last_day
         FROM report_assistance_intervals WHERE dossier_code = ANY($1) ORDER BY first_day`,
      [[relocated, change]],
    );
    expect(rows).toEqual([
      { commune_code: '26170', first_day: '2054-12-04', last_day: '2054-12-31' },
      { commune_code: '26173', first_day: '2055-01-01', last_day: '2055-02-10' },
    ]);
  });

  test('form 10a: a stop and a start per commune, neither at the province; active once at each half’s end', async () => {
    const admin = await api.login('admin.75');
    const regular = async (from: string, to: string) => {
      const response = await api.request<{
        tables: Array<{ key: string; rows: Array<Record<string, unknown>> }>;
      }>('GET', `/api/reports/form-10a?from=${from}&to=${to}&unitCode=75`, { token: admin });
      expect(response.status).toBe(200);
      return Object.fromEntries(
        response.body.tables
          .find((table) => table.key === 'regular')!
          .rows.map((row) => [row.unitCode, [row.active, row.started, row.stopped, row.monthlyAmount]]),
      );
    };
    const amount = (await findEntitlement(api.db.pool, relocated))!.monthlyAmount;
    const adjustedAmount = (await findEntitlement(api.db.pool, adjusted))!.monthlyAmount;
    // [active at the end, new in the half, stopped in the half, monthly amounts of the active]
    expect(await regular('2054-07-01', '2054-12-31')).toEqual({
      '75': [2, 2, 0, amount + adjustedAmount],
      '26170': [2, 2, 0, amount + adjustedAmount],
    });
    expect(await regular('2055-01-01', '2055-06-30')).toEqual({
      // The province: the adjusted person still paid; the relocated person neither new nor stopped by the move,
      // stopped once by the death.
      '75': [1, 0, 1, adjustedAmount],
      '26170': [1, 0, 1, adjustedAmount],
      '26173': [0, 1, 1, 0],
    });
  });

  test('people assisted over the year’s end: once at each commune, once at the province', async () => {
    const admin = await api.login('admin.75');
    const response = await api.request<{
      tables: Array<{ key: string; rows: Array<Record<string, unknown>> }>;
    }>('GET', `/api/reports/plan?from=2054-12-01&to=2055-03-31&unitCode=75`, { token: admin });
    expect(response.status).toBe(200);
    const people = Object.fromEntries(
      response.body.tables[0]!.rows.map((row) => [row.unitCode, row.peopleAssisted]),
    );
    // The two sample applications share the beneficiary's ID number: one person, with two allowances at 26170.
    // 26170 met them (both allowances), 26173 met them (the relocated one): 1 + 1, less the move, at the province.
    expect(people).toEqual({ '75': 1, '26170': 1, '26173': 1 });
    // A period that ends before the move's turn of the month meets the person at 26170 only.
    const december = await api.request<{
      tables: Array<{ key: string; rows: Array<Record<string, unknown>> }>;
    }>('GET', `/api/reports/plan?from=2054-12-01&to=2054-12-31&unitCode=75`, { token: admin });
    expect(
      Object.fromEntries(december.body.tables[0]!.rows.map((row) => [row.unitCode, row.peopleAssisted])),
    ).toEqual({ '75': 1, '26170': 1 });
  });
});

describe('adjustment of the amount', () => {
  test('400 for a month before the first paid or the amount already in force; nothing written', async () => {
    const { monthlyAmount } = (await findEntitlement(api.db.pool, adjusted))!;
    const early = await start('adjustments', adjusted, {
      fromMonth: '2054-11',
      newMonthlyAmount: 1_250_000,
      reason: 'Đủ 80 tuổi',
    });
    expect(early.status).toBe(400);
    expect(early.body.fieldErrors).toEqual([
      { path: 'body.fromMonth', message: 'Không được trước tháng bắt đầu hưởng (12/2054)' },
    ]);
    const same = await start('adjustments', adjusted, {
      fromMonth: '2055-03',
      newMonthlyAmount: monthlyAmount,
      reason: 'Đủ 80 tuổi',
    });
    expect(same.status).toBe(400);
    expect(same.body.fieldErrors?.map((error) => error.path)).toEqual(['body.newMonthlyAmount']);
    const blank = await start('adjustments', adjusted, {
      fromMonth: '2055-03',
      newMonthlyAmount: 1.5,
      reason: ' ',
    });
    expect(blank.status).toBe(400);
    expect(new Set(blank.body.fieldErrors?.map((error) => error.path))).toEqual(
      new Set(['body.newMonthlyAmount', 'body.reason']),
    );
    // An amount that is no base level × coefficient would drift from the law at the next base level.
    const odd = await start('adjustments', adjusted, {
      fromMonth: '2055-03',
      newMonthlyAmount: 1_234_567,
      reason: 'Đủ 80 tuổi',
    });
    expect(odd.status).toBe(400);
    expect(odd.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(odd.body.fieldErrors).toEqual([
      {
        path: 'body.newMonthlyAmount',
        message:
          'Mức mới phải bằng mức chuẩn trợ giúp xã hội tháng 03/2055 (500.000 đồng) nhân hệ số (1,0; 1,5; 2,0; 2,5…)',
      },
    ]);
    expect(await changeRows(adjusted)).toBe(0);
  });

  test('once decided, the new amount is paid from its month and the months before keep the old one', async () => {
    const before = (await findEntitlement(api.db.pool, adjusted))!;
    const response = await start('adjustments', adjusted, {
      fromMonth: '2055-03',
      newMonthlyAmount: 1_250_000,
      reason: 'Người hưởng trợ cấp thuộc diện khuyết tật đặc biệt nặng, hệ số 2,5',
    });
    expect(response.status).toBe(201);
    expect(response.body.procedure.id).toBe('allowance-adjustment');
    // Not in force before the decision.
    expect(monthlyAmountFor((await findEntitlement(api.db.pool, adjusted))!, '2055-03')).toBe(
      before.monthlyAmount,
    );
    const html = await decide(response.body.code, '26170');
    expect(html).toContain('Về việc điều chỉnh mức trợ cấp xã hội hằng tháng');
    expect(html).toContain('Mức trợ cấp sau điều chỉnh: 1.250.000 đồng');
    expect(html).toContain('Thời điểm hưởng mức mới: kể từ tháng 3 năm 2055.');
    const after = (await findEntitlement(api.db.pool, adjusted))!;
    expect(after.status).toBe('active');
    expect(
      ['2055-01', '2055-02', '2055-03', '2055-04'].map((month) => monthlyAmountFor(after, month)),
    ).toEqual([before.monthlyAmount, before.monthlyAmount, 1_250_000, 1_250_000]);
    // The coefficient decided is stored: later base levels pay 2.5 × their level.
    const { rows } = await api.db.pool.query(
      `SELECT monthly_amount::int AS amount, coefficient::float AS coefficient FROM entitlement_amount_changes
        WHERE entitlement_code = $1`,
      [adjusted],
    );
    expect(rows).toEqual([{ amount: 1_250_000, coefficient: 2.5 }]);
  });
});

test('an entitlement ended while its change was being decided: the decision is refused and the step reopens', async () => {
  const response = await start('terminations', adjusted, { reasonCode: 'refusal', eventDate: '2055-02-12' });
  expect(response.status).toBe(201);
  const code = response.body.code;
  await completeOverApi(api, code, 'verification', 'commune_officer.26170');
  // Meanwhile something else ends it (another path of the payment modules, a correction by hand).
  await api.db.pool.query(
    `UPDATE entitlements SET status = 'terminated', ended_on = '2055-02-01' WHERE dossier_code = $1`,
    [adjusted],
  );
  await completeOverApi(api, code, 'commune_decision', 'commune_chairman.26170');
  const reason = await eventually(async () => {
    const { rows } = await api.db.pool.query<{ reason: string; data: { code: string } }>(
      `SELECT reason, data FROM dossier_events WHERE dossier_code = $1 AND type = 'decision_failed'`,
      [code],
    );
    return rows[0];
  }, 'decision_failed');
  expect(reason.data.code).toBe('ENTITLEMENT_ENDED');
  expect(reason.reason).toContain('đã thôi hưởng');
  const { rows } = await api.db.pool.query(
    `SELECT (SELECT count(*)::int FROM decisions WHERE dossier_code = $1) AS decisions,
            (SELECT count(*)::int FROM tasks WHERE dossier_code = $1 AND step_key = 'commune_decision' AND status = 'open') AS open`,
    [code],
  );
  expect(rows).toEqual([{ decisions: 0, open: 1 }]);
  // The earlier end stands.
  expect(await findEntitlement(api.db.pool, adjusted)).toMatchObject({ endedOn: '2055-02-01' });
});

test('nobody applies for a change procedure directly: 422 PROCEDURE_STARTED_BY_OFFICER', async () => {
  const clerk = await api.login('intake_clerk.26170');
  const response = await api.request<ErrorBody>('POST', '/api/desk/dossiers', {
    token: clerk,
    json: { procedureId: 'allowance-termination', application: sampleApplication() },
  });
  expect(response.status).toBe(422);
  expect(response.body.code).toBe('PROCEDURE_STARTED_BY_OFFICER');
});

test('an unknown entitlement is 404', async () => {
  const response = await start('terminations', '26170-541201-0999', {
    reasonCode: 'death',
    eventDate: '2055-02-01',
  });
  expect(response.status).toBe(404);
  expect(response.body.code).toBe('NOT_FOUND');
});
