/**
 * The task inbox and task actions over HTTP, turned into Temporal updates on the real dossier workflow:
 * scope by unit and role, filters and pages, claim/release/complete with the workflow's rejections mapped to
 * 400/403/409, bulk approval with partial results, and the officer's dossier view.
 */
import { hashPassword } from '../../app/auth/passwords';
import { apiErrorOfTemporal } from '../../app/dossiers/workflow-errors';
import { insertUser } from '../../db/users';
import { completeTaskUpdate } from '../../workflows/dossier/messages';
import type { ErrorBody } from './harness';
import {
  eventually,
  OTHER_COMMUNE,
  openTaskId,
  receiveAtDesk,
  sampleApplication,
  SENSITIVE,
  startDossierApi,
  type DossierApi,
} from './dossier-harness';
import { DEMO_PASSWORD } from './harness';

interface InboxTask {
  id: string;
  dossierCode: string;
  stepKey: string;
  title: string;
  beneficiaryName: string;
  dueDate: string;
  openedOn: string;
  workingDaysLeft: number | null;
  overdue: boolean;
  claimedBy: { userId: string; fullName: string | null } | null;
  status: string;
}
interface Inbox {
  tasks: InboxTask[];
  nextCursor: string | null;
}
interface ActionResult {
  taskId: string;
  status: string;
  dossierStatus: string;
}

let api: DossierApi;
let officer: string;
let otherOfficer: string;
let chairman: string;
let admin: string;
/** Three walk-in dossiers at 26170 waiting for verification, one at 26173. */
let codes: string[];
let otherCode: string;

beforeAll(async () => {
  api = await startDossierApi();
  await api.skipTo('2054-12-01', 9); // Tuesday
  codes = [];
  for (let i = 0; i < 3; i += 1) codes.push(await receiveAtDesk(api));
  otherCode = await receiveAtDesk(api, { application: sampleApplication({ unit: OTHER_COMMUNE }) });
  await Promise.all([...codes, otherCode].map((code) => openTaskId(api, code, 'verification')));
  officer = await api.login('commune_officer.26170');
  otherOfficer = await api.login('commune_officer.26173');
  chairman = await api.login('commune_chairman.26170');
  admin = await api.login('admin.75');
});
afterAll(() => api?.stop());

const inbox = (token: string, query = '') => api.request<Inbox>('GET', `/api/tasks${query}`, { token });
const complete = (token: string, taskId: string, json: unknown) =>
  api.request<ActionResult & ErrorBody>('POST', `/api/tasks/${taskId}/complete`, { token, json });

