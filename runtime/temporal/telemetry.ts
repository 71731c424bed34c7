import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { logger } from '../../observability/log';
import type { Config } from '../config';

const TEMPORAL_LEVELS = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' } as const;
const PINO_LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** The SDK's log lines through the process's logger; a dossier workflow's id is its dossier code. */
function toPino(entry: LogEntry): void {
  const meta = (entry.meta ?? {}) as Record<string, unknown>;
  const workflowId = typeof meta.workflowId === 'string' ? meta.workflowId : undefined;
  logger()[PINO_LEVELS[entry.level]](
    { component: 'temporal-sdk', ...meta, ...(workflowId ? { dossierCode: workflowId } : {}) },
    entry.message,
  );
}

/**
 * Installs the Temporal SDK's runtime (once per process, before any connection): its logs go through the
 * process's logger at `level`, and a process that runs a worker exports the SDK's metrics with its Prometheus
 * exporter on TEMPORAL_METRICS_PORT (0: not exported).
 */
export function installTemporalRuntime(
  config: Pick<Config, 'TEMPORAL_METRICS_PORT' | 'METRICS_HOST'>,
  options: { level: Config['LOG_LEVEL']; runsWorker: boolean },
): void {
  const exportMetrics = options.runsWorker && config.TEMPORAL_METRICS_PORT > 0;
  Runtime.install({
    logger: new DefaultLogger(TEMPORAL_LEVELS[options.level], toPino),
    ...(exportMetrics
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: {
                bindAddress: `${config.METRICS_HOST}:${config.TEMPORAL_METRICS_PORT}`,
                useSecondsForDurations: true,
              },
              metricPrefix: 'temporal_',
            },
          },
        }
      : {}),
  });
}
