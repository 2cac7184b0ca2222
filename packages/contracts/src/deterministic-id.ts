import { createHash } from 'node:crypto';

/**
 * A UUID derived from its parts (name-based, SHA-256 truncated, version nibble 8 "custom"), so
 * two services, or two runs, compute the same id for the same thing: e.g. the contact of a
 * person synced into a business. Parts must not be protected data in clear: pass fingerprints.
 */
export function deterministicUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u001f')).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const syncedContactId = (businessId: string, personKey: string) => deterministicUuid('synced-contact', businessId, personKey);
export const syncedAccountId = (businessId: string, policyholderPersonKey: string) =>
  deterministicUuid('synced-account', businessId, policyholderPersonKey);
