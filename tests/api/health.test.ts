/** /health stays outside the API's auth and error machinery and reports each backing service. */
import { startTestApi, type TestApi } from './harness';

interface HealthBody {
  status: string;
  postgres: { up: boolean };
  temporal: { up: boolean };
}

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ seed: false });
});
afterAll(() => api.close());

test('reports Postgres up and an unreachable Temporal as degraded (503), without a login', async () => {
  // The harness's Temporal connection points at a closed port on purpose.
  const response = await api.request<HealthBody>('GET', '/health');
  expect(response.status).toBe(503);
  expect(response.body.status).toBe('degraded');
  expect(response.body.postgres.up).toBe(true);
  expect(response.body.temporal.up).toBe(false);
});
