/**
 * Issue 15, point 8: behind a TLS proxy every request comes from the proxy's address. With TRUST_PROXY set
 * (runtime/config.ts), the client's own address (X-Forwarded-For) is what the throttles count, so one
 * guesser is locked out and the next citizen is not; without it, X-Forwarded-For is ignored — a client cannot
 * pick its own address to escape a lockout.
 */
import { loadConfig } from '../../runtime/config';
import { startTestApi, type TestApi } from './harness';
import { insertDossierRow, ONLINE_AWAITING_CHECK } from '../helpers/dossier-rows';

const CODE = '26170-541124-0001';
const PHONE = '0912345678';
const THROTTLE = { perCode: 3, perAddress: 5, windowMs: 15 * 60 * 1000 };

async function apiWith(env: Record<string, string>): Promise<TestApi> {
  const config = loadConfig(env);
  const api = await startTestApi({
    now: new Date('2054-11-24T02:00:00Z'),
    seed: false,
    deps: { trustProxy: config.TRUST_PROXY, trackingThrottle: THROTTLE },
  });
  await insertDossierRow(api.db.pool, CODE, ONLINE_AWAITING_CHECK(PHONE));
  return api;
}

/** A lookup as the proxy forwards it: the proxy's own address on the socket, the client's in the header. */
const track = (api: TestApi, client: string, phone: string) =>
  api.request('GET', `/api/track/${CODE}`, {
    headers: { 'x-forwarded-for': client, 'x-tracking-phone': phone },
  });

async function lockOut(api: TestApi, client: string): Promise<void> {
  for (let n = 0; n < THROTTLE.perCode; n += 1)
    expect((await track(api, client, '0999999999')).status).toBe(404);
  expect((await track(api, client, PHONE)).status).toBe(429);
}

describe('TRUST_PROXY=1 (one TLS proxy in front)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await apiWith({ TRUST_PROXY: '1' });
  });
  afterAll(() => api?.close());

  test('two clients behind the proxy get separate lockouts', async () => {
    await lockOut(api, '203.0.113.7');
    const other = await track(api, '198.51.100.20', PHONE);
    expect(other.status).toBe(200);
    const { rows } = await api.db.pool.query<{ client_ip: string }>(
      'SELECT DISTINCT client_ip FROM tracking_failures',
    );
    expect(rows.map((row) => row.client_ip)).toEqual(['203.0.113.7']);
  });
});

describe('TRUST_PROXY unset', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await apiWith({});
  });
  afterAll(() => api?.close());

  test('X-Forwarded-For is ignored: a new header does not escape the lockout', async () => {
    await lockOut(api, '203.0.113.7');
    const spoofed = await track(api, '198.51.100.20', PHONE);
    expect(spoofed.status).toBe(429);
    expect(spoofed.body.code).toBe('TOO_MANY_ATTEMPTS');
  });
});
