import { createHash, randomBytes } from 'node:crypto';

/** Sessions last one working day and a bit, so an officer logs in once per day. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** An opaque bearer token: 32 random bytes, base64url. Only its SHA-256 is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
