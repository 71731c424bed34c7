import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { failureConverter } from '../../../runtime/temporal/failure-converter';
import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_METADATA,
  PayloadDecryptionError,
} from '../../../runtime/temporal/payload-codec';
import {
  DEV_KEY_FILE,
  developmentKeyRing,
  type PayloadKeyRing,
} from '../../../runtime/temporal/payload-keys';

const application = {
  beneficiary: { fullName: 'Trần Văn Tám', idNumber: '075080000456', hivStatus: true },
  applicant: { phone: '0912345678' },
};
const payloadOf = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const valueOf = (payload: Payload): unknown => defaultPayloadConverter.fromPayload(payload);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

const OLD = randomBytes(32);
const NEW = randomBytes(32);
const ring = (currentKeyId: string, keys: Record<string, Buffer>): PayloadKeyRing => ({
  currentKeyId,
  keys: new Map(Object.entries(keys)),
});

describe('the AES-256-GCM payload codec', () => {
  const codec = new EncryptionCodec(ring('old', { old: OLD }));

  it('leaves nothing readable: encoding and key id in the metadata, the value sealed', async () => {
    const [sealed] = await codec.encode([payloadOf(application)]);
    expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata![KEY_ID_METADATA])).toBe('old');
    const visible = text(sealed!.data) + Buffer.from(sealed!.data!).toString('latin1');
    for (const secret of ['Trần', 'Tr\\u1ea7n', '075080000456', '0912345678', 'hivStatus', 'json/plain'])
      expect(visible).not.toContain(secret);
    // The same value twice encrypts differently (a fresh IV each time): equal values cannot be spotted.
    const [again] = await codec.encode([payloadOf(application)]);
    expect(Buffer.from(again!.data!).equals(Buffer.from(sealed!.data!))).toBe(false);
    expect(valueOf((await codec.decode([sealed!]))[0]!)).toEqual(application);
  });

  it('after rotation, new payloads use the new key and old ones still decrypt', async () => {
    const [written] = await codec.encode([payloadOf(application)]);
    const rotated = new EncryptionCodec(ring('new', { new: NEW, old: OLD }));
    expect(valueOf((await rotated.decode([written!]))[0]!)).toEqual(application);
    const [fresh] = await rotated.encode([payloadOf('sau khi đổi khóa')]);
    expect(text(fresh!.metadata![KEY_ID_METADATA])).toBe('new');
    expect(valueOf((await rotated.decode([fresh!]))[0]!)).toBe('sau khi đổi khóa');
  });

  it('refuses a payload whose key it does not have, naming the key', async () => {
    const [written] = await codec.encode([payloadOf(application)]);
    const withoutOld = new EncryptionCodec(ring('new', { new: NEW }));
    const failure = withoutOld.decode([written!]);
    await expect(failure).rejects.toBeInstanceOf(PayloadDecryptionError);
    await expect(failure).rejects.toThrow(
      /encrypted with key "old", which is not in PAYLOAD_KEYS \(this process knows: new\)/,
    );
  });

  it('refuses an altered payload, wrong key material and a relabelled key id', async () => {
    const [written] = await codec.encode([payloadOf(application)]);
    const altered = Buffer.from(written!.data!);
    altered[20] = altered[20]! ^ 1;
    await expect(codec.decode([{ ...written!, data: altered }])).rejects.toThrow(/does not decrypt/);
    const impostor = new EncryptionCodec(ring('old', { old: NEW }));
    await expect(impostor.decode([written!])).rejects.toThrow(/key "old" does not decrypt/);
    // Same material under two ids: the id is authenticated too, so relabelling is detected.
    const twoNames = new EncryptionCodec(ring('old', { old: OLD, other: OLD }));
    const relabelled = {
      ...written!,
      metadata: { ...written!.metadata, [KEY_ID_METADATA]: Buffer.from('other') },
    };
    await expect(twoNames.decode([relabelled])).rejects.toThrow(/key "other" does not decrypt/);
  });

  it('lets plain payloads through decode (histories written before encryption still load)', async () => {
    const plain = payloadOf({ code: '26170-20541201-0001' });
    expect(await codec.decode([plain])).toEqual([plain]);
  });
});

describe('the failure converter', () => {
  it('moves a failure message into a payload, which the codec then seals', async () => {
    const error = ApplicationFailure.nonRetryable('Không lưu được hồ sơ của Trần Văn Tám (075080000456)');
    const failure = failureConverter.errorToFailure(error, defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(JSON.stringify(failure)).not.toContain('075080000456');
    const codec = new EncryptionCodec(ring('old', { old: OLD }));
    const [sealed] = await codec.encode([failure.encodedAttributes!]);
    expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('075080000456');
    const [opened] = await codec.decode([sealed!]);
    const back = failureConverter.failureToError(
      { ...failure, encodedAttributes: opened },
      defaultPayloadConverter,
    );
    expect(back.message).toBe(error.message);
  });
});

describe('the development key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-keys-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is generated once under DATA_DIR, readable by its owner only, and the same on every later start', () => {
    const lines: string[] = [];
    const first = developmentKeyRing(path.join(dataDir, 'nested'), (line) => lines.push(line));
    const file = path.join(dataDir, 'nested', DEV_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(lines).toEqual([expect.stringContaining('generated a development key')]);
    expect(first.keys.get(first.currentKeyId)).toHaveLength(32);
    const second = developmentKeyRing(path.join(dataDir, 'nested'), (line) => lines.push(line));
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(second.keys.get(second.currentKeyId)!.equals(first.keys.get(first.currentKeyId)!)).toBe(true);
    expect(lines).toHaveLength(1);
    expect(fs.readdirSync(path.join(dataDir, 'nested'))).toEqual([DEV_KEY_FILE]);
  });
});
