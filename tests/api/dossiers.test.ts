/**
 * Receiving dossiers over HTTP: online submission (POST /api/dossiers) and desk intake
 * (POST /api/desk/dossiers), on a real Postgres and Temporal's time-skipping server with the real workflow.
 */
import { successorVersionOf } from '../helpers/successor-versions';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { allocateDossierCode } from '../../db/dossier-codes';
import { publishProcedureVersion } from '../../db/procedures';
import { inTransaction } from '../../db/queryable';
import { DEFAULT_PROCEDURES } from '../../domain/procedures';
import type { ErrorBody } from './harness';
import {
  DEMO_COMMUNE,
  eventually,
  sampleApplication,
  startDossierApi,
  type DossierApi,
} from './dossier-harness';

interface Submitted {
  code: string;
  status: string;
  statusText: string;
  channel: string;
  receivedOn: string;
  trackingUrl: string;
  procedure: { id: string; version: number; title: string };
  receipt: {
    appointmentDate: string | null;
    appointmentIsProvisional: boolean;
    documentId?: string;
    downloadUrl?: string;
    note: string;
  };
}

let api: DossierApi;
let today: string;
const yymmdd = () => today.slice(2).replaceAll('-', '');

beforeAll(async () => {
  api = await startDossierApi();
  // Tuesday 01/12/2054: a plain working fortnight (no holiday until 01/01), so planned dates are easy to check by hand.
  await api.skipTo('2054-12-01', 9);
  today = await api.today();
});
afterAll(() => api?.stop());

const submit = (json: unknown, headers: Record<string, string> = {}) =>
  api.request<Submitted>('POST', '/api/dossiers', { json, headers });

async function sequenceOf(unitCode: string): Promise<number | undefined> {
  const { rows } = await api.db.pool.query<{ last_value: number }>(
    'SELECT last_value FROM dossier_code_sequences WHERE unit_code = $1 AND received_on = $2',
    [unitCode, today],
  );
  return rows[0]?.last_value;
}

