/** Named AES-256 keys; the active one encrypts, every listed one decrypts (rotation). */
export interface KeyRing {
  keys: ReadonlyMap<string, Buffer>;
  activeKeyId: string;
}

/** Parses "id:base64(32 bytes),id2:..." with the id of the key that encrypts. */
export function parseKeyRing(spec: string, activeKeyId: string, name = 'key ring'): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const pair of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const separator = pair.indexOf(':');
    const id = pair.slice(0, separator);
    const key = Buffer.from(pair.slice(separator + 1), 'base64');
    if (separator < 1 || key.length !== 32) {
      throw new Error(`${name}: entry "${separator < 1 ? '(no id)' : id}" must be id:base64(32 bytes)`);
    }
    keys.set(id, key);
  }
  if (!keys.has(activeKeyId)) throw new Error(`${name}: active key id "${activeKeyId}" is not in the ring`);
  return { keys, activeKeyId };
}
