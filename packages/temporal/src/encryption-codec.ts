import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { parseKeyRing, type KeyRing } from '@agencyflow/protected-data';

const ENCODING = 'binary/encrypted';
const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const text = new TextEncoder();
const untext = new TextDecoder();

/** The payload key ring: the active key encrypts, all keys decrypt (rotation keeps old histories readable). */
export type PayloadKeys = KeyRing;

/** Parses "id:base64,id2:base64" as configured in PAYLOAD_KEYS. */
export function parsePayloadKeys(spec: string, activeKeyId: string): PayloadKeys {
  return parseKeyRing(spec, activeKeyId, 'PAYLOAD_KEYS');
}

/**
 * Encrypts every Temporal payload with AES-256-GCM (X-4): inputs, results, signals, queries,
 * failures' details. The whole serialized payload (metadata included) is sealed, and the key
 * id travels in clear metadata so a rotated key can still decrypt old histories.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly payloadKeys: PayloadKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { activeKeyId, keys } = this.payloadKeys;
    const key = keys.get(activeKeyId)!;
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: text.encode(ENCODING),
          [KEY_ID_METADATA]: text.encode(activeKeyId),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || untext.decode(encoding) !== ENCODING) return payload;
      const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
      if (!keyIdBytes) throw new ValueError('Encrypted payload has no key id');
      const keyId = untext.decode(keyIdBytes);
      const key = this.payloadKeys.keys.get(keyId);
      if (!key) throw new ValueError(`No payload key with id "${keyId}"`);
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      const iv = sealed.subarray(0, IV_BYTES);
      const tag = sealed.subarray(sealed.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
