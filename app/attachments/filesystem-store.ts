/**
 * The default attachment store: files under ATTACHMENTS_DIR (default <DATA_DIR>/attachments). A file is
 * written under `.partial/` and renamed into place only when complete, so a crash or a refused upload never
 * leaves a half file where a key points; `.partial/` holds only files no row refers to.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { hashingCounter, type AttachmentStore, type StoredObject } from './store';

const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

export class AttachmentNotInStoreError extends Error {
  constructor(key: string) {
    super(`attachment ${key} is not in the store`);
    this.name = 'AttachmentNotInStoreError';
  }
}

export function createFilesystemStore(directory: string): AttachmentStore {
  const root = path.resolve(directory);
  const partial = path.join(root, '.partial');
  const fileOf = (key: string) => {
    if (!KEY.test(key)) throw new AttachmentNotInStoreError(key);
    return path.join(root, key);
  };
  return {
    description: `filesystem ${root}`,
    async put(content: Readable): Promise<StoredObject> {
      const id = randomUUID();
      const key = `${id.slice(0, 2)}/${id}`;
      // Synchronous on purpose: the pipeline must listen to `content` before anything awaits, or an error the
      // stream raises meanwhile (a limit passed) would go unheard.
      fs.mkdirSync(partial, { recursive: true });
      const temporary = path.join(partial, id);
      const counter = hashingCounter();
      try {
        await pipeline(content, counter, fs.createWriteStream(temporary, { flags: 'wx', mode: 0o600 }));
        await fs.promises.mkdir(path.dirname(fileOf(key)), { recursive: true });
        await fs.promises.rename(temporary, fileOf(key));
      } catch (error) {
        await fs.promises.rm(temporary, { force: true });
        throw error;
      }
      return { key, sha256: counter.sha256(), size: counter.size() };
    },
    async get(key: string): Promise<Readable> {
      const file = fileOf(key);
      try {
        await fs.promises.access(file);
      } catch {
        throw new AttachmentNotInStoreError(key);
      }
      return fs.createReadStream(file);
    },
    async delete(key: string): Promise<void> {
      if (!KEY.test(key)) return;
      await fs.promises.rm(fileOf(key), { force: true });
    },
  };
}
