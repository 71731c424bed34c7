/**
 * GET /api/reports/{report}: figures over a small province written through the read model's projection (the
 * events the workflow records), checked against numbers worked out by hand below — a dossier paused for
 * documents, one escalated and returned to an earlier step, one refused, one across a year end, one refused at
 * intake, one waiting for the citizen — and the bad input, the unit scope, CSV and XLSX read back.
 * The fixture, with what each dossier adds to the figures: tests/helpers/report-province.ts.
 */
import ExcelJS from 'exceljs';
import { loadWorkingCalendar } from '../../db/calendar';
import { overdueBacklog } from '../../db/reports';
import { toDayNumber, toIsoDate } from '../../domain/calendar/day-number';
import {
  REPORT_PASSWORD,
  REPORT_TODAY,
  reportDossiers,
  reportProvince,
  VERIFY,
} from '../helpers/report-province';
import { startTestApi, type ErrorBody, type TestApi } from './harness';

const PERIOD = 'from=2055-01-01&to=2055-06-30';

interface ReportBody {
  report: string;
  notes: string[];
  filter: { from: string; to: string };
  tables: Array<{
    key: string;
    columns: Array<{ key: string; header: string }>;
    rows: Array<Record<string, unknown>>;
  }>;
}

let api: TestApi;
let admin: string;
let communeOfficer: string;
let districtOfficer: string;
let otherAdmin: string;

const report = (token: string, name: string, query = PERIOD) =>
  api.request<ReportBody & ErrorBody>('GET', `/api/reports/${name}?${query}`, { token });
const table = (body: ReportBody, key: string) => {
  const found = body.tables.find((t) => t.key === key);
  if (!found) throw new Error(`no table ${key} in ${body.report}`);
  return found.rows;
};
const rowOf = (rows: Array<Record<string, unknown>>, match: Record<string, unknown>) =>
  rows.filter((row) => Object.entries(match).every(([key, value]) => row[key] === value));

beforeAll(async () => {
  api = await startTestApi({ seed: false, now: REPORT_TODAY });
  await reportProvince(api.db.pool);
  await reportDossiers(api.db.pool);
  const login = (user: string) => api.login(user, REPORT_PASSWORD);
  admin = await login('admin.99');
  communeOfficer = await login('commune_officer.99201');
  districtOfficer = await login('district_officer.991');
  otherAdmin = await login('admin.98');
});
afterAll(() => api.close());

