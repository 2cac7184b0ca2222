import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Outcome } from '@agencyflow/contracts';
import type { Executor } from '@agencyflow/db';
import type { FieldError } from '@agencyflow/http';
import { birthYearWindow, filtersBirthDate, type BirthDateCriteria } from '../domain/birth-dates';
import { contacts, policySummaries } from '../db/schema';
import { customFieldsOf } from '../settings/settings-queries';
import { compileCustomFieldCriteria } from './custom-field-criteria';
import type { SearchCriteria } from './search-criteria';

/**
 * Criteria compiled for one tenant: the conditions of one set-based query over contacts, and
 * what the service still checks after reading a row. Only the date of birth needs that: SQL sees
 * its year only (decision 0025), so `birthDates` is set when a date-of-birth or age filter was
 * given, and `certain` tells, per row, whether the year alone already proves the match.
 */
export interface CompiledSearch {
  tenantId: string;
  where: SQL;
  certain: SQL;
  birthDates?: BirthDateCriteria;
  /** The day ages are counted on (UTC), the same for every page of one request. */
  today: string;
}

/** Today's date in UTC, the day ages are counted on. */
const utcToday = () => new Date().toISOString().slice(0, 10);
const lowered = (values: string[]) => values.map((v) => v.toLowerCase());
const yearBetween = (min?: number, max?: number) =>
  and(min === undefined ? undefined : sql`${contacts.birthYear} >= ${min}`, max === undefined ? undefined : sql`${contacts.birthYear} <= ${max}`) ?? sql`true`;

/**
 * The individual holds a policy (as policyholder or member, not deleted) meeting `conditions`.
 * The tenant's policies are unnested to (contact, policy) pairs and joined to the contacts as a
 * semi-join (anti-join when negated): one pass over the tenant's policies, not a probe per contact
 * (EXPLAIN figures in decision 0025).
 */
function holdsPolicy(tenantId: string, conditions: Array<SQL | undefined>, negate = false): SQL {
  const matching = sql`select 1 from ${policySummaries} s
    cross join lateral unnest(s.member_contact_ids || s.policyholder_contact_id) as m(contact_id)
    where s.tenant_id = ${tenantId} and not s.deleted and m.contact_id = ${contacts.id} and ${and(...conditions) ?? sql`true`}`;
  return negate ? sql`not exists (${matching})` : sql`exists (${matching})`;
}

const policyDateRange = (column: string, range?: { from?: string; to?: string }) =>
  range &&
  and(
    range.from === undefined ? undefined : sql`${sql.identifier('s')}.${sql.identifier(column)} collate "C" >= ${range.from}`,
    range.to === undefined ? undefined : sql`${sql.identifier('s')}.${sql.identifier(column)} collate "C" <= ${range.to}`,
  );

/** SR-1: the criteria as one query's conditions, or field errors (an unknown or ill-fitting custom field). */
export async function compileCriteria(
  tx: Executor,
  tenantId: string,
  criteria: SearchCriteria,
  today = utcToday(),
): Promise<Outcome<'compiled', { search: CompiledSearch }> | Outcome<'invalid', { errors: FieldError[] }>> {
  const custom = criteria.customFields && Object.keys(criteria.customFields).length > 0
    ? compileCustomFieldCriteria(criteria.customFields, await customFieldsOf(tx, tenantId))
    : { conditions: [], errors: [] };
  if (custom.errors.length > 0) return { outcome: 'invalid', errors: custom.errors };

  const { policy } = criteria;
  const conditions: Array<SQL | undefined> = [
    eq(contacts.tenantId, tenantId),
    criteria.status && inArray(contacts.status, criteria.status),
    criteria.state && inArray(contacts.state, criteria.state),
    criteria.county && inArray(sql`lower(${contacts.county})`, lowered(criteria.county)),
    criteria.zip && inArray(sql`left(${contacts.zip}, 5)`, criteria.zip),
    criteria.servicingAgentId && inArray(contacts.servicingAgentId, criteria.servicingAgentId),
    criteria.leadSource && inArray(sql`lower(${contacts.leadSource})`, lowered(criteria.leadSource)),
    criteria.gender && inArray(contacts.gender, criteria.gender),
    ...custom.conditions,
    policy &&
      holdsPolicy(tenantId, [
        policy.coverageType && inArray(sql`s.coverage_type`, policy.coverageType),
        policy.status && inArray(sql`s.status`, policy.status),
        policy.carrier && inArray(sql`lower(s.carrier)`, lowered(policy.carrier)),
        policyDateRange('effective_date', policy.effectiveDate),
        policyDateRange('renewal_date', policy.renewalDate),
      ]),
    criteria.hasActivePolicy === undefined ? undefined : holdsPolicy(tenantId, [sql`s.status = 'active'`], !criteria.hasActivePolicy),
  ];

  const birthDates = { dateOfBirth: criteria.dateOfBirth, age: criteria.age };
  if (!filtersBirthDate(birthDates)) return { outcome: 'compiled', search: { tenantId, where: and(...conditions)!, certain: sql`true`, today } };
  // A row written before birth years existed has a date and no year: always a candidate, never certain.
  const window = birthYearWindow(birthDates, today);
  const candidate = sql`(${yearBetween(window.candidates.min, window.candidates.max)} or (${contacts.birthYear} is null and ${contacts.dateOfBirth} is not null))`;
  const certain = sql`(${contacts.birthYear} is not null and ${yearBetween(window.certain.min, window.certain.max)})`;
  return { outcome: 'compiled', search: { tenantId, where: and(...conditions, candidate)!, certain, birthDates, today } };
}
