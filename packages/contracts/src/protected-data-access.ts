import { z } from 'zod';
import { timestampSchema } from './fields';

/**
 * Who saw protected data (X-4, issue 9): one access is one answer, export or decode that showed
 * protected fields (SSN, date of birth, MBI, licence) unmasked, with an entry per record it showed.
 * Never the values: which record, which fields, who, when. The account service keeps the log
 * (docs/decisions/0026); the other services and the codec server send their accesses to it.
 */
export const protectedDataAccessKinds = ['view', 'export', 'decode'] as const;
export type ProtectedDataAccessKind = (typeof protectedDataAccessKinds)[number];

export const protectedDataSources = ['account', 'policy', 'sales', 'finance', 'codec-server'] as const;

/** Most entries one access carries (a page of an export is one access). */
export const MAX_ACCESS_ENTRIES = 1000;

export const protectedDataAccessEntry = z.object({
  /** What was shown: a contact, a policy member, a sales record, Temporal payloads. */
  recordType: z.enum(['contact', 'policy-member', 'sales-record', 'temporal-payloads']),
  /** The record's id; none for Temporal payloads, which name no record. */
  recordId: z.string().min(1).max(200).nullable(),
  /** The protected fields shown unmasked (empty for payloads, whose content the codec does not read). */
  fields: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'a field name')).max(20),
  /** How many records the entry stands for (payloads decoded in one request). */
  recordCount: z.number().int().positive().max(1_000_000).default(1),
});
export type ProtectedDataAccessEntry = z.infer<typeof protectedDataAccessEntry>;

export const protectedDataAccess = z.object({
  /** One per access: recording it twice (a redelivered event, a retried call) records it once. */
  accessId: z.uuid(),
  /** Who saw it: the token's subject, and the tenant they acted as. */
  actor: z.string().min(1).max(200),
  actorTenantId: z.string().min(1).max(200),
  access: z.enum(protectedDataAccessKinds),
  source: z.enum(protectedDataSources),
  requestId: z.string().max(200).nullable().default(null),
  /** When it was shown: not before the platform's earliest year, not ahead of the clock (5 minutes of skew allowed). */
  occurredAt: timestampSchema.refine((t) => Date.parse(t) <= Date.now() + 5 * 60_000, 'must not be in the future'),
  entries: z.array(protectedDataAccessEntry).min(1).max(MAX_ACCESS_ENTRIES),
});
export type ProtectedDataAccess = z.infer<typeof protectedDataAccess>;
