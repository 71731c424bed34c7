/**
 * Users: read within the caller's unit scope; created, deactivated and given new passwords by the admin of
 * the province. A role must fit the level of the unit it is bound to.
 */
import { z } from 'zod';
import { inTransaction } from '../../db/queryable';
import { revokeUserSessions } from '../../db/sessions';
import { deactivateUser, findUserById, insertUser, listUsers, setPasswordHash } from '../../db/users';
import { findUnit } from '../../db/units';
import { hashPassword, PasswordSchema } from '../../app/auth/passwords';
import { LEVEL_NAMES_VI, ROLE_LEVELS, roleFitsLevel, UserRoleSchema } from '../../app/auth/roles';
import type { AuthenticatedUser } from '../../app/auth/session';
import { clockOf, type AppDeps } from '../../app/deps';
import { conflict, notFound, validationFailed } from '../../app/errors';
import type { RouteModule } from '../route-registry';
import {
  QueryBooleanSchema,
  UnitCodeSchema,
  UsernameSchema,
  UserSchema,
  UuidSchema,
  vietnameseText,
} from '../../app/schemas';
import { callerScope } from '../../app/auth/caller-scope';

const CreateUserSchema = z
  .strictObject({
    username: UsernameSchema,
    fullName: vietnameseText(200),
    password: PasswordSchema,
    role: UserRoleSchema,
    unitCode: UnitCodeSchema,
  })
  .meta({ id: 'CreateUserRequest' });

const UserIdParams = z.strictObject({ id: UuidSchema });

/** A user the caller may see: 404 when there is none, 403 when it belongs to a unit out of scope. */
async function userInScope(deps: AppDeps, caller: AuthenticatedUser, id: string) {
  const user = await findUserById(deps.pool, id);
  if (!user) throw notFound('Không tìm thấy người dùng');
  (await callerScope(deps, caller)).assertAccess(
    user.unitCode,
    'Người dùng này thuộc đơn vị ngoài phạm vi quản lý của bạn',
  );
  return user;
}

export const userRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/users',
    summary: 'Users of the units in the caller’s scope',
    tags: ['admin: users'],
    auth: 'authenticated',
    query: z.strictObject({
      unitCode: UnitCodeSchema.optional(),
      role: UserRoleSchema.optional(),
      active: QueryBooleanSchema.optional(),
    }),
    response: {
      status: 200,
      description: 'Users, by unit then username',
      schema: z.object({ users: z.array(UserSchema) }),
    },
    handler: async ({ query, auth }) => {
      const scope = await callerScope(deps, auth.user);
      if (query.unitCode !== undefined) scope.assertAccess(query.unitCode);
      const users = await listUsers(deps.pool, {
        unitCodes: query.unitCode !== undefined ? [query.unitCode] : scope.unitCodes(),
        ...(query.role ? { role: query.role } : {}),
        ...(query.active !== undefined ? { active: query.active } : {}),
      });
      return { users: users.map((user) => ({ ...user, role: UserRoleSchema.parse(user.role) })) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/admin/users/:id',
    summary: 'One user',
    tags: ['admin: users'],
    auth: 'authenticated',
    params: UserIdParams,
    response: { status: 200, description: 'The user', schema: UserSchema },
    errors: [404],
    handler: async ({ params, auth }) => {
      const user = await userInScope(deps, auth.user, params.id);
      return { ...user, role: UserRoleSchema.parse(user.role) };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/admin/users',
    summary: 'Create a user bound to a unit of the admin’s province',
    description:
      'Password: at least 10 characters. Commune roles (intake_clerk, commune_officer, commune_chairman) at ' +
      'communes, district roles at districts, payment_officer at a district or commune, admin and auditor at ' +
      'the province. A taken username gives 409 USERNAME_TAKEN.',
    tags: ['admin: users'],
    auth: ['admin'],
    body: CreateUserSchema,
    response: { status: 201, description: 'Created', schema: UserSchema },
    errors: [409],
    handler: async ({ body, auth }) => {
      const unit = await findUnit(deps.pool, body.unitCode);
      if (!unit)
        throw validationFailed([{ path: 'body.unitCode', message: 'Không có đơn vị hành chính với mã này' }]);
      (await callerScope(deps, auth.user)).assertAccess(unit.code);
      if (!roleFitsLevel(body.role, unit.level)) {
        const allowed = ROLE_LEVELS[body.role].map((level) => LEVEL_NAMES_VI[level]).join(' hoặc ');
        throw validationFailed([
          {
            path: 'body.role',
            message: `Vai trò ${body.role} chỉ gắn với đơn vị ${allowed}, đơn vị ${unit.code} là ${LEVEL_NAMES_VI[unit.level]}`,
          },
        ]);
      }
      const created = await insertUser(deps.pool, {
        username: body.username,
        fullName: body.fullName,
        passwordHash: await hashPassword(body.password),
        role: body.role,
        unitCode: unit.code,
      });
      if (!created) throw conflict('USERNAME_TAKEN', `Tên đăng nhập "${body.username}" đã được sử dụng`);
      return { ...created, role: body.role };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/admin/users/:id/deactivate',
    summary: 'Deactivate a user and end their sessions',
    tags: ['admin: users'],
    auth: ['admin'],
    params: UserIdParams,
    response: { status: 200, description: 'The deactivated user', schema: UserSchema },
    errors: [404, 409],
    handler: async ({ params, auth }) => {
      await userInScope(deps, auth.user, params.id);
      if (params.id === auth.user.id) {
        throw conflict('CANNOT_DEACTIVATE_SELF', 'Không thể tự khóa tài khoản của chính mình');
      }
      const user = await inTransaction(deps.pool, async (client) => {
        const updated = await deactivateUser(client, params.id);
        await revokeUserSessions(client, params.id, clockOf(deps)());
        return updated;
      });
      if (!user) throw notFound('Không tìm thấy người dùng');
      return { ...user, role: UserRoleSchema.parse(user.role) };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/admin/users/:id/password',
    summary: 'Set a new password for a user and end their sessions',
    tags: ['admin: users'],
    auth: ['admin'],
    params: UserIdParams,
    body: z.strictObject({ password: PasswordSchema }).meta({ id: 'ResetPasswordRequest' }),
    response: { status: 204, description: 'Password replaced; the user must log in again' },
    errors: [404],
    handler: async ({ params, body, auth }) => {
      await userInScope(deps, auth.user, params.id);
      const passwordHash = await hashPassword(body.password);
      await inTransaction(deps.pool, async (client) => {
        await setPasswordHash(client, params.id, passwordHash);
        await revokeUserSessions(client, params.id, clockOf(deps)());
      });
    },
  });
};
