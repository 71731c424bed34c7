import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes are logged at INFO on every start and stop; tests only need warnings and errors.
Runtime.install({ logger: new DefaultLogger('WARN') });
