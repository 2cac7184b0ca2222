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
import { genders } from './policy-content';
import { canonicalPremium, type MemberContent, type PolicyContent } from './policy-content';

/**
 * PS-2 carrier feed rows: one row per member of a policy, the same shape in CSV (header names)
 * and JSON (keys). The policy's fields repeat on each of its members' rows.
 */
export const feedColumns = [
  'carrier',
  'policy_number',
  'coverage_type',
  'status',
  'effective_date',
  'renewal_date',
  'premium',
  'writing_agent_npn',
  'member_relationship',
  'first_name',
  'last_name',
  'date_of_birth',
  'gender',
  'email',
  'phone',
  'address_line1',
  'city',
  'state',
  'zip',
  'mbi',
] as const;
export type FeedColumn = (typeof feedColumns)[number];

export const requiredFeedColumns: readonly FeedColumn[] = [
  'carrier',
  'policy_number',
  'coverage_type',
  'status',
  'effective_date',
  'premium',
  'writing_agent_npn',
  'member_relationship',
  'first_name',
  'last_name',
];

/** A header cell as a column name: " Policy Number " -> "policy_number". */
export const normaliseColumnName = (header: string): string =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export interface FeedRow {
  carrier: string;
  policyNumber: string;
  policy: PolicyContent;
  member: MemberContent;
}

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const requiredError = { error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : undefined) };

/** A required value; blank counts as missing. */
const required = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (blank(v) ? undefined : v), schema);
/** An optional value; blank is null. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (blank(v) ? null : v), schema.nullable());

const text = (max: number) => z.string(requiredError).trim().max(max, `at most ${max} characters`);

/** Carrier files often label things their own way; these are the spellings we accept. */
const aliases = <T extends string>(values: readonly T[], extra: Record<string, T>) => {
  const lookup = new Map<string, T>(values.map((v) => [v, v]));
  for (const [alias, value] of Object.entries(extra)) lookup.set(alias, value);
  return (input: unknown) =>
    typeof input === 'string' ? (lookup.get(input.trim().toLowerCase().replace(/[\s_]+/g, '-')) ?? input) : input;
};

const coverageType = z.preprocess(
  aliases(coverageTypeSchema.options, {
    ma: 'medicare-advantage',
    mapd: 'medicare-advantage',
    'med-supp': 'medicare-supplement',
    medsupp: 'medicare-supplement',
    medigap: 'medicare-supplement',
    pdp: 'prescription-drug-plan',
    'part-d': 'prescription-drug-plan',
  }),
  z.enum(coverageTypeSchema.options, requiredError),
);
const status = z.preprocess(aliases(policyStatusSchema.options, { canceled: 'cancelled' }), z.enum(policyStatusSchema.options, requiredError));
const relationship = z.preprocess(
  aliases(memberRelationships, {
    self: 'policyholder',
    subscriber: 'policyholder',
    insured: 'policyholder',
    primary: 'policyholder',
    partner: 'spouse',
    child: 'dependent',
    dependant: 'dependent',
  }),
  z.enum(memberRelationships, requiredError),
);
const gender = z.preprocess(
  aliases(genders, { f: 'female', m: 'male', x: 'other', 'non-binary': 'other', u: 'unknown' }),
  z.enum(genders),
);

/** YYYY-MM-DD, or the US M/D/YYYY carriers like; either way a real calendar date. */
const calendarDate = z
  .string(requiredError)
  .trim()
  .transform((v) => {
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
    return us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : v;
  })
  .pipe(calendarDateSchema);

const money = z
  .union([z.string(), z.number()], requiredError)
  .transform((v) => (typeof v === 'string' ? v.replace(/[$,\s]/g, '') : v))
  .pipe(moneySchema);

export const zipSchema = z
  .string()
  .trim()
  .regex(/^\d{5}(-?\d{4})?$/, 'zip is 5 digits or ZIP+4')
  .transform((v) => (v.length === 9 ? `${v.slice(0, 5)}-${v.slice(5)}` : v));

const feedRowSchema = z
  .strictObject({
    carrier: required(text(100)),
    policy_number: required(text(64)),
    coverage_type: required(coverageType),
    status: required(status),
    effective_date: required(calendarDate),
    renewal_date: optional(calendarDate),
    premium: required(money),
    writing_agent_npn: required(z.string(requiredError).pipe(npnSchema)),
    member_relationship: required(relationship),
    first_name: required(text(100)),
    last_name: required(text(100)),
    date_of_birth: optional(calendarDate),
    gender: optional(gender),
    email: optional(z.string().pipe(emailSchema)),
    phone: optional(z.string().pipe(phoneSchema)),
    address_line1: optional(text(200)),
    city: optional(text(100)),
    state: optional(z.string().pipe(usStateSchema)),
    zip: optional(zipSchema),
    mbi: optional(z.string().pipe(mbiSchema)),
  })
  .superRefine((row, ctx) => {
    if (row.renewal_date && row.renewal_date < row.effective_date) {
      ctx.addIssue({ code: 'custom', path: ['renewal_date'], message: 'must not be before effective_date' });
    }
    if (row.date_of_birth && row.date_of_birth > new Date().toISOString().slice(0, 10)) {
      ctx.addIssue({ code: 'custom', path: ['date_of_birth'], message: 'must not be in the future' });
    }
  });

export type FeedRowResult = { ok: true; row: FeedRow } | { ok: false; reason: string };

/**
 * Validates one raw row. The reason names fields and rules, never a value: rows carry
 * protected data.
 */
export function validateFeedRow(raw: unknown): FeedRowResult {
  // PostgreSQL text cannot hold NUL: a cell with one is refused here, not by the database.
  if (raw !== null && typeof raw === 'object') {
    const withNul = Object.entries(raw).filter(([, v]) => typeof v === 'string' && v.includes('\u0000')).map(([k]) => k);
    if (withNul.length > 0) return { ok: false, reason: withNul.map((field) => `${field}: must not contain a NUL character`).join('; ') };
  }
  const parsed = feedRowSchema.safeParse(raw);
  if (!parsed.success) {
    const reasons = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) reasons.set(key, 'unknown field');
        continue;
      }
      const field = issue.path.map(String).join('.') || 'row';
      if (!reasons.has(field)) reasons.set(field, issue.message);
    }
    return { ok: false, reason: [...reasons].map(([field, message]) => `${field}: ${message}`).join('; ') };
  }
  const r = parsed.data;
  return {
    ok: true,
    row: {
      carrier: r.carrier,
      policyNumber: r.policy_number,
      policy: {
        coverageType: r.coverage_type,
        status: r.status,
        effectiveDate: r.effective_date,
        renewalDate: r.renewal_date,
        premium: canonicalPremium(r.premium),
        writingAgentNpn: r.writing_agent_npn,
      },
      member: {
        relationship: r.member_relationship,
        firstName: r.first_name,
        lastName: r.last_name,
        dateOfBirth: r.date_of_birth,
        gender: r.gender,
        email: r.email,
        phone: r.phone,
        addressLine1: r.address_line1,
        city: r.city,
        state: r.state,
        zip: r.zip,
        mbi: r.mbi,
      },
    },
  };
}
