/** Users who log in: officers, chairmen, admins and auditors, each bound to one administrative unit. */
import type { NotificationMode, NotificationSettings } from '../domain/notification-settings';
import type { Queryable } from './queryable';

export interface UserRecord {
  id: string;
  username: string;
  fullName: string;
  role: string;
  unitCode: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UserWithHash extends UserRecord {
  passwordHash: string;
}

export interface UserRow {
  id: string;
  username: string;
  full_name: string;
  password_hash: string;
  role: string;
  unit_code: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** A users row (or the users columns of a join) as the API sees it. */
export function toUser(row: Omit<UserRow, 'password_hash'>): UserRecord {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    unitCode: row.unit_code,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserWithHash | undefined> {
  const { rows } = await db.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
  return rows[0] ? { ...toUser(rows[0]), passwordHash: rows[0].password_hash } : undefined;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export interface UserFilter {
  unitCodes: readonly string[];
  role?: string;
  active?: boolean;
}

export async function listUsers(db: Queryable, filter: UserFilter): Promise<UserRecord[]> {
  const { rows } = await db.query<UserRow>(
    `SELECT * FROM users
      WHERE unit_code = ANY($1::text[])
        AND ($2::text IS NULL OR role = $2)
        AND ($3::boolean IS NULL OR active = $3)
      ORDER BY unit_code, username`,
    [filter.unitCodes, filter.role ?? null, filter.active ?? null],
  );
  return rows.map(toUser);
}

export interface NewUser {
  username: string;
  fullName: string;
  passwordHash: string;
  role: string;
  unitCode: string;
  /** Where messages reach them (lower case); officers without one get no e-mail. */
  email?: string;
  phone?: string;
}

/** Inserts a user; undefined when the username is taken (the caller answers 409). */
export async function insertUser(db: Queryable, user: NewUser): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (username, full_name, password_hash, role, unit_code, email, phone)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING RETURNING *`,
    [
      user.username,
      user.fullName,
      user.passwordHash,
      user.role,
      user.unitCode,
      user.email?.toLowerCase() ?? null,
      user.phone ?? null,
    ],
  );
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function deactivateUser(db: Queryable, id: string): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRow>(
    'UPDATE users SET active = false, updated_at = now() WHERE id = $1 RETURNING *',
    [id],
  );
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function setPasswordHash(
  db: Queryable,
  id: string,
  passwordHash: string,
): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRow>(
    'UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1 RETURNING *',
    [id, passwordHash],
  );
  return rows[0] ? toUser(rows[0]) : undefined;
}

/** Full names of users by id (timelines record who acted by id). */
export async function fullNamesOf(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; full_name: string }>(
    'SELECT id, full_name FROM users WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.full_name]));
}

export type { NotificationMode, NotificationSettings } from '../domain/notification-settings';

export async function notificationSettingsOf(
  db: Queryable,
  id: string,
): Promise<NotificationSettings | undefined> {
  const { rows } = await db.query<{
    email: string | null;
    phone: string | null;
    notification_mode: NotificationMode;
  }>('SELECT email, phone, notification_mode FROM users WHERE id = $1', [id]);
  const row = rows[0];
  return row ? { email: row.email, phone: row.phone, mode: row.notification_mode } : undefined;
}

/** An officer's own choice: each message at once, or one digest a day. */
export async function setNotificationSettings(
  db: Queryable,
  id: string,
  settings: NotificationSettings,
): Promise<void> {
  await db.query(
    'UPDATE users SET email = $2, phone = $3, notification_mode = $4, updated_at = now() WHERE id = $1',
    [id, settings.email?.toLowerCase() ?? null, settings.phone, settings.mode],
  );
}
