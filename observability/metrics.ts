/**
 * The process's Prometheus metrics (prom-client), served on the ops port (runtime/ops-server.ts). Metrics
 * measured where things happen (HTTP requests, document rendering) are defined here so any layer can record
 * them; metrics read from Postgres on each scrape are registered by runtime/read-model-metrics.ts.
 */
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

let defaultsCollected = false;
/** Node's own metrics (CPU, memory, event-loop lag, GC), once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'tgxh_' });
}

/** Route is the express pattern (`/api/dossiers/:code`), never the path itself: codes would explode it. */
export const httpRequestDuration = new Histogram({
  name: 'tgxh_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status, with their duration',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

/** HTML to PDF in Chromium: the slowest step of issuing a decision. */
export const documentRenderDuration = new Histogram({
  name: 'tgxh_document_render_duration_seconds',
  help: 'Rendering an official document to PDF, by outcome (ok, error)',
  labelNames: ['outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  registers: [metricsRegistry],
});

/** Times `work` into `documentRenderDuration`. */
export async function timeDocumentRender<T>(work: () => Promise<T>): Promise<T> {
  const end = documentRenderDuration.startTimer();
  try {
    const result = await work();
    end({ outcome: 'ok' });
    return result;
  } catch (error) {
    end({ outcome: 'error' });
    throw error;
  }
}
