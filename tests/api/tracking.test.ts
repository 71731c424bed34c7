/**
 * Citizen tracking over HTTP (code + second factor): the public timeline through a whole two-tier route —
 * online submission, a request for documents answered with a supplement, acceptance, verification, public
 * posting with a complaint, decision — the documents the citizen may download, and what must never appear.
 */
import { withSecondFactor, type ErrorBody } from './harness';
import {
  eventually,
  openTaskId,
  sampleApplication,
  SENSITIVE,
  startDossierApi,
  type DossierApi,
} from './dossier-harness';

interface Tracking {
  code: string;
  status: string;
  statusText: string;
  receivedOn: string;
  acceptedOn: string | null;
  appointmentDate: string | null;
  appointmentIsProvisional: boolean;
  result: string | null;
  onTimeStatus: string | null;
  steps: Array<{
    kind: string;
    title: string;
    office: string;
    openedOn: string;
    dueDate: string | null;
    workingDaysAllowed: number | null;
    completedOn: string | null;
    state: string;
    onTimeStatus: string | null;
  }>;
  dueDateChanges: Array<{ target: string; oldDate: string | null; newDate: string; reason: string }>;
  awaitingSupplement: { requestedOn: string; missingDocuments: string[] } | null;
  posting: { open: boolean; startedOn: string; endsOn: string | null } | null;
  decision: {
    numberLabel: string;
    signedOn: string;
    monthlyAmount: number | null;
    oneOffAmount: number | null;
    paymentStartMonth: string | null;
  } | null;
  documents: Array<{
    id: string;
    kind: string;
    title: string;
    numberLabel: string | null;
    downloadUrl: string;
  }>;
}

const PHONE = '0912345678';
const INTERNAL_NOTE = 'Ghi chú nội bộ: đã gọi điện cho trưởng khu phố xác minh';
const COMPLAINT = 'Tôi đề nghị xem xét lại vì gia đình ông Bảy có con trai đang nuôi dưỡng';

let api: DossierApi;
let code: string;
let clerk: string;
let officer: string;
let chairman: string;

beforeAll(async () => {
  api = await startDossierApi();
  await api.skipTo('2054-12-01', 9); // Tuesday
  const submitted = await api.request<{ code: string }>('POST', '/api/dossiers', {
    json: { procedureId: 'monthly-allowance', application: sampleApplication() },
  });
  code = submitted.body.code;
  await openTaskId(api, code, 'intake_check');
  [clerk, officer, chairman] = await Promise.all([
    api.login('intake_clerk.26170'),
    api.login('commune_officer.26170'),
    api.login('commune_chairman.26170'),
  ]);
});
afterAll(() => api?.stop());

const track = (factor = `phone=${PHONE}`, dossier = code) => {
  const { headers, search } = withSecondFactor(factor);
  return api.request<Tracking>('GET', `/api/track/${dossier}${search}`, { headers });
};
const supplement = (json: unknown, factor = `phone=${PHONE}`) => {
  const { headers, search } = withSecondFactor(factor);
  return api.request<{ accepted: boolean; id: string; message: string } & ErrorBody>(
    'POST',
    `/api/track/${code}/supplements${search}`,
    { json, headers },
  );
};
const complain = (json: unknown) =>
  api.request<{ accepted: boolean } & ErrorBody>('POST', `/api/track/${code}/complaints`, {
    json,
    headers: withSecondFactor(`phone=${PHONE}`).headers,
  });
/** A document download as a citizen's client makes it: the factor in a header. */
const download = (url: string, factor: string) => fetch(url, { headers: withSecondFactor(factor).headers });
const complete = (token: string, taskId: string, json: unknown) =>
  api.request<ErrorBody>('POST', `/api/tasks/${taskId}/complete`, { token, json });

/** Every value the citizen's view must never contain. */
async function forbiddenValues(): Promise<string[]> {
  const { rows } = await api.db.pool.query<{ id: string }>('SELECT id FROM users');
  return [
    SENSITIVE.applicantIdNumber,
    SENSITIVE.beneficiaryIdNumber,
    SENSITIVE.beneficiaryDateOfBirth,
    '15/03/1941',
    'hivStatus',
    'HIV',
    'qualifications',
    '5.5a',
    INTERNAL_NOTE,
    COMPLAINT,
    ...rows.map((row) => row.id),
  ];
}

async function expectNothingSensitive(body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  for (const value of await forbiddenValues()) expect(text).not.toContain(value);
}

