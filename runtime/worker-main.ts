// `npm run worker`: the Temporal worker alone, against DATABASE_URL and TEMPORAL_ADDRESS.
import { runWorker } from './app-process';
import { runExternalRole } from './external-role';

runExternalRole('worker', runWorker);
