/**
 * The monthly payroll over HTTP (issue 14): built by the real workflow on the time-skipping server, approved by
 * a second officer, exported for the payer, confirmed from the payer's file (checked whole, imported once),
 * rolled over, suspended after three unpaid months; scoped to the caller's communes. Figures by hand: 5.6 at
 * coefficient 2.0 × 500.000 đ = 1.000.000 đ a month; 1.5 × 500.000 đ = 750.000 đ; funeral 20 × 500.000 đ.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { parseCsv } from '../../domain/payroll/csv';
import type { scheduledPayrollWorkflow } from '../../workflows/payroll/workflow';
import { testDataConverter } from '../helpers/payload-keys';
import { payerConfirmation } from '../helpers/payroll-files';
import { DECIDED_FOOD_AID, insertDossierRow, insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { startDossierApi, type DossierApi } from './dossier-harness';

const A = '26170-540110-0001';
const B = '26170-540301-0002';
const FUNERAL = '26170-540305-0003';

interface Payroll {
  id: number;
  state: string;
  lineCount: number;
  total: number;
  paidTotal: number;
  failedTotal: number;
}
interface Line {
  lineNo: number;
  dossierCode: string;
  kind: string;
  coversMonth: string;
  amount: number;
  state: string;
}

let api: DossierApi;
let preparer: string;
let approver: string;
let outsider: string;

beforeAll(async () => {
  api = await startDossierApi();
  await insertMonthlyEntitlement(api.db.pool, A, {
    signedOn: '2054-01-10',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-01',
  });
  await insertMonthlyEntitlement(api.db.pool, B, {
    signedOn: '2054-03-01',
    coefficient: 1.5,
    baseLevel: 500_000,
    startMonth: '2054-03',
  });
  await insertDossierRow(api.db.pool, FUNERAL, { ...DECIDED_FOOD_AID, procedureId: 'funeral-support' });
  await api.db.pool.query(
    `INSERT INTO entitlements (dossier_code, beneficiary_name, kind, one_off_amount, payer_role, commune_code,
       status, created_at)
     VALUES ($1, 'Trần Văn Bảy', 'one_off', 10000000, 'payment_officer', '26170', 'active', now())`,
    [FUNERAL],
  );
  preparer = await api.login('payment_officer.26170');
  approver = await api.login('payment_officer.737');
  outsider = await api.login('payment_officer.26173');
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

async function build(token: string, month: string) {
  return api.request<{ payrollId: number; lineCount: number; total: number }>('POST', '/api/payrolls/build', {
    token,
    json: { communeCode: '26170', month },
  });
}

async function payroll(id: number, token = approver) {
  const response = await api.request<{ payroll: Payroll; lines: Line[] }>('GET', `/api/payrolls/${id}`, {
    token,
  });
  expect(response.status).toBe(200);
  return response.body;
}

async function exported(id: number, format: 'csv' | 'xlsx' | 'html') {
  const response = await fetch(`${api.baseUrl}/api/payrolls/${id}/export?format=${format}`, {
    headers: { authorization: `Bearer ${approver}` },
  });
  expect(response.status).toBe(200);
  return response;
}

/** The exported CSV with the payer's columns filled: lines `paid` says paid on the 5th of `month`. */
async function payerFile(id: number, paid: (cells: string[]) => boolean, month: string): Promise<string> {
  const csv = await (await exported(id, 'csv')).text();
  return payerConfirmation(csv, paid, `05/${month.slice(5)}/${month.slice(0, 4)}`);
}

async function approveAndSend(id: number) {
  expect((await api.request('POST', `/api/payrolls/${id}/approve`, { token: approver })).status).toBe(200);
  expect((await api.request('POST', `/api/payrolls/${id}/send`, { token: approver })).status).toBe(200);
}

let march: number;

