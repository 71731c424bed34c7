/**
 * The worker's Temporal SDK metrics (Prometheus text from TEMPORAL_METRICS_PORT), as evidence beside the
 * figures: what a phase cost in workflow tasks, activities and local activities, and where their time went
 * (schedule-to-start: waiting for the worker; execution: running in it). Histograms are summed over their
 * labels; a phase is the difference of two snapshots.
 */
export type MetricsSnapshot = Map<string, number>;

const HISTOGRAMS = [
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_workflow_task_execution_latency',
  'temporal_workflow_task_replay_latency',
  'temporal_activity_schedule_to_start_latency',
  'temporal_activity_execution_latency',
  'temporal_local_activity_execution_latency',
  'temporal_workflow_endtoend_latency',
];

export async function scrapeMetrics(url: string): Promise<MetricsSnapshot> {
  const text = await fetch(url).then((response) => response.text());
  const values: MetricsSnapshot = new Map();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+?)(_sum|_count)?(?:\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (!match) continue;
    const key = `${match[1]}${match[2] ?? ''}`;
    values.set(key, (values.get(key) ?? 0) + Number(match[3]));
  }
  return values;
}

/** One line per histogram that moved: count and mean in milliseconds, and the sticky cache. */
export function describeMetrics(before: MetricsSnapshot, after: MetricsSnapshot): string[] {
  const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
  const lines: string[] = [];
  // Exporters may add a unit to the name (`…_latency_milliseconds`, `…_seconds`): matched by prefix.
  const names = [...after.keys()].filter((key) => key.endsWith('_count')).map((key) => key.slice(0, -6));
  for (const name of names.filter((n) => HISTOGRAMS.some((h) => n.startsWith(h))).sort()) {
    const count = delta(`${name}_count`);
    if (count <= 0) continue;
    // runtime/temporal/telemetry.ts exports durations in seconds (useSecondsForDurations).
    const unit = 1000;
    lines.push(`${name}: n=${count}, mean ${((unit * delta(`${name}_sum`)) / count).toFixed(1)} ms`);
  }
  for (const name of [
    'temporal_sticky_cache_hit',
    'temporal_sticky_cache_miss',
    'temporal_sticky_cache_size',
  ]) {
    const value = name.endsWith('size') ? (after.get(name) ?? 0) : delta(name);
    if (after.has(name)) lines.push(`${name}: ${value}`);
  }
  return lines;
}
