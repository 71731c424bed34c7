/**
 * Rules that expire (issue 12): the seeded two-tier routes end on their last day in force (Decree 147/2025
 * lapses), a dossier received after every version has ended is refused at submission — API and pages — and
 * admins are warned 60 days ahead until a successor is published. The in-memory clock is set from the seeds'
 * end date (DECREE_147_LAST_DAY), never from the day the test runs; no Temporal server is needed, since a
 * refusal happens before any workflow start (a received dossier's start is simply left pending).
 */
import { DECREE_147_LAST_DAY } from '../../domain/procedures/seeds/building-blocks';
import { EXPIRY_WARNING_DAYS } from '../../domain/effective-period';
import { toDayNumber, toIsoDate } from '../../domain/calendar/day-number';
import { FormClient, hiddenValue } from '../helpers/forms';
import { successorVersionOf } from '../helpers/successor-versions';
import { sampleApplication } from './dossier-harness';
import { DEMO_PASSWORD, startTestApi, type ErrorBody, type TestApi } from './harness';

interface Warning {
  kind: string;
  procedureId?: string;
  version?: number;
  effectiveTo: string;
  daysLeft: number;
  message: string;
}

const addDays = (date: string, days: number) => toIsoDate(toDayNumber(date) + days);
/** 09:00 in Vietnam on a legal date. */
const morningOf = (date: string) => new Date(`${date}T02:00:00Z`);
const FIRST_DAY_AFTER = addDays(DECREE_147_LAST_DAY, 1);
const ENDING_PROCEDURES = [
  'allowance-adjustment',
  'allowance-relocation',
  'allowance-termination',
  'emergency-food',
  'funeral-support',
  'monthly-allowance',
];

let api: TestApi;
beforeAll(async () => {
  // No successor: the state a province is in when Decree 147/2025 lapses and nobody published one.
  api = await startTestApi({ successors: false, pages: true, now: morningOf(DECREE_147_LAST_DAY) });
});
afterAll(() => api.close());

function setToday(date: string): void {
  api.clock.now = morningOf(date);
}

async function warningsOn(date: string): Promise<Warning[]> {
  setToday(date);
  const admin = await api.login('admin.75');
  const response = await api.request<{ today: string; warnings: Warning[] }>('GET', '/api/admin/warnings', {
    token: admin,
  });
  expect(response.status).toBe(200);
  expect(response.body.today).toBe(date);
  return response.body.warnings;
}

async function countRows(table: string): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]?.n);
}

