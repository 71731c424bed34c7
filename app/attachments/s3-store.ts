/**
 * The production option: an S3-compatible object store (MinIO, Ceph RGW, a provider's S3). Three calls are
 * all the engine needs (PUT, GET, DELETE of one object), so requests are signed with `aws4` (SigV4, no
 * dependencies) over Node's fetch rather than pulling in the whole AWS SDK.
 *
 * An upload is first spooled to a temporary file while its SHA-256 is computed: S3 needs the length before the
 * body, and the request then carries the real payload hash (x-amz-content-sha256), so the store itself
 * refuses a body that was corrupted on the way. The spool is removed whatever happens.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import aws4 from 'aws4';
import { AttachmentNotInStoreError } from './filesystem-store';
import { hashingCounter, type AttachmentStore, type StoredObject } from './store';

export interface S3StoreOptions {
  /** e.g. http://127.0.0.1:9000 (MinIO) or https://s3.ap-southeast-1.amazonaws.com */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** MinIO and most self-hosted stores want /bucket/key; AWS prefers bucket.host/key. Default true. */
  forcePathStyle?: boolean;
  /** Key prefix inside the bucket. Default 'attachments/'. */
  prefix?: string;
  /** The fetch to use (tests record requests with it). */
  fetch?: typeof fetch;
}

export interface SignedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** Builds and signs one request; exported so the signing can be checked without a server. */
export function signS3Request(
  options: S3StoreOptions,
  method: 'PUT' | 'GET' | 'DELETE',
  key: string,
  payload: { sha256: string; size: number } | undefined,
  now?: Date,
): SignedRequest {
  const endpoint = new URL(options.endpoint);
  const pathStyle = options.forcePathStyle ?? true;
  const host = pathStyle ? endpoint.host : `${options.bucket}.${endpoint.host}`;
  const objectPath = `${pathStyle ? `/${options.bucket}` : ''}/${key
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;
  const headers: Record<string, string> = {
    // The hash of the empty body for GET and DELETE, the real one for PUT.
    'X-Amz-Content-Sha256':
      payload?.sha256 ?? 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  };
  if (payload) {
    headers['Content-Length'] = String(payload.size);
    headers['Content-Type'] = 'application/octet-stream';
  }
  if (now) headers['X-Amz-Date'] = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const signed = aws4.sign(
    { host, path: objectPath, method, service: 's3', region: options.region, headers },
    { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
  );
  return {
    url: `${endpoint.protocol}//${host}${objectPath}`,
    method,
    headers: Object.fromEntries(
      Object.entries(signed.headers ?? {}).map(([name, value]) => [name, String(value)]),
    ),
  };
}

export function createS3Store(options: S3StoreOptions): AttachmentStore {
  const prefix = options.prefix ?? 'attachments/';
  const doFetch = options.fetch ?? fetch;
  const send = async (
    method: 'PUT' | 'GET' | 'DELETE',
    key: string,
    body?: { file: string; sha256: string; size: number },
  ) => {
    const request = signS3Request(options, method, `${prefix}${key}`, body);
    const { host: _host, ...headers } = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    return doFetch(request.url, {
      method,
      headers,
      ...(body
        ? {
            body: Readable.toWeb(fs.createReadStream(body.file)),
            duplex: 'half',
          }
        : {}),
    } as unknown as RequestInit);
  };
  const failure = async (what: string, response: Response) =>
    new Error(`S3 ${what}: ${response.status} ${(await response.text()).slice(0, 300)}`);

  return {
    description: `S3 ${options.endpoint} bucket ${options.bucket}`,
    async put(content: Readable): Promise<StoredObject> {
      const key = randomUUID();
      const spool = path.join(os.tmpdir(), `tgxh-upload-${key}`);
      const counter = hashingCounter();
      try {
        await pipeline(content, counter, fs.createWriteStream(spool, { flags: 'wx', mode: 0o600 }));
        const stored = { key, sha256: counter.sha256(), size: counter.size() };
        const response = await send('PUT', key, { file: spool, ...stored });
        if (!response.ok) throw await failure('PUT', response);
        await response.arrayBuffer();
        return stored;
      } finally {
        await fs.promises.rm(spool, { force: true });
      }
    },
    async get(key: string): Promise<Readable> {
      const response = await send('GET', key);
      if (response.status === 404) {
        await response.arrayBuffer();
        throw new AttachmentNotInStoreError(key);
      }
      if (!response.ok || !response.body) throw await failure('GET', response);
      return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
    },
    async delete(key: string): Promise<void> {
      const response = await send('DELETE', key);
      await response.arrayBuffer();
      if (!response.ok && response.status !== 404) throw new Error(`S3 DELETE: ${response.status}`);
    },
  };
}
