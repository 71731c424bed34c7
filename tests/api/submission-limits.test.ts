/**
 * Issue 15, point 9: POST /api/dossiers needs no account, starts a workflow and spends a dossier number per
 * call. Online submissions are now limited per client address and per phone (429 TOO_MANY_ATTEMPTS with
 * Retry-After), and each commune takes a bounded number of online dossiers a day (429
 * ONLINE_DAILY_LIMIT_REACHED until tomorrow) — so a script can never spend the numbers the one-stop desk needs.
 */
import { sampleApplication, startDossierApi, type DossierApi } from './dossier-harness';

const LIMITS = { perAddress: 3, perPhone: 2, windowMs: 60 * 60 * 1000, onlinePerUnitPerDay: 5 };

let api: DossierApi;
beforeAll(async () => {
  api = await startDossierApi({ deps: { trustProxy: true, submissionLimits: LIMITS } });
  await api.skipTo('2054-12-01', 9);
});
afterAll(() => api?.stop());

const withPhone = (phone: string) => {
  const application = sampleApplication();
  return { ...application, applicant: { ...application.applicant, phone } };
};
const submit = (address: string, phone: string) =>
  api.request('POST', '/api/dossiers', {
    json: { procedureId: 'monthly-allowance', application: withPhone(phone) },
    headers: { 'x-forwarded-for': address },
  });

test('per phone: the third submission with one phone in an hour is 429 with Retry-After', async () => {
  expect((await submit('203.0.113.1', '0911000001')).status).toBe(201);
  expect((await submit('203.0.113.2', '0911000001')).status).toBe(201);
  const third = await submit('203.0.113.3', '0911000001');
  expect(third.status).toBe(429);
  expect(third.body.code).toBe('TOO_MANY_ATTEMPTS');
  expect(third.body.message).toMatch(/thử lại sau \d+ phút/);
  expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
});

test('per address: the fourth submission from one address in an hour is 429', async () => {
  // 203.0.113.1 has one already (above).
  expect((await submit('203.0.113.1', '0911000002')).status).toBe(201);
  expect((await submit('203.0.113.1', '0911000003')).status).toBe(201);
  const refused = await submit('203.0.113.1', '0911000007');
  expect(refused.status).toBe(429);
  expect(refused.body.code).toBe('TOO_MANY_ATTEMPTS');
});

test("the commune's daily online bound: 429 until tomorrow; the desk still receives", async () => {
  // Five online dossiers of commune 26170 today: four above and this one.
  expect((await submit('198.51.100.1', '0911000004')).status).toBe(201);
  const over = await submit('198.51.100.2', '0911000005');
  expect(over.status).toBe(429);
  expect(over.body.code).toBe('ONLINE_DAILY_LIMIT_REACHED');
  expect(over.body.message).toContain('Bộ phận Một cửa');
  expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  // The refused one took no number: the commune's sequence stands at the five online dossiers.
  const { rows } = await api.db.pool.query<{ last_value: number }>(
    `SELECT last_value FROM dossier_code_sequences WHERE unit_code = '26170'`,
  );
  expect(rows[0]!.last_value).toBe(5);

  const clerk = await api.login('intake_clerk.26170');
  const desk = await api.request<{ code: string }>('POST', '/api/desk/dossiers', {
    token: clerk,
    json: { procedureId: 'monthly-allowance', application: withPhone('0911000006') },
  });
  expect(desk.status).toBe(201);
});