describe('submission after the two-tier routes end', () => {
  test('received on the last day: accepted under the two-tier version', async () => {
    setToday(DECREE_147_LAST_DAY);
    const response = await api.request<{ receivedOn: string; procedure: { version: number } }>(
      'POST',
      '/api/dossiers',
      { json: { procedureId: 'monthly-allowance', application: sampleApplication() } },
    );
    expect(response.status).toBe(201);
    expect(response.body.receivedOn).toBe(DECREE_147_LAST_DAY);
    expect(response.body.procedure).toMatchObject({ version: 2 });
    // The workflow starts later (no Temporal here); the day received travels with it, so it snapshots v2.
    const { rows } = await api.db.pool.query<{ input: { receivedOn: string } }>(
      'SELECT input FROM dossier_starts',
    );
    expect(rows.map((row) => row.input.receivedOn)).toEqual([DECREE_147_LAST_DAY]);
  });

  test('the day after: online and desk submissions are refused with 422 NO_PROCEDURE_IN_FORCE, nothing kept', async () => {
    setToday(FIRST_DAY_AFTER);
    const starts = await countRows('dossier_starts');
    const codes = await countRows('dossier_code_sequences');

    const online = await api.request('POST', '/api/dossiers', {
      json: { procedureId: 'monthly-allowance', application: sampleApplication() },
    });
    expect(online.status).toBe(422);
    const body = online.body as ErrorBody;
    expect(body.code).toBe('NO_PROCEDURE_IN_FORCE');
    const [year, month, day] = DECREE_147_LAST_DAY.split('-');
    expect(body.message).toBe(
      'Thủ tục “Thực hiện trợ cấp xã hội hằng tháng” không còn được tiếp nhận: quy trình đã hết hiệu lực sau ' +
        `ngày ${day}/${month}/${year} và chưa có quy trình thay thế. Vui lòng liên hệ Bộ phận Một cửa để được hướng dẫn.`,
    );

    const clerk = await api.login('intake_clerk.26170');
    const desk = await api.request('POST', '/api/desk/dossiers', {
      token: clerk,
      json: { procedureId: 'monthly-allowance', application: sampleApplication() },
    });
    expect(desk.status).toBe(422);
    expect((desk.body as ErrorBody).code).toBe('NO_PROCEDURE_IN_FORCE');

    // No code taken, no workflow start queued: nothing can retry or fail later.
    expect(await countRows('dossier_starts')).toBe(starts);
    expect(await countRows('dossier_code_sequences')).toBe(codes);
  });

  test('the pages say so beside the form, which has no submit button, and a post is refused with 422', async () => {
    setToday(FIRST_DAY_AFTER);
    const citizen = new FormClient(api.baseUrl);
    const page = await citizen.get('/nop-ho-so/monthly-allowance');
    expect(page.status).toBe(200);
    expect(page.html).toContain('không còn được tiếp nhận');
    expect(page.html).toContain('id="thu-tuc-het-hieu-luc"');
    expect(page.html).not.toContain('>Gửi hồ sơ</button>');

    const form = new FormData();
    form.append('_csrf', hiddenValue(page.html, '_csrf'));
    form.append('formKey', hiddenValue(page.html, 'formKey'));
    for (const [name, value] of Object.entries({
      applicantFullName: 'Nguyễn Thị Hoa',
      applicantGender: 'female',
      applicantPhone: '0912345678',
      applicantIdNumber: '075185000123',
      applicantAddress: 'Khu phố 3, thị trấn Trảng Bom, huyện Trảng Bom, tỉnh Đồng Nai',
      applicantRelationship: 'Con gái',
      beneficiaryFullName: 'Trần Văn Bảy',
      dobDay: '15',
      dobMonth: '3',
      dobYear: '1941',
      beneficiaryGender: 'male',
      beneficiaryAddress: 'Khu phố 3, thị trấn Trảng Bom, huyện Trảng Bom, tỉnh Đồng Nai',
      clauses: '5.5a',
      communeCode: '26170',
    }))
      form.append(name, value);
    form.append('toKhai', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'to-khai.pdf');
    const refused = await citizen.post('/nop-ho-so/monthly-allowance', form);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('không còn được tiếp nhận');
    expect(refused.html).toContain('href="#thu-tuc-het-hieu-luc"');
    expect(await countRows('attachments')).toBe(0);

    const desk = new FormClient(api.baseUrl);
    const login = await desk.get('/can-bo/dang-nhap');
    await desk.post(
      '/can-bo/dang-nhap',
      new URLSearchParams({
        _csrf: hiddenValue(login.html, '_csrf'),
        username: 'intake_clerk.26170',
        password: DEMO_PASSWORD,
      }),
    );
    const deskPage = await desk.get('/can-bo/tiep-nhan/moi/monthly-allowance');
    expect(deskPage.status).toBe(200);
    expect(deskPage.html).toContain('không còn được tiếp nhận');
    expect(deskPage.html).not.toContain('>Tiếp nhận hồ sơ</button>');
  });
});

