// `npm run tools:temporal`: builds/fetches the Temporal dev server and test server into the cache.
import { prepareTemporalTools } from './tools';

prepareTemporalTools().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
