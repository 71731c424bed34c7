// `npm run backup [-- <directory>]`: one archive of the embedded setup's DATA_DIR (runtime/backup.ts), written to
// <directory> (default: backups/). Stop `npm start` first.
import { logger } from '../observability/log';
import { BackupError, backupEmbedded } from './backup';
import { ConfigError, loadConfig } from './config';

(async () => {
  const config = loadConfig();
  if (config.DATABASE_URL || config.TEMPORAL_ADDRESS)
    throw new BackupError(
      'DATABASE_URL or TEMPORAL_ADDRESS is set: this is not the embedded setup. Back up Postgres and ' +
        "Temporal's persistence as README.md (Backups) says.",
    );
  const { file, manifest } = await backupEmbedded(config, process.argv[2] ?? 'backups');
  logger().info({ file, parts: manifest.parts }, `backup written: ${file}`);
  if (manifest.attachmentsNote) logger().warn(manifest.attachmentsNote);
})().catch((error: unknown) => {
  if (error instanceof BackupError || error instanceof ConfigError) logger().fatal(error.message);
  else logger().fatal({ err: error }, 'backup failed');
  process.exit(1);
});
