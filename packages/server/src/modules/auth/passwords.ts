import { hash, verify } from '@node-rs/argon2';

// The policy is pure (the web and the zod schemas use it without argon2).
export { PASSWORD_POLICY_MESSAGE, passwordProblems } from './password-policy';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the username is unknown, so a missing account takes as long as a wrong password.
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('not-a-real-password-Yardstick');
  return dummyHash;
}
