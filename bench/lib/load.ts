/**
 * A fixed offered load with autocannon: `rate` requests per second in total (or as fast as the server
 * answers when no rate is given) for `seconds`, over `connections` keep-alive connections. Latencies are
 * taken from every response (autocannon's own summary has no p95).
 */
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import { percentile } from './figures';

export interface LoadResult {
  offeredPerSecond: number | 'max';
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Answers other than 2xx, and connection errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
}

export async function offerLoad(options: {
  url: string;
  rate?: number;
  seconds?: number;
  /** Stop after this many requests (for one-shot actions such as completing tasks). */
  amount?: number;
  connections?: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  /** Requests in turn (each connection walks the list); paths and bodies of their own. */
  requests?: Array<{ path?: string; body?: string; headers?: Record<string, string> }>;
  setupRequest?: (request: {
    path: string;
    headers: Record<string, string>;
    method?: string;
    body?: string;
  }) => typeof request;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = Date.now();
  // autocannon 8 returns a promise that is also its event emitter (the types describe only the promise).
  const instance = autocannon({
    url: options.url,
    connections: options.connections ?? 20,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    ...(options.rate ? { overallRate: options.rate } : {}),
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    timeout: 10,
    ...(options.requests
      ? {
          requests: options.requests.map((request) => ({
            ...request,
            ...(options.setupRequest ? { setupRequest: options.setupRequest } : {}),
          })),
        }
      : options.setupRequest
        ? { requests: [{ setupRequest: options.setupRequest }] }
        : {}),
  } as autocannon.Options) as unknown as Promise<autocannon.Result> & EventEmitter;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  const seconds = (Date.now() - started) / 1000;
  const non2xx = Object.entries(statuses)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    offeredPerSecond: options.rate ?? 'max',
    requestsPerSecond: latencies.length / seconds,
    requests: latencies.length,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    errors: non2xx + result.errors + result.timeouts,
    statuses: {
      ...statuses,
      ...(result.errors ? { errors: result.errors } : {}),
      ...(result.timeouts ? { timeouts: result.timeouts } : {}),
    },
  };
}

export function describeLoad(result: LoadResult): string {
  const offered = result.offeredPerSecond === 'max' ? 'unthrottled' : `${result.offeredPerSecond}/s offered`;
  return (
    `${result.requestsPerSecond.toFixed(0)} req/s (${offered}, n=${result.requests}), ` +
    `p50 ${result.p50Ms.toFixed(0)} ms, p95 ${result.p95Ms.toFixed(0)} ms, p99 ${result.p99Ms.toFixed(0)} ms, ` +
    `errors ${result.errors}`
  );
}
