import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring';

const VERSION = 'v1';
/** The mark sealed bytes start with (see sealBytes). */
const SEALED_BYTES = Buffer.from('AFE1', 'ascii');

/**
 * Encrypts protected fields at rest with AES-256-GCM. A stored value reads
 * `v1.<keyId>.<base64(iv | ciphertext | tag)>`, so a rotated key still decrypts old rows.
 */
export class FieldCipher {
  /**
   * @param fingerprintKey a separate key that never rotates with the ring: fingerprints are
   * stored identities (member keys, change detection), so they must stay the same across
   * encryption-key rotations.
   */
  constructor(
    private readonly ring: KeyRing,
    private readonly fingerprintKey: Buffer,
  ) {
    if (fingerprintKey.length !== 32) throw new Error('the fingerprint key must be 32 bytes');
  }

  encrypt(plain: string): string {
    const key = this.ring.keys.get(this.ring.activeKeyId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${this.ring.activeKeyId}.${sealed.toString('base64')}`;
  }

  decrypt(stored: string): string {
    const [version, keyId, body] = stored.split('.');
    if (version !== VERSION || !keyId || !body) throw new Error('not an encrypted field value');
    const key = this.ring.keys.get(keyId);
    if (!key) throw new Error(`no field key with id "${keyId}"`);
    const sealed = Buffer.from(body, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
  }

  /**
   * For answers: the plain value (null when none is stored), or `undefined` when it cannot be
   * decrypted: its key has left the ring, or the value is damaged. A view shows such a field as
   * null and names it as unreadable rather than failing the whole answer.
   */
  decryptIfReadable(stored: string | null | undefined): string | null | undefined {
    if (!stored) return null;
    try {
      return this.decrypt(stored);
    } catch {
      return undefined;
    }
  }

  /**
   * Seals a file's bytes the same way: `AFE1`, the key id's length and id, then
   * iv | ciphertext | tag. Bytes without that mark were stored before files were encrypted and
   * are returned as they are by `openBytes`.
   */
  sealBytes(plain: Buffer): Buffer {
    const keyId = Buffer.from(this.ring.activeKeyId, 'utf8');
    const key = this.ring.keys.get(this.ring.activeKeyId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    return Buffer.concat([SEALED_BYTES, Buffer.from([keyId.length]), keyId, iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }

  openBytes(stored: Buffer): Buffer {
    if (!stored.subarray(0, SEALED_BYTES.length).equals(SEALED_BYTES)) return stored;
    const idLength = stored[SEALED_BYTES.length]!;
    const start = SEALED_BYTES.length + 1;
    const keyId = stored.subarray(start, start + idLength).toString('utf8');
    const key = this.ring.keys.get(keyId);
    if (!key) throw new Error(`no field key with id "${keyId}"`);
    const sealed = stored.subarray(start + idLength);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  }

  encryptOptional(plain: string | null | undefined): string | null {
    return plain === null || plain === undefined || plain === '' ? null : this.encrypt(plain);
  }

  decryptOptional(stored: string | null | undefined): string | null {
    return stored ? this.decrypt(stored) : null;
  }

  /**
   * A keyed fingerprint (HMAC-SHA256 with the fingerprint key) for identity and change detection,
   * without storing or hashing the value in a guessable way. Stable across key rotations.
   */
  fingerprint(value: string): string {
    return createHmac('sha256', this.fingerprintKey).update(value).digest('base64url');
  }
}
