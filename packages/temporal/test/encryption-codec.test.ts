import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { EncryptionCodec, parsePayloadKeys } from '../src';

const newKey = () => randomBytes(32).toString('base64');
const oldKey = newKey();
const currentKey = newKey();

const codecWith = (spec: string, active: string) => new EncryptionCodec(parsePayloadKeys(spec, active));
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

const contact = { firstName: 'Ada', ssn: '123-45-6789', dateOfBirth: '1950-01-02', mbi: '1EG4TE5MK73' };
const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value)!;

describe('EncryptionCodec', () => {
  it('X-4 round-trips payloads, metadata included', async () => {
    const codec = codecWith(`k1:${currentKey}`, 'k1');
    const originals = [toPayload(contact), toPayload('plain string'), toPayload(null), toPayload(42)];
    const decoded = await codec.decode(await codec.encode(originals));
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([contact, 'plain string', null, 42]);
    expect(text(decoded[0]!.metadata![METADATA_ENCODING_KEY])).toBe('json/plain');
  });

  it('X-4 the encoded payload holds no plaintext: neither the data nor its original encoding', async () => {
    const codec = codecWith(`k1:${currentKey}`, 'k1');
    const [encoded] = await codec.encode([toPayload(contact)]);
    const bytes = Buffer.from(encoded!.data!);
    for (const secret of ['123-45-6789', '1950-01-02', '1EG4TE5MK73', 'Ada', 'json/plain']) {
      expect(bytes.includes(secret)).toBe(false);
    }
    expect(text(encoded!.metadata![METADATA_ENCODING_KEY])).toBe('binary/encrypted');
    expect(text(encoded!.metadata!['encryption-key-id'])).toBe('k1');
    // A fresh IV each time: the same value never encrypts to the same bytes.
    const [again] = await codec.encode([toPayload(contact)]);
    expect(Buffer.from(again!.data!).equals(bytes)).toBe(false);
  });

  it('X-4 key rotation: a payload sealed with the old key decodes while that key is still listed', async () => {
    const before = codecWith(`old:${oldKey}`, 'old');
    const [sealed] = await before.encode([toPayload(contact)]);

    const rotated = codecWith(`new:${currentKey},old:${oldKey}`, 'new');
    const [decoded] = await rotated.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(contact);
    const [resealed] = await rotated.encode([toPayload(contact)]);
    expect(text(resealed!.metadata!['encryption-key-id'])).toBe('new');

    const retired = codecWith(`new:${currentKey}`, 'new');
    await expect(retired.decode([sealed!])).rejects.toThrow('No payload key with id "old"');
  });

  it('X-4 a tampered ciphertext, or one under the wrong key, fails authentication', async () => {
    const codec = codecWith(`k1:${currentKey}`, 'k1');
    const [sealed] = await codec.encode([toPayload(contact)]);
    const tampered = Buffer.from(sealed!.data!);
    tampered[20] = tampered[20]! ^ 0x01;
    await expect(codec.decode([{ ...sealed!, data: tampered }])).rejects.toThrow(/authenticate/);

    const impostor = codecWith(`k1:${oldKey}`, 'k1');
    await expect(impostor.decode([sealed!])).rejects.toThrow(/authenticate/);
  });

  it('an encrypted payload without its key id is refused', async () => {
    const codec = codecWith(`k1:${currentKey}`, 'k1');
    const [sealed] = await codec.encode([toPayload(contact)]);
    const { 'encryption-key-id': _dropped, ...metadata } = sealed!.metadata!;
    await expect(codec.decode([{ ...sealed!, metadata }])).rejects.toThrow('Encrypted payload has no key id');
  });

  it('unencrypted payloads pass through decode unchanged', async () => {
    const codec = codecWith(`k1:${currentKey}`, 'k1');
    const plain = [toPayload(contact), toPayload(undefined), { metadata: {}, data: Buffer.from('raw') }];
    expect(await codec.decode(plain)).toEqual(plain);
  });
});

describe('parsePayloadKeys', () => {
  it('parses several keys and keeps the active id', () => {
    const parsed = parsePayloadKeys(` a:${oldKey} , b:${currentKey},`, 'b');
    expect(parsed.activeKeyId).toBe('b');
    expect([...parsed.keys.keys()]).toEqual(['a', 'b']);
    expect(parsed.keys.get('b')!.toString('base64')).toBe(currentKey);
  });

  it('rejects a key that is not 32 bytes, naming the entry', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => parsePayloadKeys(`k1:${currentKey},weak:${short}`, 'k1')).toThrow(/"weak" must be id:base64\(32 bytes\)/);
  });

  it('rejects an entry without an id', () => {
    expect(() => parsePayloadKeys(`:${currentKey}`, 'k1')).toThrow(/must be id:base64/);
    expect(() => parsePayloadKeys(currentKey, 'k1')).toThrow(/must be id:base64/);
  });

  it('rejects an active key id that is not among the keys', () => {
    expect(() => parsePayloadKeys(`k1:${currentKey}`, 'k2')).toThrow('PAYLOAD_KEYS: active key id "k2" is not in the ring');
  });
});
