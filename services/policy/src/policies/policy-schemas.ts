import { z } from 'zod';
import {
  calendarDateSchema,
  coverageTypeSchema,
  emailSchema,
  mbiSchema,
  memberRelationships,
  moneySchema,
  npnSchema,
  phoneSchema,
  policyStatusSchema,
  usStateSchema,
} from '@agencyflow/contracts';
import { newestFirstQuery } from '@agencyflow/http';
import { importStates, policySources } from '../db/schema';
import { genders } from '../domain/policy-content';
import { zipSchema } from '../domain/feed-row';
import type { PolicyCursor } from './policy-queries';

const name = z.string().trim().min(1).max(100);

const addressInput = z.strictObject({
  line1: z.string().trim().min(1).max(200).nullish(),
  city: z.string().trim().min(1).max(100).nullish(),
  state: usStateSchema.nullish(),
  zip: zipSchema.nullish(),
});

export const memberInput = z
  .strictObject({
    relationship: z.enum(memberRelationships),
    firstName: name,
    lastName: name,
    dateOfBirth: calendarDateSchema.nullish().meta({ description: 'Protected (X-4): stored encrypted.' }),
    gender: z.enum(genders).nullish(),
    email: emailSchema.nullish(),
    phone: phoneSchema.nullish(),
    address: addressInput.nullish(),
    mbi: mbiSchema
      .nullish()
      .meta({ description: 'Medicare Beneficiary Identifier, dashes and case normalised away. Protected (X-4).' }),
    /** The CRM contact this member is; must belong to the policy's account. */
    contactId: z.uuid().nullish(),
  })
  .refine((m) => !m.dateOfBirth || m.dateOfBirth <= new Date().toISOString().slice(0, 10), {
    path: ['dateOfBirth'],
    message: 'must not be in the future',
  });
export type MemberInput = z.infer<typeof memberInput>;

const renewalNotBeforeEffective = (p: { effectiveDate?: string | undefined; renewalDate?: string | null | undefined }) =>
  !p.effectiveDate || !p.renewalDate || p.renewalDate >= p.effectiveDate;

export const createPolicyBody = z
  .strictObject({
    accountId: z.uuid(),
    policyholderContactId: z.uuid().optional().meta({ description: "Defaults to the account's primary contact." }),
    carrier: z.string().trim().min(1).max(100),
    policyNumber: z.string().trim().min(1).max(64),
    coverageType: coverageTypeSchema,
    status: z.enum(['pending', 'active']).default('pending'),
    effectiveDate: calendarDateSchema,
    renewalDate: calendarDateSchema.nullish(),
    premium: moneySchema,
    writingAgentNpn: npnSchema,
    members: z.array(memberInput).max(20).default([]),
  })
  .refine(renewalNotBeforeEffective, { path: ['renewalDate'], message: 'must not be before effectiveDate' })
  .refine((p) => p.members.filter((m) => m.relationship === 'policyholder').length <= 1, {
    path: ['members'],
    message: 'at most one policyholder',
  });

export const updatePolicyBody = z
  .strictObject({
    coverageType: coverageTypeSchema.optional(),
    effectiveDate: calendarDateSchema.optional(),
    renewalDate: calendarDateSchema.nullable().optional(),
    premium: moneySchema.optional(),
    writingAgentNpn: npnSchema.optional(),
    policyholderContactId: z.uuid().nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'name at least one field to change' })
  .refine(renewalNotBeforeEffective, { path: ['renewalDate'], message: 'must not be before effectiveDate' });

export const policyIdParams = z.strictObject({ policyId: z.uuid() });
export const importIdParams = z.strictObject({ importId: z.uuid() });

/** Rows per page of the import's workflow: smaller pages show progress sooner, larger ones write faster. */
export const importQuery = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(5000).optional().meta({ description: 'Rows per page the import is written in (default 1000)' }),
});

export const listImportsQuery = z.strictObject({
  state: z.enum(importStates).optional(),
  ...newestFirstQuery({ since: 'Uploads that arrived at or after this time', until: 'Uploads that arrived before this time' }),
});

export const encodeCursor = (cursor: PolicyCursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');
const cursorSchema = z.string().transform((value, ctx): PolicyCursor => {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded.every((part) => typeof part === 'string')) {
      return decoded as PolicyCursor;
    }
  } catch {
    // fall through
  }
  ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' });
  return z.NEVER;
});

export const listPoliciesQuery = z.strictObject({
  accountId: z.uuid().optional(),
  contactId: z.uuid().optional().meta({ description: 'Policies whose policyholder, or one of whose members, is this contact.' }),
  status: policyStatusSchema.optional(),
  coverageType: coverageTypeSchema.optional(),
  writingAgentNpn: npnSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursorSchema.optional().meta({ description: 'nextCursor of the previous page.' }),
});

/** If-Match: "<revision>" (the ETag of GET /policies/{id}). */
export const ifMatchHeader = z
  .string()
  .regex(/^(W\/)?"?\d{1,9}"?$/, 'If-Match is the policy\'s ETag, e.g. "3"')
  .transform((v) => Number(v.replace(/\D/g, '')));

