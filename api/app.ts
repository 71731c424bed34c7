import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { temporalClientOf, type AppDeps } from '../app/deps';
import { errorHandler, notFoundHandler, requireJsonBody } from './error-handler';
import { checkHealth } from './health';
import { buildOpenApiDocument } from './openapi';
import { RouteRegistry, type RouteModule } from './route-registry';
import { ROUTE_MODULES } from './routes';

export type { AppDeps } from '../app/deps';

/** Request bodies are small JSON documents; a procedure definition is the largest, well under this. */
export const BODY_LIMIT = '256kb';
export const PAYROLL_CONFIRMATION_LIMIT = '32mb';

/** helmet's defaults, but a CSP that allows nothing and framing refused outright. */
const API_SECURITY_HEADERS = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  frameguard: { action: 'deny' },
});

/**
 * The JSON API as a router: /health, /api/openapi.json and every /api route, with its own 404 and error
 * handler for /api paths (anything else passes on, to the pages).
 */
export function createApiRouter(given: AppDeps, modules: readonly RouteModule[] = ROUTE_MODULES): Router {
  // The dossier routes' Temporal client, built once from the connection in deps (no network until used).
  const deps: AppDeps = { ...given, temporalClient: temporalClientOf(given) };
  const router = express.Router();
  // The pages have their own helmet (web/app.ts, with a nonce CSP); JSON runs nothing, so its CSP allows nothing.
  router.use(['/api', '/health'], API_SECURITY_HEADERS);
  router.use('/api', requireJsonBody);
  // A payer's confirmation file of a large commune is larger than any other request (app/payrolls/confirmation.ts).
  router.use('/api/payrolls/:id/confirmation', express.json({ limit: PAYROLL_CONFIRMATION_LIMIT }));
  router.use('/api', express.json({ limit: BODY_LIMIT }));

  // 200 only when every backing service answers, so load balancers stop routing to a broken instance.
  router.get('/health', async (_req, res) => {
    const report = await checkHealth(deps);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  const routes = new RouteRegistry(deps);
  for (const register of modules) register(routes, deps);
  const document = buildOpenApiDocument(routes);
  router.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use(routes.router);

  router.use('/api', notFoundHandler);
  router.use(errorHandler(deps));
  return router;
}

/** The JSON API alone (the tests of the API, and a process that serves no pages). */
export function createApp(given: AppDeps, modules: readonly RouteModule[] = ROUTE_MODULES): Express {
  const app = express();
  app.disable('x-powered-by');
  if (given.trustProxy !== undefined) app.set('trust proxy', given.trustProxy);
  app.use(createApiRouter(given, modules));
  app.use(notFoundHandler);
  app.use(errorHandler(given));
  return app;
}
