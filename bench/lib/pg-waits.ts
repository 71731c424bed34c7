/**
 * Postgres evidence for a phase under load: samples pg_stat_activity every `everyMs` while it runs and tallies
 * what the other sessions' active statements were waiting on (a lock, the client, I/O — or nothing: on the
 * CPU). A lock that many samples share names a serialisation point (e.g. one row every request updates).
 */
import type { Pool } from 'pg';

export interface WaitSampler {
  stop(): Promise<string[]>;
}

export function sampleWaits(pool: Pool, everyMs = 50): WaitSampler {
  const tally = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await pool.query<{ wait: string; n: number }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU') ||
                CASE WHEN wait_event_type = 'Lock' THEN ' (' || left(regexp_replace(query, '\\s+', ' ', 'g'), 60) || ')'
                     ELSE '' END AS wait,
                count(*)::int AS n
           FROM pg_stat_activity
          WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
          GROUP BY 1`,
      );
      samples += 1;
      for (const { wait, n } of rows) tally.set(wait, (tally.get(wait) ?? 0) + n);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...tally.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([wait, n]) => `${wait}: ${(n / Math.max(samples, 1)).toFixed(2)} sessions on average`);
    },
  };
}
