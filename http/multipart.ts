/**
 * Multipart form bodies with files (the citizen's application, supplements), parsed with busboy as they
 * stream: each file goes through the limit and type check (app/attachments/limits.ts) straight into the
 * attachment store, one at a time. On any error — a limit passed, a type refused, the client gone, the
 * `beforeFirstFile` hook refusing (CSRF, access) — parsing stops, every object this request stored is
 * deleted, and the promise rejects: nothing is ever half-stored.
 *
 * Text fields must come before the files in the form (browsers send parts in document order): the hook sees
 * them before a single byte of a file is stored, so a forged or unauthorised post stores nothing.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { AppError } from '../app/errors';
import { uploadCheck, type AttachmentLimits, type ByteBudget } from '../app/attachments/limits';
import type { AttachmentMediaType } from '../app/attachments/media-type';
import type { AttachmentStore } from '../app/attachments/store';

export interface ReceivedFile {
  /** The input's name. */
  field: string;
  /** The name the browser sent (NFC), for people only. */
  filename: string;
  mediaType: AttachmentMediaType;
  key: string;
  sha256: string;
  size: number;
}

export type FormFields = Record<string, string | string[]>;

export interface MultipartBody {
  fields: FormFields;
  files: ReceivedFile[];
}

export interface MultipartOptions {
  store: AttachmentStore;
  limits: AttachmentLimits;
  /** Bytes the dossier already holds (a supplement adds to them). */
  usedBytes?: number;
  /** The file inputs this form has; a file under any other name refuses the request. */
  fileFields: readonly string[];
  /**
   * Runs once, with the text fields so far, before the first file is stored. Throw to refuse. May answer the
   * bytes the dossier already holds, once it knows which dossier the form is for (supplements).
   */
  beforeFirstFile?: (fields: FormFields) => Promise<number | void> | number | void;
}

const fieldsAtFailure = new WeakMap<object, FormFields>();

/** The text fields that had arrived when a request was refused (to show the form back with them). */
export function fieldsSentBefore(error: unknown): FormFields | undefined {
  return typeof error === 'object' && error !== null ? fieldsAtFailure.get(error) : undefined;
}

const FIELD_LIMITS = { fields: 200, fieldSize: 10_000, parts: 260, files: 20, headerPairs: 100 };

export function isMultipart(headers: IncomingHttpHeaders): boolean {
  return /^multipart\/form-data\b/i.test(headers['content-type'] ?? '');
}

const badForm = () =>
  new AppError(400, 'BAD_FORM', 'Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang và gửi lại.');

export function receiveMultipart(
  req: Readable & { headers: IncomingHttpHeaders },
  options: MultipartOptions,
): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // busboy's own cap is a backstop; uploadCheck refuses first, with the message.
        limits: { ...FIELD_LIMITS, fileSize: options.limits.maxFileBytes + 1 },
      });
    } catch {
      reject(badForm());
      return;
    }
    const fields: FormFields = {};
    const files: ReceivedFile[] = [];
    const stored: string[] = [];
    const budget: ByteBudget = { used: options.usedBytes ?? 0 };
    let failure: unknown;
    let settled = false;
    let hookDone = false;
    let queue: Promise<void> = Promise.resolve();

    const settle = () => {
      if (settled) return;
      settled = true;
      void queue.then(async () => {
        if (failure === undefined) return resolve({ fields, files });
        await Promise.allSettled(stored.map((key) => options.store.delete(key)));
        reject(failure);
      });
    };
    const fail = (error: unknown) => {
      if (failure !== undefined) return;
      failure = error;
      if (typeof error === 'object' && error !== null) fieldsAtFailure.set(error, fields);
      // Stop feeding the parser: what is left of the body is discarded by Node once the answer is sent.
      req.unpipe(parser);
      settle();
    };

    parser.on('field', (name, value, info) => {
      if (failure !== undefined) return;
      if (info.nameTruncated || info.valueTruncated) return fail(badForm());
      const text = value.normalize('NFC');
      const previous = fields[name];
      fields[name] =
        previous === undefined ? text : Array.isArray(previous) ? [...previous, text] : [previous, text];
    });
    parser.on('file', (field, file, info) => {
      const filename = (info.filename ?? '').normalize('NFC').trim();
      // An input left empty still sends a part, with no name and no bytes.
      if (failure !== undefined || filename === '') {
        file.resume();
        return;
      }
      if (!options.fileFields.includes(field)) {
        file.resume();
        return fail(badForm());
      }
      queue = queue
        .then(async () => {
          if (failure !== undefined) return void file.resume();
          if (!hookDone) {
            hookDone = true;
            const used = await options.beforeFirstFile?.(fields);
            if (typeof used === 'number') budget.used = used;
          }
          const check = uploadCheck({ field, name: filename, limits: options.limits, budget });
          file.on('error', (error) => check.destroy(error));
          const object = await options.store.put(file.pipe(check));
          stored.push(object.key);
          const mediaType = check.mediaType();
          if (!mediaType) throw badForm(); // unreachable: the check errors first
          files.push({ field, filename: filename.slice(0, 255), mediaType, ...object });
        })
        .catch((error: unknown) => {
          file.resume();
          fail(error);
        });
    });
    parser.on('filesLimit', () => fail(badForm()));
    parser.on('fieldsLimit', () => fail(badForm()));
    parser.on('partsLimit', () => fail(badForm()));
    parser.on('error', () => fail(badForm()));
    parser.on('close', settle);
    req.on('aborted', () => fail(new AppError(400, 'CLIENT_ABORTED', 'Kết nối bị ngắt khi đang gửi')));
    req.pipe(parser);
  });
}

/** The one value of a text field ('' when absent; the last one when sent twice). */
export function fieldOf(fields: FormFields, name: string): string {
  const value = fields[name];
  return Array.isArray(value) ? (value[value.length - 1] ?? '') : (value ?? '');
}

/** Every value of a field sent several times (checkboxes). */
export function fieldsOf(fields: FormFields, name: string): string[] {
  const value = fields[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
