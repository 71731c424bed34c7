/**
 * The keys that encrypt Temporal payloads (payload-codec.ts): which ones exist and which one new payloads use.
 *
 * In a deployment they come from the environment: PAYLOAD_KEYS="2026a:<base64 of 32 bytes>,2025b:<…>" and
 * PAYLOAD_KEY_ID=2026a (the one new payloads are written with). Rotation: add a new key to PAYLOAD_KEYS, point
 * PAYLOAD_KEY_ID at it on every worker and API process, and keep the old ones in the list for as long as any
 * history written with them may be read (a dossier's history lives as long as the dossier plus Temporal's
 * retention) — an old key removed too early makes those dossiers fail to load, loudly, until it is put back.
 *
 * Without PAYLOAD_KEYS (development only: config refuses to start in production) a key is generated once and
 * kept in <DATA_DIR>/payload-keys, beside the Temporal dev server's own data, so `npm start`, `npm run worker`
 * and `npm run api` on one machine share it across restarts. Deliberately not a fixed key in the source: that
 * would be a key every reader of the repository has, and a deployment that forgot its keys would look fine.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const KEY_BYTES = 32; // AES-256

export interface PayloadKeyRing {
  /** The id written into new payloads. */
  currentKeyId: string;
  /** Every key that may still decrypt something, by id. */
  keys: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Parses "id:base64,id:base64". Errors name the entry by position, never its key material: config errors are
 * printed and logged.
 */
export function parsePayloadKeys(text: string): { keys: Map<string, Buffer> } | { problems: string[] } {
  const keys = new Map<string, Buffer>();
  const problems: string[] = [];
  text
    .split(',')
    .map((entry) => entry.trim())
    .forEach((entry, index) => {
      const where = `entry ${index + 1}`;
      const colon = entry.indexOf(':');
      const id = colon > 0 ? entry.slice(0, colon) : '';
      const material = colon > 0 ? entry.slice(colon + 1) : '';
      if (!KEY_ID.test(id)) {
        problems.push(`${where}: must be id:base64key, the id made of letters, digits, . _ - (at most 64)`);
        return;
      }
      const key = Buffer.from(material, 'base64');
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(material) || key.length !== KEY_BYTES) {
        problems.push(
          `key "${id}": must be ${KEY_BYTES} random bytes in base64 (e.g. openssl rand -base64 ${KEY_BYTES})`,
        );
        return;
      }
      if (keys.has(id)) problems.push(`key "${id}" appears twice`);
      keys.set(id, key);
    });
  return problems.length ? { problems } : { keys };
}

/** PAYLOAD_KEYS/PAYLOAD_KEY_ID, already checked by runtime/config.ts. */
export function keyRingFromEnvironment(keysText: string, currentKeyId: string): PayloadKeyRing {
  const parsed = parsePayloadKeys(keysText);
  if ('problems' in parsed) throw new Error(`PAYLOAD_KEYS: ${parsed.problems.join('; ')}`);
  if (!parsed.keys.has(currentKeyId))
    throw new Error(`PAYLOAD_KEY_ID: "${currentKeyId}" is not in PAYLOAD_KEYS`);
  return { currentKeyId, keys: parsed.keys };
}

/** A random key kept in memory only: for Temporal servers that die with the process (npm run demo). */
export function ephemeralKeyRing(): PayloadKeyRing {
  return { currentKeyId: 'ephemeral', keys: new Map([['ephemeral', randomBytes(KEY_BYTES)]]) };
}

export const DEV_KEY_FILE = 'payload-keys';

/**
 * The development key ring: <dataDir>/payload-keys, created on first use with one random key (mode 0600). The
 * file has the PAYLOAD_KEYS format; its first entry is the current key. Two processes starting at once both
 * end up with the file that was linked into place first.
 */
export function developmentKeyRing(dataDir: string, log: (line: string) => void): PayloadKeyRing {
  const file = path.join(dataDir, DEV_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  const id = `dev-${new Date().toISOString().slice(0, 10)}`;
  if (!fs.existsSync(file)) {
    // Written aside and linked into place: a process starting at the same moment never reads a half file.
    const draft = `${file}.${process.pid}.draft`;
    fs.writeFileSync(draft, `${id}:${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
      log(`Payload encryption: generated a development key in ${file} (set PAYLOAD_KEYS in production).`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  const parsed = parsePayloadKeys(text);
  if ('problems' in parsed) throw new Error(`${file}: ${parsed.problems.join('; ')}`);
  return { currentKeyId: [...parsed.keys.keys()][0]!, keys: parsed.keys };
}

/** The ring a process uses: from the environment when set, else the development file (config allows that only outside production). */
export function payloadKeyRing(
  config: { PAYLOAD_KEYS?: string | undefined; PAYLOAD_KEY_ID?: string | undefined; dataDir: string },
  log: (line: string) => void,
): PayloadKeyRing {
  if (config.PAYLOAD_KEYS && config.PAYLOAD_KEY_ID)
    return keyRingFromEnvironment(config.PAYLOAD_KEYS, config.PAYLOAD_KEY_ID);
  return developmentKeyRing(config.dataDir, log);
}
