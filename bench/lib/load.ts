/**
 * Load on a server. With a `rate`: an open loop — request i is sent at start + i/rate whatever the answers
 * before it, over up to `connections` keep-alive sockets, and its latency is counted from that planned time
 * (a generator running late counts against the server, not for it). Without one: as fast as the server
 * answers, with autocannon over `connections` connections. Latencies are taken from every response.
 *
 * Why not autocannon for fixed rates: its `overallRate` gives each connection a quota per second, which
 * each spends back to back at the start of every second — 20 connections open a burst of 20 concurrent
 * requests each second and then wait, so "200/s" measured the latency of bursts (bench/README.md).
 */
import type { EventEmitter } from 'node:events';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
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
  if (options.rate) return openLoop({ ...options, rate: options.rate });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = Date.now();
  // autocannon 8 returns a promise that is also its event emitter (the types describe only the promise).
  const instance = autocannon({
    url: options.url,
    connections: options.connections ?? 20,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
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

type LoadOptions = Parameters<typeof offerLoad>[0];
type PlannedRequest = { path: string; headers: Record<string, string>; method?: string; body?: string };

async function openLoop(options: LoadOptions & { rate: number }): Promise<LoadResult> {
  const base = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections ?? 20 });
  const count = options.amount ?? Math.round(options.rate * (options.seconds ?? 10));
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  const planned = (i: number): PlannedRequest => {
    const listed = options.requests?.[i % options.requests.length];
    const request: PlannedRequest = {
      path: listed?.path ?? `${base.pathname}${base.search}`,
      headers: { ...options.headers, ...listed?.headers },
      method: options.method ?? 'GET',
      ...(listed?.body !== undefined ? { body: listed.body } : {}),
    };
    return options.setupRequest ? options.setupRequest(request) : request;
  };
  const send = (request: PlannedRequest, due: number) =>
    new Promise<void>((resolve) => {
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        headers['content-length'] = Buffer.byteLength(request.body);
      }
      // Each request settles once: answered in full, or failed (refused, cut off, or 10 s after its
      // planned time, queueing for a socket included). Failures count as errors, not in the latencies.
      let settled = false;
      const settle = (answered?: { status: number }) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (answered) {
          latencies.push(performance.now() - due);
          statuses[answered.status] = (statuses[answered.status] ?? 0) + 1;
        } else failures += 1;
        resolve();
      };
      const outgoing = http.request(
        {
          host: base.hostname,
          port: base.port,
          path: request.path,
          method: request.method ?? 'GET',
          headers,
          agent,
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            settle(response.complete ? { status: response.statusCode ?? 0 } : undefined),
          );
          response.on('close', () => settle());
        },
      );
      const deadline = setTimeout(
        () => outgoing.destroy(new Error('timeout')),
        Math.max(1, due + 10_000 - performance.now()),
      );
      outgoing.on('error', () => settle());
      outgoing.on('close', () => settle());
      outgoing.end(request.body);
    });
  const started = performance.now() + 5;
  const sent: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0.5) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.push(send(planned(i), due));
  }
  await Promise.all(sent);
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  const non2xx = Object.entries(statuses)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    offeredPerSecond: options.rate,
    requestsPerSecond: latencies.length / seconds,
    requests: latencies.length,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    errors: non2xx + failures,
    statuses: { ...statuses, ...(failures ? { errors: failures } : {}) },
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