describe('GET /api/tasks', () => {
  test('lists the tasks of the caller’s unit and role, by due date, with what an officer needs', async () => {
    const response = await inbox(officer);
    expect(response.status).toBe(200);
    expect(response.body.tasks.map((task) => task.dossierCode).sort()).toEqual([...codes].sort());
    const task = response.body.tasks[0]!;
    expect(task).toMatchObject({
      stepKey: 'verification',
      title: 'Xét duyệt hồ sơ, đối chiếu Cơ sở dữ liệu quốc gia về dân cư',
      beneficiaryName: 'Trần Văn Bảy',
      openedOn: '2054-12-01',
      dueDate: '2054-12-08', // 5 working days: 02, 03, 04, 07, 08/12
      workingDaysLeft: 5,
      overdue: false,
      claimedBy: null,
      status: 'open',
    });
    expect(response.body.nextCursor).toBeNull();
  });

  test('an officer of another commune does not see them; other roles see their own tasks only', async () => {
    expect((await inbox(otherOfficer)).body.tasks.map((task) => task.dossierCode)).toEqual([otherCode]);
    expect((await inbox(chairman)).body.tasks).toEqual([]);
    const districtOfficer = await api.login('district_officer.737');
    expect((await inbox(districtOfficer)).body.tasks).toEqual([]);
  });

  test('admins and auditors read every task of their province', async () => {
    const all = await inbox(admin, '?limit=100');
    expect(all.body.tasks.map((task) => task.dossierCode).sort()).toEqual([...codes, otherCode].sort());
    const auditor = await api.login('auditor.75');
    expect((await inbox(auditor)).body.tasks).toHaveLength(4);
  });

  test('pages with a cursor, in due-date order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Inbox } = await inbox(officer, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.tasks.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.tasks.map((task) => task.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const bad = await inbox(officer, '?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
  });

  test('a crafted cursor is 400 VALIDATION_FAILED, never a 500', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    const taskId = `${codes[0]}.1`;
    const crafted = [
      encode(['2054-99-99', '2054-12-01', taskId]), // well-formed, not a real day
      encode(['2054-12-08', '2054-02-30', taskId]),
      encode(['2054-12-08', '2054-12-01', 42]),
      encode(['2054-12-08', '2054-12-01']),
      encode({ dueDate: '2054-12-08' }),
      encode(['2054-12-08', '2054-12-01', taskId, 'extra']),
      encode(null),
      Buffer.from('\u0000\u00ff not json at all', 'latin1').toString('base64url'),
      '%%%garbage%%%',
    ];
    for (const cursor of crafted) {
      const response = await api.request('GET', `/api/tasks?cursor=${encodeURIComponent(cursor)}`, {
        token: officer,
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'Dữ liệu không hợp lệ',
        fieldErrors: [{ path: 'query.cursor', message: 'Con trỏ trang không hợp lệ' }],
      });
    }
    expect(api.errors).toEqual([]);
  });

  test('filters: step, status, dueBefore, overdue; bad values are 400', async () => {
    expect((await inbox(officer, '?step=verification')).body.tasks).toHaveLength(3);
    expect((await inbox(officer, '?step=commune_decision')).body.tasks).toHaveLength(0);
    expect((await inbox(officer, '?status=done')).body.tasks).toHaveLength(0);
    expect((await inbox(officer, '?dueBefore=2054-12-08')).body.tasks).toHaveLength(0);
    expect((await inbox(officer, '?dueBefore=2054-12-09')).body.tasks).toHaveLength(3);
    expect((await inbox(officer, '?overdue=true')).body.tasks).toHaveLength(0);
    expect((await inbox(officer, '?overdue=false')).body.tasks).toHaveLength(3);
    for (const query of [
      '?limit=101',
      '?status=closed',
      '?overdue=yes',
      '?dueBefore=2054-02-30',
      '?unknown=1',
    ]) {
      expect((await inbox(officer, query)).status).toBe(400);
    }
    expect((await api.request('GET', '/api/tasks')).status).toBe(401);
  });
});