describe('SLA figures', () => {
  test('per unit and procedure: received, finished early / on time / late, in progress', async () => {
    const response = await report(admin, 'sla');
    expect(response.status).toBe(200);
    const rows = table(response.body, 'dossiers');
    const pick = ({
      received,
      notAccepted,
      finished,
      completed,
      refused,
      early,
      onTime,
      late,
      inProgress,
      onTimePercent,
    }: Record<string, unknown>) => ({
      received,
      notAccepted,
      finished,
      completed,
      refused,
      early,
      onTime,
      late,
      inProgress,
      onTimePercent,
    });
    const allowance = { procedureId: 'monthly-allowance' };
    expect(rowOf(rows, { unitCode: '99201', ...allowance }).map(pick)).toEqual([
      // D1 D2 D3 D6 D7 D8 received (D5 in 2054); D1 D2 D5 done, D3 refused; D1 D5 D3 early, D2 on time; D7 D8 open.
      {
        received: 6,
        notAccepted: 1,
        finished: 4,
        completed: 3,
        refused: 1,
        early: 3,
        onTime: 1,
        late: 0,
        inProgress: 2,
        onTimePercent: 100,
      },
    ]);
    expect(rowOf(rows, { unitCode: '99101', ...allowance }).map(pick)).toEqual([
      {
        received: 1,
        notAccepted: 0,
        finished: 0,
        completed: 0,
        refused: 0,
        early: 0,
        onTime: 0,
        late: 0,
        inProgress: 1,
        onTimePercent: null,
      },
    ]);
    // The district counts its three-tier dossier only.
    expect(rowOf(rows, { unitCode: '991', ...allowance }).map(pick)).toEqual(
      rowOf(rows, { unitCode: '99101', ...allowance }).map(pick),
    );
    // The province adds D9 (late) in 99202: 8 received, 5 finished, 4 of 5 in time.
    expect(rowOf(rows, { unitCode: '99', ...allowance }).map(pick)).toEqual([
      {
        received: 8,
        notAccepted: 1,
        finished: 5,
        completed: 4,
        refused: 1,
        early: 3,
        onTime: 1,
        late: 1,
        inProgress: 3,
        onTimePercent: 80,
      },
    ]);
    expect(rowOf(rows, { unitCode: '99', procedureId: 'emergency-food' })[0]).toMatchObject({
      received: 1,
      early: 1,
    });
  });

  test('per step: done, against the step’s due date, average and 90th percentile of working days', async () => {
    const rows = table((await report(admin, 'sla')).body, 'steps');
    const pick = ({
      done,
      early,
      onTime,
      late,
      averageWorkingDays,
      p90WorkingDays,
    }: Record<string, unknown>) => ({
      done,
      early,
      onTime,
      late,
      averageWorkingDays,
      p90WorkingDays,
    });
    // 99201 verification: D1 3, D2 6 (9 less 3 paused), D3 4, D5 4 (across 01/01) → mean 4.25, p90 6.
    expect(rowOf(rows, { unitCode: '99201', stepKey: 'verification' }).map(pick)).toEqual([
      { done: 4, early: 4, onTime: 0, late: 0, averageWorkingDays: 4.3, p90WorkingDays: 6 },
    ]);
    // 99201 decision: D1 3, D2 4 (late), D5 3.
    expect(rowOf(rows, { unitCode: '99201', stepKey: 'decision' }).map(pick)).toEqual([
      { done: 3, early: 0, onTime: 2, late: 1, averageWorkingDays: 3.3, p90WorkingDays: 4 },
    ]);
    // 99101: verification twice (2 and 1 WD, the second after the return); the escalated appraisal 9 WD, late.
    expect(rowOf(rows, { unitCode: '99101', stepKey: 'verification' }).map(pick)).toEqual([
      { done: 2, early: 2, onTime: 0, late: 0, averageWorkingDays: 1.5, p90WorkingDays: 2 },
    ]);
    expect(rowOf(rows, { unitCode: '991', stepKey: 'district_appraisal' }).map(pick)).toEqual([
      { done: 1, early: 0, onTime: 0, late: 1, averageWorkingDays: 9, p90WorkingDays: 9 },
    ]);
    // The province: verification 3, 6, 4, 4, 2, 1 → mean 3.33, p90 (6th of 6) 6.
    expect(rowOf(rows, { unitCode: '99', stepKey: 'verification' }).map(pick)).toEqual([
      { done: 6, early: 6, onTime: 0, late: 0, averageWorkingDays: 3.3, p90WorkingDays: 6 },
    ]);
  });

  test('a period that ends before the year end leaves the 2054 receipt out and its finishing too', async () => {
    const rows = table(
      (await report(admin, 'sla', 'from=2054-12-01&to=2054-12-31&unitCode=99201')).body,
      'dossiers',
    );
    expect(rowOf(rows, { unitCode: '99201' })).toEqual([
      expect.objectContaining({ received: 1, finished: 0, inProgress: 1 }),
    ]);
  });

  test('the overdue backlog now, with its age in working days; a stopped clock is not overdue', async () => {
    const body = (await report(admin, 'backlog')).body;
    expect(table(body, 'dossiers').map((row) => [row.dossierCode, row.dueDate, row.age, row.heldBy])).toEqual(
      [
        ['D8', '2055-03-24', 6, '99201'],
        ['D4', '2055-03-26', 4, '991'],
      ],
    );
    const summary = table(body, 'summary');
    expect(rowOf(summary, { unitCode: '99', stepKey: 'verification' })).toEqual([
      expect.objectContaining({ overdue: 1, upTo5: 0, upTo10: 1, averageAge: 6, maxAge: 6 }),
    ]);
    expect(rowOf(summary, { unitCode: '991', stepKey: 'district_appraisal' })).toEqual([
      expect.objectContaining({ overdue: 1, upTo5: 1, maxAge: 4 }),
    ]);
  });

  test('the backlog list holds the oldest steps only, the counts all of them, from one statement', async () => {
    // Ordinals from 20/03 (working days after it) to today 01/04: D8 due 24/03, D4 due 26/03.
    const calendar = await loadWorkingCalendar(api.db.pool, { province: '99' });
    const ordinals: number[] = [];
    for (let day = 0, n = 0; day <= 12; day++) {
      const date = toIsoDate(toDayNumber('2055-03-20') + day);
      if (day > 0 && calendar.isWorkingDay(date)) n += 1;
      ordinals.push(n);
    }
    const { groups, oldest } = await overdueBacklog(
      api.db.pool,
      { rootUnit: '99', today: '2055-04-01' },
      { start: '2055-03-20', ordinals },
      1,
    );
    expect(oldest.map((row) => [row.dossierCode, row.age])).toEqual([['D8', 6]]);
    expect(groups.map((row) => [row.communeCode, row.stepKey, row.overdue, row.bands, row.maxAge])).toEqual(
      expect.arrayContaining([
        ['99201', 'verification', 1, [0, 1, 0, 0], 6],
        ['99101', 'district_appraisal', 1, [1, 0, 0, 0], 4],
      ]),
    );
    expect(groups).toHaveLength(2);
  });
});

