/** The attachment store a process uses, from config: the filesystem by default, S3-compatible when asked. */
import type { AttachmentsConfig } from '../app/attachments/attachments';
import { createFilesystemStore } from '../app/attachments/filesystem-store';
import { createS3Store } from '../app/attachments/s3-store';
import type { Config } from './config';

export function attachmentsFromConfig(config: Config): AttachmentsConfig {
  const limits = {
    maxFileBytes: config.ATTACHMENT_MAX_BYTES,
    maxTotalBytes: config.ATTACHMENTS_MAX_TOTAL_BYTES,
  };
  if (config.ATTACHMENTS_STORE === 's3') {
    return {
      limits,
      store: createS3Store({
        // The schema requires these four when ATTACHMENTS_STORE=s3.
        endpoint: config.S3_ENDPOINT as string,
        bucket: config.S3_BUCKET as string,
        region: config.S3_REGION,
        accessKeyId: config.S3_ACCESS_KEY_ID as string,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY as string,
        forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
      }),
    };
  }
  return { limits, store: createFilesystemStore(config.attachmentsDir) };
}
