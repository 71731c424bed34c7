/**
 * The S3-compatible store. No S3-compatible server can run on this project's machines by default (no Docker
 * daemon; MinIO is not packaged for Debian), so the always-run test checks what can honestly be checked
 * without one: the requests the adapter builds (method, path style, the real payload hash and length, a SigV4
 * Authorization header) against a recording fetch. Set S3_TEST_ENDPOINT (e.g. a MinIO or `moto_server`
 * on 127.0.0.1) to also run the round trip against a real server: bucket S3_TEST_BUCKET (created if missing).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createS3Store, signS3Request, type S3StoreOptions } from '../../../app/attachments/s3-store';
import { tinyPdf } from './files';

const OPTIONS: S3StoreOptions = {
  endpoint: 'http://127.0.0.1:9000',
  bucket: 'tgxh-test',
  region: 'us-east-1',
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

test('PUT carries the real SHA-256 and length, path style, signed with SigV4', async () => {
  const content = tinyPdf();
  const seen: Array<{ url: string; init: RequestInit; body: Buffer }> = [];
  const recording = (async (url: string, init: RequestInit) => {
    const chunks: Buffer[] = [];
    if (init.body)
      for await (const chunk of init.body as unknown as AsyncIterable<Uint8Array>)
        chunks.push(Buffer.from(chunk));
    seen.push({ url, init, body: Buffer.concat(chunks) });
    return new Response(null, { status: 200 });
  }) as unknown as typeof fetch;
  const store = createS3Store({ ...OPTIONS, fetch: recording });
  const stored = await store.put(Readable.from([content]));
  const sha256 = createHash('sha256').update(content).digest('hex');
  expect(stored).toMatchObject({ sha256, size: content.length });
  const [put] = seen;
  expect(put?.url).toBe(`http://127.0.0.1:9000/tgxh-test/attachments/${stored.key}`);
  expect(put?.init.method).toBe('PUT');
  const headers = put?.init.headers as Record<string, string>;
  expect(headers['x-amz-content-sha256']).toBe(sha256);
  expect(headers['content-length']).toBe(String(content.length));
  expect(headers.authorization).toMatch(
    /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
  );
  expect(put?.body.equals(content)).toBe(true);
});

test('the signature is deterministic for a given time and changes with the secret', () => {
  const at = new Date('2054-12-01T02:00:00Z');
  const a = signS3Request(OPTIONS, 'GET', 'attachments/x', undefined, at);
  const b = signS3Request(OPTIONS, 'GET', 'attachments/x', undefined, at);
  const c = signS3Request({ ...OPTIONS, secretAccessKey: 'another' }, 'GET', 'attachments/x', undefined, at);
  expect(a.headers.Authorization).toBe(b.headers.Authorization);
  expect(a.headers.Authorization).not.toBe(c.headers.Authorization);
  expect(signS3Request({ ...OPTIONS, forcePathStyle: false }, 'GET', 'k', undefined, at).url).toBe(
    'http://tgxh-test.127.0.0.1:9000/k',
  );
});

const endpoint = process.env.S3_TEST_ENDPOINT;
(endpoint ? test : test.skip)(
  'round trip against a real S3-compatible server (S3_TEST_ENDPOINT)',
  async () => {
    const options = {
      ...OPTIONS,
      endpoint: endpoint as string,
      bucket: process.env.S3_TEST_BUCKET ?? 'tgxh-test',
    };
    const bucket = signS3Request(options, 'PUT', '', undefined);
    await fetch(bucket.url.replace(/\/$/, ''), { method: 'PUT', headers: withoutHost(bucket.headers) });
    const store = createS3Store(options);
    const content = tinyPdf('khứ hồi');
    const stored = await store.put(Readable.from([content]));
    const back: Buffer[] = [];
    for await (const chunk of await store.get(stored.key)) back.push(chunk as Buffer);
    expect(Buffer.concat(back).equals(content)).toBe(true);
    await store.delete(stored.key);
    await expect(store.get(stored.key)).rejects.toThrow('is not in the store');
  },
);

function withoutHost(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'host'));
}
