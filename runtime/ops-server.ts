/**
 * The ops port of a process (config METRICS_PORT): GET /metrics (Prometheus text), /health/live (the process
 * answers) and /health/ready (runtime/readiness.ts). One per process: the roles running in it (API, worker,
 * notifier; all three under `npm start`) add their readiness checks to it. Plain node:http, apart from the
 * public app, so it can sit on a port only the orchestrator and Prometheus reach.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from '../observability/log';
import { collectProcessMetrics, metricsRegistry } from '../observability/metrics';
import { checkReadiness, type ReadinessCheck } from './readiness';

export interface OpsServer {
  /** The port it listens on (useful when started on 0). */
  port: number;
  /** Adds a readiness check (by name: adding a name again replaces it); returns a function removing it. */
  addCheck(name: string, check: ReadinessCheck): () => void;
  stop(): Promise<void>;
}

export async function startOpsServer(port: number, host = '127.0.0.1'): Promise<OpsServer> {
  collectProcessMetrics();
  const checks = new Map<string, ReadinessCheck>();
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: string, type = 'application/json; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return answer(405, JSON.stringify({ code: 'METHOD_NOT_ALLOWED' }));
    if (path === '/health/live') return answer(200, JSON.stringify({ status: 'live' }));
    if (path === '/health/ready') {
      void checkReadiness(checks).then((report) =>
        answer(
          report.ready ? 200 : 503,
          JSON.stringify({ status: report.ready ? 'ready' : 'not ready', ...report }),
        ),
      );
      return;
    }
    if (path === '/metrics') {
      metricsRegistry.metrics().then(
        (text) => answer(200, text, metricsRegistry.contentType),
        (error: unknown) => {
          logger().error({ err: error }, 'metrics: collecting failed');
          answer(500, JSON.stringify({ code: 'METRICS_FAILED' }));
        },
      );
      return;
    }
    answer(404, JSON.stringify({ code: 'NOT_FOUND' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    addCheck(name, check) {
      checks.set(name, check);
      return () => {
        if (checks.get(name) === check) checks.delete(name);
      };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let shared: { port: number; server: Promise<OpsServer>; users: number } | undefined;

/**
 * The process's ops server on `port`, started by its first user and stopped when its last user releases it
 * (`npm start` runs the API, the worker and the notifier in one process, on one ops port). 0: none.
 */
export async function acquireOpsServer(
  port: number,
  host = '127.0.0.1',
): Promise<{ addCheck: OpsServer['addCheck']; release(): Promise<void> } | undefined> {
  if (port === 0) return undefined;
  if (!shared || shared.port !== port) {
    const server = startOpsServer(port, host);
    shared = { port, server, users: 0 };
    server.catch(() => (shared = undefined));
  }
  const entry = shared;
  const server = await entry.server;
  entry.users += 1;
  const removers: Array<() => void> = [];
  return {
    addCheck(name, check) {
      const remove = server.addCheck(name, check);
      removers.push(remove);
      return remove;
    },
    async release() {
      removers.forEach((remove) => remove());
      entry.users -= 1;
      if (entry.users === 0) {
        if (shared === entry) shared = undefined;
        await server.stop();
      }
    },
  };
}