describe('warnings for admins', () => {
  test(`from ${EXPIRY_WARNING_DAYS} days before the end, each ending procedure is listed`, async () => {
    const tooEarly = await warningsOn(addDays(DECREE_147_LAST_DAY, -(EXPIRY_WARNING_DAYS + 1)));
    expect(tooEarly).toEqual([]);

    const first = await warningsOn(addDays(DECREE_147_LAST_DAY, -EXPIRY_WARNING_DAYS));
    expect(first.map((w) => w.procedureId).sort()).toEqual(ENDING_PROCEDURES);
    for (const warning of first) {
      expect(warning).toMatchObject({
        kind: 'procedure_version_ending',
        version: successorVersionOf(warning.procedureId ?? '') - 1,
        effectiveTo: DECREE_147_LAST_DAY,
        daysLeft: EXPIRY_WARNING_DAYS,
      });
      expect(warning.message).toContain('chưa có phiên bản thay thế');
    }

    const lastDay = await warningsOn(DECREE_147_LAST_DAY);
    expect(lastDay.every((w) => w.daysLeft === 0)).toBe(true);

    // After the end the warning stays, now saying that dossiers are being refused.
    const after = await warningsOn(FIRST_DAY_AFTER);
    expect(after.map((w) => [w.kind, w.procedureId]).sort()).toEqual(
      ENDING_PROCEDURES.map((id) => ['procedure_ended', id]),
    );
  });

  test('the admin pages show the warning', async () => {
    setToday(addDays(DECREE_147_LAST_DAY, -10));
    const browser = new FormClient(api.baseUrl);
    const login = await browser.get('/can-bo/dang-nhap');
    await browser.post(
      '/can-bo/dang-nhap',
      new URLSearchParams({
        _csrf: hiddenValue(login.html, '_csrf'),
        username: 'admin.75',
        password: DEMO_PASSWORD,
      }),
    );
    for (const path of ['/quan-tri', '/quan-tri/thu-tuc']) {
      const page = await browser.get(path);
      expect(page.status).toBe(200);
      expect(page.html).toContain('chưa có quy định thay thế');
      expect(page.html).toContain('(còn 10 ngày)');
    }
  });

  test('a base level that ends within the window warns until a later level is added', async () => {
    const today = addDays(DECREE_147_LAST_DAY, -(EXPIRY_WARNING_DAYS + 30));
    setToday(today);
    const admin = await api.login('admin.75');
    const from = addDays(today, 1);
    const to = addDays(today, 40);
    const added = await api.request('POST', '/api/admin/base-levels', {
      token: admin,
      json: { effectiveFrom: from, effectiveTo: to, amount: 520_000, legalBasis: 'Nghị định thử nghiệm' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ effectiveTo: to });
    const backwards = await api.request('POST', '/api/admin/base-levels', {
      token: admin,
      json: { effectiveFrom: to, effectiveTo: from, amount: 520_000, legalBasis: 'Nghị định thử nghiệm' },
    });
    expect(backwards.status).toBe(400);
    expect((backwards.body as ErrorBody).fieldErrors?.[0]?.path).toBe('body.effectiveTo');

    const seen = addDays(from, 1);
    const ending = (await warningsOn(seen)).filter((w) => w.kind === 'base_level_ending');
    expect(ending).toEqual([
      expect.objectContaining({ effectiveTo: to, daysLeft: toDayNumber(to) - toDayNumber(seen) }),
    ]);

    const next = await api.request('POST', '/api/admin/base-levels', {
      token: await api.login('admin.75'),
      json: { effectiveFrom: addDays(to, 1), amount: 540_000, legalBasis: 'Nghị định thử nghiệm 2' },
    });
    expect(next.status).toBe(201);
    expect((await warningsOn(addDays(from, 1))).filter((w) => w.kind === 'base_level_ending')).toEqual([]);
  });

  test('the base-level page takes an end date and shows it', async () => {
    const today = addDays(DECREE_147_LAST_DAY, -(EXPIRY_WARNING_DAYS + 20));
    setToday(today);
    const browser = new FormClient(api.baseUrl);
    const login = await browser.get('/can-bo/dang-nhap');
    await browser.post(
      '/can-bo/dang-nhap',
      new URLSearchParams({
        _csrf: hiddenValue(login.html, '_csrf'),
        username: 'admin.75',
        password: DEMO_PASSWORD,
      }),
    );
    const page = await browser.get('/quan-tri/muc-chuan');
    const display = (date: string) => date.split('-').reverse().join('/');
    const from = addDays(today, 200);
    const to = addDays(today, 300);
    const post = (effectiveTo: string) =>
      browser.post(
        '/quan-tri/muc-chuan',
        new URLSearchParams({
          _csrf: hiddenValue(page.html, '_csrf'),
          key: hiddenValue(page.html, 'key'),
          effectiveFrom: display(from),
          amount: '560.000',
          legalBasis: 'Nghị định thử nghiệm 3',
          effectiveTo,
        }),
      );
    const backwards = await post(display(addDays(from, -1)));
    expect(backwards.status).toBe(422);
    expect(backwards.html).toContain('Ngày hết hiệu lực không được trước ngày bắt đầu áp dụng');
    const added = await post(display(to));
    expect(added.status).toBe(303);
    const table = await browser.get('/quan-tri/muc-chuan');
    expect(table.html).toContain(`đến hết ngày ${display(to)}`);
  });

  test('publishing a successor (a patch from the day after the end) clears the warnings; dossiers are received again', async () => {
    const before = addDays(DECREE_147_LAST_DAY, -1);
    for (const [index, procedureId] of ENDING_PROCEDURES.entries()) {
      setToday(before);
      const admin = await api.login('admin.75');
      // No basedOnVersion: nothing is in force on that day, so the patch continues the version that ended.
      const published = await api.request<{
        definition: { version: number; effectiveFrom: string; effectiveTo?: string; tier: string };
      }>('POST', `/api/admin/procedures/${procedureId}/versions`, {
        token: admin,
        json: { kind: 'patch', effectiveFrom: FIRST_DAY_AFTER, steps: [] },
      });
      expect(published.status).toBe(201);
      expect(published.body.definition).toMatchObject({
        version: successorVersionOf(procedureId),
        effectiveFrom: FIRST_DAY_AFTER,
        tier: 'two-tier',
      });
      expect(published.body.definition.effectiveTo).toBeUndefined();
      // The warning of this procedure is gone; those not yet followed remain.
      const left = (await warningsOn(before)).map((w) => w.procedureId).sort();
      expect(left).toEqual(ENDING_PROCEDURES.slice(index + 1));
    }
    expect(await warningsOn(before)).toEqual([]);
    expect(await warningsOn(FIRST_DAY_AFTER)).toEqual([]);

    const received = await api.request<{ procedure: { version: number } }>('POST', '/api/dossiers', {
      json: { procedureId: 'monthly-allowance', application: sampleApplication() },
    });
    expect(received.status).toBe(201);
    expect(received.body.procedure.version).toBe(3);
  });
});
