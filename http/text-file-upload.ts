/**
 * One small text file sent by a page's form (the payer's confirmation CSV), read into memory: multipart with the
 * form's text fields first, as every upload form here puts them. `beforeFile` sees those fields before a byte of
 * the file is read (the CSRF check), so a forged post reads nothing. The attachment store (http/multipart.ts) is
 * for citizens' PDFs and images and keeps them; this file is read once and not kept.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { AppError } from '../app/errors';
import type { FormFields } from './multipart';

export interface TextFileUpload {
  fields: FormFields;
  /** UTF-8 text of the file; undefined when the input was left empty. */
  text?: string;
  filename?: string;
}

const badForm = () =>
  new AppError(400, 'BAD_FORM', 'Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang và gửi lại.');

export function receiveTextFile(
  req: Readable & { headers: IncomingHttpHeaders },
  options: { field: string; maxBytes: number; tooLarge: string; beforeFile: (fields: FormFields) => void },
): Promise<TextFileUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fields: 20, fieldSize: 10_000, files: 1, parts: 30, fileSize: options.maxBytes + 1 },
      });
    } catch {
      reject(badForm());
      return;
    }
    const fields: FormFields = {};
    const result: TextFileUpload = { fields };
    let failure: unknown;
    const fail = (error: unknown) => {
      if (failure !== undefined) return;
      failure = error;
      req.unpipe(parser);
      reject(error);
    };
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return fail(badForm());
      fields[name] = value.normalize('NFC');
    });
    parser.on('file', (field, file, info) => {
      const filename = (info.filename ?? '').normalize('NFC').trim();
      if (failure !== undefined || filename === '') return void file.resume();
      if (field !== options.field) {
        file.resume();
        return fail(badForm());
      }
      try {
        options.beforeFile(fields);
      } catch (error) {
        file.resume();
        return fail(error);
      }
      const chunks: Buffer[] = [];
      file.on('data', (chunk: Buffer) => chunks.push(chunk));
      file.on('limit', () => fail(new AppError(413, 'PAYLOAD_TOO_LARGE', options.tooLarge)));
      file.on('end', () => {
        if (failure !== undefined) return;
        result.filename = filename;
        result.text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
      });
    });
    parser.on('filesLimit', () => fail(badForm()));
    parser.on('fieldsLimit', () => fail(badForm()));
    parser.on('partsLimit', () => fail(badForm()));
    parser.on('error', () => fail(badForm()));
    parser.on('close', () => {
      if (failure === undefined) resolve(result);
    });
    req.on('aborted', () => fail(new AppError(400, 'CLIENT_ABORTED', 'Kết nối bị ngắt khi đang gửi')));
    req.pipe(parser);
  });
}
