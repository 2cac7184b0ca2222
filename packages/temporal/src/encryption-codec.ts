import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { parseKeyRing, type KeyRing } from '@agencyflow/protected-data';
import { PLATFORM_TENANT, TENANT_METADATA, tenantOfPayload } from './tenant-binding';

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
 * One tenant's data key, derived from a master payload key (HKDF-SHA256, the tenant named in the
 * info): nothing more to configure or rotate per tenant, and one tenant's key opens no other's.
 */
export function tenantPayloadKey(masterKey: Buffer, tenant: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), text.encode(`agencyflow temporal payload key; tenant=${tenant}`), 32));
}

/** The additional authenticated data of a tenant-bound payload: relabelling it breaks the seal. */
const boundTo = (tenant: string) => text.encode(`${TENANT_METADATA}=${tenant}`);

/** Whether a payload is one this codec sealed (anything else passes through decode untouched). */
export const isEncryptedPayload = (payload: Payload): boolean => {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && encoding !== null && untext.decode(encoding) === ENCODING;
};

/**
 * Encrypts every Temporal payload with AES-256-GCM (X-4): inputs, results, signals, queries,
 * failures' details. The whole serialized payload (metadata included) is sealed under its
 * tenant's key (the converter's `agencyflow-tenant`, or the reserved `platform`), with the tenant
 * as additional authenticated data; tenant and key id travel in clear metadata, so the codec
 * server can tell whose a payload is without opening it, and a rotated key still opens old
 * histories. Payloads sealed before tenant binding (no tenant metadata) open with the master key.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly payloadKeys: PayloadKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { activeKeyId, keys } = this.payloadKeys;
    const masterKey = keys.get(activeKeyId)!;
    return payloads.map((payload) => {
      const tenant = tenantOfPayload(payload) ?? PLATFORM_TENANT;
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', tenantPayloadKey(masterKey, tenant), iv);
      cipher.setAAD(boundTo(tenant));
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: text.encode(ENCODING),
          [KEY_ID_METADATA]: text.encode(activeKeyId),
          [TENANT_METADATA]: text.encode(tenant),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!isEncryptedPayload(payload)) return payload;
      const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
      if (!keyIdBytes) throw new ValueError('Encrypted payload has no key id');
      const keyId = untext.decode(keyIdBytes);
      const masterKey = this.payloadKeys.keys.get(keyId);
      if (!masterKey) throw new ValueError(`No payload key with id "${keyId}"`);
      const tenant = tenantOfPayload(payload);
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      const iv = sealed.subarray(0, IV_BYTES);
      const tag = sealed.subarray(sealed.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', tenant === undefined ? masterKey : tenantPayloadKey(masterKey, tenant), iv);
      if (tenant !== undefined) decipher.setAAD(boundTo(tenant));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
