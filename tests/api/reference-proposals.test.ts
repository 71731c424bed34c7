/**
 * New instruments as reviewable data: the two shipped proposals change nothing until confirmed; a second admin
 * confirms (the proposer cannot); a confirmed base level recomputes active entitlements and stores their
 * arrears, once; a confirmed holiday moves a due date; a rejection keeps everything as it was.
 *
 * The API's clock is pinned to 29/11/2026 (startTestApi's in-memory clock never reads the real time), so the
 * reported level from 01/07/2026 is in the past and months 07–11/2026 were paid at the old amount.
 */
import { createCalendarActivities } from '../../activities/dossier/calendar';
import { baseLevelTable } from '../../db/base-levels';
import { loadWorkingCalendar } from '../../db/calendar';
import { procedureInForce } from '../../db/procedures';
import { recomputeEntitlementsForBaseLevel, type BaseLevelChange } from '../../db/entitlement-arrears';
import { DEFAULT_BASE_LEVELS } from '../../domain/base-level';
import { recordDossierEvent } from '../../activities/dossier/record-event';
import { insertMonthlyDecision, insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { summariesKeptAndRebuilt } from '../helpers/report-summaries';
import { startTestApi, type TestApi } from './harness';

interface Proposal {
  id: number;
  kind: string;
  summary: string;
  status: string;
  confidence: string;
  source: { reference: string; issuer: string; date?: string; note?: string };
  proposedBy: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  arrears?: { entitlements: number; months: number; total: number; amountsChanged: number };
}
interface ArrearsBody {
  summary: { entitlements: number; months: number; total: number };
  entitlements: Array<{
    dossierCode: string;
    monthlyAmount: number;
    total: number;
    months: Array<{ month: string; previousAmount: number; newAmount: number; amount: number }>;
  }>;
}

const NOW = new Date('2026-11-29T03:00:00Z');
let api: TestApi;
let admin: string;
let secondAdmin: string;
let shippedBaseLevel: Proposal;
let shippedHoliday: Proposal;

// Monthly entitlements as the workflow records them (commune 26170): a decision's base level × coefficient.
const OLD_ELDERLY = '26170-250310-0001'; // 1.5 × 500.000 from 03/2025
const RECENT_DISABILITY = '26170-260915-0002'; // 2.0 × 500.000 from 09/2026, decided before the level was known
const DOUBLE = '26170-240805-0003'; // 5.4 + 5.6: 2.5 × 500.000 from 08/2024
const TERMINATED = '26170-250101-0004'; // stopped: nothing owed

beforeAll(async () => {
  api = await startTestApi({ now: NOW });
  admin = await api.login('admin.75');
  const created = await api.request('POST', '/api/admin/users', {
    token: admin,
    json: {
      username: 'admin.hai',
      fullName: 'Trần Văn Hai',
      password: 'mat-khau-quan-tri-hai',
      role: 'admin',
      unitCode: '75',
    },
  });
  expect(created.status).toBe(201);
  secondAdmin = await api.login('admin.hai', 'mat-khau-quan-tri-hai');
  const pool = api.db.pool;
  await insertMonthlyEntitlement(pool, OLD_ELDERLY, {
    signedOn: '2025-03-10',
    coefficient: 1.5,
    baseLevel: 500_000,
    startMonth: '2025-03',
  });
  await insertMonthlyEntitlement(pool, RECENT_DISABILITY, {
    signedOn: '2026-09-15',
    coefficient: 2.0,
    baseLevel: 500_000,
    startMonth: '2026-09',
  });
  await insertMonthlyEntitlement(pool, DOUBLE, {
    signedOn: '2024-08-05',
    coefficient: 2.5,
    baseLevel: 500_000,
    startMonth: '2024-08',
  });
  await insertMonthlyEntitlement(pool, TERMINATED, {
    signedOn: '2025-01-02',
    coefficient: 1.0,
    baseLevel: 500_000,
    startMonth: '2025-01',
    status: 'terminated',
  });
  const listed = await api.request<{ proposals: Proposal[] }>('GET', '/api/admin/reference-proposals', {
    token: admin,
  });
  shippedBaseLevel = listed.body.proposals.find((proposal) => proposal.kind === 'base_level')!;
  shippedHoliday = listed.body.proposals.find((proposal) => proposal.kind === 'annual_holiday')!;
});
afterAll(() => api.close());

async function monthlyAmounts(): Promise<Record<string, number>> {
  const { rows } = await api.db.pool.query<{ dossier_code: string; monthly_amount: number }>(
    'SELECT dossier_code, monthly_amount FROM entitlements ORDER BY dossier_code',
  );
  return Object.fromEntries(rows.map((row) => [row.dossier_code, Number(row.monthly_amount)]));
}

async function auditCount(action: string): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM audit_log WHERE action = $1',
    [action],
  );
  return Number(rows[0]!.n);
}

