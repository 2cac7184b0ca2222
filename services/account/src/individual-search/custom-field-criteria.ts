import { sql, type SQL } from 'drizzle-orm';
import type { FieldError } from '@agencyflow/http';
import type { CustomFieldDefinition, CustomFieldType } from '../domain/custom-fields';
import { contacts } from '../db/schema';
import type { CustomFieldCriterion } from './search-criteria';

type Compiled = SQL | string;

/** The stored value of a custom field (jsonb), and the same as text. */
const value = (key: string) => sql`(${contacts.customFields} -> ${key})`;
const valueText = (key: string) => sql`(${contacts.customFields} ->> ${key})`;

/** A jsonb value as a number, or null when it is none (never a cast error on a stray value). */
const asNumber = (key: string) => sql`(case when jsonb_typeof(${value(key)}) = 'number' then ${valueText(key)}::numeric end)`;
/** A date field's value (YYYY-MM-DD text) compared byte by byte: that is calendar order. */
const asDate = (key: string) => sql`(case when jsonb_typeof(${value(key)}) = 'string' then ${valueText(key)} end) collate "C"`;

function range(column: SQL, low: unknown, high: unknown): SQL {
  const parts = [low === undefined ? undefined : sql`${column} >= ${low}`, high === undefined ? undefined : sql`${column} <= ${high}`];
  return sql.join(
    parts.filter((p): p is SQL => p !== undefined),
    sql` and `,
  );
}

/** A text[] parameter list (drizzle would spread a bare array into `($1, $2)`). */
const textArray = (values: string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

const has = <K extends string>(c: CustomFieldCriterion, key: K): c is Extract<CustomFieldCriterion, Record<K, unknown>> => key in c;
const isNumberRange = (c: CustomFieldCriterion): c is { min?: number; max?: number } => 'min' in c || 'max' in c;
const isDateRange = (c: CustomFieldCriterion): c is { from?: string; to?: string } => 'from' in c || 'to' in c;

const numberRange = (type: string) => (key: string, c: CustomFieldCriterion) =>
  isNumberRange(c) ? range(asNumber(key), c.min, c.max) : `a ${type} field takes { min, max }`;

/**
 * Each custom-field type's criterion, compiled to a condition over contacts.custom_fields, or the
 * reason the criterion does not fit the type (a string). Values are parameters, never SQL text.
 */
const compilers: Record<CustomFieldType, (key: string, c: CustomFieldCriterion, options: string[]) => Compiled> = {
  text: (key, c) => (has(c, 'equals') && typeof c.equals === 'string' ? sql`lower(${valueText(key)}) = lower(${c.equals})` : 'a text field takes { equals: "text" }'),
  dropdown: (key, c, options) => {
    if (!has(c, 'anyOf')) return 'a dropdown field takes { anyOf: [options] }';
    const unknown = c.anyOf.filter((o) => !options.includes(o));
    return unknown.length ? `not an option of this field: ${unknown.join(', ')}` : sql`${valueText(key)} = any(${textArray(c.anyOf)})`;
  },
  'checkbox-list': (key, c, options) => {
    if (!has(c, 'anyOf')) return 'a checkbox-list field takes { anyOf: [options] } (any of them ticked)';
    const unknown = c.anyOf.filter((o) => !options.includes(o));
    return unknown.length
      ? `not an option of this field: ${unknown.join(', ')}`
      : sql`(jsonb_typeof(${value(key)}) = 'array' and jsonb_exists_any(${value(key)}, ${textArray(c.anyOf)}))`;
  },
  // An unticked box is stored as false or not at all: both are "false".
  checkbox: (key, c) =>
    has(c, 'equals') && typeof c.equals === 'boolean'
      ? c.equals
        ? sql`${value(key)} = 'true'::jsonb`
        : sql`${value(key)} is distinct from 'true'::jsonb`
      : 'a checkbox field takes { equals: true | false }',
  number: numberRange('number'),
  currency: numberRange('currency'),
  percent: numberRange('percent'),
  date: (key, c) => (isDateRange(c) ? range(asDate(key), c.from, c.to) : 'a date field takes { from, to }'),
};

/**
 * SR-1 custom-field criteria, checked against the tenant's definitions (an unknown key or a form
 * that does not fit the field's type is a field error) and compiled to SQL conditions.
 */
export function compileCustomFieldCriteria(
  criteria: Record<string, CustomFieldCriterion>,
  definitions: CustomFieldDefinition[],
): { conditions: SQL[]; errors: FieldError[] } {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const conditions: SQL[] = [];
  const errors: FieldError[] = [];
  for (const [key, criterion] of Object.entries(criteria)) {
    const path = `body.criteria.customFields.${key}`;
    const definition = byKey.get(key);
    const compiled = definition ? compilers[definition.type](key, criterion, definition.options) : 'no custom field with this key';
    if (typeof compiled === 'string') errors.push({ path, message: compiled });
    else conditions.push(sql`(${compiled})`);
  }
  return { conditions, errors };
}
