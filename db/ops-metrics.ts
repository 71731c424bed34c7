/** Counts the ops metrics read from the read model on each Prometheus scrape (runtime/read-model-metrics.ts). */
import type { Queryable } from './queryable';

export interface DossierCount {
  procedureId: string;
  status: string;
  count: number;
}

export async function countDossiers(db: Queryable): Promise<DossierCount[]> {
  const { rows } = await db.query<DossierCount>(
    `SELECT procedure_id AS "procedureId", status, count(*)::int AS count
       FROM dossiers GROUP BY procedure_id, status`,
  );
  return rows;
}

export interface OpenTaskCount {
  unitCode: string;
  open: number;
  overdue: number;
}

/** Open tasks per unit, and those of them past their due date (`overdue`, set by the workflow's timer). */
export async function countOpenTasks(db: Queryable): Promise<OpenTaskCount[]> {
  const { rows } = await db.query<OpenTaskCount>(
    `SELECT unit_code AS "unitCode", count(*)::int AS open, (count(*) FILTER (WHERE overdue))::int AS overdue
       FROM tasks WHERE status = 'open' GROUP BY unit_code`,
  );
  return rows;
}

export interface OutboxCount {
  channel: string;
  status: string;
  count: number;
}

export interface OutboxCounts {
  byStatus: OutboxCount[];
  /** Age of the oldest message still waiting to go (pending or sending), 0 when none waits. */
  oldestWaitingSeconds: number;
}

export async function countOutbox(db: Queryable, now: Date): Promise<OutboxCounts> {
  const [byStatus, oldest] = await Promise.all([
    db.query<OutboxCount>(
      `SELECT channel, status, count(*)::int AS count FROM outbox_messages GROUP BY channel, status`,
    ),
    db.query<{ seconds: number | null }>(
      `SELECT extract(epoch FROM ($1::timestamptz - min(created_at)))::float8 AS seconds
         FROM outbox_messages WHERE status IN ('pending', 'sending')`,
      [now],
    ),
  ]);
  return { byStatus: byStatus.rows, oldestWaitingSeconds: Math.max(0, oldest.rows[0]?.seconds ?? 0) };
}
