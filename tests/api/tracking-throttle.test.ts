/**
 * Guessing second factors across dossier codes: besides 10 wrong factors per code and address, an address
 * gets 20 wrong factors in 15 minutes whatever the codes, so a known phone number cannot be tried against
 * every code of a commune. No Temporal needed: tracking reads the read model only (the dossier row is
 * inserted here as the workflow's activity would).
 */
import { startTestApi, withSecondFactor, type TestApi } from './harness';
import { insertDossierRow, ONLINE_AWAITING_CHECK } from '../helpers/dossier-rows';

let api: TestApi;
const CODE = '26170-541124-0001';
const PHONE = '0912345678';

beforeAll(async () => {
  api = await startTestApi({ now: new Date('2054-11-24T02:00:00Z'), deps: { trustProxy: true } });
  await insertDossierRow(api.db.pool, CODE, ONLINE_AWAITING_CHECK(PHONE));
});
afterAll(() => api?.close());

const track = (code: string, address: string, factor = `phone=${PHONE}`) =>
  api.request('GET', `/api/track/${code}`, {
    headers: { 'x-forwarded-for': address, ...withSecondFactor(factor).headers },
  });
const codeNumber = (n: number) => `26170-541124-${String(n).padStart(4, '0')}`;

test('20 wrong guesses from one address across codes: 429 with Retry-After, the right factor too', async () => {
  const guesser = '203.0.113.7';
  expect((await track(CODE, guesser)).status).toBe(200);
  // Walking through the commune's codes with a known phone number: one guess per code, never 10 on one.
  for (let n = 2; n < 22; n += 1) expect((await track(codeNumber(n), guesser)).status).toBe(404);

  const blocked = await track(CODE, guesser);
  expect(blocked.status).toBe(429);
  expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
  const retryAfter = Number(blocked.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  expect((await track(codeNumber(99), guesser)).status).toBe(429);

  // Other addresses are not affected.
  expect((await track(CODE, '198.51.100.20')).status).toBe(200);

  // Once the window has passed, the address may look up again.
  api.clock.advance(15 * 60 * 1000 + 1000);
  expect((await track(CODE, guesser)).status).toBe(200);
});

test('the state is in Postgres: the count is per address across codes', async () => {
  const address = '203.0.113.8';
  for (let n = 30; n < 40; n += 1)
    expect((await track(codeNumber(n), address, 'idLast4=9999')).status).toBe(404);
  const { rows } = await api.db.pool.query<{ n: number }>(
    'SELECT count(DISTINCT dossier_code)::int AS n FROM tracking_failures WHERE client_ip = $1',
    [address],
  );
  expect(rows[0]!.n).toBe(10);
});
