import path from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { loadMessageTemplates } from '../notifications/messages';

export const WORKFLOWS_PATH = path.join(__dirname, '..', 'workflows', 'index');

let cachedBundle: Promise<WorkflowBundle> | undefined;

/**
 * Bundles the workflow code once per process (webpack takes seconds); every worker the process creates,
 * including the many short-lived ones in tests, reuses it.
 */
export function workflowBundle(): Promise<WorkflowBundle> {
  cachedBundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve(WORKFLOWS_PATH),
    logger: quietLogger,
  });
  return cachedBundle;
}

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  activities?: object;
}): Promise<Worker> {
  // The activities render messages: a template that does not parse stops the worker here, at start.
  loadMessageTemplates();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: options.activities ?? createActivities({ pool: options.pool }),
  });
}

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
