import * as fc from 'fast-check';
import type { JsonSchema } from './openapi-operations';
import { poolOfName, PoolRef } from './pools';
import { openFieldSamples } from './samples';

/** Where a schema sits: the property or parameter name (for pools and samples) and the example at that spot. */
export interface At {
  name?: string;
  example?: unknown;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
// Past dates mostly (a date of birth in the future is refused), now and then one to come.
const dates = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2020-12-31T23:59:59Z'), noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.date({ min: new Date('2021-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }) },
);
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
// Conforming text holds no NUL and no lone surrogate (which has no UTF-8 form and cannot go in a URL).
const storable = (text: string) => !text.includes('\u0000') && Buffer.from(text, 'utf8').toString('utf8') === text;
const matches = (pattern: unknown) => (text: string) => typeof pattern !== 'string' || new RegExp(pattern).test(text);

// Mostly printable ASCII, sometimes any grapheme (accents, CJK, emoji): still valid text.
const textUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const { format, pattern } = schema;
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Math.max(minLength, Math.min(Number(schema.maxLength ?? 30), 30));
  if (format === 'uuid') return fc.uuid({ version: 4 });
  if (format === 'date-time') return dates.map((d) => d.toISOString());
  if (format === 'date' || pattern === DATE_PATTERN) return dates.map(isoDate);
  if (format === 'email') {
    const word = fc.stringMatching(/^[a-z0-9]{1,10}$/);
    return fc.tuple(word, word).map(([local, domain]) => `${local}@${domain}.example`).filter(matches(pattern));
  }
  if (typeof pattern === 'string') {
    return fc
      .stringMatching(new RegExp(pattern))
      .filter((text) => storable(text) && text.length >= minLength && text.length <= Number(schema.maxLength ?? Infinity));
  }
  return fc.string({ unit: textUnit, minLength, maxLength }).filter(storable);
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exclusive = (value: unknown, step: number) => (typeof value === 'number' ? value + step : undefined);
  const min = Number(schema.minimum ?? exclusive(schema.exclusiveMinimum, integer ? 1 : 1e-9) ?? -1000);
  const max = Number(schema.maximum ?? exclusive(schema.exclusiveMaximum, integer ? -1 : -1e-9) ?? 1000);
  return integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function objectOf(schema: JsonSchema, example: unknown): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const exampleOf = (key: string) => (example !== null && typeof example === 'object' ? (example as Record<string, unknown>)[key] : undefined);
  const names = Object.keys(properties);
  const extra = schema.additionalProperties;
  if (names.length === 0 && extra && typeof extra === 'object') {
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }).filter(storable), conforming(extra as JsonSchema), { maxKeys: 3 });
  }
  const model = Object.fromEntries(names.map((key) => [key, conforming(properties[key]!, { name: key, example: exampleOf(key) })]));
  const required = ((schema.required ?? []) as string[]).filter((key) => key in properties);
  return fc.record(model, { requiredKeys: required });
}

/** Anything at all, for a schema that constrains nothing (and has no example or sample). */
const anything = fc.oneof(fc.string({ maxLength: 20 }).filter(storable), fc.integer(), fc.boolean(), fc.constant(null));

function bySchema(schema: JsonSchema, at: At): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) {
    // The null branch of a nullable field is one choice; the value branches deserve more runs.
    return fc.oneof(...variants.map((variant) => ({ weight: variant.type === 'null' ? 1 : 3, arbitrary: bySchema(variant, at) })));
  }
  if (Array.isArray(schema.allOf)) return bySchema(Object.assign({}, ...(schema.allOf as JsonSchema[])), at);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
    case 'number':
      return numberOf(schema, type === 'integer');
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = Number(schema.minItems ?? 0);
      const maxLength = Math.max(minLength, Math.min(Number(schema.maxItems ?? 4), minLength + 3));
      const item = conforming((schema.items ?? {}) as JsonSchema, { example: Array.isArray(at.example) ? at.example[0] : undefined });
      return fc.array(item, { minLength, maxLength });
    }
    case 'object':
      return objectOf(schema, at.example);
    default:
      return at.example === undefined ? anything : fc.constant(at.example);
  }
}

/**
 * Values that conform to a JSON Schema, so requests get past validation and reach the handlers.
 * A field named like a record id (accountId, contactId, ...) mostly refers to a record that
 * exists (a PoolRef); a field with samples (one the schema leaves open) takes one of them.
 */
export function conforming(schema: JsonSchema, at: At = {}): fc.Arbitrary<unknown> {
  const samples = at.name ? openFieldSamples[at.name] : undefined;
  if (samples) return fc.constantFrom(...samples);
  const generated = bySchema(schema, at);
  const pool = at.name ? poolOfName[at.name] : undefined;
  return pool ? fc.oneof({ weight: 3, arbitrary: generated }, { weight: 8, arbitrary: fc.nat().map((pick) => new PoolRef(pool, pick)) }) : generated;
}