describe('task actions', () => {
  test('claim and release; another officer of the same unit cannot complete a claimed task', async () => {
    const { rows } = await api.db.pool.query<{ id: string; full_name: string }>(
      `SELECT id, full_name FROM users WHERE username = 'commune_officer.26170'`,
    );
    const { id: officerId, full_name: officerName } = rows[0]!;
    await insertUser(api.db.pool, {
      username: 'commune_officer2.26170',
      fullName: 'Võ Thị Thu',
      role: 'commune_officer',
      unitCode: '26170',
      passwordHash: await hashPassword(DEMO_PASSWORD),
    });
    const colleague = await api.login('commune_officer2.26170');
    const taskId = await openTaskId(api, codes[0]!, 'verification');

    const claimed = await api.request<ActionResult>('POST', `/api/tasks/${taskId}/claim`, { token: officer });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toEqual({ taskId, status: 'claimed', dossierStatus: 'in_progress' });
    const listed = (await inbox(officer)).body.tasks.find((task) => task.id === taskId);
    expect(listed?.claimedBy).toEqual({ userId: officerId, fullName: officerName });

    const byColleague = await complete(colleague, taskId, { outcome: 'approve' });
    expect(byColleague.status).toBe(409);
    expect(byColleague.body as unknown as ErrorBody).toEqual({
      code: 'TASK_CLAIMED_BY_OTHER',
      message: 'Công việc đang do cán bộ khác xử lý',
    });
    const releaseByColleague = await api.request('POST', `/api/tasks/${taskId}/release`, {
      token: colleague,
    });
    expect(releaseByColleague.status).toBe(409);
    expect(releaseByColleague.body.code).toBe('TASK_NOT_CLAIMED');

    const released = await api.request<ActionResult>('POST', `/api/tasks/${taskId}/release`, {
      token: officer,
    });
    expect(released.body.status).toBe('open');
  });

  test('outside the unit or role is 403, an unknown task 404, a malformed id 400', async () => {
    const taskId = await openTaskId(api, codes[0]!, 'verification');
    const otherCommune = await api.request('POST', `/api/tasks/${taskId}/claim`, { token: otherOfficer });
    expect(otherCommune.status).toBe(403);
    expect(otherCommune.body.message).toBe('Công việc này thuộc đơn vị ngoài phạm vi của bạn');
    const wrongRole = await complete(chairman, taskId, { outcome: 'approve' });
    expect(wrongRole.status).toBe(403);
    const readOnly = await api.request('POST', `/api/tasks/${taskId}/claim`, { token: admin });
    expect(readOnly.status).toBe(403);
    const unknown = await api.request('POST', `/api/tasks/26170-541201-0999.1/claim`, { token: officer });
    expect(unknown.status).toBe(404);
    const malformed = await api.request('POST', `/api/tasks/abc/claim`, { token: officer });
    expect(malformed.status).toBe(400);
  });

  test('the workflow’s rules come back as 400 with its Vietnamese message', async () => {
    const taskId = await openTaskId(api, codes[0]!, 'verification');
    const notAllowed = await complete(officer, taskId, {
      outcome: 'return',
      reason: 'Trả lại',
      targetStep: 'verification',
    });
    expect(notAllowed.status).toBe(400);
    expect(notAllowed.body as unknown as ErrorBody).toEqual({
      code: 'OUTCOME_NOT_ALLOWED',
      message: 'Kết quả xử lý này không được phép ở bước hiện tại',
    });
    const noReason = await complete(officer, taskId, { outcome: 'refuse' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('REASON_REQUIRED');
    const noList = await complete(officer, taskId, { outcome: 'request_documents', reason: 'Thiếu giấy tờ' });
    expect(noList.status).toBe(400);
    expect(noList.body.code).toBe('MISSING_DOCUMENTS_REQUIRED');
    const unknownField = await complete(officer, taskId, { outcome: 'approve', signature: 'x' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.fieldErrors).toEqual([
      { path: 'body.signature', message: 'Trường không được phép' },
    ]);
  });

  test('completing a task twice is 409, also when both arrive at once', async () => {
    const taskId = await openTaskId(api, codes[0]!, 'verification');
    const [a, b] = await Promise.all([
      complete(officer, taskId, { outcome: 'approve', note: 'Đủ điều kiện' }),
      complete(officer, taskId, { outcome: 'approve', note: 'Đủ điều kiện' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body as unknown as ErrorBody).toEqual({
      code: 'TASK_ALREADY_DONE',
      message: 'Công việc đã được xử lý',
    });
    const again = await complete(officer, taskId, { outcome: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TASK_ALREADY_DONE');
  });

  test('a refused dossier is finished: acting on its tasks is 409', async () => {
    const code = await receiveAtDesk(api);
    const taskId = await openTaskId(api, code, 'verification');
    const refused = await complete(officer, taskId, {
      outcome: 'refuse',
      reason: 'Không thuộc diện hưởng trợ cấp',
    });
    expect(refused.body).toMatchObject({ status: 'done' });
    const again = await complete(officer, taskId, { outcome: 'approve' });
    expect(again.status).toBe(409);
    // The update answers once the task is closed; the refusal letter (a PDF) and the end follow.
    const finished = await eventually(async () => {
      const { rows } = await api.db.pool.query('SELECT status, result FROM dossiers WHERE code = $1', [code]);
      return rows[0]?.status === 'refused' ? rows[0] : undefined;
    }, 'the refusal');
    expect(finished).toEqual({
      status: 'refused',
      result: 'Không giải quyết: Không thuộc diện hưởng trợ cấp',
    });
    // Had the read model lagged, the workflow itself answers: an update on a closed dossier is DOSSIER_CLOSED.
    const handle = api.env.client.workflow.getHandle(code);
    await eventually(
      async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined),
      'the workflow to close',
    );
    const late = await handle
      .executeUpdate(completeTaskUpdate, {
        args: [{ taskId, outcome: 'approve', actor: { userId: 'x', role: 'commune_officer' } }],
      })
      .catch((error: unknown) => error);
    expect(apiErrorOfTemporal(late)).toMatchObject({ status: 409, code: 'DOSSIER_CLOSED' });
  });
});

describe('POST /api/tasks/bulk-complete', () => {
  /** Sets bulk_allowed as the workflow writes it from the step's bulkApproval flag. */
  const markBulkAllowed = (ids: string[], allowed: boolean) =>
    api.db.pool.query('UPDATE tasks SET bulk_allowed = $2 WHERE id = ANY($1)', [ids, allowed]);

  test('approves tasks of one step, reporting each: done, out of scope, unknown, already done, not bulk', async () => {
    const open = [codes[1]!, codes[2]!];
    const ids = await Promise.all(open.map((code) => openTaskId(api, code, 'verification')));
    const otherTask = await openTaskId(api, otherCode, 'verification');
    const doneTask = `${codes[0]}.1`;
    // A task of the same step whose step (as recorded on the task) does not allow approving in a batch.
    const single = await openTaskId(api, await receiveAtDesk(api), 'verification');
    // The workflow writes bulk_allowed from the step's bulkApproval (set on verification steps).
    const { rows: flags } = await api.db.pool.query<{ bulk_allowed: boolean }>(
      'SELECT bulk_allowed FROM tasks WHERE id = ANY($1)',
      [[...ids, otherTask, single]],
    );
    expect(flags.map((row) => row.bulk_allowed)).toEqual([true, true, true, true]);
    await markBulkAllowed([single], false);
    const response = await api.request<{
      stepKey: string;
      succeeded: number;
      failed: number;
      results: Array<{ taskId: string; ok: boolean; code?: string }>;
    }>('POST', '/api/tasks/bulk-complete', {
      token: officer,
      json: {
        taskIds: [...ids, otherTask, doneTask, '26170-541201-0999.1', single],
        outcome: 'approve',
        note: 'Duyệt hàng loạt',
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ stepKey: 'verification', succeeded: 2, failed: 4 });
    expect(response.body.results).toEqual([
      { taskId: ids[0], ok: true, status: 'done' },
      { taskId: ids[1], ok: true, status: 'done' },
      {
        taskId: otherTask,
        ok: false,
        code: 'FORBIDDEN',
        message: 'Công việc này thuộc đơn vị ngoài phạm vi của bạn',
      },
      { taskId: doneTask, ok: false, code: 'TASK_ALREADY_DONE', message: 'Công việc đã được xử lý' },
      { taskId: '26170-541201-0999.1', ok: false, code: 'NOT_FOUND', message: 'Không tìm thấy công việc' },
      {
        taskId: single,
        ok: false,
        code: 'BULK_NOT_ALLOWED',
        message: 'Bước này không được duyệt hàng loạt, mỗi hồ sơ phải được xử lý riêng',
      },
    ]);
    // Refused, not completed: it still waits for the officer to decide it on its own.
    const { rows } = await api.db.pool.query('SELECT status FROM tasks WHERE id = $1', [single]);
    expect(rows[0]).toEqual({ status: 'open' });
    const inboxTask = (await inbox(officer)).body.tasks.find((task) => task.id === single);
    expect(inboxTask).toMatchObject({ bulkAllowed: false });
    expect((await complete(officer, single, { outcome: 'approve' })).status).toBe(200);
  });

  test('only approve, only one step, no repeated ids', async () => {
    const refuse = await api.request('POST', '/api/tasks/bulk-complete', {
      token: officer,
      json: { taskIds: [`${codes[0]}.1`], outcome: 'refuse' },
    });
    expect(refuse.status).toBe(400);
    const repeated = await api.request('POST', '/api/tasks/bulk-complete', {
      token: officer,
      json: { taskIds: [`${codes[0]}.1`, `${codes[0]}.1`], outcome: 'approve' },
    });
    expect(repeated.status).toBe(400);
    // A verification task and an online dossier's completeness check: two steps.
    const online = await api.request<{ code: string }>('POST', '/api/dossiers', {
      json: { procedureId: 'monthly-allowance', application: sampleApplication() },
    });
    const intakeCheck = await openTaskId(api, online.body.code, 'intake_check');
    const mixed = await api.request('POST', '/api/tasks/bulk-complete', {
      token: officer,
      json: { taskIds: [`${codes[0]}.1`, intakeCheck], outcome: 'approve' },
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.code).toBe('MIXED_STEPS');
  });
});

describe('GET /api/dossiers/:code (officer view)', () => {
  interface OfficerDossier {
    dossier: { code: string; status: string };
    sensitiveFieldsShown: boolean;
    mayRevealSensitiveFields: boolean;
    application: { applicant: Record<string, unknown>; beneficiary: Record<string, unknown> };
    tasks: unknown[];
    timeline: Array<{ type: string }>;
    controlSlip: Array<{ stepKey: string; onTimeStatus: string }>;
    documents: Array<{ kind: string; format: string }>;
  }

  async function reveals(code: string) {
    const { rows } = await api.db.pool.query<{ user_id: string; client_ip: string }>(
      'SELECT user_id, client_ip FROM sensitive_reveals WHERE dossier_code = $1',
      [code],
    );
    return rows;
  }

  test('the commune officer of the unit sees them masked; reveal=sensitive shows them and is recorded', async () => {
    const masked = await api.request<OfficerDossier>('GET', `/api/dossiers/${codes[0]}`, {
      token: officer,
    });
    expect(masked.status).toBe(200);
    expect(masked.body).toMatchObject({ sensitiveFieldsShown: false, mayRevealSensitiveFields: true });
    expect(masked.body.application.beneficiary).not.toHaveProperty('hivStatus');
    expect(masked.body.application.beneficiary.idNumber).toBe('••••••••0456');
    expect(JSON.stringify(masked.body)).not.toContain(SENSITIVE.beneficiaryIdNumber);
    expect(JSON.stringify(masked.body)).not.toContain(SENSITIVE.applicantIdNumber);
    expect(await reveals(codes[0]!)).toEqual([]);

    const response = await api.request<OfficerDossier>('GET', `/api/dossiers/${codes[0]}?reveal=sensitive`, {
      token: officer,
    });
    expect(response.status).toBe(200);
    expect(response.body.sensitiveFieldsShown).toBe(true);
    expect(response.body.application.beneficiary).toMatchObject({
      hivStatus: true,
      idNumber: SENSITIVE.beneficiaryIdNumber,
    });
    const me = await api.request<{ user: { id: string } }>('GET', '/api/auth/me', { token: officer });
    const recorded = await reveals(codes[0]!);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.user_id).toBe(me.body.user.id);
    expect(recorded[0]?.client_ip).not.toBe('');
    expect(response.body.timeline.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'dossier_received',
        'dossier_accepted',
        'task_opened',
        'task_completed',
        'posting_started',
      ]),
    );
    expect(response.body.controlSlip).toEqual([
      expect.objectContaining({ stepKey: 'verification', onTimeStatus: 'Trước hạn' }),
    ]);
    expect(response.body.documents).toEqual([
      expect.objectContaining({ kind: 'receipt-appointment', format: 'html' }),
    ]);
  });

  test('the chairman and auditors see no HIV status and only the last 4 ID digits, and may not reveal', async () => {
    const before = (await reveals(codes[0]!)).length;
    for (const token of [chairman, await api.login('auditor.75'), await api.login('district_officer.737')]) {
      const forced = await api.request('GET', `/api/dossiers/${codes[0]}?reveal=sensitive`, { token });
      expect(forced.status).toBe(403);
      expect(JSON.stringify(forced.body)).not.toContain(SENSITIVE.beneficiaryIdNumber);
      const response = await api.request<OfficerDossier>('GET', `/api/dossiers/${codes[0]}`, { token });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ sensitiveFieldsShown: false, mayRevealSensitiveFields: false });
      expect(response.body.application.beneficiary).not.toHaveProperty('hivStatus');
      expect(response.body.application.beneficiary.idNumber).toBe('••••••••0456');
      expect(JSON.stringify(response.body)).not.toContain(SENSITIVE.beneficiaryIdNumber);
      expect(JSON.stringify(response.body)).not.toContain(SENSITIVE.applicantIdNumber);
    }
    expect(await reveals(codes[0]!)).toHaveLength(before);
    const unknown = await api.request('GET', `/api/dossiers/${codes[0]}?reveal=everything`, {
      token: officer,
    });
    expect(unknown.status).toBe(400);
  });

  test('another commune’s officer is 403, an unknown dossier 404, anonymous 401', async () => {
    expect((await api.request('GET', `/api/dossiers/${codes[0]}`, { token: otherOfficer })).status).toBe(403);
    expect((await api.request('GET', `/api/dossiers/26170-541201-0999`, { token: officer })).status).toBe(
      404,
    );
    expect((await api.request('GET', `/api/dossiers/${codes[0]}`)).status).toBe(401);
    expect((await api.request('GET', `/api/dossiers/not-a-code`, { token: officer })).status).toBe(400);
  });
});
