/**
 * Encrypts every Temporal payload (workflow inputs and results, activity inputs and results, signals, updates,
 * queries, memos) with AES-256-GCM, so Temporal's database, its Web UI and its CLI hold no personal data in
 * clear: a dossier's start input is the whole application (names, ID numbers, HIV status, phone).
 *
 * Wire format, the one of Temporal's encryption samples (any language's codec server can decode it):
 *   metadata.encoding = "binary/encrypted", metadata["encryption-key-id"] = the key's id,
 *   data = 12-byte IV ‖ ciphertext ‖ 16-byte GCM tag, the plaintext being the original Payload in protobuf.
 * The key id is also the GCM additional data, so a payload relabelled with another id fails authentication.
 *
 * Payloads that are not encrypted pass through decode unchanged: histories written before the codec was
 * switched on (running dossiers, the replay fixtures in tests/workflow/histories) must still load.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { FAILURE_CONVERTER_PATH } from './failure-converter';
import type { PayloadKeyRing } from './payload-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const text = new TextEncoder();
const decodeText = (bytes: Uint8Array | null | undefined) =>
  bytes ? Buffer.from(bytes).toString('utf8') : '';

/** A payload this process cannot decrypt: its key is not in the ring, or it was tampered with. */
export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: PayloadKeyRing) {
    if (!ring.keys.has(ring.currentKeyId))
      throw new Error(`payload key "${ring.currentKeyId}" is not among the keys given`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.ring.currentKeyId;
    const key = this.ring.keys.get(keyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(text.encode(keyId));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: text.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text.encode(keyId) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (decodeText(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = decodeText(payload.metadata?.[KEY_ID_METADATA]);
      const key = this.ring.keys.get(keyId);
      if (!key) {
        throw new PayloadDecryptionError(
          `Temporal payload encrypted with key "${keyId}", which is not in PAYLOAD_KEYS ` +
            `(this process knows: ${[...this.ring.keys.keys()].join(', ')}). Add that key back to decrypt it.`,
        );
      }
      const data = Buffer.from(payload.data ?? []);
      if (data.length < IV_BYTES + TAG_BYTES)
        throw new PayloadDecryptionError(`Temporal payload with key "${keyId}" is truncated`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAAD(text.encode(keyId));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return temporal.api.common.v1.Payload.decode(plain);
      } catch {
        throw new PayloadDecryptionError(
          `Temporal payload with key "${keyId}" does not decrypt: wrong key material for that id, or altered`,
        );
      }
    });
  }
}

/**
 * The data converter of every Temporal client and worker this project creates (workers also bundle the
 * failure converter into the workflow code: runtime/worker.ts).
 */
export function encryptingDataConverter(ring: PayloadKeyRing): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(ring)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