const AMOUNTS_BEFORE = {
  [DOUBLE]: 1_250_000,
  [TERMINATED]: 500_000,
  [OLD_ELDERLY]: 750_000,
  [RECENT_DISABILITY]: 1_000_000,
};

describe('the shipped proposals, unconfirmed', () => {
  test('are listed pending with their source and confidence', () => {
    expect(shippedBaseLevel).toMatchObject({
      status: 'pending',
      confidence: 'weak',
      proposedBy: null,
      summary: 'Mức chuẩn trợ giúp xã hội 540.000 đồng/tháng, áp dụng từ ngày 01/07/2026',
      source: { reference: 'Nghị định số 335/2026/NĐ-CP', issuer: 'Chính phủ', date: '2026-08-21' },
    });
    expect(shippedBaseLevel.source.note).toContain('chưa được xác nhận');
    expect(shippedHoliday).toMatchObject({
      status: 'pending',
      confidence: 'secondary',
      summary: 'Ngày nghỉ lễ hằng năm 24/11 từ năm 2026: Ngày Văn hóa Việt Nam (24/11)',
      source: { issuer: 'Quốc hội' },
    });
  });

  test('change no amount, no working day, no arrears', async () => {
    expect(await baseLevelTable(api.db.pool)).toEqual(DEFAULT_BASE_LEVELS);
    const calendar = await loadWorkingCalendar(api.db.pool, { province: '75' });
    expect(calendar.isWorkingDay('2026-11-24')).toBe(true);
    expect(calendar.isWorkingDay('2054-11-24')).toBe(true);
    expect(await monthlyAmounts()).toEqual(AMOUNTS_BEFORE);
    const arrears = await api.request<ArrearsBody>('GET', '/api/admin/entitlement-arrears', { token: admin });
    expect(arrears.body.summary).toEqual({ entitlements: 0, months: 0, total: 0 });
  });
});