export const memberView = z.strictObject({
  id: z.uuid(),
  relationship: z.enum(memberRelationships),
  firstName: z.string(),
  lastName: z.string(),
  dateOfBirth: z.string().nullable().meta({ description: 'Masked (****-**-**) without protected-data:view.' }),
  gender: z.enum(genders).nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z
    .strictObject({ line1: z.string().nullable(), city: z.string().nullable(), state: z.string().nullable(), zip: z.string().nullable() })
    .nullable(),
  mbi: z.string().nullable().meta({ description: 'Masked (all but the last 4) without protected-data:view.' }),
  contactId: z.uuid().nullable(),
  unreadableFields: z
    .array(z.enum(['dateOfBirth', 'mbi']))
    .meta({ description: 'Protected fields stored under a key no longer in the ring: shown as null rather than failing the answer.' }),
});

export const policyView = z.strictObject({
  id: z.uuid(),
  carrier: z.string(),
  policyNumber: z.string(),
  coverageType: coverageTypeSchema,
  status: policyStatusSchema,
  effectiveDate: z.string(),
  renewalDate: z.string().nullable(),
  premium: z.string().meta({ description: 'Decimal string, 2 decimals.' }),
  writingAgentNpn: z.string(),
  accountId: z.uuid().nullable(),
  policyholderContactId: z.uuid().nullable(),
  revision: z.number().int().positive(),
  source: z.enum(policySources),
  members: z.array(memberView),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const policyPageView = z.strictObject({ items: z.array(policyView), nextCursor: z.string().nullable() });

export const lifecycleAnswerView = z.strictObject({ message: z.string(), policy: policyView });

const counts = z.strictObject({ inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
/** A carrier feed import as a job (decision 0033): GET /carrier-feeds/{id}, and the 202 of an upload. */
export const importView = z.strictObject({
  importId: z.uuid(),
  kind: z.literal('carrier-feed-import'),
  state: z.enum(importStates).meta({ description: 'queued (staged, waiting for its turn), importing, completed, failed' }),
  format: z.enum(['csv', 'json']),
  importedBy: z.string(),
  startedAt: z.iso.datetime().meta({ description: 'When the upload arrived' }),
  finishedAt: z.iso.datetime().nullable(),
  progress: z.strictObject({
    rowsTotal: z.number().int(),
    rowsDone: z.number().int().meta({ description: 'Rows with an outcome (written or rejected)' }),
    percent: z.number().int(),
    rowsPerSecond: z.number().int().meta({ description: 'Since the upload arrived' }),
    estimatedSecondsLeft: z.number().int().nullable(),
  }),
  rows: z.strictObject({ total: z.number().int(), valid: z.number().int(), rejected: z.number().int() }),
  policies: counts.meta({ description: 'Each policy once, with the most this import did to it (grows while it runs)' }),
  members: counts,
  rejections: z.array(z.strictObject({ row: z.number().int().positive(), reason: z.string() })).meta({ description: 'The first 100; every one is in the rejections CSV' }),
  rejectionsOmitted: z.number().int(),
  ignoredColumns: z.array(z.string()),
  failure: z.string().nullable(),
  workflowId: z.string().meta({ description: 'The import\'s workflow in the Temporal UI' }),
  links: z.strictObject({ self: z.string(), rejections: z.string(), outcomes: z.string() }),
});

export const importListView = z.strictObject({ items: z.array(importView), nextBefore: z.string().nullable() });

/** JSON feed: the same row shape as the CSV columns; row numbers are 1-based array positions. */
export const jsonFeedBody = z.strictObject({
  rows: z.array(z.unknown()).min(1).meta({ description: 'One row per member; see the CSV route for the columns.' }),
});

/** PS-9: the NPNs of the business's users; repeats count once. */
export const policySyncPreviewBody = z.strictObject({
  npns: z
    .array(npnSchema)
    .min(1)
    .max(100)
    .meta({ description: 'The NPNs of the future business\'s users (1 to 100; each 1 to 10 digits; repeats count once).' }),
});

const previewCounts = {
  policies: z.number().int().meta({ description: 'FMO policies whose writing agent NPN is one of these.' }),
  members: z.number().int().meta({ description: 'Members of those policies (a person on two policies counts twice).' }),
  membersWithoutEmail: z.number().int().meta({ description: 'Members without an email (a person on two policies counts twice).' }),
  contacts: z.number().int().meta({ description: 'People, as the sync will make contacts of them: a person on several policies is one contact (PS-5). The run\'s report shows the same number.' }),
  contactsWithoutEmail: z.number().int().meta({
    description: 'Of those contacts, the ones the sync will make without an email (their best member row has none: a row that holds its policy first, then the earliest policy).',
  }),
};
export const policySyncPreviewView = z.strictObject({
  ...previewCounts,
  perNpn: z.array(z.strictObject({ npn: z.string(), ...previewCounts })),
});
