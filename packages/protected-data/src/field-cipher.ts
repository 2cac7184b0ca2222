import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring';

const VERSION = 'v1';

/**
 * Encrypts protected fields at rest with AES-256-GCM. A stored value reads
 * `v1.<keyId>.<base64(iv | ciphertext | tag)>`, so a rotated key still decrypts old rows.
 */
export class FieldCipher {
  constructor(private readonly ring: KeyRing) {}

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

  encryptOptional(plain: string | null | undefined): string | null {
    return plain === null || plain === undefined || plain === '' ? null : this.encrypt(plain);
  }

  decryptOptional(stored: string | null | undefined): string | null {
    return stored ? this.decrypt(stored) : null;
  }

  /**
   * A keyed fingerprint (HMAC-SHA256 with the active key) for equality checks such as change
   * detection, without storing or hashing the value in a guessable way.
   */
  fingerprint(value: string): string {
    return createHmac('sha256', this.ring.keys.get(this.ring.activeKeyId)!).update(value).digest('base64url');
  }
}
