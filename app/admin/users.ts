/**
 * Users for the province's admin: read within the caller's unit scope; created, deactivated and given new
 * passwords by the admin. A role must fit the level of the unit it is bound to. The JSON API
 * (api/admin/users-routes.ts) and the pages (web/admin/users.ts) both call these, so the rules live once.
 * Field errors keep the API's `body.<field>` paths: the API answers them as they are, pages strip `body.`.
 */
import { z } from 'zod';
import { inTransactionOf, type Queryable } from '../../db/queryable';
import { revokeUserSessions } from '../../db/sessions';
import {
  deactivateUser,
  findUserById,
  insertUser,
  listUsers,
  setPasswordHash,
  type UserRecord,
} from '../../db/users';
import { findUnit } from '../../db/units';
import { hashPassword, PasswordSchema } from '../auth/passwords';
import { LEVEL_NAMES_VI, ROLE_LEVELS, roleFitsLevel, UserRoleSchema, type UserRole } from '../auth/roles';
import type { AuthenticatedUser } from '../auth/session';
import { callerScope } from '../auth/caller-scope';
import { audit, type Actor } from '../audit';
import { clockOf, type AppDeps } from '../deps';
import { conflict, notFound, validationFailed } from '../errors';
import { UnitCodeSchema, UsernameSchema, vietnameseText } from '../schemas';
import { releaseClaimsOf } from '../tasks/reassign';

export const CreateUserSchema = z
  .strictObject({
    username: UsernameSchema,
    fullName: vietnameseText(200),
    password: PasswordSchema,
    role: UserRoleSchema,
    unitCode: UnitCodeSchema,
  })
  .meta({ id: 'CreateUserRequest' });
export type CreateUserInput = z.output<typeof CreateUserSchema>;

export const ResetPasswordSchema = z
  .strictObject({ password: PasswordSchema })
  .meta({ id: 'ResetPasswordRequest' });

export type AdminUser = Omit<UserRecord, 'role'> & { role: UserRole };

function withRole(user: UserRecord): AdminUser {
  return { ...user, role: UserRoleSchema.parse(user.role) };
}

export interface UserListFilter {
  unitCode?: string;
  role?: UserRole;
  active?: boolean;
}

/** Users of the units in the caller's scope (or of one unit in it), by unit then username. */
export async function listUsersInScope(
  deps: AppDeps,
  caller: AuthenticatedUser,
  filter: UserListFilter = {},
): Promise<AdminUser[]> {
  const scope = await callerScope(deps, caller);
  if (filter.unitCode !== undefined) scope.assertAccess(filter.unitCode);
  const users = await listUsers(deps.pool, {
    unitCodes: filter.unitCode !== undefined ? [filter.unitCode] : scope.unitCodes(),
    ...(filter.role ? { role: filter.role } : {}),
    ...(filter.active !== undefined ? { active: filter.active } : {}),
  });
  return users.map(withRole);
}

/** A user the caller may see: 404 when there is none, 403 when it belongs to a unit out of scope. */
export async function userInScope(deps: AppDeps, caller: AuthenticatedUser, id: string): Promise<AdminUser> {
  const user = await findUserById(deps.pool, id);
  if (!user) throw notFound('Không tìm thấy người dùng');
  (await callerScope(deps, caller)).assertAccess(
    user.unitCode,
    'Người dùng này thuộc đơn vị ngoài phạm vi quản lý của bạn',
  );
  return withRole(user);
}

/**
 * Creates a user bound to a unit in the caller's scope. `db` lets a page run it inside its idempotency-key
 * transaction (one user per form, however often it is sent). A taken username is 409 USERNAME_TAKEN.
 */
export async function createUser(
  deps: AppDeps,
  caller: Actor,
  input: CreateUserInput,
  db: Queryable = deps.pool,
): Promise<AdminUser> {
  const unit = await findUnit(db, input.unitCode);
  if (!unit)
    throw validationFailed([{ path: 'body.unitCode', message: 'Không có đơn vị hành chính với mã này' }]);
  (await callerScope(deps, caller)).assertAccess(unit.code);
  if (!roleFitsLevel(input.role, unit.level)) {
    const allowed = ROLE_LEVELS[input.role].map((level) => LEVEL_NAMES_VI[level]).join(' hoặc ');
    throw validationFailed([
      {
        path: 'body.role',
        message: `Vai trò ${input.role} chỉ gắn với đơn vị ${allowed}, đơn vị ${unit.code} là ${LEVEL_NAMES_VI[unit.level]}`,
      },
    ]);
  }
  const passwordHash = await hashPassword(input.password);
  const created = await inTransactionOf(db, async (client) => {
    const user = await insertUser(client, {
      username: input.username,
      fullName: input.fullName,
      passwordHash,
      role: input.role,
      unitCode: unit.code,
    });
    if (!user) throw conflict('USERNAME_TAKEN', `Tên đăng nhập "${input.username}" đã được sử dụng`);
    await audit(client, deps, caller, {
      action: 'user.create',
      target: { kind: 'user', id: user.id },
      details: { role: input.role, unitCode: unit.code },
    });
    return user;
  });
  return { ...created, role: input.role };
}

/**
 * Deactivates a user in scope, ends their sessions and releases the tasks they had claimed; never the caller
 * (409 CANNOT_DEACTIVATE_SELF). `db`: a page's idempotency-key transaction, as for the two below; then the
 * claims are not released here (no Temporal call inside a transaction): the caller calls
 * `releaseClaimsOfDeactivated` once its transaction has committed.
 */
export async function deactivateUserAs(
  deps: AppDeps,
  caller: Actor,
  id: string,
  db: Queryable = deps.pool,
): Promise<AdminUser> {
  await userInScope(deps, caller, id);
  if (id === caller.id)
    throw conflict('CANNOT_DEACTIVATE_SELF', 'Không thể tự khóa tài khoản của chính mình');
  const user = await inTransactionOf(db, async (client) => {
    const updated = await deactivateUser(client, id);
    if (!updated) return undefined;
    await revokeUserSessions(client, id, clockOf(deps)());
    await audit(client, deps, caller, { action: 'user.deactivate', target: { kind: 'user', id } });
    return updated;
  });
  if (!user) throw notFound('Không tìm thấy người dùng');
  if (db === deps.pool) await releaseClaimsOfDeactivated(deps, caller, id);
  return withRole(user);
}

/** Nobody could take over a task a deactivated user had claimed: give it back to their role. Idempotent. */
export async function releaseClaimsOfDeactivated(
  deps: AppDeps,
  caller: AuthenticatedUser,
  id: string,
): Promise<number> {
  return releaseClaimsOf(deps, id, caller.id);
}

/** Replaces a user's password and ends their sessions: they log in again with the new one. */
export async function resetUserPassword(
  deps: AppDeps,
  caller: Actor,
  id: string,
  password: string,
  db: Queryable = deps.pool,
): Promise<AdminUser> {
  const user = await userInScope(deps, caller, id);
  const passwordHash = await hashPassword(password);
  await inTransactionOf(db, async (client) => {
    await setPasswordHash(client, id, passwordHash);
    await revokeUserSessions(client, id, clockOf(deps)());
    await audit(client, deps, caller, { action: 'user.reset_password', target: { kind: 'user', id } });
  });
  return user;
}
