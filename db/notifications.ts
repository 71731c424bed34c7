/**
 * Officers' notifications (reminders, escalations…): rows the workflow's activities write to `notifications`
 * addressed to a role at a unit — and alerts to admins ('admin' at the province) when a message to a person
 * could not be delivered — listed newest first in keyset pages, and read per user
 * (`notification_reads`).
 */
import type { Queryable } from './queryable';

export interface NotificationRecord {
  id: string;
  dossierCode: string;
  role: string | null;
  unitCode: string | null;
  /** 'officer' (the workflow's reminders, escalations) or 'admin' (a message that could not be delivered). */
  audience: string;
  kind: string;
  message: string;
  createdAt: string;
  /** When this user marked it read; null while unread. */
  readAt: string | null;
}

interface NotificationRow {
  id: string;
  created_us: string;
  dossier_code: string;
  audience: string;
  role: string | null;
  unit_code: string | null;
  kind: string;
  message: string;
  created_at: Date;
  read_at: Date | null;
}

function toRecord(row: NotificationRow): NotificationRecord {
  return {
    id: String(row.id),
    dossierCode: row.dossier_code,
    audience: row.audience,
    role: row.role,
    unitCode: row.unit_code,
    kind: row.kind,
    message: row.message,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

/**
 * Position in the list order (created_at, id, both descending). The instant is kept in whole microseconds
 * since the epoch (Postgres' own precision), as digits, so a page boundary never falls between two rows that
 * a millisecond ISO string would make equal.
 */
export interface NotificationCursor {
  createdUs: string;
  id: string;
}

export interface NotificationFilter {
  /** The reader: read state is theirs. */
  userId: string;
  unitCodes: readonly string[];
  /** Only notifications addressed to this role; undefined for province-wide readers (admins, auditors). */
  role?: string;
  /** 'officer', and 'admin' for admins only: delivery alerts point at people's messages. */
  audiences: readonly string[];
  unread?: boolean;
  after?: NotificationCursor;
  limit: number;
}

const SELECT = `
  SELECT n.id, (extract(epoch FROM n.created_at) * 1000000)::bigint::text AS created_us, n.dossier_code,
         n.audience, n.role, n.unit_code, n.kind, n.message, n.created_at, r.read_at
    FROM notifications n
    LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = $1`;

export async function listNotifications(
  db: Queryable,
  filter: NotificationFilter,
): Promise<{ notifications: NotificationRecord[]; next?: NotificationCursor; unread: number }> {
  const { rows } = await db.query<NotificationRow>(
    `${SELECT}
      WHERE n.audience = ANY($8)
        AND n.unit_code = ANY($2)
        AND ($3::text IS NULL OR n.role = $3)
        AND ($4::boolean IS NULL OR $4 = (r.read_at IS NULL))
        AND ($5::bigint IS NULL
             OR (n.created_at, n.id) < (timestamptz 'epoch' + $5::bigint * interval '1 microsecond', $6::bigint))
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT $7`,
    [
      filter.userId,
      filter.unitCodes,
      filter.role ?? null,
      filter.unread ?? null,
      filter.after?.createdUs ?? null,
      filter.after?.id ?? null,
      filter.limit + 1,
      filter.audiences,
    ],
  );
  const { rows: counted } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n
       FROM notifications n
       LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = $1
      WHERE n.audience = ANY($4) AND n.unit_code = ANY($2) AND ($3::text IS NULL OR n.role = $3)
        AND r.read_at IS NULL`,
    [filter.userId, filter.unitCodes, filter.role ?? null, filter.audiences],
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    notifications: page.map(toRecord),
    ...(rows.length > filter.limit && last
      ? { next: { createdUs: last.created_us, id: String(last.id) } }
      : {}),
    unread: counted[0]?.n ?? 0,
  };
}

/** One officer notification with `userId`'s read state. */
export async function findNotification(
  db: Queryable,
  id: string,
  userId: string,
): Promise<NotificationRecord | undefined> {
  const { rows } = await db.query<NotificationRow>(
    `${SELECT} WHERE n.id = $2::bigint AND n.audience IN ('officer', 'admin')`,
    [userId, id],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** Marks it read for `userId`; reading it again keeps the first time. */
export async function markNotificationRead(
  db: Queryable,
  id: string,
  userId: string,
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO notification_reads (notification_id, user_id, read_at) VALUES ($1::bigint, $2, $3)
     ON CONFLICT (notification_id, user_id) DO NOTHING`,
    [id, userId, at],
  );
}
