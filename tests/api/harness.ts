/**
 * Test harness for the HTTP API: a fresh database, the app on an ephemeral port, a movable clock, and a
 * small fetch wrapper. Temporal is a lazy connection that is never dialled: these routes do not use it
 * (only /health does: health.test.ts checks it reports Temporal down).
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Connection } from '@temporalio/client';
import { createApp, type AppDeps } from '../../api/app';
import { createFilesystemStore } from '../../app/attachments/filesystem-store';
import type { RouteModule } from '../../api/route-registry';
import { answerClientErrorsWithJson } from '../../runtime/client-errors';
import { createHttpApp } from '../../runtime/http-app';
import { seedDemoData } from '../../runtime/seed';
import { publishSuccessorVersions } from '../helpers/successor-versions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { testDataConverter } from '../helpers/payload-keys';

export const DEMO_PASSWORD = 'mat-khau-thu-nghiem-2026';

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** The parsed JSON answer, typed by the caller (`request<{ users: User[] }>(…)`). */
  body: T;
}

/** Every error answer has this shape. */
export interface ErrorBody {
  code: string;
  message: string;
  fieldErrors?: Array<{ path: string; message: string; messageEn?: string }>;
}

export interface RequestOptions {
  token?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with `contentType` (for malformed and non-JSON bodies). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface TestApi {
  baseUrl: string;
  db: TestDatabase;
  clock: { now: Date; advance(ms: number): void };
  errors: unknown[];
  /** The folder of the test API's filesystem attachment store (unless `deps.attachments` replaced it). */
  attachmentsDir: string;
  /** The application's dependencies, for use cases the API process runs itself (at start, e.g.). */
  deps: AppDeps;
  request<T = ErrorBody>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  /** Logs in and returns the bearer token (fails the test on anything but 200). */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApi(
  options: {
    now?: Date;
    seed?: boolean;
    modules?: readonly RouteModule[];
    deps?: Partial<AppDeps>;
    /** Serve the pages too (runtime/http-app.ts), as `npm start` does. */
    pages?: boolean;
    /**
     * Publish successors of the seeded routes that end (tests/helpers/successor-versions.ts), so dossiers can
     * be received on any day the test's clock reaches. Default true; expiry tests turn it off.
     */
    successors?: boolean;
  } = {},
): Promise<TestApi> {
  const db = await createTestDatabase();
  if (options.seed !== false) await seedDemoData(db.pool, { password: DEMO_PASSWORD });
  if (options.successors !== false) await publishSuccessorVersions(db.pool);
  const clock = {
    now: options.now ?? new Date('2026-03-02T02:00:00Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const errors: unknown[] = [];
  const temporal = Connection.lazy({ address: '127.0.0.1:1' });
  // Each test API keeps its uploads in its own temporary folder, removed on close.
  const attachmentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-attachments-'));
  const deps: AppDeps = {
    attachments: { store: createFilesystemStore(attachmentsDir) },
    pool: db.pool,
    temporal,
    dataConverter: testDataConverter,
    namespace: 'default',
    taskQueue: 'not-polled',
    now: () => clock.now,
    logError: (_message, error) => errors.push(error),
    ...options.deps,
  };
  const app = options.pages
    ? createHttpApp({ ...deps, webSecret: 'secret-of-the-test-pages-0123456789abcdef' })
    : options.modules
      ? createApp(deps, options.modules)
      : createApp(deps);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    answerClientErrorsWithJson(s);
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function request<T = ErrorBody>(
    method: string,
    path: string,
    opts: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    } else if (opts.raw !== undefined) {
      body = opts.raw;
      if (opts.contentType) headers['content-type'] = opts.contentType;
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }

  return {
    baseUrl,
    db,
    clock,
    errors,
    attachmentsDir,
    deps,
    request,
    async login(username, password = DEMO_PASSWORD) {
      const response = await request<{ token: string }>('POST', '/api/auth/login', {
        json: { username, password },
      });
      if (response.status !== 200)
        throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.token;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await temporal.close();
      await db.drop();
      fs.rmSync(attachmentsDir, { recursive: true, force: true });
    },
  };
}

/**
 * A citizen's second factor written query-style for brevity (`phone=…`, `idLast4=…&x=1`), turned into what the
 * tracking routes take: the factor in headers (never in the URL), anything else left as the query string.
 */
export function withSecondFactor(factor: string): { headers: Record<string, string>; search: string } {
  const params = new URLSearchParams(factor);
  const headers: Record<string, string> = {};
  const rest = new URLSearchParams();
  for (const [name, value] of params) {
    if (name === 'phone') headers['x-tracking-phone'] = value;
    else if (name === 'idLast4') headers['x-tracking-id-last4'] = value;
    else rest.append(name, value);
  }
  const search = rest.toString();
  return { headers, search: search ? `?${search}` : '' };
}
