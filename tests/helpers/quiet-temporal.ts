import { DefaultLogger, Runtime } from '@temporalio/worker';
import { configureLogging } from '../../observability/log';

// Worker state changes are logged at INFO on every start and stop; tests only need warnings and errors.
Runtime.install({ logger: new DefaultLogger('WARN') });

// The process logger (observability/log.ts) would print a line per HTTP request; tests see warnings and errors
// (TEST_LOG_LEVEL=debug shows everything). Tests of the logs themselves configure their own destination.
configureLogging({ level: (process.env.TEST_LOG_LEVEL as 'debug' | undefined) ?? 'warn' });