test('a payment officer builds March: first payment with arrears from the start month, one-off once', async () => {
  const built = await build(preparer, '2054-03');
  expect(built.status).toBe(200);
  march = built.body.payrollId;
  // A: 01, 02, 03 × 1.000.000; B: 03 × 750.000; funeral 10.000.000.
  expect(built.body).toMatchObject({ lineCount: 5, total: 13_750_000 });
  const { lines } = await payroll(march);
  expect(lines.map((line) => [line.dossierCode, line.kind, line.coversMonth, line.amount])).toEqual([
    [A, 'arrears', '2054-01', 1_000_000],
    [A, 'arrears', '2054-02', 1_000_000],
    [A, 'monthly', '2054-03', 1_000_000],
    [B, 'monthly', '2054-03', 750_000],
    [FUNERAL, 'one_off', '2054-03', 10_000_000],
  ]);
  // Building again while it is a draft gives the same list.
  expect((await build(preparer, '2054-03')).body).toMatchObject({
    payrollId: march,
    lineCount: 5,
    total: 13_750_000,
  });
});

test('only payment officers of the commune act; others get 403 or 404', async () => {
  const clerk = await api.login('intake_clerk.26170');
  const refused = await api.request('POST', '/api/payrolls/build', {
    token: clerk,
    json: { communeCode: '26170', month: '2054-03' },
  });
  expect(refused.status).toBe(403);
  expect((await build(outsider, '2054-03')).status).toBe(403);
  const hidden = await api.request('GET', `/api/payrolls/${march}`, { token: outsider });
  expect(hidden.status).toBe(404);
  expect(hidden.body.code).toBe('PAYROLL_NOT_FOUND');
  const list = await api.request<{ payrolls: Payroll[] }>('GET', '/api/payrolls', { token: outsider });
  expect(list.body.payrolls).toEqual([]);
  const badMonth = await api.request('POST', '/api/payrolls/build', {
    token: preparer,
    json: { communeCode: '26170', month: '2054-13' },
  });
  expect(badMonth.status).toBe(400);
});

test('the preparer cannot approve (two-person rule); another officer can, and it is audited', async () => {
  const own = await api.request('POST', `/api/payrolls/${march}/approve`, { token: preparer });
  expect(own.status).toBe(403);
  expect(own.body.code).toBe('PAYROLL_SAME_PREPARER');
  expect(own.body.message).toMatch(/^Người lập bảng kê không được phê duyệt/);
  const early = await api.request('POST', `/api/payrolls/${march}/send`, { token: approver });
  expect(early.status).toBe(409);
  expect(early.body.code).toBe('PAYROLL_STATE');
  await approveAndSend(march);
  const rebuilt = await build(preparer, '2054-03');
  expect(rebuilt.status).toBe(409);
  const { rows } = await api.db.pool.query(
    `SELECT action, actor_username FROM audit_log WHERE target_kind = 'payroll' AND target_id = $1 ORDER BY id`,
    [String(march)],
  );
  expect(rows).toEqual([
    { action: 'payroll.build', actor_username: 'payment_officer.26170' },
    { action: 'payroll.build', actor_username: 'payment_officer.26170' },
    { action: 'payroll.approve', actor_username: 'payment_officer.737' },
    { action: 'payroll.send', actor_username: 'payment_officer.737' },
  ]);
});

test('exports: CSV with BOM and Vietnamese headers, XLSX with a frozen header and money format, printable list', async () => {
  const bytes = new Uint8Array(await (await exported(march, 'csv')).arrayBuffer());
  // The byte-order mark Excel needs to read Vietnamese as UTF-8.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = new TextDecoder().decode(bytes);
  const [header, first] = parseCsv(csv);
  expect(header).toEqual([
    'Mã bảng kê',
    'Số dòng',
    'Mã hồ sơ',
    'Họ và tên người hưởng',
    'Nội dung chi trả',
    'Tháng',
    'Số tiền (đồng)',
    'Số thẻ chi trả',
    'Hình thức chi trả',
    'Tài khoản, ví nhận tiền',
    'Người nhận thay',
    'Kết quả chi trả',
    'Ngày chi trả',
    'Số tham chiếu',
  ]);
  expect(first).toEqual([
    String(march),
    '1',
    A,
    'Nguyễn Thị Hoa',
    'Truy lĩnh từ tháng bắt đầu hưởng',
    '01/2054',
    '1000000',
    // No payee registered for it: the payer sees that, not an empty cell (tests/api/payees.test.ts registers them).
    '',
    'Chưa đăng ký',
    '',
    '',
    '',
    '',
    '',
  ]);

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await (await exported(march, 'xlsx')).arrayBuffer());
  const sheet = workbook.worksheets[0]!;
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(sheet.getRow(1).getCell(7).value).toBe('Số tiền (đồng)');
  expect(sheet.getRow(6).getCell(7).value).toBe(10_000_000);
  expect(sheet.getRow(6).getCell(7).numFmt).toBe('#,##0" đ"');

  const html = await (await exported(march, 'html')).text();
  expect(html).toContain('DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI');
  expect(html).toContain('Xã Trảng Bom');
  expect(html).toContain('13.750.000');
  expect(html).toContain('Mười ba triệu bảy trăm năm mươi nghìn đồng');
});

