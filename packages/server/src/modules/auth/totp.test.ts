import { describe, expect, it } from 'vitest';
import { URI } from 'otpauth';
import { base32Decode, base32Encode, hotp, newTotpSecret, otpauthUrl, verifyTotp } from './totp';

// RFC 6238 appendix B: secret "12345678901234567890" (ASCII), SHA-1, 8 digits.
const RFC_SECRET = Buffer.from('12345678901234567890');

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors (SHA-1)', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [t, code] of vectors) expect(hotp(RFC_SECRET, Math.floor(t / 30), 8)).toBe(code);
  });

  it('matches the RFC 4226 HOTP vectors (6 digits)', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expected.forEach((code, counter) => expect(hotp(RFC_SECRET, counter)).toBe(code));
  });

  it('round-trips base32 (RFC 4648 vector "foobar" → MZXW6YTBOI)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
  });

  it('accepts one step of drift, refuses replays and malformed codes', () => {
    const secret = base32Encode(RFC_SECRET);
    const now = 1111111111_000;
    const step = Math.floor(now / 30_000);
    const code = hotp(RFC_SECRET, step);
    expect(verifyTotp(secret, code, now, null)).toBe(step);
    expect(verifyTotp(secret, hotp(RFC_SECRET, step - 1), now, null)).toBe(step - 1);
    expect(verifyTotp(secret, hotp(RFC_SECRET, step + 2), now, null)).toBeNull();
    expect(verifyTotp(secret, code, now, step)).toBeNull();
    expect(verifyTotp(secret, '12345', now, null)).toBeNull();
  });

  it('reads secrets as people type them and refuses what is not base32', () => {
    expect(base32Decode('mzxw 6ytb-oi==').toString()).toBe('foobar');
    expect(() => base32Decode('MZXW6YTB01')).toThrow('invalid base32');
  });

  it('makes 160-bit secrets and an otpauth:// URI that authenticator apps read back', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const parsed = URI.parse(otpauthUrl(secret, '张三 zhang'));
    expect(parsed).toMatchObject({
      issuer: 'Yardstick',
      label: '张三 zhang',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(parsed.secret.base32).toBe(secret);
  });
});