describe('second factor', () => {
  test('the phone or the last 4 ID digits open the dossier; a wrong one is 404 like an unknown code', async () => {
    expect((await track()).status).toBe(200);
    expect((await track(`phone=${encodeURIComponent('+84 912 345 678')}`)).status).toBe(200);
    expect((await track('idLast4=0123')).status).toBe(200);
    const wrongPhone = await track('phone=0987654321');
    const wrongDigits = await track('idLast4=9999');
    const unknown = await track(`phone=${PHONE}`, '26170-541201-0999');
    for (const response of [wrongPhone, wrongDigits, unknown]) {
      expect(response.status).toBe(404);
      expect(response.body as unknown as ErrorBody).toEqual({
        code: 'NOT_FOUND',
        message: 'Không tìm thấy hồ sơ với mã và thông tin xác thực đã nhập',
      });
    }
  });

  test('exactly one factor is needed', async () => {
    expect((await track('')).status).toBe(400);
    expect((await track(`phone=${PHONE}&idLast4=0123`)).status).toBe(400);
    expect((await track('idLast4=12')).status).toBe(400);
    expect((await track(`phone=${PHONE}&extra=1`)).status).toBe(400);
  });

  test('ten wrong factors for a code from one address: 429 with Retry-After, even for the right one', async () => {
    const other = '26170-541201-0998';
    for (let i = 0; i < 10; i += 1) expect((await track(`idLast4=${1000 + i}`, other)).status).toBe(404);
    const blocked = await track(`phone=${PHONE}`, other);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other dossiers are not affected.
    expect((await track()).status).toBe(200);
  });
});