test('a malformed confirmation changes nothing and reports every problem', async () => {
  const good = await payerFile(march, (cells) => cells[2] !== B, '2054-03');
  const [header, ...rows] = good.split('\r\n');
  const bad = [
    header,
    rows[0]!.replace('"1000000"', '"1000001"'),
    rows[1]!.replace(`"${march}"`, `"${march + 1000}"`),
    `"${march}","99","${A}","x","","","1000000","","","","","Đã chi trả","05/03/2054",""`,
    ...rows.slice(2),
  ].join('\r\n');
  const before = await payroll(march);
  const refused = await api.request('POST', `/api/payrolls/${march}/confirmation`, {
    token: approver,
    json: { csv: bad },
  });
  expect(refused.status).toBe(422);
  expect(refused.body.code).toBe('PAYROLL_CONFIRMATION_INVALID');
  expect(refused.body.fieldErrors?.map((error) => [error.path, error.messageEn])).toEqual([
    ['body.csv.2', 'AMOUNT_MISMATCH'],
    ['body.csv.3', 'OTHER_PAYROLL'],
    ['body.csv.4', 'UNKNOWN_LINE'],
  ]);
  expect(await payroll(march)).toEqual(before);
  const { rows: confirmations } = await api.db.pool.query(
    'SELECT count(*)::int AS n FROM payroll_confirmations',
  );
  expect(confirmations[0].n).toBe(0);
});

test('the payer’s confirmation applies once: paid and unpaid lines, the list reconciled, the funeral settled', async () => {
  const file = await payerFile(march, (cells) => cells[2] !== B, '2054-03');
  const applied = await api.request<{
    alreadyImported: boolean;
    linesPaid: number;
    linesFailed: number;
    state: string;
  }>('POST', `/api/payrolls/${march}/confirmation`, { token: approver, json: { csv: file } });
  expect(applied.status).toBe(200);
  expect(applied.body).toMatchObject({
    alreadyImported: false,
    linesPaid: 4,
    linesFailed: 1,
    state: 'reconciled',
  });
  const after = await payroll(march);
  expect(after.payroll).toMatchObject({ state: 'reconciled', paidTotal: 13_000_000, failedTotal: 750_000 });
  const again = await api.request<{ alreadyImported: boolean }>(
    'POST',
    `/api/payrolls/${march}/confirmation`,
    {
      token: approver,
      json: { csv: file },
    },
  );
  expect(again.status).toBe(200);
  expect(again.body.alreadyImported).toBe(true);
  expect(await payroll(march)).toEqual(after);
  const { rows } = await api.db.pool.query('SELECT status FROM entitlements WHERE dossier_code = $1', [
    FUNERAL,
  ]);
  expect(rows[0].status).toBe('paid');
  expect((await api.request('POST', `/api/payrolls/${march}/close`, { token: approver })).status).toBe(200);
});

