import type { Pool } from 'pg';

import type { ProbeActivities } from '../workflows/runtime-probe';

export function createProbeActivities(pool: Pool): ProbeActivities {
  return {
    // Idempotent by id: a retried activity rewrites the same row instead of failing or adding one.
    async writeProbe({ id, note, workflowTime }) {
      const { rows } = await pool.query<{ written_at: Date }>(
        `INSERT INTO runtime_probe (id, note, written_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note
         RETURNING written_at`,
        [id, note, workflowTime],
      );
      return { writtenAt: rows[0]!.written_at.toISOString() };
    },
  };
}