describe('POST /api/dossiers (online, no account)', () => {
  test('starts the workflow under a new code and answers with a provisional appointment date', async () => {
    const response = await submit({ procedureId: 'monthly-allowance', application: sampleApplication() });
    expect(response.status).toBe(201);
    const body = response.body;
    expect(body.code).toMatch(new RegExp(`^26170-${yymmdd()}-\\d{4}$`));
    expect(body).toMatchObject({
      status: 'awaiting_intake_check',
      statusText: 'Chờ Bộ phận Một cửa kiểm tra hồ sơ',
      channel: 'online',
      receivedOn: today,
      trackingUrl: `/api/track/${body.code}`,
      // 2054: the seeded two-tier route (v2) ended on 2027-02-28; the harness published its successor.
      procedure: {
        id: 'monthly-allowance',
        version: successorVersionOf('monthly-allowance'),
        title: 'Thực hiện trợ cấp xã hội hằng tháng',
      },
    });
    // Two tiers: 5 + 2 + 3 = 10 working days from Tue 01/12 → Tue 15/12/2054.
    expect(body.receipt).toMatchObject({ appointmentDate: '2054-12-15', appointmentIsProvisional: true });
    expect(body.receipt.note).toContain('dự kiến');

    // The workflow receives it and opens the desk's completeness check.
    const task = await eventually(async () => {
      const { rows } = await api.db.pool.query('SELECT role, kind FROM tasks WHERE dossier_code = $1', [
        body.code,
      ]);
      return rows[0];
    }, 'the intake check task');
    expect(task).toEqual({ role: 'intake_clerk', kind: 'intake_check' });

    // One workflow per code: a second start with the same id is refused by Temporal.
    await expect(
      api.env.client.workflow.start('dossierWorkflow', {
        taskQueue: api.taskQueue,
        workflowId: body.code,
        args: [{}],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  });

  test('malformed JSON is 400 MALFORMED_JSON and a non-JSON body 415', async () => {
    const malformed = await api.request('POST', '/api/dossiers', {
      raw: '{"procedureId": "monthly-allowance", ',
      contentType: 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const form = await api.request('POST', '/api/dossiers', { raw: 'a=1', contentType: 'text/plain' });
    expect(form.status).toBe(415);
  });

  test('unknown fields, at the top and deep inside the application, are 400 with their paths', async () => {
    const application = sampleApplication();
    const response = await submit({
      procedureId: 'monthly-allowance',
      channel: 'walk_in',
      application: { ...application, applicant: { ...application.applicant, nickname: 'Hoa' } },
    });
    expect(response.status).toBe(400);
    const body = response.body as unknown as ErrorBody;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fieldErrors).toEqual(
      expect.arrayContaining([
        { path: 'body.channel', message: 'Trường không được phép' },
        { path: 'body.application.applicant.nickname', message: 'Trường không được phép' },
      ]),
    );
  });

  test('an invalid Vietnamese ID number is 400 naming the field, in Vietnamese', async () => {
    const application = sampleApplication();
    const cases: Array<[string, string]> = [
      ['07504100045', 'số định danh cá nhân phải gồm 12 chữ số'],
      ['099041000456', 'ba số đầu (mã nơi đăng ký khai sinh) không hợp lệ'],
      // Gender/century digit 0 and year 51 say 1951; the beneficiary was born in 1941.
      ['075051000456', 'mã thế kỷ và năm sinh không khớp với ngày sinh'],
    ];
    for (const [idNumber, message] of cases) {
      const response = await submit({
        procedureId: 'monthly-allowance',
        application: { ...application, beneficiary: { ...application.beneficiary, idNumber } },
      });
      expect(response.status).toBe(400);
      expect((response.body as unknown as ErrorBody).fieldErrors).toEqual([
        { path: 'body.application.beneficiary.idNumber', message },
      ]);
    }
    const badPhone = await submit({
      procedureId: 'monthly-allowance',
      application: { ...application, applicant: { ...application.applicant, phone: '12345' } },
    });
    expect((badPhone.body as unknown as ErrorBody).fieldErrors).toEqual([
      { path: 'body.application.applicant.phone', message: 'số điện thoại di động không hợp lệ' },
    ]);
  });

  test('an unknown procedure is 404; one not in force today is refused with 422', async () => {
    const unknown = await submit({ procedureId: 'no-such-procedure', application: sampleApplication() });
    expect(unknown.status).toBe(404);
    expect((unknown.body as unknown as ErrorBody).code).toBe('UNKNOWN_PROCEDURE');

    const future = DEFAULT_PROCEDURES.find((d) => d.id === 'funeral-support' && d.tier === 'two-tier')!;
    await publishProcedureVersion(
      api.db.pool,
      { ...future, id: 'funeral-support-2060', effectiveFrom: '2060-01-01', effectiveTo: undefined },
      'test',
    );
    const notYet = await submit({ procedureId: 'funeral-support-2060', application: sampleApplication() });
    expect(notYet.status).toBe(422);
    expect((notYet.body as unknown as ErrorBody).code).toBe('NO_PROCEDURE_IN_FORCE');
  });

  test('units must exist and belong together; a route with district steps needs the district', async () => {
    const withUnit = (unit: Record<string, string>) =>
      submit({ procedureId: 'monthly-allowance', application: { ...sampleApplication(), unit } });

    const unknownCommune = await withUnit({ provinceCode: '75', communeCode: '99999' });
    expect(unknownCommune.status).toBe(400);
    expect((unknownCommune.body as unknown as ErrorBody).fieldErrors).toEqual([
      { path: 'body.application.unit.communeCode', message: 'Không có xã, phường, thị trấn mã 99999' },
    ]);

    // 26170 belonged to district 737 before the reform (now under the province), never to 731; and it lies in
    // province 75, not 01.
    const wrongParents = await withUnit({ provinceCode: '01', districtCode: '731', communeCode: '26170' });
    expect((wrongParents.body as unknown as ErrorBody).fieldErrors).toEqual([
      {
        path: 'body.application.unit.provinceCode',
        message: 'Xã Trảng Bom không thuộc tỉnh, thành phố mã 01',
      },
      {
        path: 'body.application.unit.districtCode',
        message: 'Xã Trảng Bom không thuộc quận, huyện mã 731',
      },
    ]);

    // The two-tier route has no district step: the district may be left out.
    const twoTier = await withUnit({ provinceCode: '75', communeCode: '26170' });
    expect(twoTier.status).toBe(201);

    // A three-tier route (published here as data, in force from today) sends work to the district.
    const threeTier = DEFAULT_PROCEDURES.find(
      (d) => d.id === 'monthly-allowance' && d.tier === 'three-tier',
    )!;
    await publishProcedureVersion(
      api.db.pool,
      { ...threeTier, id: 'monthly-allowance-three-tier', effectiveFrom: today, effectiveTo: undefined },
      'test',
    );
    // The commune's former district is its district for that route (the unit check accepts it).
    const formerDistrict = await submit({
      procedureId: 'monthly-allowance-three-tier',
      application: {
        ...sampleApplication(),
        unit: { provinceCode: '75', districtCode: '737', communeCode: '26170' },
      },
    });
    expect(formerDistrict.status).toBe(201);
    const noDistrict = await submit({
      procedureId: 'monthly-allowance-three-tier',
      application: { ...sampleApplication(), unit: { provinceCode: '75', communeCode: '26170' } },
    });
    expect((noDistrict.body as unknown as ErrorBody).fieldErrors).toEqual([
      {
        path: 'body.application.unit.districtCode',
        message: 'Thủ tục này có bước xử lý ở cấp huyện: cần mã quận, huyện',
      },
    ]);
  });
});

describe('eligibility at submission', () => {
  const base = sampleApplication();
  const withBeneficiary = (beneficiary: Partial<typeof base.beneficiary>) =>
    sampleApplication({ beneficiary: { ...base.beneficiary, ...beneficiary } });

  async function idempotencyKeys(): Promise<number> {
    const { rows } = await api.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM idempotency_keys',
    );
    return rows[0]!.n;
  }
  /**
   * Dossiers started so far, counted from the code sequences (taken in the submitting transaction), not
   * from the read model: an earlier test's workflow may still be writing its dossier row.
   */
  async function dossierCount(): Promise<number> {
    const { rows } = await api.db.pool.query<{ n: number }>(
      'SELECT COALESCE(sum(last_value), 0)::int AS n FROM dossier_code_sequences',
    );
    return rows[0]!.n;
  }

  const cases: Array<[string, string, ReturnType<typeof sampleApplication>, ErrorBody['fieldErrors']]> = [
    [
      'clause 5.1 (children under 16) for someone born in 1941',
      'monthly-allowance',
      withBeneficiary({ qualifications: [{ clause: '5.1' }] }),
      [
        {
          path: 'body.application.beneficiary.qualifications.0.clause',
          message: 'Người 113 tuổi không thuộc diện đối tượng theo khoản 5.1',
        },
      ],
    ],
    [
      'a clause listed twice',
      'monthly-allowance',
      withBeneficiary({ qualifications: [{ clause: '5.5a' }, { clause: '5.5a' }] }),
      [
        {
          path: 'body.application.beneficiary.qualifications.1.clause',
          message: 'khoản 5.5a được kê khai hai lần',
        },
      ],
    ],
    [
      'funeral support without the date of death',
      'funeral-support',
      base,
      [
        {
          path: 'body.application.beneficiary.diedOn',
          message: 'hỗ trợ chi phí mai táng cần ngày mất của người đã mất',
        },
      ],
    ],
    [
      'emergency food without the household size',
      'emergency-food',
      base,
      [
        {
          path: 'body.application.beneficiary.householdSize',
          message: 'hỗ trợ lương thực cần số nhân khẩu của hộ',
        },
      ],
    ],
  ];

  test.each(cases)(
    '%s is 400 VALIDATION_FAILED naming the field',
    async (_name, procedureId, application, errors) => {
      const response = await submit({ procedureId, application });
      expect(response.status).toBe(400);
      expect(response.body as unknown as ErrorBody).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'Dữ liệu không hợp lệ',
        fieldErrors: errors,
      });
    },
  );

  test('clause 5.5b is closed to new decisions after 2025-07-01', async () => {
    // 76 years old on 01/12/2054: inside the 5.5b age bracket, so only the closed clause is at fault.
    const response = await submit({
      procedureId: 'monthly-allowance',
      application: withBeneficiary({
        dateOfBirth: '1978-01-10',
        idNumber: undefined,
        qualifications: [{ clause: '5.5b' }],
      }),
    });
    expect(response.status).toBe(400);
    const body = response.body as unknown as ErrorBody;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fieldErrors).toEqual([
      {
        path: 'body.application.beneficiary.qualifications.0.clause',
        message: expect.stringContaining('khoản 5.5b không còn xét hưởng mới'),
      },
    ]);
  });

  test('eligibility and unit problems are reported together', async () => {
    const response = await submit({
      procedureId: 'monthly-allowance',
      application: {
        ...withBeneficiary({ qualifications: [{ clause: '5.1' }] }),
        unit: { provinceCode: '01', communeCode: '26170' },
      },
    });
    expect((response.body as unknown as ErrorBody).fieldErrors?.map((error) => error.path)).toEqual([
      'body.application.unit.provinceCode',
      'body.application.beneficiary.qualifications.0.clause',
    ]);
  });

  test('nothing is written: no code taken, no workflow, no idempotency key kept', async () => {
    const ineligible = withBeneficiary({ qualifications: [{ clause: '5.1' }] });
    const [sequence, keys, dossiers] = [
      await sequenceOf('26170'),
      await idempotencyKeys(),
      await dossierCount(),
    ];
    const online = await submit(
      { procedureId: 'monthly-allowance', application: ineligible },
      { 'idempotency-key': 'khong-du-dieu-kien-0001' },
    );
    expect(online.status).toBe(400);
    const clerk = await api.login('intake_clerk.26170');
    const desk = await api.request('POST', '/api/desk/dossiers', {
      token: clerk,
      json: { procedureId: 'emergency-food', application: base },
      headers: { 'idempotency-key': 'khong-du-dieu-kien-0002' },
    });
    expect(desk.status).toBe(400);
    expect(desk.body.fieldErrors).toEqual([
      {
        path: 'body.application.beneficiary.householdSize',
        message: 'hỗ trợ lương thực cần số nhân khẩu của hộ',
      },
    ]);
    expect(await sequenceOf('26170')).toBe(sequence);
    expect(await idempotencyKeys()).toBe(keys);
    expect(await dossierCount()).toBe(dossiers);

    // The same key with a corrected body is then a first submission, not a reuse.
    const corrected = await submit(
      { procedureId: 'monthly-allowance', application: base },
      { 'idempotency-key': 'khong-du-dieu-kien-0001' },
    );
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('Idempotency-Key', () => {
  const body = () => {
    const application = sampleApplication({ unit: { ...DEMO_COMMUNE, communeCode: '26173' } });
    // Funeral support is decided on the date of death: without it the submission is refused (eligibility).
    application.beneficiary = { ...application.beneficiary, diedOn: '2054-11-27' };
    return { procedureId: 'funeral-support', application };
  };

  test('the same key and body give the same answer and one dossier', async () => {
    const before = (await sequenceOf('26173')) ?? 0;
    const first = await submit(body(), { 'idempotency-key': 'nop-ho-so-0001' });
    const second = await submit(body(), { 'idempotency-key': 'nop-ho-so-0001' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await sequenceOf('26173')).toBe(before + 1);
  });

  test('the same key with another body is 409 IDEMPOTENCY_KEY_REUSED', async () => {
    await submit(body(), { 'idempotency-key': 'nop-ho-so-0002' });
    const other = body();
    other.application.applicant.fullName = 'Lê Văn Khác';
    const response = await submit(other, { 'idempotency-key': 'nop-ho-so-0002' });
    expect(response.status).toBe(409);
    expect(response.body as unknown as ErrorBody).toEqual({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác',
    });
  });

  test('concurrent duplicates create one dossier and all get its answer', async () => {
    const before = (await sequenceOf('26173')) ?? 0;
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => submit(body(), { 'idempotency-key': 'nop-ho-so-dong-thoi' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(responses.map((r) => r.body.code)).size).toBe(1);
    expect(await sequenceOf('26173')).toBe(before + 1);
  });

  test('a malformed key is 400', async () => {
    const response = await submit(body(), { 'idempotency-key': 'co dau cach' });
    expect(response.status).toBe(400);
    expect((response.body as unknown as ErrorBody).fieldErrors?.[0]?.path).toBe('headers.idempotency-key');
  });
});

describe('dossier codes', () => {
  test('concurrent submissions get consecutive codes, no gaps and no duplicates', async () => {
    const application = sampleApplication({
      unit: { provinceCode: '75', districtCode: '731', communeCode: '25993' },
    });
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => submit({ procedureId: 'monthly-allowance', application })),
    );
    const sequences = responses.map((r) => Number(r.body.code.slice(-4))).sort((a, b) => a - b);
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('a rolled-back allocation gives its number back', async () => {
    await expect(
      inTransaction(api.db.pool, async (client) => {
        expect(await allocateDossierCode(client, '26005', '2026-01-05')).toBe('26005-260105-0001');
        throw new Error('the workflow did not start');
      }),
    ).rejects.toThrow('did not start');
    expect(await allocateDossierCode(api.db.pool, '26005', '2026-01-05')).toBe('26005-260105-0001');
  });

  test('past 9999 dossiers in a day the unit gets 503 DOSSIER_CODES_EXHAUSTED', async () => {
    await api.db.pool.query(
      `INSERT INTO dossier_code_sequences (unit_code, received_on, last_value) VALUES ('26005', $1, 9999)`,
      [today],
    );
    const response = await submit({
      procedureId: 'monthly-allowance',
      application: sampleApplication({
        unit: { provinceCode: '75', districtCode: '731', communeCode: '26005' },
      }),
    });
    expect(response.status).toBe(503);
    expect((response.body as unknown as ErrorBody).code).toBe('DOSSIER_CODES_EXHAUSTED');
  });
});

describe('POST /api/desk/dossiers (intake clerk)', () => {
  test('receives a walk-in dossier and answers with the receipt (form 01) and its appointment date', async () => {
    const clerk = await api.login('intake_clerk.26170');
    const response = await api.request<Submitted>('POST', '/api/desk/dossiers', {
      token: clerk,
      json: { procedureId: 'monthly-allowance', application: sampleApplication() },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      channel: 'walk_in',
      status: 'in_progress',
      statusText: 'Đang giải quyết',
    });
    expect(response.body.receipt).toMatchObject({
      appointmentDate: '2054-12-15',
      appointmentIsProvisional: false,
    });
    expect(response.body.receipt.documentId).toMatch(/^[0-9a-f-]{36}$/);

    const { rows } = await api.db.pool.query(
      'SELECT channel, status, kind FROM dossiers d JOIN documents doc ON doc.dossier_code = d.code WHERE d.code = $1',
      [response.body.code],
    );
    expect(rows).toEqual([{ channel: 'walk_in', status: 'in_progress', kind: 'receipt-appointment' }]);
    const { rows: received } = await api.db.pool.query(
      `SELECT e.actor, u.username FROM dossier_events e JOIN users u ON u.id::text = e.actor
        WHERE e.dossier_code = $1 AND e.type = 'dossier_received'`,
      [response.body.code],
    );
    expect(received[0]?.username).toBe('intake_clerk.26170');

    const download = await fetch(`${api.baseUrl}${response.body.receipt.downloadUrl}`, {
      headers: { authorization: `Bearer ${clerk}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('text/html');
    expect(await download.text()).toContain(response.body.code);
  });

  test('only for the clerk’s own commune, only for clerks, only logged in', async () => {
    const clerk = await api.login('intake_clerk.26170');
    const otherCommune = await api.request('POST', '/api/desk/dossiers', {
      token: clerk,
      json: {
        procedureId: 'monthly-allowance',
        application: sampleApplication({ unit: { ...DEMO_COMMUNE, communeCode: '26173' } }),
      },
    });
    expect(otherCommune.status).toBe(403);
    expect(otherCommune.body.message).toBe(
      'Bộ phận Một cửa chỉ tiếp nhận hồ sơ của xã, phường, thị trấn mình',
    );

    const officer = await api.login('commune_officer.26170');
    const wrongRole = await api.request('POST', '/api/desk/dossiers', {
      token: officer,
      json: { procedureId: 'monthly-allowance', application: sampleApplication() },
    });
    expect(wrongRole.status).toBe(403);

    const anonymous = await api.request('POST', '/api/desk/dossiers', {
      json: { procedureId: 'monthly-allowance', application: sampleApplication() },
    });
    expect(anonymous.status).toBe(401);
  });
});
