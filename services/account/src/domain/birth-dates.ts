/**
 * SR-1 date-of-birth and age filters over a date of birth that is encrypted at rest. The
 * database holds only the year in the clear (contacts.birth_year, decision 0025), so a filter is
 * two steps: a window of birth years that SQL can apply, and the exact test of the date, run in
 * the service after decrypting the rows the window let through.
 */

/** A date-of-birth range (YYYY-MM-DD, both ends inclusive) and an age range (whole years, inclusive). */
export interface BirthDateCriteria {
  dateOfBirth?: { from?: string; to?: string };
  age?: { min?: number; max?: number };
}

/** Years a row's birth year must lie in to be a candidate, and those in which every date matches. */
export interface BirthYearWindow {
  /** Candidates: birth year in [min, max] (an open end is undefined). */
  candidates: { min?: number; max?: number };
  /** Certain matches: birth year in [min, max]; no decryption needed. Empty when min > max. */
  certain: { min?: number; max?: number };
}

const yearOf = (date: string) => Number(date.slice(0, 4));
const monthDay = (date: string) => date.slice(5, 10);

/** The year of a YYYY-MM-DD date of birth, or null when there is none (or it is not one). */
export function birthYearOf(dateOfBirth: string | null | undefined): number | null {
  return dateOfBirth && /^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth) ? yearOf(dateOfBirth) : null;
}

/** Age in whole years on `today` (YYYY-MM-DD): one more on each birthday (29 February: on 1 March in other years). */
export function ageOn(dateOfBirth: string, today: string): number {
  return yearOf(today) - yearOf(dateOfBirth) - (monthDay(today) < monthDay(dateOfBirth) ? 1 : 0);
}

/** Whether a decrypted date of birth meets the criteria exactly; no date meets any. */
export function meetsBirthDateCriteria(dateOfBirth: string | null, criteria: BirthDateCriteria, today: string): boolean {
  if (!dateOfBirth || birthYearOf(dateOfBirth) === null) return false;
  const { dateOfBirth: range, age } = criteria;
  if (range?.from !== undefined && dateOfBirth < range.from) return false;
  if (range?.to !== undefined && dateOfBirth > range.to) return false;
  const years = age ? ageOn(dateOfBirth, today) : 0;
  if (age?.min !== undefined && years < age.min) return false;
  if (age?.max !== undefined && years > age.max) return false;
  return true;
}

const tighter = (a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number) =>
  a === undefined ? b : b === undefined ? a : pick(a, b);

/**
 * The birth-year window of the criteria on `today`. A date range from F to T lets through the
 * years of F to T, and is certain for the years strictly inside (and for F's or T's own year when
 * it starts on 1 January or ends on 31 December). An age from m to M lets through the years
 * today.year - M - 1 to today.year - m (someone aged M was born in one of the two years before
 * today.year - M + 1) and is certain strictly inside them.
 */
export function birthYearWindow(criteria: BirthDateCriteria, today: string): BirthYearWindow {
  const thisYear = yearOf(today);
  const { dateOfBirth: range, age } = criteria;
  const from = range?.from;
  const to = range?.to;
  const dateWindow: BirthYearWindow = {
    candidates: { min: from === undefined ? undefined : yearOf(from), max: to === undefined ? undefined : yearOf(to) },
    certain: {
      min: from === undefined ? undefined : yearOf(from) + (monthDay(from) === '01-01' ? 0 : 1),
      max: to === undefined ? undefined : yearOf(to) - (monthDay(to) === '12-31' ? 0 : 1),
    },
  };
  const ageWindow: BirthYearWindow = {
    candidates: { min: age?.max === undefined ? undefined : thisYear - age.max - 1, max: age?.min === undefined ? undefined : thisYear - age.min },
    certain: { min: age?.max === undefined ? undefined : thisYear - age.max, max: age?.min === undefined ? undefined : thisYear - age.min - 1 },
  };
  const both = (pick: 'candidates' | 'certain') => ({
    min: tighter(dateWindow[pick].min, ageWindow[pick].min, Math.max),
    max: tighter(dateWindow[pick].max, ageWindow[pick].max, Math.min),
  });
  return { candidates: both('candidates'), certain: both('certain') };
}

/** Whether the criteria filter on the date of birth at all. */
export const filtersBirthDate = (criteria: BirthDateCriteria): boolean =>
  criteria.dateOfBirth?.from !== undefined || criteria.dateOfBirth?.to !== undefined || criteria.age?.min !== undefined || criteria.age?.max !== undefined;
