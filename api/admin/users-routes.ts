/**
 * Users: read within the caller's unit scope; created, deactivated and given new passwords by the admin of
 * the province. A role must fit the level of the unit it is bound to.
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import { z } from 'zod';
import {
  createUser,
  CreateUserSchema,
  deactivateUserAs,
  listUsersInScope,
  ResetPasswordSchema,
  resetUserPassword,
  userInScope,
} from '../../app/admin/users';
import { UserRoleSchema } from '../../app/auth/roles';
import type { RouteModule } from '../route-registry';
import { QueryBooleanSchema, UnitCodeSchema, UserSchema, UuidSchema } from '../../app/schemas';

const UserIdParams = z.strictObject({ id: UuidSchema });

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
    handler: async ({ query, auth }) => ({
      users: await listUsersInScope(deps, auth.user, {
        ...(query.unitCode !== undefined ? { unitCode: query.unitCode } : {}),
        ...(query.role ? { role: query.role } : {}),
        ...(query.active !== undefined ? { active: query.active } : {}),
      }),
    }),
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
    handler: async ({ params, auth }) => userInScope(deps, auth.user, params.id),
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
    handler: async ({ body, auth, req }) => createUser(deps, actorOf(auth.user, clientAddressOf(req)), body),
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
    handler: async ({ params, auth, req }) =>
      deactivateUserAs(deps, actorOf(auth.user, clientAddressOf(req)), params.id),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/users/:id/password',
    summary: 'Set a new password for a user and end their sessions',
    tags: ['admin: users'],
    auth: ['admin'],
    params: UserIdParams,
    body: ResetPasswordSchema,
    response: { status: 204, description: 'Password replaced; the user must log in again' },
    errors: [404],
    handler: async ({ params, body, auth, req }) => {
      await resetUserPassword(deps, actorOf(auth.user, clientAddressOf(req)), params.id, body.password);
    },
  });
};
