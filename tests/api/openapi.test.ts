/** The OpenAPI 3.1 document is generated from the route registry and is a valid OpenAPI document. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestApi, type TestApi } from './harness';

/**
 * The validator ships only as an ES module, which jest's CommonJS sandbox cannot import, so its own CLI
 * validates the document in a child process and prints the result as JSON.
 */
async function validateOpenApi(document: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const cli = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, file]).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '{"valid":false}' }),
    );
    return JSON.parse(stdout) as { valid: boolean; errors?: unknown };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { security?: unknown[]; responses: Record<string, unknown>; requestBody?: unknown }>
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ seed: false });
});
afterAll(() => api.close());

test('GET /api/openapi.json is a valid OpenAPI 3.1 document', async () => {
  const response = await api.request<OpenApiDoc>('GET', '/api/openapi.json');
  expect(response.status).toBe(200);
  expect(response.body.openapi).toBe('3.1.0');
  const result = await validateOpenApi(response.body);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
});

test('every route is documented, with auth and error responses', async () => {
  const { body } = await api.request<OpenApiDoc>('GET', '/api/openapi.json');
  expect(Object.keys(body.paths).sort()).toEqual([
    '/api/admin/audit',
    '/api/admin/base-levels',
    '/api/admin/calendar/annual-holidays',
    '/api/admin/calendar/entries',
    '/api/admin/calendar/notices',
    '/api/admin/calendar/overrides',
    '/api/admin/calendar/{year}',
    '/api/admin/entitlement-arrears',
    '/api/admin/incidents',
    '/api/admin/incidents/{code}/retry',
    '/api/admin/outbox',
    '/api/admin/procedures',
    '/api/admin/procedures/{id}/versions',
    '/api/admin/procedures/{id}/versions/{version}',
    '/api/admin/reference-proposals',
    '/api/admin/reference-proposals/{id}',
    '/api/admin/reference-proposals/{id}/confirm',
    '/api/admin/reference-proposals/{id}/reject',
    '/api/admin/templates',
    '/api/admin/templates/{templateId}',
    '/api/admin/units',
    '/api/admin/units/{code}',
    '/api/admin/users',
    '/api/admin/users/{id}',
    '/api/admin/users/{id}/deactivate',
    '/api/admin/users/{id}/password',
    '/api/admin/warnings',
    '/api/auth/login',
    '/api/auth/logout',
    '/api/auth/me',
    '/api/desk/dossiers',
    '/api/dossiers',
    '/api/dossiers/{code}',
    '/api/dossiers/{code}/attachments',
    '/api/dossiers/{code}/attachments/{id}',
    '/api/dossiers/{code}/documents/{id}',
    '/api/dossiers/{code}/process-control-slip',
    '/api/dossiers/{code}/withdrawal',
    '/api/entitlements/{code}/adjustments',
    '/api/entitlements/{code}/card',
    '/api/entitlements/{code}/card/print',
    '/api/entitlements/{code}/card/reissue',
    '/api/entitlements/{code}/payee',
    '/api/entitlements/{code}/payee/history',
    '/api/entitlements/{code}/relocations',
    '/api/entitlements/{code}/suspension/lift',
    '/api/entitlements/{code}/terminations',
    '/api/me/notification-settings',
    '/api/notifications',
    '/api/notifications/sms-inbound',
    '/api/notifications/{id}/read',
    '/api/payment-options',
    '/api/payrolls',
    '/api/payrolls/build',
    '/api/payrolls/schedules/{unitCode}',
    '/api/payrolls/{id}',
    '/api/payrolls/{id}/approve',
    '/api/payrolls/{id}/card-lines',
    '/api/payrolls/{id}/close',
    '/api/payrolls/{id}/confirmation',
    '/api/payrolls/{id}/export',
    '/api/payrolls/{id}/send',
    '/api/payrolls/{id}/submit',
    '/api/postings/{code}/complaints',
    '/api/registers/dossiers',
    '/api/reports/plan-inputs/{unitCode}/{year}',
    '/api/reports/{report}',
    '/api/tasks',
    '/api/tasks/bulk-complete',
    '/api/tasks/{id}/claim',
    '/api/tasks/{id}/complete',
    '/api/tasks/{id}/reassign',
    '/api/tasks/{id}/release',
    '/api/track/{code}',
    '/api/track/{code}/complaints',
    '/api/track/{code}/documents/{id}',
    '/api/track/{code}/supplements',
    '/api/track/{code}/withdrawal',
  ]);
  // The SMS gateway's inbound endpoint authenticates with its shared secret, not a session.
  expect(body.paths['/api/notifications/sms-inbound']?.post?.security).toBeUndefined();
  expect(body.paths['/api/admin/outbox']?.get?.security).toEqual([{ bearerAuth: [] }]);
  // Citizens need no account; everything officers do needs a session.
  expect(body.paths['/api/dossiers']?.post?.security).toBeUndefined();
  expect(body.paths['/api/track/{code}']?.get?.security).toBeUndefined();
  expect(body.paths['/api/tasks/{id}/complete']?.post?.security).toEqual([{ bearerAuth: [] }]);
  expect(Object.keys(body.paths['/api/tasks/{id}/complete']?.post?.responses ?? {})).toEqual(
    expect.arrayContaining(['200', '400', '401', '403', '404', '409']),
  );
  expect(body.paths['/api/auth/login']?.post?.security).toBeUndefined();
  expect(body.paths['/api/auth/login']?.post?.responses).toHaveProperty('429');
  expect(body.paths['/api/admin/users']?.post?.security).toEqual([{ bearerAuth: [] }]);
  expect(Object.keys(body.paths['/api/admin/users']?.post?.responses ?? {})).toEqual(
    expect.arrayContaining(['201', '400', '401', '403', '409', '413', '415', '500']),
  );
  expect(body.components.securitySchemes).toHaveProperty('bearerAuth');
  expect(Object.keys(body.components.schemas)).toEqual(
    expect.arrayContaining([
      'ErrorResponse',
      'User',
      'ProcedureDefinition',
      'OfficialNotice',
      'AdministrativeUnitNode',
      'Application',
      'DossierSubmission',
      'DossierTracking',
      'TaskInbox',
      'OfficerDossier',
    ]),
  );
});

test('the validation is not vacuous: a broken document fails it', async () => {
  const { body } = await api.request<OpenApiDoc>('GET', '/api/openapi.json');
  const broken = { ...body, paths: { '/x': { get: { responses: { 200: { content: {} } } } } } };
  expect((await validateOpenApi(broken)).valid).toBe(false);
});
