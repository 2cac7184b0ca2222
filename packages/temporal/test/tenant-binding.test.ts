import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec, parsePayloadKeys, PLATFORM_TENANT, stampTenant, TENANT_METADATA, tenantPayloadKey } from '../src';
import { payloadConverter } from '../src/payload-converter';

const newKey = () => randomBytes(32).toString('base64');
const masterKey = newKey();
const codec = new EncryptionCodec(parsePayloadKeys(`k1:${masterKey}`, 'k1'));
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

const probeInput = { probeId: 'p-1', tenantId: 'tenant-a', requestedBy: 'ada', note: 'MBI 1EG4TE5MK73' };

/** How payloads were sealed before tenant binding: the master key itself, no associated data. */
function sealedTheOldWay(payload: Payload, key: string, keyId: string): Payload {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const plain = temporal.api.common.v1.Payload.encode(payload).finish();
  return {
    metadata: { [METADATA_ENCODING_KEY]: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from(keyId) },
    data: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]),
  };
}

describe('tenant-bound payloads', () => {
  it('X-4 the payload converter stamps the tenant of a value that names one (tenantId, or the FMO of Agent CRM work)', () => {
    expect(text(payloadConverter.toPayload(probeInput).metadata![TENANT_METADATA])).toBe('tenant-a');
    expect(text(payloadConverter.toPayload({ businessId: 'b-1', fmoTenantId: 'fmo-1' }).metadata![TENANT_METADATA])).toBe('fmo-1');
    for (const untenanted of [{ businessId: 'b-1' }, { tenantId: 42 }, { tenantId: '' }, ['tenant-a'], 'tenant-a', null, undefined]) {
      expect(payloadConverter.toPayload(untenanted).metadata![TENANT_METADATA]).toBeUndefined();
    }
    // Conversion itself is the default one: the value reads back as it was.
    expect(payloadConverter.fromPayload(payloadConverter.toPayload(probeInput))).toEqual(probeInput);
  });

  it('X-4 each tenant gets its own data key, derived from the master key (HKDF-SHA256) and stable across calls', () => {
    const master = Buffer.from(masterKey, 'base64');
    const a = tenantPayloadKey(master, 'tenant-a');
    expect(a).toHaveLength(32);
    expect(tenantPayloadKey(master, 'tenant-a').equals(a)).toBe(true);
    expect(tenantPayloadKey(master, 'tenant-b').equals(a)).toBe(false);
    expect(tenantPayloadKey(master, PLATFORM_TENANT).equals(a)).toBe(false);
    expect(a.equals(master)).toBe(false);
    expect(tenantPayloadKey(Buffer.from(newKey(), 'base64'), 'tenant-a').equals(a)).toBe(false);
  });

  it('X-4 a sealed payload names its tenant and key id in clear metadata, and round-trips', async () => {
    const [sealed] = await codec.encode([payloadConverter.toPayload(probeInput)]);
    expect(text(sealed!.metadata![TENANT_METADATA])).toBe('tenant-a');
    expect(text(sealed!.metadata!['encryption-key-id'])).toBe('k1');
    expect(Buffer.from(sealed!.data!).includes('1EG4TE5MK73')).toBe(false);
    const [opened] = await codec.decode([sealed!]);
    expect(payloadConverter.fromPayload(opened!)).toEqual(probeInput);
  });

  it('X-4 a payload without a tenant (a result, a failure) is bound to the reserved platform tenant', async () => {
    const [sealed] = await codec.encode([payloadConverter.toPayload({ services: [] })]);
    expect(text(sealed!.metadata![TENANT_METADATA])).toBe(PLATFORM_TENANT);
    expect(payloadConverter.fromPayload((await codec.decode([sealed!]))[0]!)).toEqual({ services: [] });
  });

  it('X-4 relabelling a payload to another tenant, or dropping its label, makes it fail to decrypt', async () => {
    const [sealed] = await codec.encode([payloadConverter.toPayload(probeInput)]);
    const relabelled = stampTenant(sealed!, 'tenant-b');
    await expect(codec.decode([relabelled])).rejects.toThrow(/authenticate/);
    await expect(codec.decode([stampTenant(sealed!, PLATFORM_TENANT)])).rejects.toThrow(/authenticate/);
    const { [TENANT_METADATA]: _dropped, ...unlabelled } = sealed!.metadata!;
    await expect(codec.decode([{ ...sealed!, metadata: unlabelled }])).rejects.toThrow(/authenticate/);
  });

  it('X-4 a payload sealed before tenant binding (no tenant metadata) still opens with the master key', async () => {
    const legacy = sealedTheOldWay(defaultPayloadConverter.toPayload(probeInput)!, masterKey, 'k1');
    const [opened] = await codec.decode([legacy]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(probeInput);
    // ... and labelling it with a tenant afterwards does not open it under that tenant.
    await expect(codec.decode([stampTenant(legacy, 'tenant-a')])).rejects.toThrow(/authenticate/);
  });

  it('X-4 key rotation with tenant binding: the old key still opens what it sealed, the new one seals', async () => {
    const oldKey = newKey();
    const before = new EncryptionCodec(parsePayloadKeys(`old:${oldKey}`, 'old'));
    const [sealed] = await before.encode([payloadConverter.toPayload(probeInput)]);
    const rotated = new EncryptionCodec(parsePayloadKeys(`new:${masterKey},old:${oldKey}`, 'new'));
    expect(payloadConverter.fromPayload((await rotated.decode([sealed!]))[0]!)).toEqual(probeInput);
    const [resealed] = await rotated.encode([payloadConverter.toPayload(probeInput)]);
    expect(text(resealed!.metadata!['encryption-key-id'])).toBe('new');
    expect(text(resealed!.metadata![TENANT_METADATA])).toBe('tenant-a');
  });
});
