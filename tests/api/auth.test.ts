/**
 * Login, sessions and throttling against a real database: success, the same answer for an unknown user and
 * a wrong password, the per-username-and-address limit (shared by API processes through Postgres), and
 * tokens that stop working when they expire, are revoked, or their user is deactivated.
 */
import { Connection } from '@temporalio/client';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { authenticate, currentAuth, requireRole } from '../../api/auth/authenticate';
import { sha256Hex } from '../../app/auth/tokens';
import { createApp } from '../../api/app';
import { errorHandler } from '../../api/error-handler';
import { createPool } from '../../db/pool';
import { DEMO_PASSWORD, startTestApi, type TestApi } from './harness';
import { testDataConverter } from '../helpers/payload-keys';

interface LoginBody {
  token: string;
  expiresAt: string;
  user: { id: string; username: string; role: string; unitCode: string; fullName: string };
}

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('POST /api/auth/login', () => {
  test('returns an opaque token valid for 12 hours and the user, without the hash', async () => {
    const response = await api.request<LoginBody>('POST', '/api/auth/login', {
      json: { username: 'commune_officer.26170', password: DEMO_PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(response.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
    expect(Date.parse(response.body.expiresAt) - api.clock.now.getTime()).toBe(12 * 60 * 60 * 1000);
    expect(response.body.user).toMatchObject({
      username: 'commune_officer.26170',
      role: 'commune_officer',
      unitCode: '26170',
    });
    expect(JSON.stringify(response.body)).not.toContain('argon2');
  });

  test('stores only the SHA-256 of the token', async () => {
    const token = await api.login('commune_chairman.26170');
    const { rows } = await api.db.pool.query<{ token_sha256: string }>('SELECT token_sha256 FROM sessions');
    expect(rows.map((row) => row.token_sha256)).toContain(sha256Hex(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const { rows: users } = await api.db.pool.query<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE username = 'commune_chairman.26170'",
    );
    expect(users[0]?.password_hash).toMatch(/^\$argon2id\$/);
  });

  test('the username is matched case-insensitively, trimmed', async () => {
    const response = await api.request('POST', '/api/auth/login', {
      json: { username: '  Intake_Clerk.26170 ', password: DEMO_PASSWORD },
    });
    expect(response.status).toBe(200);
  });

  test('unknown user and wrong password get the very same 401', async () => {
    const wrongPassword = await api.request('POST', '/api/auth/login', {
      json: { username: 'intake_clerk.26173', password: 'sai-mat-khau-roi' },
    });
    const unknownUser = await api.request('POST', '/api/auth/login', {
      json: { username: 'khong.ton.tai', password: 'sai-mat-khau-roi' },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownUser.body);
    expect(wrongPassword.body).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'Tên đăng nhập hoặc mật khẩu không đúng',
    });
  });

  test('missing or mistyped fields are 400, unknown fields too', async () => {
    const missing = await api.request('POST', '/api/auth/login', { json: { username: 'admin.75' } });
    expect(missing.status).toBe(400);
    expect(missing.body.fieldErrors).toEqual([{ path: 'body.password', message: 'Bắt buộc phải có' }]);
    const typed = await api.request('POST', '/api/auth/login', {
      json: { username: 75, password: DEMO_PASSWORD },
    });
    expect(typed.body.fieldErrors).toEqual([{ path: 'body.username', message: 'Phải là chuỗi ký tự' }]);
    const extra = await api.request('POST', '/api/auth/login', {
      json: { username: 'admin.75', password: DEMO_PASSWORD, remember: true },
    });
    expect(extra.status).toBe(400);
    expect(extra.body.fieldErrors).toEqual([{ path: 'body.remember', message: 'Trường không được phép' }]);
  });
});

describe('login throttling', () => {
  const attempt = (username: string, password: string, ip?: string) =>
    api.request('POST', '/api/auth/login', {
      json: { username, password },
      // The harness app does not trust proxies, so this header must NOT change the counted address.
      ...(ip ? { headers: { 'x-forwarded-for': ip } } : {}),
    });

  test('5 failures within 15 minutes give 429 TOO_MANY_ATTEMPTS with Retry-After, even with the right password', async () => {
    const username = 'district_officer.737';
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt(username, `sai-mat-khau-${i}`)).status).toBe(401);
      api.clock.advance(60_000);
    }
    const blocked = await attempt(username, DEMO_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    // The first failure was 5 minutes ago: it leaves the 15-minute window in 10 minutes.
    expect(blocked.headers.get('retry-after')).toBe(String(10 * 60));
    expect(blocked.body.message).toBe('Đăng nhập sai quá nhiều lần, vui lòng thử lại sau 10 phút');
    expect((await attempt(username, DEMO_PASSWORD, '203.0.113.9')).status).toBe(429);

    // Other usernames from the same address are not affected.
    expect((await attempt('district_chairman.737', DEMO_PASSWORD)).status).toBe(200);

    api.clock.advance(10 * 60_000);
    expect((await attempt(username, DEMO_PASSWORD)).status).toBe(200);
  });

  test('a success clears the failures of that username and address', async () => {
    const username = 'payment_officer.737';
    for (let i = 0; i < 4; i += 1) expect((await attempt(username, 'sai-mat-khau-x')).status).toBe(401);
    expect((await attempt(username, DEMO_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await attempt(username, 'sai-mat-khau-x')).status).toBe(401);
    expect((await attempt(username, DEMO_PASSWORD)).status).toBe(200);
  });

  test('the count lives in Postgres, so a second API process on the same database agrees', async () => {
    // A second app with its own pool on the same database stands for a second API process.
    const pool = createPool(api.db.url, { max: 2 });
    const temporal = Connection.lazy({ address: '127.0.0.1:1' });
    const app = createApp({
      pool,
      temporal,
      dataConverter: testDataConverter,
      namespace: 'default',
      taskQueue: 'unused',
      now: () => api.clock.now,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const secondUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/login`;
    const loginOnSecond = (password: string) =>
      fetch(secondUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'intake_clerk.25993', password }),
      });
    try {
      for (let i = 0; i < 3; i += 1)
        expect((await attempt('intake_clerk.25993', 'sai-mat-khau-a')).status).toBe(401);
      for (let i = 0; i < 2; i += 1) expect((await loginOnSecond('sai-mat-khau-b')).status).toBe(401);
      expect((await loginOnSecond(DEMO_PASSWORD)).status).toBe(429);
      expect((await attempt('intake_clerk.25993', DEMO_PASSWORD)).status).toBe(429);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await temporal.close();
      await pool.end();
    }
  });

  test('parallel guesses cannot slip past the limit', async () => {
    const username = 'intake_clerk.26005';
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => attempt(username, `song-song-${i}-sai`)),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(5);
  });
});

describe('sessions', () => {
  test('GET /api/auth/me answers with the caller; logout revokes the token', async () => {
    const token = await api.login('auditor.75');
    const me = await api.request<{ user: { username: string; role: string }; expiresAt: string }>(
      'GET',
      '/api/auth/me',
      { token },
    );
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username: 'auditor.75', role: 'auditor' });

    expect((await api.request('POST', '/api/auth/logout', { token })).status).toBe(204);
    const after = await api.request('GET', '/api/auth/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
  });

  test('no token, a malformed header or an unknown token is 401 UNAUTHENTICATED', async () => {
    expect((await api.request('GET', '/api/auth/me')).body).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Cần đăng nhập để thực hiện thao tác này',
    });
    const basic = await api.request('GET', '/api/auth/me', {
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
    });
    expect(basic.status).toBe(401);
    const unknown = await api.request('GET', '/api/auth/me', { token: 'A'.repeat(43) });
    expect(unknown.status).toBe(401);
  });

  test('a token stops working after 12 hours', async () => {
    const token = await api.login('commune_officer.26173');
    api.clock.advance(12 * 60 * 60 * 1000 - 1000);
    expect((await api.request('GET', '/api/auth/me', { token })).status).toBe(200);
    api.clock.advance(2000);
    const expired = await api.request('GET', '/api/auth/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('UNAUTHENTICATED');
  });

  test('a revoked session (set in the database) is refused', async () => {
    const token = await api.login('commune_chairman.26173');
    await api.db.pool.query('UPDATE sessions SET revoked_at = now() WHERE token_sha256 = $1', [
      sha256Hex(token),
    ]);
    expect((await api.request('GET', '/api/auth/me', { token })).status).toBe(401);
  });

  test('a wrong role is 403 FORBIDDEN', async () => {
    const token = await api.login('commune_officer.26005');
    const response = await api.request('POST', '/api/admin/base-levels', {
      token,
      json: { effectiveFrom: '2027-01-01', amount: 600000, legalBasis: 'Nghị định thử' },
    });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      code: 'FORBIDDEN',
      message: 'Bạn không có quyền thực hiện thao tác này',
    });
  });

  test('authentication is checked before the body: an anonymous caller gets 401, not field errors', async () => {
    const response = await api.request('POST', '/api/admin/users', { json: { nonsense: true } });
    expect(response.status).toBe(401);
  });
});

describe('authenticate / requireRole middleware for plain express routers', () => {
  test('guard routes outside the registry with the same rules', async () => {
    const deps = {
      pool: api.db.pool,
      temporal: undefined as never,
      dataConverter: testDataConverter,
      namespace: 'default',
      taskQueue: 'unused',
      now: () => api.clock.now,
    };
    const app = express();
    app.get(
      '/chairmen-only',
      authenticate(deps),
      requireRole('commune_chairman', 'district_chairman'),
      (req, res) => {
        res.json({ username: currentAuth(req).user.username });
      },
    );
    app.use(errorHandler(deps));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chairmen-only`;
    try {
      expect((await fetch(url)).status).toBe(401);
      const officer = await api.login('commune_officer.25993');
      expect((await fetch(url, { headers: { authorization: `Bearer ${officer}` } })).status).toBe(403);
      const chairman = await api.login('commune_chairman.25993');
      const ok = await fetch(url, { headers: { authorization: `Bearer ${chairman}` } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ username: 'commune_chairman.25993' });
    } finally {
      server.close();
    }
  });
});