describe('the public timeline through a two-tier route', () => {
  test('after an online submission: waiting for the desk, appointment not yet given', async () => {
    const { body } = await track();
    expect(body).toMatchObject({
      code,
      status: 'awaiting_intake_check',
      statusText: 'Chờ Bộ phận Một cửa kiểm tra hồ sơ',
      receivedOn: '2054-12-01',
      appointmentDate: null,
      appointmentIsProvisional: true,
      documents: [],
    });
    expect(body.steps).toEqual([
      {
        kind: 'intake_check',
        title: 'Kiểm tra tính đầy đủ của hồ sơ nộp trực tuyến',
        office: 'Bộ phận Một cửa cấp xã — Xã Trảng Bom',
        unitName: 'Xã Trảng Bom',
        openedOn: '2054-12-01',
        dueDate: '2054-12-02',
        workingDaysAllowed: 1,
        completedOn: null,
        state: 'Đang xử lý',
        onTimeStatus: 'Còn hạn',
      },
    ]);
  });

  test('supplements and complaints are refused while the dossier does not wait for them', async () => {
    const early = await supplement({
      supplementId: 'bo-sung-0000',
      documents: [{ name: 'Sổ hộ khẩu', kind: 'ho_khau' }],
    });
    expect(early.status).toBe(409);
    expect(early.body).toEqual({
      code: 'NOT_AWAITING_SUPPLEMENT',
      message: 'Hồ sơ hiện không ở trạng thái chờ bổ sung giấy tờ',
    });
    const complaint = await complain({
      complaintId: 'khieu-nai-0000',
      complainant: 'Lê Văn Tư',
      content: 'Nội dung',
    });
    expect(complaint.status).toBe(409);
    expect(complaint.body.code).toBe('NOT_IN_POSTING');
  });

  test('the desk asks for a document: form 02 to download, the list of what is missing', async () => {
    const intake = await openTaskId(api, code, 'intake_check');
    const asked = await complete(clerk, intake, {
      outcome: 'request_documents',
      reason: 'Thiếu giấy tờ chứng minh hoàn cảnh',
      missingDocuments: ['Giấy xác nhận hộ nghèo'],
    });
    expect(asked.status).toBe(200);
    const { body } = await eventually(async () => {
      const response = await track();
      return response.body.status === 'awaiting_supplement' && response.body.documents.length > 0
        ? response
        : undefined;
    }, 'the request for documents');
    expect(body.statusText).toBe('Chờ bổ sung, hoàn thiện hồ sơ');
    expect(body.awaitingSupplement).toEqual({
      requestedOn: '2054-12-01',
      missingDocuments: ['Giấy xác nhận hộ nghèo'],
    });
    expect(body.documents).toEqual([
      expect.objectContaining({
        kind: 'completion_request',
        title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)',
      }),
    ]);

    const url = `${api.baseUrl}${body.documents[0]!.downloadUrl}`;
    const file = await download(url, `phone=${PHONE}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/html');
    expect(file.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await file.text()).toContain('Giấy xác nhận hộ nghèo');
    expect((await download(url, 'phone=0987654321')).status).toBe(404);
    const otherId = `${api.baseUrl}/api/track/${code}/documents/00000000-0000-4000-8000-000000000000`;
    expect((await download(otherId, `phone=${PHONE}`)).status).toBe(404);
  });

  test('the citizen supplements once, whatever the retries', async () => {
    const body = {
      supplementId: 'bo-sung-0001',
      documents: [{ name: 'Giấy xác nhận hộ nghèo', kind: 'ho_ngheo' }],
      note: 'Gửi bổ sung',
    };
    const sent = await supplement(body);
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({
      accepted: true,
      id: 'bo-sung-0001',
      message: 'Đã nhận giấy tờ bổ sung, hồ sơ được tiếp tục giải quyết',
    });
    expect((await supplement(body)).status).toBe(200);
    const changed = await supplement({ ...body, note: 'Khác' });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    // The status changes with `clock_resumed`; the due-date changes are written by a later activity
    // (`due_date_changed`), so wait for those rows rather than for the status.
    await eventually(async () => {
      const { rows } = await api.db.pool.query(
        `SELECT 1 FROM due_date_changes WHERE dossier_code = $1 AND target = 'task'`,
        [code],
      );
      return rows.length > 0 ? true : undefined;
    }, 'the due-date change of the resumed clock');
    const resumed = (await track()).body;
    expect(resumed.status).toBe('awaiting_intake_check');
    expect(resumed.awaitingSupplement).toBeNull();
    // The clock stopped and resumed the same day: the change is recorded, with its reason, all the same.
    expect(resumed.dueDateChanges).toEqual([
      {
        target: 'Hạn xử lý của bước',
        oldDate: '2054-12-02',
        newDate: '2054-12-02',
        reason: 'Tạm dừng 0 ngày làm việc chờ bổ sung hồ sơ (2054-12-01 – 2054-12-01)',
        changedOn: '2054-12-01',
      },
    ]);
    const { rows } = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM dossier_events WHERE dossier_code = $1 AND type = 'clock_resumed'`,
      [code],
    );
    expect(rows[0].n).toBe(1);
  });

  test('accepted: the real appointment date and the receipt (form 01)', async () => {
    const intake = await openTaskId(api, code, 'intake_check');
    expect((await complete(clerk, intake, { outcome: 'approve' })).status).toBe(200);
    await eventually(async () => {
      const response = await track();
      return response.body.status === 'in_progress' &&
        response.body.documents.some((d) => d.kind === 'receipt')
        ? response.body
        : undefined;
    }, 'the receipt');
    await openTaskId(api, code, 'verification');
    const body = (await track()).body;
    // Accepted Tue 01/12: 10 working days → Tue 15/12/2054.
    expect(body).toMatchObject({
      status: 'in_progress',
      acceptedOn: '2054-12-01',
      appointmentDate: '2054-12-15',
      appointmentIsProvisional: false,
    });
    expect(body.steps.map((step) => [step.kind, step.state])).toEqual([
      ['intake_check', 'Đã xử lý'],
      ['intake_check', 'Đã xử lý'],
      ['step', 'Đang xử lý'],
    ]);
    expect(body.steps[2]).toMatchObject({
      title: 'Xét duyệt hồ sơ, đối chiếu Cơ sở dữ liệu quốc gia về dân cư',
      office: 'Công chức Phòng Văn hóa - Xã hội cấp xã — Xã Trảng Bom',
      dueDate: '2054-12-08',
      workingDaysAllowed: 5,
    });
  });

  test('posting: a complaint is filed once and goes to the chairman; its text stays private', async () => {
    const verification = await openTaskId(api, code, 'verification');
    expect((await api.request('POST', `/api/tasks/${verification}/claim`, { token: officer })).status).toBe(
      200,
    );
    expect((await complete(officer, verification, { outcome: 'approve', note: INTERNAL_NOTE })).status).toBe(
      200,
    );
    const posting = await eventually(async () => (await track()).body.posting ?? undefined, 'the posting');
    // 2 working days from Tue 01/12: Wed 02, Thu 03.
    expect(posting).toEqual({ open: true, startedOn: '2054-12-01', endsOn: '2054-12-03' });

    const complaint = { complaintId: 'khieu-nai-0001', complainant: 'Lê Văn Tư', content: COMPLAINT };
    const filed = await complain(complaint);
    expect(filed.status).toBe(200);
    expect((await complain(complaint)).status).toBe(200);
    const task = await openTaskId(api, code, 'public_posting');
    const { body: inbox } = await api.request<{ tasks: Array<{ id: string; title: string }> }>(
      'GET',
      '/api/tasks',
      {
        token: chairman,
      },
    );
    expect(inbox.tasks.map((t) => t.id)).toEqual([task]);
    expect(inbox.tasks[0]!.title).toContain(COMPLAINT.slice(0, 40));
    const { rows } = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM dossier_events WHERE dossier_code = $1 AND type = 'complaint_filed'`,
      [code],
    );
    expect(rows[0].n).toBe(1);

    const { body } = await track();
    expect(body.steps.find((step) => step.kind === 'complaint')).toMatchObject({
      title: 'Giải quyết khiếu nại trong thời gian niêm yết',
      office: 'Chủ tịch Ủy ban nhân dân cấp xã — Xã Trảng Bom',
    });
    expect(body.steps.find((step) => step.kind === 'public_posting')).toMatchObject({
      title: 'Niêm yết công khai kết quả xét duyệt',
      dueDate: '2054-12-03',
      state: 'Đang xử lý',
    });
    await expectNothingSensitive(body);

    // The chairman dismisses the complaint with reasons.
    expect(
      (
        await complete(chairman, task, {
          outcome: 'approve',
          reason: 'Đã xác minh, khiếu nại không có cơ sở',
        })
      ).status,
    ).toBe(200);
  });

  test('after the posting ends complaints are refused; the chairman decides; the decision is downloadable', async () => {
    await api.skipTo('2054-12-04', 8);
    const late = await complain({ complaintId: 'khieu-nai-0002', complainant: 'Lê Văn Tư', content: 'Muộn' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('NOT_IN_POSTING');

    // Sessions last 12 hours: three days later the chairman logs in again.
    chairman = await api.login('commune_chairman.26170');
    const decision = await openTaskId(api, code, 'commune_decision');
    expect((await complete(chairman, decision, { outcome: 'approve' })).status).toBe(200);
    const body = await eventually(
      async () => {
        const response = await track();
        return response.body.status === 'completed' ? response.body : undefined;
      },
      'the result',
      60_000,
    );
    expect(body).toMatchObject({
      statusText: 'Đã có kết quả',
      result: 'Đã giải quyết',
      onTimeStatus: 'Trước hạn',
      posting: { open: false },
    });
    expect(body.decision?.numberLabel).toMatch(/QĐ-UBND/);
    // What will be paid and from when: the entitlement the decision created.
    const { rows: entitled } = await api.db.pool.query(
      'SELECT monthly_amount, start_month FROM entitlements WHERE dossier_code = $1',
      [code],
    );
    expect(entitled).toHaveLength(1);
    expect(body.decision).toMatchObject({
      monthlyAmount: entitled[0].monthly_amount,
      oneOffAmount: null,
      paymentStartMonth: entitled[0].start_month,
    });
    expect(body.decision!.monthlyAmount).toBeGreaterThan(0);
    expect(body.documents.map((d) => d.kind)).toEqual(['completion_request', 'receipt', 'decision_grant']);
    // The decision under the title it bears, as the officer's page shows it.
    expect(body.documents.at(-1)?.title).toBe('Quyết định trợ cấp xã hội hằng tháng');
    expect(body.steps.every((step) => step.state === 'Đã xử lý')).toBe(true);
    // The posting ended at 00:00 on 04/12: it reads as done on its last day, not a day after it was due.
    expect(body.steps.find((step) => step.kind === 'public_posting')).toMatchObject({
      dueDate: '2054-12-03',
      completedOn: '2054-12-03',
    });
    await expectNothingSensitive(body);

    const pdf = await download(`${api.baseUrl}${body.documents[2]!.downloadUrl}`, 'idLast4=0123');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const afterwards = await supplement({
      supplementId: 'bo-sung-0002',
      documents: [{ name: 'Giấy', kind: 'x' }],
    });
    expect(afterwards.status).toBe(409);
    expect(afterwards.body.code).toBe('NOT_AWAITING_SUPPLEMENT');
  });
});
