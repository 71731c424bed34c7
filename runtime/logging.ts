import { configureLogging } from '../observability/log';
import type { Config } from './config';

/** The process's logger from the configuration: JSON lines, or pretty ones in development unless LOG_FORMAT=json. */
export function configureProcessLogging(
  config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT' | 'NODE_ENV'>,
  role: string,
): void {
  const format = config.LOG_FORMAT ?? (config.NODE_ENV === 'development' ? 'pretty' : 'json');
  configureLogging({ level: config.LOG_LEVEL, pretty: format === 'pretty', role });
}
