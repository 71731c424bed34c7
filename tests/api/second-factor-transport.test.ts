/**
 * Issue 15, point 11: the citizen's second factor (phone, last 4 ID digits) travelled in the URL query, which
 * proxies and the app's own error log write down. It now travels in headers (X-Tracking-Phone,
 * X-Tracking-Id-Last4); the old query form is refused (400) so no client keeps leaking it; and no log line of
 * the API prints a query string.
 */
import type { RouteModule } from '../../api/route-registry';
import { ROUTE_MODULES } from '../../api/routes';
import { startTestApi, type TestApi } from './harness';
import { insertDossierRow, ONLINE_AWAITING_CHECK } from '../helpers/dossier-rows';

const CODE = '26170-541124-0001';
const PHONE = '0912345678';
const logged: string[] = [];

const failing: RouteModule = (routes) => {
  routes.add({
    method: 'get',
    path: '/api/test/boom',
    summary: 'Fails (test only)',
    tags: ['test'],
    auth: 'public',
    response: { status: 204, description: 'never' },
    handler: () => Promise.reject(new Error('boom')),
  });
};

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({
    now: new Date('2054-11-24T02:00:00Z'),
    modules: [...ROUTE_MODULES, failing],
    deps: { logError: (message) => logged.push(message) },
  });
  await insertDossierRow(api.db.pool, CODE, ONLINE_AWAITING_CHECK(PHONE));
});
afterAll(() => api.close());

test('the factor in a header reaches the dossier; a wrong one is 404', async () => {
  const byPhone = await api.request<{ code: string }>('GET', `/api/track/${CODE}`, {
    headers: { 'x-tracking-phone': PHONE },
  });
  expect(byPhone.status).toBe(200);
  expect(byPhone.body.code).toBe(CODE);
  const byId = await api.request('GET', `/api/track/${CODE}`, { headers: { 'x-tracking-id-last4': '0123' } });
  expect(byId.status).toBe(200);
  const wrong = await api.request('GET', `/api/track/${CODE}`, {
    headers: { 'x-tracking-id-last4': '9999' },
  });
  expect(wrong.status).toBe(404);
});

test('no factor: 400 naming the header', async () => {
  const none = await api.request('GET', `/api/track/${CODE}`);
  expect(none.status).toBe(400);
  expect(none.body.fieldErrors?.map((error) => error.path)).toContain('headers.x-tracking-phone');
});

test.each([
  ['GET', `/api/track/${CODE}?phone=${PHONE}`],
  ['GET', `/api/track/${CODE}/documents/00000000-0000-4000-8000-000000000000?phone=${PHONE}`],
  ['POST', `/api/track/${CODE}/complaints?phone=${PHONE}`],
  ['POST', `/api/track/${CODE}/supplements?idLast4=0123`],
])('the factor in the query is refused: %s %s', async (method, path) => {
  const response = await api.request(method, path, {
    headers: { 'x-tracking-phone': PHONE },
    ...(method === 'POST' ? { json: {} } : {}),
  });
  expect(response.status).toBe(400);
  expect(response.body.fieldErrors?.[0]?.path).toMatch(/^query\.(phone|idLast4)$/);
});

test('the OpenAPI document describes the headers, and no query parameter carries the factor', async () => {
  const { body } = await api.request<{
    paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
  }>('GET', '/api/openapi.json');
  for (const [path, operations] of Object.entries(body.paths)) {
    if (!path.startsWith('/api/track/')) continue;
    for (const operation of Object.values(operations)) {
      const parameters = operation.parameters ?? [];
      expect(parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual([]);
      expect(parameters.filter((p) => p.in === 'header').map((p) => p.name)).toEqual(
        expect.arrayContaining(['x-tracking-phone', 'x-tracking-id-last4']),
      );
    }
  }
});

test('an unexpected error is logged without the query string', async () => {
  const response = await api.request('GET', `/api/test/boom?phone=${PHONE}&name=Nguyen`);
  expect(response.status).toBe(500);
  expect(logged).toEqual(['GET /api/test/boom failed']);
});
