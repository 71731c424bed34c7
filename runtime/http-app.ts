/**
 * The HTTP server of an API process: the JSON API (/health, /api/…) and the pages (everything else), one
 * express app, each adapter with its own 404 and error handling.
 */
import express, { type Express } from 'express';
import { createApiRouter } from '../api/app';
import type { WebDeps } from '../web/deps';
import { createWebRouter } from '../web/app';
import { observeRequests } from './http-observability';

export function createHttpApp(deps: WebDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(observeRequests());
  app.use(createApiRouter(deps));
  app.use(createWebRouter(deps));
  return app;
}
