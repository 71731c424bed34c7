/**
 * The JSON API carries the same protective headers as the pages (helmet): a browser that loads an API answer
 * must not sniff it into HTML, frame it, or leak the referrer; CSP forbids everything because JSON runs nothing.
 */
import { startTestApi, type TestApi } from './harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ seed: false });
});
afterAll(() => api.close());

test.each([
  ['an /api route', '/api/openapi.json'],
  ['an unknown /api path (404)', '/api/khong-co'],
  ['/health', '/health'],
])('%s answers with helmet headers and a CSP that allows nothing', async (_label, path) => {
  const response = await api.request('GET', path);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
  expect(response.headers.get('x-powered-by')).toBeNull();
});