describe('beneficiaries and the statutory reports', () => {
  test('active by clause at the end of the period, new and stopped in it, monthly amounts', async () => {
    const rows = table(
      (await report(admin, 'beneficiaries', `${PERIOD}&unitCode=99201`)).body,
      'beneficiaries',
    );
    expect(
      rows.map(({ unitCode, clause, active, started, stopped, monthlyAmount }) => ({
        unitCode,
        clause,
        active,
        started,
        stopped,
        monthlyAmount,
      })),
    ).toEqual([
      { unitCode: '99201', clause: '5.5a', active: 2, started: 2, stopped: 0, monthlyAmount: 1_500_000 },
      { unitCode: '99201', clause: '5.6', active: 0, started: 1, stopped: 1, monthlyAmount: 0 },
      { unitCode: '99201', clause: 'Tổng', active: 2, started: 3, stopped: 1, monthlyAmount: 1_500_000 },
    ]);
    // Before the stop, D2 is active.
    const april = table(
      (await report(admin, 'beneficiaries', 'from=2055-01-01&to=2055-04-30&unitCode=99201')).body,
      'beneficiaries',
    );
    expect(rowOf(april, { clause: 'Tổng' })[0]).toMatchObject({
      active: 3,
      stopped: 0,
      monthlyAmount: 2_500_000,
    });
  });

  test('form 10a groups the province’s beneficiaries; 10b counts emergency aid; 10c and 10d their clauses', async () => {
    const regular = rowOf(table((await report(admin, 'form-10a')).body, 'regular'), { unitCode: '99' });
    expect(regular).toEqual([
      expect.objectContaining({
        children: 1,
        elderly: 2,
        disability: 0,
        active: 3,
        started: 4,
        stopped: 1,
        monthlyAmount: 2_750_000,
      }),
    ]);
    const emergency = table((await report(admin, 'form-10b')).body, 'emergency');
    expect(
      rowOf(emergency, { unitCode: '99' }).map(({ procedureId, decisions, oneOffAmount, riceKg }) => ({
        procedureId,
        decisions,
        oneOffAmount,
        riceKg,
      })),
    ).toEqual([
      { procedureId: 'emergency-food', decisions: 1, oneOffAmount: 0, riceKg: 45 },
      { procedureId: 'funeral-support', decisions: 1, oneOffAmount: 10_000_000, riceKg: 0 },
    ]);
    const elderly = table((await report(admin, 'form-10c')).body, 'elderly');
    expect(rowOf(elderly, { unitCode: '99', clause: 'Tổng' })[0]).toMatchObject({
      active: 2,
      monthlyAmount: 1_500_000,
    });
    const disability = table((await report(admin, 'form-10d')).body, 'disability');
    expect(rowOf(disability, { unitCode: '99', clause: 'Tổng' })[0]).toMatchObject({
      active: 0,
      started: 1,
      stopped: 1,
    });
    expect((await report(admin, 'form-10a', 'from=2055-01-01&to=2055-03-31')).body.notes).toContain(
      'Kỳ đã chọn không phải kỳ 6 tháng (01/01–30/06 hoặc 01/07–31/12).',
    );
  });

  test('the yearly plan report sets the admin’s figures beside the system’s count and the plan’s target', async () => {
    const empty = rowOf(table((await report(admin, 'plan', `${PERIOD}&unitCode=99201`)).body, 'plan'), {
      unitCode: '99201',
    });
    // D1, D2, D5 (monthly), D10, D11 (emergency): 5 people; nothing entered yet.
    expect(empty[0]).toMatchObject({
      peopleAssisted: 5,
      peopleInSpecialHardship: null,
      assessment: 'Chưa đủ số liệu',
    });

    const put = (token: string, json: unknown, unit = '99201') =>
      api.request('PUT', `/api/reports/plan-inputs/${unit}/2055`, { token, json });
    expect(
      (await put(communeOfficer, { peopleInSpecialHardship: 10, comprehensiveServices: 1 })).status,
    ).toBe(403);
    expect((await put(otherAdmin, { peopleInSpecialHardship: 10, comprehensiveServices: 1 })).status).toBe(
      403,
    );
    const tooMany = await put(admin, { peopleInSpecialHardship: 1, comprehensiveServices: 2 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fieldErrors?.[0]?.path).toBe('body.comprehensiveServices');
    expect((await put(admin, { peopleInSpecialHardship: 10, comprehensiveServices: 1 })).status).toBe(204);

    const rows = table((await report(admin, 'plan', `${PERIOD}&unitCode=99201`)).body, 'plan');
    // 5 of 10 served (50%) against 90% by 2030; 1 of the 5 comprehensively (20%) against 50%.
    expect(rowOf(rows, { unitCode: '99201' })[0]).toMatchObject({
      peopleInSpecialHardship: 10,
      servedPercent: 50,
      servedTarget: 90,
      comprehensiveServices: 1,
      comprehensivePercent: 20,
      comprehensiveTarget: 50,
      assessment: 'Chưa đạt',
    });
  });
});

describe('scope and bad input', () => {
  test('a commune officer sees their commune only; a district officer the district and its communes', async () => {
    const commune = table((await report(communeOfficer, 'sla')).body, 'dossiers');
    expect([...new Set(commune.map((row) => row.unitCode))]).toEqual(['99201']);
    const district = table((await report(districtOfficer, 'sla')).body, 'dossiers');
    expect([...new Set(district.map((row) => row.unitCode))]).toEqual(['991', '99101']);
    const backlog = table((await report(communeOfficer, 'backlog')).body, 'dossiers');
    expect(backlog.map((row) => row.dossierCode)).toEqual(['D8']);
  });

  test('a unit outside the caller’s scope is refused with 403', async () => {
    for (const [token, unit] of [
      [communeOfficer, '99202'],
      [communeOfficer, '99'],
      [otherAdmin, '99201'],
      [admin, '12345'],
    ] as const) {
      const response = await report(token, 'sla', `${PERIOD}&unitCode=${unit}`);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('phạm vi') });
    }
  });

  test('unknown report, a period over five years, `to` before `from`, bad values: 400 with the field', async () => {
    const cases: Array<[string, string, string]> = [
      ['nonsense', PERIOD, 'params.report'],
      ['sla', 'from=2050-01-01&to=2055-01-01', 'query.to'],
      ['sla', 'from=2055-03-01&to=2055-02-28', 'query.to'],
      ['sla', 'from=2055-02-30', 'query.from'],
      ['sla', `${PERIOD}&format=pdf`, 'query.format'],
      ['sla', `${PERIOD}&unitCode=9`, 'query.unitCode'],
      ['sla', `${PERIOD}&format=csv&table=nothing`, 'query.table'],
    ];
    for (const [name, query, path] of cases) {
      const response = await report(admin, name, query);
      expect({ name, query, status: response.status, code: response.body.code }).toEqual({
        name,
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(response.body.fieldErrors?.map((error) => error.path)).toContain(path);
      expect(response.body.message).toBeTruthy();
    }
    // Exactly five years is allowed.
    expect((await report(admin, 'sla', 'from=2050-01-01&to=2054-12-31')).status).toBe(200);
  });

  test('no token: 401; a citizen-facing role without reports does not exist, so every officer may read', async () => {
    expect((await api.request('GET', `/api/reports/sla?${PERIOD}`)).status).toBe(401);
  });
});

describe('exports', () => {
  test('CSV: UTF-8 with BOM, Vietnamese headers, the same figures as JSON', async () => {
    const response = await fetch(
      `${api.baseUrl}/api/reports/sla?${PERIOD}&unitCode=99201&format=csv&table=steps`,
      {
        headers: { authorization: `Bearer ${admin}` },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(
      'bao-cao-sla-steps-2055-01-01-2055-06-30.csv',
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header).toContain('Số ngày làm việc trung bình');
    const rows = lines
      .slice(1)
      .map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i], cell])));
    expect(rows.find((row) => row['Mã bước'] === 'verification')).toMatchObject({
      'Mã đơn vị': '99201',
      Bước: VERIFY,
      'Số lượt hoàn thành': '4',
      'Số ngày làm việc trung bình': '4.3',
      'Số ngày làm việc (phân vị 90)': '6',
    });
  });

  test('XLSX: a sheet per table, frozen Vietnamese header row, number formats, figures as numbers', async () => {
    const response = await fetch(
      `${api.baseUrl}/api/reports/beneficiaries?${PERIOD}&unitCode=99201&format=xlsx`,
      {
        headers: { authorization: `Bearer ${admin}` },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('1. Đối tượng theo khoản');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('Tổng mức trợ cấp hằng tháng (đồng)');
    const amountColumn = header.indexOf('Tổng mức trợ cấp hằng tháng (đồng)') + 1;
    const total = sheet.getRow(4);
    expect(total.getCell(header.indexOf('Khoản (Điều 5 Nghị định 20/2021/NĐ-CP)') + 1).value).toBe('Tổng');
    expect(total.getCell(amountColumn).value).toBe(1_500_000);
    expect(total.getCell(amountColumn).numFmt).toBe('#,##0" đ"');
    expect(workbook.worksheets.map((s) => s.name)).toContain('Ghi chú');
  });
});
