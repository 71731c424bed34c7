import express, { type Express } from 'express';
import { temporalClientOf, type AppDeps } from '../app/deps';
import { errorHandler, notFoundHandler, requireJsonBody } from './error-handler';
import { checkHealth } from './health';
import { buildOpenApiDocument } from './openapi';
import { RouteRegistry, type RouteModule } from './route-registry';
import { ROUTE_MODULES } from './routes';

export type { AppDeps } from '../app/deps';

/** Request bodies are small JSON documents; a procedure definition is the largest, well under this. */
export const BODY_LIMIT = '256kb';

export function createApp(given: AppDeps, modules: readonly RouteModule[] = ROUTE_MODULES): Express {
  // The dossier routes' Temporal client, built once from the connection in deps (no network until used).
  const deps: AppDeps = { ...given, temporalClient: temporalClientOf(given) };
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(requireJsonBody);
  app.use(express.json({ limit: BODY_LIMIT }));

  // 200 only when every backing service answers, so load balancers stop routing to a broken instance.
  app.get('/health', async (_req, res) => {
    const report = await checkHealth(deps);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  const routes = new RouteRegistry(deps);
  for (const register of modules) register(routes, deps);
  const document = buildOpenApiDocument(routes);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use(routes.router);

  app.use(notFoundHandler);
  app.use(errorHandler(deps));
  return app;
}
