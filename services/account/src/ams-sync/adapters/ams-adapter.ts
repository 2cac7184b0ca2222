import type { AmsKind } from '@agencyflow/contracts';

/** A CRM person as every AMS dialect takes it: the fields AMS sync pushes, nothing protected. */
export interface AmsPerson {
  /** The CRM contact: each dialect derives its client-chosen reference from it (AMS-5). */
  contactId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  /** Digits only. */
  phone: string | null;
  active: boolean;
}

/** A record as the inbound poll reads it from any dialect (AMS-7). */
export interface AmsInboundRecord {
  amsId: string;
  kind: 'customer' | 'contact';
  /** A contact's customer. */
  parentAmsId: string | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  /** The AMS's own modification time (ISO). */
  modified: string;
  /** The client-chosen reference the record carries (ours, when an outbound add made it), if the dialect has one. */
  reference: string | null;
}

export interface AmsChanges {
  records: AmsInboundRecord[];
  /** AMS ids of customers deleted (tombstones) since the cursor. */
  deleted: string[];
  /** Where the next poll starts: the latest modification seen, or the cursor it was given. */
  cursor: string | null;
}

/**
 * AMS-1: the one interface over the four systems. Writes are idempotent by construction (AMS-5):
 * a retried write finds the record an earlier attempt made (lookup before create, a client-chosen
 * reference, or an upsert key), so it never makes a second one.
 */
export interface AmsAdapter {
  kind: AmsKind;
  /** The reference our writes of this CRM contact carry (AMS-5), known before the first call. */
  referenceFor(contactId: string): string;
  /** Reads something cheap with the credentials: a refusal throws (the "test connection" action). */
  testConnection(): Promise<void>;
  /** The account's customer from its primary person: created (or found) when `amsId` is null, else updated. */
  writeCustomer(person: AmsPerson, amsId: string | null): Promise<string>;
  /** A secondary contact under its customer, which must exist: created (or found) when `amsId` is null, else updated. */
  writeContact(person: AmsPerson, customerAmsId: string, amsId: string | null): Promise<string>;
  /** Records changed (and customers deleted) after `since`; null reads everything (reconciliation). */
  changedSince(since: string | null): Promise<AmsChanges>;
}

export const latestModified = (records: Array<{ modified: string }>, since: string | null): string | null =>
  records.reduce<string | null>((latest, r) => (latest === null || r.modified > latest ? r.modified : latest), since);
