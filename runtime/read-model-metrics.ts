/**
 * Metrics read from Postgres when Prometheus scrapes: dossiers by procedure and status, open and overdue tasks
 * per unit, the outbox by channel and status (its backlog and failures) and the age of its oldest waiting
 * message. They describe the whole deployment, not one process: every API process serves the same figures,
 * so dashboards take `max` over instances. A scrape during a database outage leaves them out (and logs why)
 * rather than failing /metrics.
 */
import { Gauge } from 'prom-client';
import type { Pool } from 'pg';
import { countDossiers, countOpenTasks, countOutbox } from '../db/ops-metrics';
import { logger } from '../observability/log';
import { metricsRegistry } from '../observability/metrics';

let source: Pool | undefined;

async function readModel<T>(what: string, read: (pool: Pool) => Promise<T>): Promise<T | undefined> {
  if (!source) return undefined;
  try {
    return await read(source);
  } catch (error) {
    logger().warn({ err: error }, `metrics: reading ${what} failed`);
    return undefined;
  }
}

const dossiers = new Gauge({
  name: 'tgxh_dossiers',
  help: 'Dossiers in the read model by procedure and status',
  labelNames: ['procedure', 'status'] as const,
  registers: [],
  async collect() {
    const rows = await readModel('dossiers', countDossiers);
    this.reset();
    rows?.forEach((row) => this.set({ procedure: row.procedureId, status: row.status }, row.count));
  },
});

const openTasks = new Gauge({
  name: 'tgxh_tasks_open',
  help: 'Open tasks per unit',
  labelNames: ['unit'] as const,
  registers: [],
  async collect() {
    const rows = await readModel('tasks', countOpenTasks);
    this.reset();
    rows?.forEach((row) => this.set({ unit: row.unitCode }, row.open));
  },
});

// prom-client collects the metrics of a scrape concurrently: each gauge makes its own (small) query.
const overdueTasks = new Gauge({
  name: 'tgxh_tasks_overdue',
  help: 'Open tasks past their due date per unit',
  labelNames: ['unit'] as const,
  registers: [],
  async collect() {
    const rows = await readModel('tasks', countOpenTasks);
    this.reset();
    rows?.forEach((row) => this.set({ unit: row.unitCode }, row.overdue));
  },
});

const outboxOldest = new Gauge({
  name: 'tgxh_outbox_oldest_waiting_seconds',
  help: 'Age of the oldest outbox message still waiting to be sent (0: none waits)',
  registers: [],
  async collect() {
    const counts = await readModel('the outbox', (pool) => countOutbox(pool, new Date()));
    this.reset();
    if (counts) this.set(counts.oldestWaitingSeconds);
  },
});

const outboxMessages = new Gauge({
  name: 'tgxh_outbox_messages',
  help: 'Outbox messages by channel and status (pending + sending: backlog; failed: given up after retries)',
  labelNames: ['channel', 'status'] as const,
  registers: [],
  async collect() {
    const counts = await readModel('the outbox', (pool) => countOutbox(pool, new Date()));
    this.reset();
    counts?.byStatus.forEach((row) => this.set({ channel: row.channel, status: row.status }, row.count));
  },
});

const gauges = [dossiers, openTasks, overdueTasks, outboxMessages, outboxOldest];
let registered = false;

/** Puts the gauges on the process's registry (once); they stay empty until a pool serves them. */
export function registerReadModelMetrics(): void {
  if (registered) return;
  gauges.forEach((gauge) => metricsRegistry.registerMetric(gauge));
  registered = true;
}

/** Serves the read-model metrics from `pool` on this process's /metrics; returns a function that stops it. */
export function serveReadModelMetrics(pool: Pool): () => void {
  registerReadModelMetrics();
  source = pool;
  return () => {
    if (source === pool) source = undefined;
  };
}
