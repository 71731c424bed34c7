/**
 * /health stays outside the API's auth and error machinery and reports each backing service. A failing
 * service is named by a stable code and a Vietnamese message, never by the driver's own error text (which
 * tells an outsider host names, ports and versions); the raw error goes to the log instead.
 */
import { Pool } from 'pg';
import { startTestApi, type TestApi } from './harness';

interface ComponentBody {
  up: boolean;
  latencyMs: number;
  code?: string;
  message?: string;
}
interface HealthBody {
  status: string;
  postgres: ComponentBody;
  temporal: ComponentBody;
}

let api: TestApi;
let stoppedPostgres: TestApi;
beforeAll(async () => {
  api = await startTestApi({ seed: false });
  // A pool towards a port where no Postgres listens: a stopped database, as the driver meets it.
  stoppedPostgres = await startTestApi({
    seed: false,
    deps: { pool: new Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2_000 }) },
  });
});
afterAll(async () => {
  await api.close();
  await stoppedPostgres.close();
});

test('reports Postgres up and an unreachable Temporal as degraded (503), without a login', async () => {
  // The harness's Temporal connection points at a closed port on purpose.
  const response = await api.request<HealthBody>('GET', '/health');
  expect(response.status).toBe(503);
  expect(response.body.status).toBe('degraded');
  expect(response.body.postgres).toEqual({ up: true, latencyMs: expect.any(Number) });
  expect(response.body.temporal).toEqual({
    up: false,
    latencyMs: expect.any(Number),
    code: 'TEMPORAL_UNAVAILABLE',
    message: 'Không kết nối được máy chủ điều phối quy trình (Temporal)',
  });
  // The gRPC error (with its address) is logged, not answered.
  expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|UNAVAILABLE:|ECONNREFUSED|grpc/i);
  expect(api.errors.length).toBeGreaterThan(0);
});

test('a stopped Postgres is POSTGRES_UNAVAILABLE with a Vietnamese message, not the pg error text', async () => {
  const response = await stoppedPostgres.request<HealthBody>('GET', '/health');
  expect(response.status).toBe(503);
  expect(response.body.postgres).toEqual({
    up: false,
    latencyMs: expect.any(Number),
    code: 'POSTGRES_UNAVAILABLE',
    message: 'Không kết nối được cơ sở dữ liệu',
  });
  expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect/i);
});
