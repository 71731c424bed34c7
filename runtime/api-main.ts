// `npm run api`: the HTTP API alone, against DATABASE_URL and TEMPORAL_ADDRESS.
import { runApi } from './app-process';
import { runExternalRole } from './external-role';

runExternalRole('api', runApi);
