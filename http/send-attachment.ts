import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { downloadName } from '../app/attachments/media-type';
import type { AttachmentRecord } from '../db/attachments';

/**
 * Sends a citizen's file as a download, with the type detected at upload and `nosniff`, so a browser never
 * runs what a citizen sent, whatever its name says.
 */
export async function sendAttachment(
  res: Response,
  file: { attachment: AttachmentRecord; content: Readable },
): Promise<void> {
  const { attachment, content } = file;
  const name = downloadName(attachment.name, attachment.mediaType);
  res.status(200);
  res.setHeader('Content-Type', attachment.mediaType);
  res.setHeader('Content-Length', String(attachment.size));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'");
  res.setHeader('X-Checksum-SHA256', attachment.sha256);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
  await pipeline(content, res);
}