test('an unpaid line rolls over; three months uncollected suspend the entitlement', async () => {
  // April: A monthly, B's March rolled over and B's April.
  const april = (await build(preparer, '2054-04')).body;
  expect(april).toMatchObject({ lineCount: 3, total: 2_500_000 });
  await approveAndSend(april.payrollId);
  const aprilResult = await api.request<{ suspended: string[] }>(
    'POST',
    `/api/payrolls/${april.payrollId}/confirmation`,
    {
      token: approver,
      json: { csv: await payerFile(april.payrollId, (cells) => cells[2] !== B, '2054-04') },
    },
  );
  expect(aprilResult.body.suspended).toEqual([]);
  // May: B's March and April again, and May: still unpaid, the third month running.
  const may = (await build(preparer, '2054-05')).body;
  const { lines } = await payroll(may.payrollId);
  expect(
    lines.filter((line) => line.dossierCode === B).map((line) => [line.kind, line.coversMonth, line.amount]),
  ).toEqual([
    ['rolled_over', '2054-03', 750_000],
    ['rolled_over', '2054-04', 750_000],
    ['monthly', '2054-05', 750_000],
  ]);
  await approveAndSend(may.payrollId);
  const mayResult = await api.request<{ suspended: string[] }>(
    'POST',
    `/api/payrolls/${may.payrollId}/confirmation`,
    {
      token: approver,
      json: { csv: await payerFile(may.payrollId, (cells) => cells[2] !== B, '2054-05') },
    },
  );
  expect(mayResult.body.suspended).toEqual([B]);
  const { rows } = await api.db.pool.query(
    `SELECT e.status, s.suspended_from_month FROM entitlements e JOIN entitlement_suspensions s USING (dossier_code)
      WHERE dossier_code = $1`,
    [B],
  );
  expect(rows).toEqual([{ status: 'suspended', suspended_from_month: '2054-06' }]);
  // June pays A only: nothing new for B, its unpaid lines are held.
  expect((await build(preparer, '2054-06')).body).toMatchObject({ lineCount: 1, total: 1_000_000 });
});

test('a list the schedule built has no preparer: it is submitted before another officer approves it', async () => {
  const client = new Client({ connection: api.env.connection, dataConverter: testDataConverter });
  const scheduled = () =>
    client.workflow.execute<typeof scheduledPayrollWorkflow>('scheduledPayrollWorkflow', {
      taskQueue: api.taskQueue,
      workflowId: `payroll-run-26170-${randomUUID()}`,
      args: [{ unitCode: '26170', month: '2054-07' }],
    });
  await scheduled();
  const { rows } = await api.db.pool.query<{ id: string }>(
    `SELECT id FROM payrolls WHERE commune_code = '26170' AND month = '2054-07'`,
  );
  const id = Number(rows[0]!.id);
  const step = (name: string, token: string) =>
    api.request<Payroll & { code?: string; message?: string }>('POST', `/api/payrolls/${id}/${name}`, {
      token,
    });
  // One officer alone cannot approve it.
  const alone = await step('approve', approver);
  expect(alone.status).toBe(409);
  expect(alone.body.code).toBe('PAYROLL_NOT_SUBMITTED');
  expect(alone.body.message).toMatch(/^Bảng kê chưa được trình duyệt/);
  // Submitted by one officer, who becomes its preparer; a rebuild by the schedule clears that.
  expect((await step('submit', preparer)).status).toBe(200);
  const { rows: names } = await api.db.pool.query<{ full_name: string }>(
    `SELECT full_name FROM users WHERE username = 'payment_officer.26170'`,
  );
  expect((await payroll(id)).payroll).toMatchObject({
    preparedBy: 'payment_officer.26170',
    preparedByName: names[0]!.full_name,
  });
  await scheduled();
  expect((await payroll(id)).payroll).toMatchObject({ preparedBy: null, preparedByName: null });
  expect((await step('approve', approver)).body.code).toBe('PAYROLL_NOT_SUBMITTED');
  // Submitted again: not approved by the one who submitted, approved by another.
  expect((await step('submit', preparer)).status).toBe(200);
  expect((await step('approve', preparer)).body.code).toBe('PAYROLL_SAME_PREPARER');
  expect((await step('approve', approver)).status).toBe(200);
  const late = await step('submit', preparer);
  expect(late.status).toBe(409);
  expect(late.body.code).toBe('PAYROLL_STATE');
  const audited = await api.db.pool.query(
    `SELECT action, actor_username FROM audit_log WHERE target_kind = 'payroll' AND target_id = $1 ORDER BY id`,
    [String(id)],
  );
  expect(audited.rows).toEqual([
    { action: 'payroll.submit', actor_username: 'payment_officer.26170' },
    { action: 'payroll.submit', actor_username: 'payment_officer.26170' },
    { action: 'payroll.approve', actor_username: 'payment_officer.737' },
  ]);
});
