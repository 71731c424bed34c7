/**
 * Procedure versions: the merge of seeded and published versions, the in-force rule the dossier workflow
 * snapshots with, and publishing through the API (whole definitions and patches, bilingual field errors).
 */
import { loadProcedureVersions, procedureInForce, publishProcedureVersion } from '../../db/procedures';
import {
  pickVersionInForce,
  MONTHLY_ALLOWANCE_TWO_TIER,
  ProcedureDefinitionSchema,
  type ProcedureDefinition,
  type TaskStep,
} from '../../domain/procedures';
import { startTestApi, type TestApi } from './harness';

interface VersionBody {
  source: 'seed' | 'published';
  publishedBy?: string;
  definition: ProcedureDefinition;
}

function stepOf(definition: ProcedureDefinition, key: string): TaskStep {
  const step = definition.steps.find((candidate) => candidate.key === key);
  if (step?.kind !== 'task') throw new Error(`no task step ${key}`);
  return step;
}

let api: TestApi;
let admin: string;
beforeAll(async () => {
  // Legal today: 2054-03-02. The seeded two-tier routes ended on 2027-02-28; the harness published their
  // successors (version 3 of each procedure, tests/helpers/successor-versions.ts), so this file's own
  // publications start at version 4.
  api = await startTestApi({ now: new Date('2054-03-02T02:00:00Z') });
  admin = await api.login('admin.75');
});
afterAll(() => api.close());

describe('seeded versions (db/procedures)', () => {
  test('loadProcedureVersions lists the seeds by version; an unknown id has none', async () => {
    const versions = await loadProcedureVersions(api.db.pool, 'monthly-allowance');
    expect(versions.map((v) => [v.definition.version, v.source])).toEqual([
      [1, 'seed'],
      [2, 'seed'],
      [3, 'published'],
    ]);
    expect(await loadProcedureVersions(api.db.pool, 'khong-co')).toEqual([]);
  });

  test('procedureInForce follows the seeds’ effective dates', async () => {
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2021-07-01')).version).toBe(1);
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2025-06-30')).tier).toBe('three-tier');
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2025-07-01')).tier).toBe('two-tier');
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2027-02-28')).version).toBe(2);
    // The successor the harness published, from the day after the two-tier seeds end.
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2027-03-01')).version).toBe(3);
    expect((await procedureInForce(api.db.pool, 'funeral-support', '2054-01-15')).version).toBe(3);
  });

  test('procedureInForce fails with domain codes for unknown procedures, uncovered and malformed dates', async () => {
    await expect(procedureInForce(api.db.pool, 'monthly-allowance', '2021-06-30')).rejects.toMatchObject({
      code: 'NO_PROCEDURE_IN_FORCE',
    });
    await expect(procedureInForce(api.db.pool, 'khong-co', '2054-01-01')).rejects.toMatchObject({
      code: 'UNKNOWN_PROCEDURE',
    });
    await expect(procedureInForce(api.db.pool, 'monthly-allowance', '2054-02-30')).rejects.toMatchObject({
      code: 'INVALID_DATE',
    });
  });
});

describe('pickVersionInForce (the rule, pure)', () => {
  const base = ProcedureDefinitionSchema.parse(MONTHLY_ALLOWANCE_TWO_TIER);
  const version = (n: number, effectiveFrom: string, effectiveTo?: string): ProcedureDefinition => ({
    ...base,
    version: n,
    effectiveFrom,
    effectiveTo,
  });

  test('the latest effectiveFrom wins, whatever the version numbers', () => {
    const versions = [version(2, '2025-07-01'), version(3, '2054-06-01'), version(4, '2054-04-01')];
    expect(pickVersionInForce(versions, '2054-03-31')?.version).toBe(2);
    expect(pickVersionInForce(versions, '2054-04-01')?.version).toBe(4);
    expect(pickVersionInForce(versions, '2054-05-31')?.version).toBe(4);
    expect(pickVersionInForce(versions, '2054-06-01')?.version).toBe(3);
  });

  test('same effectiveFrom: the higher version wins', () => {
    expect(
      pickVersionInForce([version(5, '2054-04-01'), version(3, '2054-04-01')], '2054-04-02')?.version,
    ).toBe(5);
  });

  test('an ended version no longer counts after its effectiveTo', () => {
    const versions = [version(2, '2025-07-01'), version(3, '2054-04-01', '2054-04-30')];
    expect(pickVersionInForce(versions, '2054-04-30')?.version).toBe(3);
    expect(pickVersionInForce(versions, '2054-05-01')?.version).toBe(2);
    expect(pickVersionInForce([version(3, '2054-04-01', '2054-04-30')], '2054-05-01')).toBeUndefined();
  });
});

