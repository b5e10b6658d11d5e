import { HOTP, Secret, TOTP, URI } from 'otpauth';

// TOTP (RFC 6238) over HOTP (RFC 4226) with SHA-1, 6 digits and 30-second steps, as authenticator apps compute
// it. The arithmetic, base32 and the otpauth:// URI come from the maintained `otpauth` library; what is ours is
// the policy: one step of clock drift either way, and a code is good once (the step is returned and stored).

export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;
const ALGORITHM = 'SHA1';

/** RFC 4648 base32 (no padding), the alphabet authenticator apps expect for TOTP secrets. */
export function base32Encode(buf: Buffer): string {
  return new Secret({ buffer: Uint8Array.from(buf).buffer }).base32;
}

/** Lenient about what people type: spaces, hyphens, padding and lower case are ignored. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  if (!/^[A-Z2-7]*$/.test(clean)) throw new Error('invalid base32');
  return Buffer.from(Secret.fromBase32(clean).bytes);
}

/** HOTP (RFC 4226) with SHA-1, 6 digits unless told. */
export function hotp(secret: Buffer, counter: number, digits = DIGITS): string {
  return HOTP.generate({
    secret: new Secret({ buffer: Uint8Array.from(secret).buffer }),
    algorithm: ALGORITHM,
    digits,
    counter,
  });
}

export function totpStep(nowMs: number): number {
  return TOTP.counter({ period: TOTP_STEP_SECONDS, timestamp: nowMs });
}

/**
 * The time step a code belongs to, accepting one step of clock drift either way, or null.
 * Steps at or before `lastStep` are refused: a code is good once.
 */
export function verifyTotp(secretBase32: string, code: string, nowMs: number, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const secret = Secret.fromBase32(secretBase32.replace(/[\s=-]/g, '').toUpperCase());
  const now = totpStep(nowMs);
  // Now, then one step back, then one forward (the library's order); comparison is constant-time.
  for (const step of [now, now - 1, now + 1]) {
    if (lastStep !== null && step <= lastStep) continue;
    if (HOTP.validate({ token: code, secret, algorithm: ALGORITHM, digits: DIGITS, counter: step, window: 0 }) === 0)
      return step;
  }
  return null;
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUrl(secret: string, account: string, issuer = 'Yardstick'): string {
  const totp = new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: TOTP_STEP_SECONDS,
  });
  return URI.stringify(totp);
}
