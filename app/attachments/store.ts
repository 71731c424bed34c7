/**
 * Where attachment bytes live. The table `attachments` holds what they are and whose they are; a store only
 * keeps bytes under opaque random keys (never a name a person chose, never the hash: two citizens who send
 * the same file must not share one object that deleting one of them would remove).
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
}

export interface AttachmentStore {
  /** For the start-up banner and /health: "filesystem /var/lib/tgxh/attachments", "S3 bucket …". */
  readonly description: string;
  /**
   * Stores the whole stream under a new key. If the stream errors (a limit passed, the client went away) or
   * writing fails, nothing is left behind and the promise rejects with the stream's error.
   */
  put(content: Readable): Promise<StoredObject>;
  /** The bytes; rejects with NotFound-like errors the caller maps (see attachments.ts). */
  get(key: string): Promise<Readable>;
  /** Removes the object; removing a key that is not there is not an error (sweeps may repeat). */
  delete(key: string): Promise<void>;
}

/** A pass-through that counts and hashes what goes through it. */
export function hashingCounter(): Transform & { sha256(): string; size(): number } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return Object.assign(stream, { sha256: () => hash.digest('hex'), size: () => size });
}
