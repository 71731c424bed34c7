/**
 * The Grafana dashboard (deploy/grafana/dashboards/tgxh.json) asks only for metrics the processes serve: a
 * renamed metric would otherwise leave an empty panel that nobody notices until the day it is needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { collectProcessMetrics, metricsRegistry } from '../../../observability/metrics';
import { registerReadModelMetrics } from '../../../runtime/read-model-metrics';

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
}

const dashboard = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../deploy/grafana/dashboards/tgxh.json'), 'utf8'),
) as { uid: string; panels: Panel[] };

test('every tgxh_ metric a panel queries is one the processes serve', async () => {
  collectProcessMetrics();
  registerReadModelMetrics();
  const served = new Set(metricsRegistry.getMetricsAsArray().map((metric) => metric.name));
  const asked = dashboard.panels
    .flatMap((panel) => panel.targets ?? [])
    .flatMap((target) => target.expr.match(/\btgxh_\w+/g) ?? [])
    .map((name) => name.replace(/_(bucket|count|sum)$/, ''));
  expect(asked.length).toBeGreaterThan(10);
  for (const name of asked) expect(served).toContain(name);
});

test('the panels cover what operators watch', () => {
  const queries = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr);
  for (const metric of [
    'tgxh_http_request_duration_seconds_bucket',
    'tgxh_dossiers',
    'tgxh_tasks_open',
    'tgxh_tasks_overdue',
    'tgxh_outbox_messages',
    'tgxh_document_render_duration_seconds_bucket',
    'temporal_workflow_task_schedule_to_start_latency_bucket',
    'temporal_worker_task_slots_available',
  ])
    expect(queries.some((query) => query.includes(metric))).toBe(true);
});
