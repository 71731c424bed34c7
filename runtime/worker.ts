import path from 'node:path';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type ActivityInterceptorsFactory,
  type WorkerOptions,
  type WorkflowBundle,
} from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { loadMessageTemplates } from '../notifications/messages';
import { FAILURE_CONVERTER_PATH } from './temporal/failure-converter';
import { logger, withLogContext } from '../observability/log';
import { isDossierCode } from '../domain/dossier-code';

export const WORKFLOWS_PATH = path.join(__dirname, '..', 'workflows', 'index');

let cachedBundle: Promise<WorkflowBundle> | undefined;

/**
 * Bundles the workflow code once per process (webpack takes seconds); every worker the process creates,
 * including the many short-lived ones in tests, reuses it. The failure converter that encodes failure
 * messages (runtime/temporal/failure-converter.ts) runs inside the workflow too, so it is bundled with it.
 */
export function workflowBundle(): Promise<WorkflowBundle> {
  cachedBundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve(WORKFLOWS_PATH),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: quietLogger,
  });
  return cachedBundle;
}

export interface DossierWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  /** The encrypting data converter (runtime/temporal/payload-codec.ts); required so no worker forgets it. */
  dataConverter: DataConverter;
  activities?: object;
  /** Another bundle of workflows (the benchmark's, which adds its own); the dossier workflows by default. */
  workflowBundle?: WorkflowBundle;
}

export async function createWorker(options: DossierWorkerOptions): Promise<Worker> {
  return Worker.create(await workerOptionsOf(options));
}

/**
 * The worker's settings, apart so the workflow benchmark (bench/workflow.bench.ts) runs its bare workflows on
 * a worker set up exactly like this one (it only adds its own workflows and no-op activity).
 */
export async function workerOptionsOf(options: DossierWorkerOptions): Promise<WorkerOptions> {
  // The activities render messages: a template that does not parse stops the worker here, at start.
  loadMessageTemplates();
  return {
    connection: options.connection,
    dataConverter: options.dataConverter,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await workflowBundle()),
    activities: options.activities ?? createActivities({ pool: options.pool }),
    interceptors: { activity: [activityLogContext] },
  };
}

/**
 * Every line an activity logs carries the dossier code (a dossier workflow's id is its code) and the activity's
 * name, whatever logger call it makes (observability/log.ts); at debug level each activity says it is done.
 */
const activityLogContext: ActivityInterceptorsFactory = (context) => ({
  inbound: {
    execute: (input, next) => {
      const { workflowExecution, activityType } = context.info;
      const workflowId = workflowExecution?.workflowId ?? '';
      return withLogContext(
        { ...(isDossierCode(workflowId) ? { dossierCode: workflowId } : {}), activityType },
        async () => {
          const started = performance.now();
          const result = await next(input);
          logger().debug({ ms: Math.round(performance.now() - started) }, `activity ${activityType} done`);
          return result;
        },
      );
    },
  },
});

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => logger().warn({ component: 'workflow-bundler' }, message),
  error: (message: string) => logger().error({ component: 'workflow-bundler' }, message),
};
