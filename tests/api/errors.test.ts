/**
 * One error shape for every failure: malformed JSON, oversize and non-JSON bodies, unknown routes, unknown
 * fields and wrong types, domain errors, and unexpected failures (500 with nothing internal in it).
 */
import { z } from 'zod';
import { ROUTE_MODULES } from '../../api/routes';
import type { RouteModule } from '../../api/route-registry';
import { DomainError } from '../../domain/domain-error';
import { startTestApi, type TestApi } from './harness';

// Extra routes that fail on purpose, mounted next to the real ones.
const failingRoutes: RouteModule = (routes) => {
  routes.add({
    method: 'get',
    path: '/api/test/crash',
    summary: 'throws an unexpected error',
    tags: ['test'],
    auth: 'public',
    response: { status: 200, description: 'never', schema: z.object({ ok: z.boolean() }) },
    handler: async () => {
      throw new Error('connection to 10.0.0.7:5432 refused; SELECT secret FROM users');
    },
  });
  routes.add({
    method: 'get',
    path: '/api/test/domain-error',
    summary: 'throws a domain error',
    tags: ['test'],
    auth: 'public',
    response: { status: 200, description: 'never', schema: z.object({ ok: z.boolean() }) },
    handler: async () => {
      throw new DomainError('INVALID_DATE', 'date is not real', 'Ngày không có thật trên lịch');
    },
  });
  routes.add({
    method: 'get',
    path: '/api/test/leaky',
    summary: 'returns more than its schema declares',
    tags: ['test'],
    auth: 'public',
    response: { status: 200, description: 'only name', schema: z.object({ name: z.string() }) },
    // The extra field stands for a password hash a careless handler might return.
    handler: async () => ({ name: 'Nguyễn Văn An', passwordHash: '$argon2id$…' }) as { name: string },
  });
  routes.add({
    method: 'post',
    path: '/api/test/echo',
    summary: 'echoes a typed body',
    tags: ['test'],
    auth: 'public',
    query: z.strictObject({ page: z.string().regex(/^\d+$/).optional() }),
    body: z.strictObject({
      count: z.number().int(),
      name: z.string().min(2),
      tags: z.array(z.string()).optional(),
    }),
    response: {
      status: 200,
      description: 'the body',
      schema: z.object({ count: z.number(), name: z.string() }),
    },
    handler: async ({ body }) => ({ count: body.count, name: body.name }),
  });
};

let api: TestApi;
let adminToken: string;

beforeAll(async () => {
  api = await startTestApi({ modules: [...ROUTE_MODULES, failingRoutes] });
  adminToken = await api.login('admin.75');
});
afterAll(() => api.close());

describe('error responses', () => {
  test('malformed JSON is 400 MALFORMED_JSON, not 500', async () => {
    const response = await api.request('POST', '/api/auth/login', {
      raw: '{"username": "a",',
      contentType: 'application/json',
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'MALFORMED_JSON',
      message: 'Nội dung gửi lên không phải JSON hợp lệ',
    });
  });

  test('a bare JSON string (not an object) is malformed for this API', async () => {
    const response = await api.request('POST', '/api/test/echo', {
      raw: '"hello"',
      contentType: 'application/json',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('MALFORMED_JSON');
  });

  test('an oversize body is 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await api.request('POST', '/api/test/echo', {
      json: { count: 1, name: 'x'.repeat(300 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('a non-JSON body is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const form = await api.request('POST', '/api/auth/login', {
      raw: 'username=admin.75&password=x',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const text = await api.request('POST', '/api/test/echo', {
      raw: '{"count":1,"name":"ab"}',
      contentType: 'text/plain',
    });
    expect(text.status).toBe(415);
  });

  test('an unknown route is 404 NOT_FOUND in the same shape', async () => {
    const response = await api.request('GET', '/api/khong-co');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ code: 'NOT_FOUND', message: 'Không tìm thấy địa chỉ yêu cầu' });
    expect((await api.request('DELETE', '/api/auth/me', { token: adminToken })).status).toBe(404);
  });

  test('an unexpected failure is 500 INTERNAL_ERROR with nothing internal, logged server-side', async () => {
    const before = api.errors.length;
    const response = await api.request('GET', '/api/test/crash');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'Đã có lỗi xảy ra, vui lòng thử lại sau',
    });
    expect(JSON.stringify(response.body)).not.toMatch(/10\.0\.0\.7|SELECT|stack/);
    expect(api.errors.length).toBe(before + 1);
    expect(String(api.errors[before])).toContain('connection to 10.0.0.7');
  });

  test('a domain error becomes 400 with its code and Vietnamese message', async () => {
    const response = await api.request('GET', '/api/test/domain-error');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ code: 'INVALID_DATE', message: 'Ngày không có thật trên lịch' });
  });

  test('a response is cut to its schema, so undeclared fields never leak', async () => {
    const response = await api.request<Record<string, unknown>>('GET', '/api/test/leaky');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ name: 'Nguyễn Văn An' });
  });

  test('messages are Vietnamese in NFC', async () => {
    const response = await api.request('POST', '/api/test/echo', { json: { count: 'x', name: 'a' } });
    expect(response.body.message).toBe('Dữ liệu không hợp lệ');
    for (const text of [response.body.message, ...(response.body.fieldErrors ?? []).map((e) => e.message)]) {
      expect(text).toBe(text.normalize('NFC'));
    }
  });
});

describe('validation at the edge', () => {
  test('a valid body reaches the handler typed', async () => {
    const response = await api.request<{ count: number; name: string }>('POST', '/api/test/echo', {
      json: { count: 3, name: 'Hà Nội' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ count: 3, name: 'Hà Nội' });
  });

  test('wrong types, missing fields and unknown fields are 400 VALIDATION_FAILED with Vietnamese field errors', async () => {
    const response = await api.request('POST', '/api/test/echo', {
      json: { count: 1.5, tags: 'a', extra: true },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.message).toBe('Dữ liệu không hợp lệ');
    expect(response.body.fieldErrors).toEqual(
      expect.arrayContaining([
        { path: 'body.count', message: 'Phải là số nguyên' },
        { path: 'body.name', message: 'Bắt buộc phải có' },
        { path: 'body.tags', message: 'Phải là danh sách' },
        { path: 'body.extra', message: 'Trường không được phép' },
      ]),
    );
  });

  test('a missing body is a validation error on `body`', async () => {
    const response = await api.request('POST', '/api/test/echo');
    expect(response.status).toBe(400);
    expect(response.body.fieldErrors).toEqual([{ path: 'body', message: 'Bắt buộc phải có' }]);
  });

  test('unknown query parameters and bad values are 400 too', async () => {
    const unknown = await api.request('POST', '/api/test/echo?sort=name', { json: { count: 1, name: 'ab' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fieldErrors).toEqual([{ path: 'query.sort', message: 'Trường không được phép' }]);
    const bad = await api.request('POST', '/api/test/echo?page=abc', { json: { count: 1, name: 'ab' } });
    expect(bad.body.fieldErrors).toEqual([{ path: 'query.page', message: 'Không đúng định dạng' }]);
  });

  test('bad path parameters are 400, not 500', async () => {
    const response = await api.request('GET', '/api/admin/users/not-a-uuid', { token: adminToken });
    expect(response.status).toBe(400);
    expect(response.body.fieldErrors).toEqual([{ path: 'params.id', message: 'Mã không hợp lệ (UUID)' }]);
    const escaped = await api.request('GET', '/api/admin/units/%E0%A4%A', { token: adminToken });
    expect(escaped.status).toBe(400);
  });
});