describe('proposing', () => {
  const override = {
    kind: 'calendar_override',
    payload: {
      province: '75',
      date: '2054-06-15',
      status: 'off',
      reason: 'Ngày nghỉ riêng của tỉnh (thử nghiệm)',
    },
    source: {
      reference: 'Quyết định số 12/QĐ-UBND',
      issuer: 'Ủy ban nhân dân tỉnh Đồng Nai',
      date: '2054-05-02',
    },
    confidence: 'verified',
  };

  test('needs a source and a known confidence (400, nothing stored)', async () => {
    const before = await auditCount('reference.propose');
    const noSource = await api.request('POST', '/api/admin/reference-proposals', {
      token: admin,
      json: { ...override, source: undefined },
    });
    expect(noSource.status).toBe(400);
    expect(noSource.body.fieldErrors?.map((error) => error.path)).toContain('body.source');
    const badConfidence = await api.request('POST', '/api/admin/reference-proposals', {
      token: admin,
      json: { ...override, confidence: 'chắc chắn' },
    });
    expect(badConfidence.status).toBe(400);
    expect(badConfidence.body.fieldErrors?.map((error) => error.path)).toEqual(['body.confidence']);
    const badPayload = await api.request('POST', '/api/admin/reference-proposals', {
      token: admin,
      json: { ...override, payload: { ...override.payload, date: '2054-02-30' } },
    });
    expect(badPayload.status).toBe(400);
    expect(await auditCount('reference.propose')).toBe(before);
  });

  test('officers may not propose; auditors may read', async () => {
    const officer = await api.login('commune_officer.26170');
    expect(
      (await api.request('POST', '/api/admin/reference-proposals', { token: officer, json: override }))
        .status,
    ).toBe(403);
    const auditor = await api.login('auditor.75');
    expect((await api.request('GET', '/api/admin/reference-proposals', { token: auditor })).status).toBe(200);
  });

  test('the proposer cannot confirm their own proposal; another admin can, and then it applies', async () => {
    const proposed = await api.request<Proposal>('POST', '/api/admin/reference-proposals', {
      token: admin,
      json: override,
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'pending', proposedBy: 'admin.75' });
    const calendarBefore = await loadWorkingCalendar(api.db.pool, { province: '75' });
    expect(calendarBefore.isWorkingDay('2054-06-15')).toBe(true);

    const own = await api.request(`POST`, `/api/admin/reference-proposals/${proposed.body.id}/confirm`, {
      token: admin,
    });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('OWN_PROPOSAL');
    expect((await loadWorkingCalendar(api.db.pool, { province: '75' })).isWorkingDay('2054-06-15')).toBe(
      true,
    );

    const confirmed = await api.request<Proposal>(
      'POST',
      `/api/admin/reference-proposals/${proposed.body.id}/confirm`,
      { token: secondAdmin },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', decidedBy: 'admin.hai' });
    expect((await loadWorkingCalendar(api.db.pool, { province: '75' })).isWorkingDay('2054-06-15')).toBe(
      false,
    );
  });
});

describe('a proposed procedure version', () => {
  test('selects no route until confirmed; then dossiers received from its date get it', async () => {
    const inForce = async () =>
      (await procedureInForce(api.db.pool, 'funeral-support', '2054-03-02')).version;
    const seeded = await inForce();
    const badPatch = await api.request('POST', '/api/admin/reference-proposals', {
      token: admin,
      json: {
        kind: 'procedure_version',
        payload: {
          procedureId: 'funeral-support',
          change: { kind: 'patch', effectiveFrom: '2026-01-01', steps: [] },
        },
        source: { reference: 'Quyết định số 30/QĐ-UBND', issuer: 'Ủy ban nhân dân tỉnh Đồng Nai' },
        confidence: 'verified',
      },
    });
    expect(badPatch.status).toBe(400); // checked as publishing checks it: not before today
    const proposed = await api.request<Proposal>('POST', '/api/admin/reference-proposals', {
      token: admin,
      json: {
        kind: 'procedure_version',
        payload: {
          procedureId: 'funeral-support',
          change: { kind: 'patch', effectiveFrom: '2054-03-02', steps: [] },
        },
        source: { reference: 'Quyết định số 30/QĐ-UBND', issuer: 'Ủy ban nhân dân tỉnh Đồng Nai' },
        confidence: 'verified',
      },
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body.summary).toBe(
      'Phiên bản mới của thủ tục funeral-support, áp dụng từ ngày 02/03/2054',
    );
    expect(await inForce()).toBe(seeded);
    const confirmed = await api.request(
      'POST',
      `/api/admin/reference-proposals/${proposed.body.id}/confirm`,
      {
        token: secondAdmin,
      },
    );
    expect(confirmed.status).toBe(200);
    expect(await inForce()).toBe(seeded + 1);
  });
});

describe('confirming the reported base level of 01/07/2026', () => {
  test('recomputes every active entitlement and stores the arrears of 07–11/2026', async () => {
    const confirmsBefore = await auditCount('reference.confirm');
    const confirmed = await api.request<Proposal>(
      'POST',
      `/api/admin/reference-proposals/${shippedBaseLevel.id}/confirm`,
      { token: admin }, // a shipped proposal has no proposer: any admin confirms it
    );
    expect(confirmed.status).toBe(200);
    // 1.5 × 40.000 × 5 months + 2.0 × 40.000 × 3 months (from 09/2026) + 2.5 × 40.000 × 5 months.
    expect(confirmed.body).toMatchObject({
      status: 'confirmed',
      decidedBy: 'admin.75',
      arrears: { entitlements: 3, months: 13, total: 300_000 + 240_000 + 500_000, amountsChanged: 3 },
    });
    expect(await auditCount('reference.confirm')).toBe(confirmsBefore + 1);

    expect(await monthlyAmounts()).toEqual({
      [DOUBLE]: 1_350_000,
      [TERMINATED]: 500_000,
      [OLD_ELDERLY]: 810_000,
      [RECENT_DISABILITY]: 1_080_000,
    });
    const table = await baseLevelTable(api.db.pool);
    expect(table.at(-1)).toMatchObject({ effectiveFrom: '2026-07-01', amount: 540_000 });

    const arrears = await api.request<ArrearsBody>(
      'GET',
      `/api/admin/entitlement-arrears?proposalId=${shippedBaseLevel.id}`,
      { token: admin },
    );
    expect(arrears.status).toBe(200);
    expect(arrears.body.summary).toEqual({ entitlements: 3, months: 13, total: 1_040_000 });
    const recent = arrears.body.entitlements.find((entry) => entry.dossierCode === RECENT_DISABILITY)!;
    expect(recent).toEqual({
      dossierCode: RECENT_DISABILITY,
      communeCode: '26170',
      monthlyAmount: 1_080_000,
      total: 240_000,
      months: ['2026-09', '2026-10', '2026-11'].map((month) => ({
        month,
        proposalId: shippedBaseLevel.id,
        previousAmount: 1_000_000,
        newAmount: 1_080_000,
        amount: 80_000,
      })),
    });
    const old = arrears.body.entitlements.find((entry) => entry.dossierCode === OLD_ELDERLY)!;
    expect(old.months.map((month) => month.month)).toEqual([
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
  });

  test('confirming again, or re-running the recompute, adds nothing', async () => {
    const confirms = await auditCount('reference.confirm');
    const again = await api.request<Proposal>(
      'POST',
      `/api/admin/reference-proposals/${shippedBaseLevel.id}/confirm`,
      { token: secondAdmin },
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ decidedBy: 'admin.75', arrears: { total: 1_040_000 } });
    expect(await auditCount('reference.confirm')).toBe(confirms);

    const { rows } = await api.db.pool.query<{ outcome: { change: BaseLevelChange } }>(
      'SELECT outcome FROM reference_proposals WHERE id = $1',
      [shippedBaseLevel.id],
    );
    const rerun = await recomputeEntitlementsForBaseLevel(api.db.pool, rows[0]!.outcome.change, NOW);
    expect(rerun).toEqual({ amountsChanged: 0, arrearsRowsWritten: 0 });
    const arrears = await api.request<ArrearsBody>('GET', '/api/admin/entitlement-arrears', { token: admin });
    expect(arrears.body.summary).toEqual({ entitlements: 3, months: 13, total: 1_040_000 });
  });

  test('an entitlement decided with the old level but recorded after the confirmation gets it too', async () => {
    // The workflow computed this decision before the level was confirmed; its entitlement is recorded now.
    const late = '26170-261020-0005';
    const amount = await insertMonthlyDecision(api.db.pool, late, {
      signedOn: '2026-10-20',
      coefficient: 1.5,
      baseLevel: 500_000,
      startMonth: '2026-10',
    });
    // The rows above were written straight into the read model: the summaries start from them.
    await summariesKeptAndRebuilt(api.db.pool);
    await recordDossierEvent(api.db.pool, {
      code: late,
      seq: 1,
      at: NOW.toISOString(),
      legalDate: '2026-11-29',
      type: 'entitlement_created',
      data: { kind: 'monthly', monthlyAmount: amount, startMonth: '2026-10', payerRole: 'payment_officer' },
    });
    expect((await monthlyAmounts())[late]).toBe(810_000);
    const arrears = await api.request<ArrearsBody>(
      'GET',
      `/api/admin/entitlement-arrears?dossierCode=${late}`,
      {
        token: admin,
      },
    );
    expect(arrears.body.summary).toEqual({ entitlements: 1, months: 2, total: 120_000 });
    // Recorded again (a retried activity): nothing more.
    await recordDossierEvent(api.db.pool, {
      code: late,
      seq: 1,
      at: NOW.toISOString(),
      legalDate: '2026-11-29',
      type: 'entitlement_created',
      data: { kind: 'monthly', monthlyAmount: amount, startMonth: '2026-10', payerRole: 'payment_officer' },
    });
    const again = await api.request<ArrearsBody>(
      'GET',
      `/api/admin/entitlement-arrears?dossierCode=${late}`,
      {
        token: admin,
      },
    );
    expect(again.body.summary.total).toBe(120_000);
    const proposal = await api.request<Proposal>(
      'GET',
      `/api/admin/reference-proposals/${shippedBaseLevel.id}`,
      {
        token: admin,
      },
    );
    expect(proposal.body.arrears).toEqual({
      entitlements: 4,
      months: 15,
      total: 1_160_000,
      amountsChanged: 3,
    });
    // The beneficiaries report sums current amounts: the summaries took the entitlement at its new amount.
    const { kept, rebuilt } = await summariesKeptAndRebuilt(api.db.pool);
    expect(kept).toEqual(rebuilt);
  });

  test('a confirmed proposal cannot be rejected (409), and stays in force', async () => {
    const response = await api.request(
      `POST`,
      `/api/admin/reference-proposals/${shippedBaseLevel.id}/reject`,
      {
        token: secondAdmin,
        json: { reason: 'Thử từ chối sau khi đã xác nhận' },
      },
    );
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('PROPOSAL_DECIDED');
    expect((await baseLevelTable(api.db.pool)).at(-1)?.amount).toBe(540_000);
  });

  test('arrears are shown only for entitlements in the reader’s units', async () => {
    const otherDistrict = await api.login('payment_officer.731');
    const response = await api.request<ArrearsBody>('GET', '/api/admin/entitlement-arrears', {
      token: otherDistrict,
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ summary: { entitlements: 0, months: 0, total: 0 }, entitlements: [] });
    const own = await api.login('payment_officer.737');
    const ownArrears = await api.request<ArrearsBody>('GET', '/api/admin/entitlement-arrears', {
      token: own,
    });
    expect(ownArrears.body.summary.total).toBe(1_040_000 + 120_000); // with the late entitlement above
  });
});

describe('rejecting', () => {
  test('keeps the data out, with the reason; again is the same answer; then it cannot be confirmed', async () => {
    const proposed = await api.request<Proposal>('POST', '/api/admin/reference-proposals', {
      token: admin,
      json: {
        kind: 'base_level',
        payload: { effectiveFrom: '2027-01-01', amount: 600_000, legalBasis: 'Tin đồn trên mạng xã hội' },
        source: { reference: 'Không rõ', issuer: 'Không rõ' },
        confidence: 'weak',
      },
    });
    expect(proposed.status).toBe(201);
    const path = `/api/admin/reference-proposals/${proposed.body.id}`;
    const noReason = await api.request('POST', `${path}/reject`, {
      token: secondAdmin,
      json: { reason: ' ' },
    });
    expect(noReason.status).toBe(400);

    const rejected = await api.request<Proposal>('POST', `${path}/reject`, {
      token: admin, // the proposer may withdraw their own proposal
      json: { reason: 'Không có văn bản gốc' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'Không có văn bản gốc' });
    const rejectsAfterFirst = await auditCount('reference.reject');
    const again = await api.request<Proposal>('POST', `${path}/reject`, {
      token: secondAdmin,
      json: { reason: 'Lần hai' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      status: 'rejected',
      decisionReason: 'Không có văn bản gốc',
      decidedBy: 'admin.75',
    });
    expect(await auditCount('reference.reject')).toBe(rejectsAfterFirst);

    const confirm = await api.request('POST', `${path}/confirm`, { token: secondAdmin });
    expect(confirm.status).toBe(409);
    expect(confirm.body.code).toBe('PROPOSAL_DECIDED');
    expect((await baseLevelTable(api.db.pool)).map((level) => level.effectiveFrom)).not.toContain(
      '2027-01-01',
    );
  });

  test('an unknown proposal is 404', async () => {
    const response = await api.request('POST', '/api/admin/reference-proposals/999999/confirm', {
      token: admin,
    });
    expect(response.status).toBe(404);
  });
});

describe('confirming the holiday of 24/11', () => {
  test('moves a due date that crossed it, from its first year on', async () => {
    const activities = createCalendarActivities(api.db.pool);
    // Derived from the calendar in force: the working day before 24/11/2054 (a Tuesday, as in 2026).
    const before = await loadWorkingCalendar(api.db.pool, { province: '75' });
    let from = before.addCalendarDays('2054-11-24', -1);
    while (!before.isWorkingDay(from)) from = before.addCalendarDays(from, -1);
    const oneWorkingDay = {
      from,
      duration: { amount: 1, unit: 'working_days' as const },
      provinceCode: '75',
    };
    expect(await activities.addDuration(oneWorkingDay)).toBe('2054-11-24');

    const confirmed = await api.request<Proposal>(
      'POST',
      `/api/admin/reference-proposals/${shippedHoliday.id}/confirm`,
      { token: secondAdmin },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');

    const after = await loadWorkingCalendar(api.db.pool, { province: '75' });
    let expected = after.addCalendarDays('2054-11-24', 1);
    while (!after.isWorkingDay(expected)) expected = after.addCalendarDays(expected, 1);
    expect(await activities.addDuration(oneWorkingDay)).toBe(expected);
    expect(expected > '2054-11-24').toBe(true);
    const year = await api.request<{ nonWorkingDays: Array<{ date: string; reason: string }> }>(
      'GET',
      '/api/admin/calendar/2026',
      { token: admin },
    );
    expect(year.body.nonWorkingDays).toContainEqual(
      expect.objectContaining({ date: '2026-11-24', reason: 'Ngày Văn hóa Việt Nam (24/11)' }),
    );
  });
});
