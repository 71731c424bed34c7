/**
 * One declaration per route: the same object mounts the express handler (validating params, query and body
 * with its zod schemas, checking authentication and role) and registers the OpenAPI path. A handler gets
 * typed, already-validated values and returns the response body, which is parsed with the response schema
 * on the way out so nothing undeclared (a password hash, an internal column) can leak.
 */
import { OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { rememberAuth, resolveAuth } from './auth/authenticate';
import { assertRole, type AuthContext } from '../app/auth/session';
import type { UserRole } from '../app/auth/roles';
import type { AppDeps } from '../app/deps';
import { ERROR_DESCRIPTIONS, ErrorResponseSchema } from './error-response';
import { parseRequestPart } from '../app/validation';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** 'public': anyone; 'authenticated': any logged-in user; a role list: only those roles (others get 403). */
export type AuthRequirement = 'public' | 'authenticated' | readonly UserRole[];

type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<P, Q, B, A extends AuthRequirement, H = undefined> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  /** The request headers the route declared (lower-case names), validated. */
  headers: Parsed<H>;
  /** The caller; undefined only on public routes. */
  auth: A extends 'public' ? AuthContext | undefined : AuthContext;
  req: Request;
  res: Response;
}

export interface RouteResponse<R extends z.ZodType | undefined> {
  status: 200 | 201 | 204;
  description: string;
  /** Omit for 204. */
  schema?: R;
}

export interface RouteSpec<
  P extends AnyObjectSchema | undefined,
  Q extends AnyObjectSchema | undefined,
  B extends z.ZodType | undefined,
  R extends z.ZodType | undefined,
  A extends AuthRequirement,
  H extends AnyObjectSchema | undefined = undefined,
> {
  method: HttpMethod;
  /** Express-style path, e.g. '/api/admin/users/:id' (documented as '/api/admin/users/{id}'). */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * Request headers the route reads (lower-case names; other headers are ignored). For what must not sit in
   * a URL, such as a citizen's second factor; documented as header parameters.
   */
  headers?: H;
  response: RouteResponse<R>;
  /** Error statuses worth documenting beyond the ones implied (400 for input, 401/403 for auth). */
  errors?: number[];
  handler: (ctx: RouteContext<P, Q, B, A, H>) => Promise<R extends z.ZodType ? z.input<R> : void>;
}

/** Only the headers a route declares are validated: the others (user agent, cookies) are not its business. */
function declaredHeaders(schema: AnyObjectSchema, req: Request): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.keys(schema.shape).flatMap((name) => {
      const value = req.headers[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export class RouteRegistry {
  readonly openapi = new OpenAPIRegistry();
  readonly router: Router = express.Router();
  private readonly declared = new Set<string>();

  constructor(private readonly deps: AppDeps) {
    this.openapi.registerComponent('securitySchemes', 'bearerAuth', {
      type: 'http',
      scheme: 'bearer',
      description: 'Opaque session token from POST /api/auth/login',
    });
  }

  add<
    P extends AnyObjectSchema | undefined = undefined,
    Q extends AnyObjectSchema | undefined = undefined,
    B extends z.ZodType | undefined = undefined,
    R extends z.ZodType | undefined = undefined,
    A extends AuthRequirement = AuthRequirement,
    H extends AnyObjectSchema | undefined = undefined,
  >(spec: RouteSpec<P, Q, B, R, A, H>): void {
    const key = `${spec.method.toUpperCase()} ${spec.path}`;
    if (this.declared.has(key)) throw new Error(`route declared twice: ${key}`);
    this.declared.add(key);
    this.mount(spec);
    this.document(spec);
  }

  private mount<
    P extends AnyObjectSchema | undefined,
    Q extends AnyObjectSchema | undefined,
    B extends z.ZodType | undefined,
    R extends z.ZodType | undefined,
    A extends AuthRequirement,
    H extends AnyObjectSchema | undefined,
  >(spec: RouteSpec<P, Q, B, R, A, H>): void {
    const deps = this.deps;
    this.router[spec.method](spec.path, async (req: Request, res: Response) => {
      // Authentication first: an anonymous caller learns nothing about the shape a route expects.
      let auth: AuthContext | undefined;
      if (spec.auth !== 'public') {
        auth = await resolveAuth(req, deps);
        rememberAuth(req, auth);
        if (spec.auth !== 'authenticated') assertRole(auth, spec.auth);
      }
      const ctx = {
        params: (spec.params ? parseRequestPart(spec.params, req.params, 'params') : undefined) as Parsed<P>,
        query: (spec.query ? parseRequestPart(spec.query, req.query, 'query') : undefined) as Parsed<Q>,
        body: (spec.body ? parseRequestPart(spec.body, req.body, 'body') : undefined) as Parsed<B>,
        headers: (spec.headers
          ? parseRequestPart(spec.headers, declaredHeaders(spec.headers, req), 'headers')
          : undefined) as Parsed<H>,
        auth: auth as RouteContext<P, Q, B, A, H>['auth'],
        req,
        res,
      };
      const result = await spec.handler(ctx);
      if (res.headersSent) return;
      if (spec.response.status === 204 || !spec.response.schema) {
        res.status(spec.response.status).end();
        return;
      }
      // A response that does not match its schema is a bug: it becomes a logged 500, never a leak.
      res.status(spec.response.status).json(spec.response.schema.parse(result));
    });
  }

  private document<
    P extends AnyObjectSchema | undefined,
    Q extends AnyObjectSchema | undefined,
    B extends z.ZodType | undefined,
    R extends z.ZodType | undefined,
    A extends AuthRequirement,
    H extends AnyObjectSchema | undefined,
  >(spec: RouteSpec<P, Q, B, R, A, H>): void {
    const errorStatuses = new Set<number>(spec.errors ?? []);
    if (spec.params || spec.query || spec.body || spec.headers) errorStatuses.add(400);
    if (spec.body) [413, 415].forEach((status) => errorStatuses.add(status));
    if (spec.auth !== 'public') errorStatuses.add(401);
    if (Array.isArray(spec.auth)) errorStatuses.add(403);
    errorStatuses.add(500);

    const responses: RouteConfig['responses'] = {
      [spec.response.status]: spec.response.schema
        ? {
            description: spec.response.description,
            content: { 'application/json': { schema: spec.response.schema } },
          }
        : { description: spec.response.description },
    };
    for (const status of [...errorStatuses].sort()) {
      responses[status] = {
        description: ERROR_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: ErrorResponseSchema } },
      };
    }
    const roles = Array.isArray(spec.auth) ? ` Roles: ${spec.auth.join(', ')}.` : '';
    this.openapi.registerPath({
      method: spec.method,
      path: openApiPath(spec.path),
      summary: spec.summary,
      description: `${spec.description ?? spec.summary}${roles}`,
      tags: spec.tags,
      ...(spec.auth === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
      request: {
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(spec.body
          ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } }
          : {}),
      },
      responses,
    });
  }
}

/** A group of routes (auth, admin units, dossiers, …) that adds itself to the registry. */
export type RouteModule = (routes: RouteRegistry, deps: AppDeps) => void;
