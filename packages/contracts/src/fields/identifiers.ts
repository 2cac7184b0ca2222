import { z } from 'zod';

/** National Producer Number: 1 to 10 digits. */
export const npnSchema = z.string().trim().regex(/^\d{1,10}$/, 'NPN is 1 to 10 digits');

/**
 * Medicare Beneficiary Identifier (CMS format): 11 characters, dashes and case normalised away.
 * Positions: 1 digit 1-9; 2,5,8,9 letters; 3,6 letter or digit; 4,7,10,11 digits. Letters exclude
 * S, L, O, I, B and Z.
 */
const L = '[AC-HJKMNP-RT-Y]';
const AN = '[AC-HJKMNP-RT-Y0-9]';
const mbiPattern = new RegExp(`^[1-9]${L}${AN}\\d${L}${AN}\\d${L}${L}\\d\\d$`);
export const normaliseMbi = (value: string): string => value.replace(/[-\s]/g, '').toUpperCase();
export const mbiSchema = z
  .string()
  .transform(normaliseMbi)
  .refine((v) => mbiPattern.test(v), 'MBI must be 11 characters in the CMS format (no S, L, O, I, B, Z)');

/** SSN: 9 digits, dashes optional; area 000, 666 and 9xx, group 00 and serial 0000 never issued. */
export const ssnSchema = z
  .string()
  .transform((v) => v.replace(/[-\s]/g, ''))
  .refine((v) => /^(?!000|666|9\d\d)\d{3}(?!00)\d{2}(?!0000)\d{4}$/.test(v), 'SSN must be 9 digits in a valid format')
  .transform((v) => `${v.slice(0, 3)}-${v.slice(3, 5)}-${v.slice(5)}`);

/**
 * The earliest year a date or time of this domain can have (births, policies, records). Year 0000
 * is a valid JavaScript date but not a PostgreSQL one; nothing here is older than 1800 anyway.
 */
export const EARLIEST_YEAR = 1800;

const yearInRange = (v: string) => Number(v.slice(0, 4)) >= EARLIEST_YEAR;

/** A real calendar date as YYYY-MM-DD (2023-02-30 is refused), from 1800 on. */
export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
  .refine((v) => {
    const date = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v;
  }, 'not a real calendar date')
  .refine(yearInRange, `year must be ${EARLIEST_YEAR} or later`);

/** An ISO 8601 date-time with its offset, from 1800 on. */
export const timestampSchema = z.iso.datetime({ offset: true }).refine(yearInRange, `year must be ${EARLIEST_YEAR} or later`);

/** US state or territory code. */
export const usStateSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'state is a 2-letter code');

/**
 * At most 254 characters (RFC 5321's longest deliverable address): a longer one is a 400, not a
 * key too large for the unique email index (found by the X-5 fuzz suite).
 */
export const emailSchema = z.string().trim().toLowerCase().max(254, 'an email has at most 254 characters').pipe(z.email());
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{7,20}$/, 'phone has 7 to 20 digits and separators');
