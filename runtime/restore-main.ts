// `npm run restore -- <archive>`: puts a backup made by `npm run backup` back into DATA_DIR (runtime/backup.ts);
// what DATA_DIR held is moved aside, not deleted. Stop `npm start` first; start it again afterwards.
import { logger } from '../observability/log';
import { BackupError, restoreEmbedded } from './backup';
import { ConfigError, loadConfig } from './config';

(async () => {
  const archive = process.argv[2];
  if (!archive) throw new BackupError('usage: npm run restore -- <backup archive (.tar.gz)>');
  const config = loadConfig();
  const { manifest, previous } = await restoreEmbedded(config, archive);
  logger().info(
    { archive, createdAt: manifest.createdAt, parts: manifest.parts },
    `restored into ${config.dataDir}${previous ? ` (what was there is in ${previous})` : ''}`,
  );
})().catch((error: unknown) => {
  if (error instanceof BackupError || error instanceof ConfigError) logger().fatal(error.message);
  else logger().fatal({ err: error }, 'restore failed');
  process.exit(1);
});