describe('POST /api/admin/procedures/:id/versions', () => {
  const fullDefinition = (effectiveFrom: string) => {
    const { version: _version, effectiveTo: _seedEnd, ...rest } = MONTHLY_ALLOWANCE_TWO_TIER;
    return {
      ...rest,
      effectiveFrom,
      legalBasis: [
        ...MONTHLY_ALLOWANCE_TWO_TIER.legalBasis,
        'Quyết định số 15/2054/QĐ-UBND tỉnh Đồng Nai (thử nghiệm)',
      ],
      steps: MONTHLY_ALLOWANCE_TWO_TIER.steps.map((step) =>
        step.key === 'verification' && step.kind === 'task'
          ? { ...step, deadline: { amount: 4, unit: 'working_days' as const } }
          : step,
      ),
    };
  };

  test('a whole definition becomes the next version; procedureInForce picks it from its effective date', async () => {
    const response = await api.request<VersionBody>(
      'POST',
      '/api/admin/procedures/monthly-allowance/versions',
      {
        token: admin,
        json: { kind: 'definition', definition: fullDefinition('2054-04-01') },
      },
    );
    expect(response.status).toBe(201);
    expect(response.body.source).toBe('published');
    expect(response.body.publishedBy).toBe('admin.75');
    expect(response.body.definition).toMatchObject({
      id: 'monthly-allowance',
      version: 4,
      effectiveFrom: '2054-04-01',
    });

    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2054-03-31')).version).toBe(3);
    const v4 = await procedureInForce(api.db.pool, 'monthly-allowance', '2054-04-01');
    expect(v4.version).toBe(4);
    expect(stepOf(v4, 'verification').deadline).toEqual({ amount: 4, unit: 'working_days' });
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2055-12-31')).version).toBe(4);
    // Dossiers received under the seeds keep them.
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2025-06-30')).version).toBe(1);
  });

  test('a patch changes deadlines of the version in force on its date and keeps the rest', async () => {
    const response = await api.request<VersionBody>(
      'POST',
      '/api/admin/procedures/monthly-allowance/versions',
      {
        token: admin,
        json: {
          kind: 'patch',
          effectiveFrom: '2054-06-01',
          steps: [
            {
              key: 'commune_decision',
              deadline: { amount: 2, unit: 'working_days' },
              escalation: {
                remindBefore: { amount: 1, unit: 'working_days' },
                whenOverdue: { notifyRoles: ['commune_chairman', 'admin'] },
              },
            },
            { key: 'public_posting', deadline: { amount: 3, unit: 'working_days' } },
          ],
        },
      },
    );
    expect(response.status).toBe(201);
    const v5 = response.body.definition;
    expect(v5.version).toBe(5);
    expect(stepOf(v5, 'verification').deadline.amount).toBe(4); // inherited from version 4
    expect(stepOf(v5, 'commune_decision').deadline.amount).toBe(2);
    expect(stepOf(v5, 'commune_decision').escalation.whenOverdue.notifyRoles).toEqual([
      'commune_chairman',
      'admin',
    ]);
    const posting = v5.steps.find((step) => step.key === 'public_posting');
    expect(posting?.kind === 'public_posting' && posting.duration.amount).toBe(3);

    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2054-05-31')).version).toBe(4);
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2054-06-01')).version).toBe(5);
  });

  test('a later version with an earlier date governs only until the later-dated one starts', async () => {
    const response = await api.request<VersionBody>(
      'POST',
      '/api/admin/procedures/monthly-allowance/versions',
      {
        token: admin,
        json: {
          kind: 'patch',
          basedOnVersion: 4,
          effectiveFrom: '2054-05-01',
          steps: [{ key: 'verification', deadline: { amount: 6, unit: 'working_days' } }],
        },
      },
    );
    expect(response.status).toBe(201);
    expect(response.body.definition.version).toBe(6);
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2054-04-30')).version).toBe(4);
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2054-05-15')).version).toBe(6);
    expect((await procedureInForce(api.db.pool, 'monthly-allowance', '2054-06-15')).version).toBe(5);
  });

  test('an invalid definition is 400 with bilingual field errors', async () => {
    const definition = fullDefinition('2054-07-01');
    const broken = {
      ...definition,
      title: '',
      steps: definition.steps.map((step, index) =>
        index === 0 && step.kind === 'task'
          ? { ...step, deadline: { amount: 0, unit: 'working_days' } }
          : step,
      ),
    };
    const response = await api.request('POST', '/api/admin/procedures/monthly-allowance/versions', {
      token: admin,
      json: { kind: 'definition', definition: broken },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.fieldErrors).toEqual(
      expect.arrayContaining([
        { path: 'body.definition.title', message: 'không được để trống', messageEn: 'must not be empty' },
        {
          path: 'body.definition.steps.0.deadline.amount',
          message: 'phải là số nguyên dương',
          messageEn: 'must be a positive integer',
        },
      ]),
    );
  });

  test('cross-field rules are reported per field too (return target, deciding step)', async () => {
    const definition = fullDefinition('2054-07-01');
    const broken = {
      ...definition,
      steps: definition.steps.map((step) =>
        step.kind === 'task' && step.key === 'commune_decision'
          ? {
              ...step,
              decides: undefined,
              outcomes: [
                { kind: 'approve' },
                { kind: 'return', requiredFields: ['reason'], targetStep: 'khong_co' },
              ],
            }
          : step,
      ),
    };
    const response = await api.request('POST', '/api/admin/procedures/monthly-allowance/versions', {
      token: admin,
      json: { kind: 'definition', definition: broken },
    });
    expect(response.status).toBe(400);
    const paths = (response.body.fieldErrors ?? []).map((error) => error.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.definition.steps.2.outcomes.1.targetStep', 'body.definition.steps']),
    );
    const target = response.body.fieldErrors?.find((error) => error.path.endsWith('targetStep'));
    expect(target).toEqual({
      path: 'body.definition.steps.2.outcomes.1.targetStep',
      message: 'không có bước nào có key "khong_co"',
      messageEn: 'no step has key "khong_co"',
    });
  });

  test('the effective date must be today or later', async () => {
    const past = await api.request('POST', '/api/admin/procedures/monthly-allowance/versions', {
      token: admin,
      json: { kind: 'definition', definition: fullDefinition('2054-03-01') },
    });
    expect(past.status).toBe(400);
    expect(past.body.fieldErrors).toEqual([
      {
        path: 'body.definition.effectiveFrom',
        message: 'Ngày bắt đầu hiệu lực không được trước hôm nay (2054-03-02)',
        messageEn: 'must not be before today (2054-03-02)',
      },
    ]);
    const pastPatch = await api.request('POST', '/api/admin/procedures/funeral-support/versions', {
      token: admin,
      json: { kind: 'patch', effectiveFrom: '2025-12-31', steps: [] },
    });
    expect(pastPatch.body.fieldErrors?.[0]?.path).toBe('body.effectiveFrom');
    const today = await api.request<VersionBody>('POST', '/api/admin/procedures/funeral-support/versions', {
      token: admin,
      json: { kind: 'patch', effectiveFrom: '2054-03-02', steps: [] },
    });
    expect(today.status).toBe(201);
    expect(today.body.definition.version).toBe(4);
  });

  test('patch errors: unknown step, invalid duration (bilingual), unknown base version', async () => {
    const unknownStep = await api.request('POST', '/api/admin/procedures/monthly-allowance/versions', {
      token: admin,
      json: {
        kind: 'patch',
        effectiveFrom: '2054-08-01',
        steps: [{ key: 'district_appraisal', deadline: { amount: 5, unit: 'working_days' } }],
      },
    });
    expect(unknownStep.status).toBe(400);
    expect(unknownStep.body.fieldErrors).toEqual([
      {
        path: 'body.steps.0.key',
        message: 'Phiên bản 5 không có bước "district_appraisal"',
        messageEn: 'version 5 has no step "district_appraisal"',
      },
    ]);

    const badDuration = await api.request('POST', '/api/admin/procedures/monthly-allowance/versions', {
      token: admin,
      json: {
        kind: 'patch',
        effectiveFrom: '2054-08-01',
        steps: [{ key: 'verification', deadline: { amount: -2, unit: 'weeks' } }],
      },
    });
    expect(badDuration.status).toBe(400);
    expect(badDuration.body.fieldErrors).toEqual(
      expect.arrayContaining([
        {
          path: 'body.steps.0.deadline.amount',
          message: 'phải là số nguyên dương',
          messageEn: 'must be a positive integer',
        },
        expect.objectContaining({ path: 'body.steps.0.deadline.unit' }),
      ]),
    );

    const unknownBase = await api.request('POST', '/api/admin/procedures/monthly-allowance/versions', {
      token: admin,
      json: { kind: 'patch', basedOnVersion: 42, effectiveFrom: '2054-08-01', steps: [] },
    });
    expect(unknownBase.body.fieldErrors).toEqual([
      { path: 'body.basedOnVersion', message: 'Không có phiên bản 42 của thủ tục "monthly-allowance"' },
    ]);
  });

  test('body shape errors: missing kind, unknown fields, id not matching the path', async () => {
    const noKind = await api.request('POST', '/api/admin/procedures/monthly-allowance/versions', {
      token: admin,
      json: { definition: {} },
    });
    expect(noKind.status).toBe(400);
    expect(noKind.body.fieldErrors?.[0]?.path).toBe('body.kind');
    const extra = await api.request('POST', '/api/admin/procedures/monthly-allowance/versions', {
      token: admin,
      json: { kind: 'patch', effectiveFrom: '2054-08-01', steps: [], note: 'x' },
    });
    expect(extra.body.fieldErrors).toEqual([{ path: 'body.note', message: 'Trường không được phép' }]);
    const otherId = await api.request('POST', '/api/admin/procedures/monthly-allowance/versions', {
      token: admin,
      json: { kind: 'definition', definition: { ...fullDefinition('2054-08-01'), id: 'funeral-support' } },
    });
    expect(otherId.body.fieldErrors?.[0]?.path).toBe('body.definition.id');
  });

  test('unknown procedure is 404; the auditor cannot publish', async () => {
    const unknown = await api.request('POST', '/api/admin/procedures/khong-co/versions', {
      token: admin,
      json: { kind: 'patch', effectiveFrom: '2054-08-01', steps: [] },
    });
    expect(unknown.status).toBe(404);
    const auditor = await api.login('auditor.75');
    const forbidden = await api.request('POST', '/api/admin/procedures/monthly-allowance/versions', {
      token: auditor,
      json: { kind: 'patch', effectiveFrom: '2054-08-01', steps: [] },
    });
    expect(forbidden.status).toBe(403);
  });

  test('concurrent publications get consecutive version numbers', async () => {
    const base = ProcedureDefinitionSchema.parse({
      ...MONTHLY_ALLOWANCE_TWO_TIER,
      effectiveFrom: '2055-01-01',
      effectiveTo: undefined,
    });
    const published = await Promise.all(
      [0, 1, 2].map(() => publishProcedureVersion(api.db.pool, base, 'test')),
    );
    expect(published.map((record) => record.definition.version).sort()).toEqual([7, 8, 9]);
  });
});

describe('GET /api/admin/procedures', () => {
  interface ListBody {
    today: string;
    procedures: Array<{
      id: string;
      inForceToday: number | null;
      versions: Array<{ version: number; source: string }>;
    }>;
  }

  test('lists every procedure with its versions and the one in force today', async () => {
    const auditor = await api.login('auditor.75');
    const response = await api.request<ListBody>('GET', '/api/admin/procedures', { token: auditor });
    expect(response.status).toBe(200);
    expect(response.body.today).toBe('2054-03-02');
    const monthly = response.body.procedures.find((procedure) => procedure.id === 'monthly-allowance');
    expect(monthly?.inForceToday).toBe(3);
    expect(monthly?.versions.map((v) => `${v.version}:${v.source}`)).toEqual([
      '1:seed',
      '2:seed',
      '3:published',
      '4:published',
      '5:published',
      '6:published',
      '7:published',
      '8:published',
      '9:published',
    ]);
    expect(response.body.procedures.map((procedure) => procedure.id).sort()).toEqual([
      'allowance-adjustment',
      'allowance-relocation',
      'allowance-termination',
      'emergency-food',
      'funeral-support',
      'monthly-allowance',
    ]);
    expect(
      response.body.procedures.find((procedure) => procedure.id === 'funeral-support')?.inForceToday,
    ).toBe(4);
  });

  test('“today” follows the clock', async () => {
    api.clock.advance(100 * 24 * 60 * 60 * 1000); // 2054-06-10: the morning's session has expired
    const token = await api.login('admin.75');
    const response = await api.request<ListBody>('GET', '/api/admin/procedures', { token });
    expect(
      response.body.procedures.find((procedure) => procedure.id === 'monthly-allowance')?.inForceToday,
    ).toBe(5);
    api.clock.advance(-100 * 24 * 60 * 60 * 1000);
    // That login deleted the morning's session (expired 100 days on); back in the morning, log in again.
    admin = await api.login('admin.75');
  });

  test('one version in full; unknown version 404, malformed 400; officers 403', async () => {
    const seed = await api.request<VersionBody>('GET', '/api/admin/procedures/monthly-allowance/versions/1', {
      token: admin,
    });
    expect(seed.status).toBe(200);
    expect(seed.body.source).toBe('seed');
    expect(seed.body.definition.tier).toBe('three-tier');
    const published = await api.request<VersionBody>(
      'GET',
      '/api/admin/procedures/monthly-allowance/versions/4',
      { token: admin },
    );
    expect(published.body).toMatchObject({ source: 'published', publishedBy: 'admin.75' });
    expect(
      (await api.request('GET', '/api/admin/procedures/monthly-allowance/versions/99', { token: admin }))
        .status,
    ).toBe(404);
    expect(
      (await api.request('GET', '/api/admin/procedures/monthly-allowance/versions/abc', { token: admin }))
        .status,
    ).toBe(400);
    const officer = await api.login('commune_officer.26170');
    expect((await api.request('GET', '/api/admin/procedures', { token: officer })).status).toBe(403);
  });
});
