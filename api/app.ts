import type { Connection } from '@temporalio/client';
import express, { type Express } from 'express';
import type { Pool } from 'pg';
import { checkHealth } from './health';

export interface ApiDeps {
  pool: Pool;
  temporal: Connection;
  namespace: string;
}

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));

  // 200 only when every backing service answers, so load balancers stop routing to a broken instance.
  app.get('/health', async (_req, res) => {
    const report = await checkHealth(deps);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  return app;
}
