import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher, maskMbi, maskSsn, parseKeyRing, revealOrMask } from '../src';

const key = () => randomBytes(32).toString('base64');
const fingerprintKey = randomBytes(32);

describe('protected data at rest', () => {
  it('X-4 encrypts a field so the stored value never contains the plaintext, and decrypts it back', () => {
    const cipher = new FieldCipher(parseKeyRing(`k1:${key()}`, 'k1'), fingerprintKey);
    const stored = cipher.encrypt('123-45-6789');
    expect(stored).toMatch(/^v1\.k1\./);
    expect(stored).not.toContain('6789');
    expect(cipher.encrypt('123-45-6789')).not.toBe(stored); // fresh IV every time
    expect(cipher.decrypt(stored)).toBe('123-45-6789');
  });

  it('X-4 a rotated key still decrypts values written with the old one', () => {
    const old = key();
    const before = new FieldCipher(parseKeyRing(`k1:${old}`, 'k1'), fingerprintKey).encrypt('1EG4TE5MK73');
    const rotated = new FieldCipher(parseKeyRing(`k1:${old},k2:${key()}`, 'k2'), fingerprintKey);
    expect(rotated.decrypt(before)).toBe('1EG4TE5MK73');
    expect(rotated.encrypt('x')).toMatch(/^v1\.k2\./);
  });

  it('fingerprints stay the same across an encryption-key rotation (they are stored identities)', () => {
    const old = key();
    const before = new FieldCipher(parseKeyRing(`k1:${old}`, 'k1'), fingerprintKey).fingerprint('rivera|maria|1954-03-18');
    const after = new FieldCipher(parseKeyRing(`k1:${old},k2:${key()}`, 'k2'), fingerprintKey).fingerprint('rivera|maria|1954-03-18');
    expect(after).toBe(before);
    expect(before).not.toContain('1954');
  });

  it('refuses tampered values and malformed key rings', () => {
    const cipher = new FieldCipher(parseKeyRing(`k1:${key()}`, 'k1'), fingerprintKey);
    const stored = cipher.encrypt('secret');
    const tampered = stored.slice(0, -6) + (stored.endsWith('A') ? 'B' : 'A') + stored.slice(-5);
    expect(() => cipher.decrypt(tampered)).toThrow();
    expect(() => parseKeyRing('k1:c2hvcnQ=', 'k1')).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`k1:${key()}`, 'k9')).toThrow(/not in the ring/);
  });

  it('X-4 masks protected values for callers without the permission', () => {
    expect(maskSsn('123-45-6789')).toBe('***-**-6789');
    expect(maskMbi('1EG4TE5MK73')).toBe('*******MK73');
    expect(revealOrMask('dateOfBirth', '1950-01-02', false)).toBe('****-**-**');
    expect(revealOrMask('dateOfBirth', '1950-01-02', true)).toBe('1950-01-02');
    expect(revealOrMask('ssn', null, false)).toBeNull();
  });
});
