/**
 * Passwords: argon2id (OWASP's minimum parameters), and the policy an admin-set password must meet.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { z } from 'zod';

// Algorithm is a const enum, which isolated modules cannot read at runtime: 2 is its Argon2id member. The
// migration's CHECK (password_hash LIKE '$argon2id$%') catches any other algorithm.
const ARGON2ID = 2 as Algorithm;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 10;

export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự` })
  .max(200, { error: 'Mật khẩu quá dài (tối đa 200 ký tự)' })
  .meta({ description: `At least ${PASSWORD_MIN_LENGTH} characters` });

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the username is unknown, so an unknown user costs as much time as a wrong password
// and response timing does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('không-có-người-dùng-này');
  await verifyPassword(await dummyHash, password);
}
