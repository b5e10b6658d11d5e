import { createHmac, randomBytes, randomInt } from 'node:crypto';

/**
 * One-time voting codes: 10 characters from a 32-letter alphabet without look-alikes (no 0/O, 1/I), shown in two
 * groups of five (`K7QXM-3HTPA`), 50 bits each. Only a keyed hash is stored: HMAC-SHA256 under the campaign's
 * random salt. Voters may type lower case, spaces or dashes; `normalizeCode` removes them.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 10;

export function generateCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return formatCode(s);
}

export function formatCode(raw: string): string {
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** Upper case, separators removed; null when what remains cannot be a code. */
export function normalizeCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s\-_.]/g, '');
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}

export function newSalt(): string {
  return randomBytes(32).toString('base64url');
}

export function hashCode(salt: string, normalized: string): string {
  return createHmac('sha256', salt).update(normalized).digest('base64url');
}
