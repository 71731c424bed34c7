/**
 * The limits on uploads (config ATTACHMENT_MAX_BYTES per file, ATTACHMENTS_MAX_TOTAL_BYTES per dossier) and
 * the check each file passes through while it streams: counted byte by byte, so a file is refused the moment
 * it passes a limit — not after the whole body has been read — and typed by its first bytes.
 */
import { Transform } from 'node:stream';
import { AppError } from '../errors';
import { detectMediaType, SNIFF_BYTES, type AttachmentMediaType } from './media-type';

export interface AttachmentLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxTotalBytes: 30 * 1024 * 1024,
};

/** "10 MB", "1,5 MB", "200 KB": what a citizen reads. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mb = Math.round((bytes / (1024 * 1024)) * 10) / 10;
    return `${String(mb).replace('.', ',')} MB`;
  }
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** An upload refused: the input it came from, so a page can put the message beside it. */
export class UploadRefusedError extends AppError {
  constructor(
    status: 400 | 413 | 415,
    code: string,
    message: string,
    readonly field: string,
  ) {
    super(status, code, message, { fieldErrors: [{ path: `body.${field}`, message }] });
  }
}

export const fileTooLarge = (field: string, name: string, limits: AttachmentLimits) =>
  new UploadRefusedError(
    413,
    'ATTACHMENT_TOO_LARGE',
    `Tệp “${name}” lớn hơn ${sizeText(limits.maxFileBytes)}, mức tối đa cho một tệp. Chọn tệp nhỏ hơn, ví dụ chụp lại ảnh với chất lượng thấp hơn.`,
    field,
  );

export const dossierTooLarge = (field: string, limits: AttachmentLimits) =>
  new UploadRefusedError(
    413,
    'ATTACHMENTS_TOO_LARGE',
    `Tổng dung lượng các tệp của hồ sơ vượt quá ${sizeText(limits.maxTotalBytes)}. Bớt tệp hoặc chọn tệp nhỏ hơn rồi gửi lại.`,
    field,
  );

export const wrongType = (field: string, name: string) =>
  new UploadRefusedError(
    415,
    'ATTACHMENT_TYPE_NOT_ALLOWED',
    `Tệp “${name}” không phải là tệp PDF, JPG hoặc PNG. Chọn tệp PDF hoặc ảnh chụp giấy tờ (JPG, PNG).`,
    field,
  );

export const emptyFile = (field: string, name: string) =>
  new UploadRefusedError(400, 'ATTACHMENT_EMPTY', `Tệp “${name}” không có nội dung. Chọn lại tệp.`, field);

/** A running count of the bytes a request has sent in files, shared by its files for the per-dossier limit. */
export interface ByteBudget {
  used: number;
}

/**
 * A pass-through that errors with an UploadRefusedError as soon as the file passes the per-file limit, the
 * dossier's budget is spent, or its first bytes are not PDF, JPEG or PNG. `mediaType()` is known once the
 * stream has ended without error.
 */
export function uploadCheck(input: {
  field: string;
  name: string;
  limits: AttachmentLimits;
  budget: ByteBudget;
}): Transform & { mediaType(): AttachmentMediaType | undefined } {
  const { field, name, limits, budget } = input;
  let size = 0;
  let head = Buffer.alloc(0);
  let mediaType: AttachmentMediaType | undefined;
  const decide = (final: boolean): Error | undefined => {
    if (mediaType || (!final && head.length < SNIFF_BYTES)) return undefined;
    mediaType = detectMediaType(head);
    return mediaType ? undefined : wrongType(field, name);
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      budget.used += chunk.length;
      if (size > limits.maxFileBytes) return callback(fileTooLarge(field, name, limits));
      if (budget.used > limits.maxTotalBytes) return callback(dossierTooLarge(field, limits));
      if (head.length < SNIFF_BYTES)
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
      callback(decide(false) ?? null, chunk);
    },
    flush(callback) {
      if (size === 0) return callback(emptyFile(field, name));
      callback(decide(true) ?? null);
    },
  });
  return Object.assign(stream, { mediaType: () => mediaType });
}
