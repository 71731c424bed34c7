import type { Pool } from 'pg';
import { purgeRetained } from '../db/retention';
import { logger } from '../observability/log';
import type { RetentionActivities } from '../workflows/retention';

/** Idempotent by nature: a retried purge deletes what is left to delete. */
export function createRetentionActivities(
  pool: Pool,
  now: () => Date = () => new Date(),
): RetentionActivities {
  return {
    async purgeRetained(periods) {
      const counts = await purgeRetained(pool, now(), periods);
      logger().info({ purged: counts, periods }, 'retention: purged');
      return counts;
    },
  };
}
