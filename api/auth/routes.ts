/** POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me. */
import { z } from 'zod';
import { textSchema } from '../../domain/text';
import type { RouteModule } from '../route-registry';
import { UserSchema } from '../../app/schemas';
import { login } from '../../app/auth/login';
import { endSession } from '../../app/auth/session';
import { clientAddressOf } from '../../http/client-address';

const LoginBodySchema = z
  .strictObject({
    username: textSchema({ max: 64 }).transform((username) => username.toLowerCase()),
    password: z.string().min(1).max(200),
  })
  .meta({ id: 'LoginRequest' });

const LoginResponseSchema = z
  .object({
    token: z.string().meta({ description: 'Opaque bearer token (send as Authorization: Bearer …)' }),
    expiresAt: z.iso.datetime(),
    user: UserSchema,
  })
  .meta({ id: 'LoginResponse' });

const MeResponseSchema = z.object({ user: UserSchema, expiresAt: z.iso.datetime() }).meta({ id: 'Me' });

export const authRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Log in with username and password',
    description:
      'Returns a bearer token valid for 12 hours. Unknown user and wrong password give the same 401 ' +
      'INVALID_CREDENTIALS; 5 failures per username and client address within 15 minutes give 429.',
    tags: ['auth'],
    auth: 'public',
    body: LoginBodySchema,
    response: { status: 200, description: 'Logged in', schema: LoginResponseSchema },
    errors: [401, 429],
    handler: async ({ body, req }) =>
      login(deps, {
        username: body.username.normalize('NFC'),
        password: body.password,
        clientIp: clientAddressOf(req),
      }),
  });

  routes.add({
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End the current session',
    tags: ['auth'],
    auth: 'authenticated',
    response: { status: 204, description: 'Session revoked' },
    handler: async ({ auth }) => {
      await endSession(deps, auth);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/auth/me',
    summary: 'The logged-in user',
    tags: ['auth'],
    auth: 'authenticated',
    response: { status: 200, description: 'The caller and when the session ends', schema: MeResponseSchema },
    handler: async ({ auth }) => ({ user: auth.user, expiresAt: auth.expiresAt }),
  });
};
