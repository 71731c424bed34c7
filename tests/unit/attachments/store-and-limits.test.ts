/**
 * The filesystem store and the streaming check, without a database: a file passing a limit or of the wrong
 * type is refused while it streams and leaves nothing on disk; a good one is stored with its SHA-256.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createFilesystemStore } from '../../../app/attachments/filesystem-store';
import { sizeText, uploadCheck, UploadRefusedError } from '../../../app/attachments/limits';
import { pdfOfSize, tinyPdf, tinyPng } from './files';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-store-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every file under the store's folder, .partial included. */
function filesIn(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

const limits = { maxFileBytes: 64 * 1024, maxTotalBytes: 100 * 1024 };

function chunked(buffer: Buffer, size = 4096): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) chunks.push(buffer.subarray(i, i + size));
  return Readable.from(chunks);
}

test('a file within the limits is stored under a random key with its SHA-256 and size', async () => {
  const store = createFilesystemStore(dir);
  const content = tinyPdf();
  const check = uploadCheck({ field: 'f', name: 'a.pdf', limits, budget: { used: 0 } });
  const stored = await store.put(chunked(content).pipe(check));
  expect(check.mediaType()).toBe('application/pdf');
  expect(stored.sha256).toBe(createHash('sha256').update(content).digest('hex'));
  expect(stored.size).toBe(content.length);
  expect(stored.key).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);
  const back: Buffer[] = [];
  for await (const chunk of await store.get(stored.key)) back.push(chunk as Buffer);
  expect(Buffer.concat(back).equals(content)).toBe(true);
  await store.delete(stored.key);
  await store.delete(stored.key); // twice is fine
  expect(filesIn(dir)).toEqual([]);
});

test.each([
  [
    'one byte over the per-file limit',
    pdfOfSize(limits.maxFileBytes + 1),
    { used: 0 },
    'ATTACHMENT_TOO_LARGE',
  ],
  [
    'over what is left of the dossier’s budget',
    pdfOfSize(40 * 1024),
    { used: 70 * 1024 },
    'ATTACHMENTS_TOO_LARGE',
  ],
  [
    'not a PDF, JPEG or PNG',
    Buffer.from('<html>bad</html>'.repeat(100)),
    { used: 0 },
    'ATTACHMENT_TYPE_NOT_ALLOWED',
  ],
  ['empty', Buffer.alloc(0), { used: 0 }, 'ATTACHMENT_EMPTY'],
])('a file %s is refused and nothing is left on disk', async (_what, content, budget, code) => {
  const store = createFilesystemStore(dir);
  const check = uploadCheck({ field: 'toKhai', name: 'x.pdf', limits, budget });
  const source = content.length ? chunked(content) : Readable.from([]);
  const error = await store.put(source.pipe(check)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UploadRefusedError);
  expect(error).toMatchObject({ code, field: 'toKhai' });
  expect((error as Error).message).toMatch(/Tệp|Tổng dung lượng/);
  expect(filesIn(dir)).toEqual([]);
});

test('the check refuses an oversized file as soon as it passes the limit, not at its end', async () => {
  let served = 0;
  const endless = new Readable({
    read() {
      served += 4096;
      this.push(Buffer.concat([tinyPng(), Buffer.alloc(4096 - tinyPng().length)]));
    },
  });
  const store = createFilesystemStore(dir);
  const check = uploadCheck({ field: 'f', name: 'big.png', limits, budget: { used: 0 } });
  await expect(store.put(endless.pipe(check))).rejects.toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
  expect(served).toBeLessThan(limits.maxFileBytes + 64 * 1024); // a few chunks of read-ahead at most
  expect(filesIn(dir)).toEqual([]);
});

test('sizes read as a person says them', () => {
  expect(sizeText(10 * 1024 * 1024)).toBe('10 MB');
  expect(sizeText(1.5 * 1024 * 1024)).toBe('1,5 MB');
  expect(sizeText(200 * 1024)).toBe('200 KB');
});
