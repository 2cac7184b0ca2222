import { describe, expect, it } from 'vitest';
import { ageOn, birthYearOf, birthYearWindow, meetsBirthDateCriteria, type BirthDateCriteria } from '../src/domain/birth-dates';
import { csvCell, csvLine } from '@agencyflow/http';
import { salesRecordCarriedTypes } from '../src/domain/custom-fields';

/** Every date of the years 1900..2030, to check the year window against the exact test. */
function* everyDate(): Generator<string> {
  for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2030, 11, 31); t += 86_400_000) yield new Date(t).toISOString().slice(0, 10);
}

const inWindow = (year: number, w: { min?: number; max?: number }) => (w.min === undefined || year >= w.min) && (w.max === undefined || year <= w.max);

describe('SR-1 individual search rules (pure)', () => {
  it('SR-1 age counts whole years, one more on each birthday', () => {
    expect(ageOn('1960-06-15', '2025-06-14')).toBe(64);
    expect(ageOn('1960-06-15', '2025-06-15')).toBe(65);
    expect(ageOn('1960-02-29', '2025-02-28')).toBe(64);
    expect(ageOn('1960-02-29', '2025-03-01')).toBe(65);
    expect(ageOn('1960-02-29', '2024-02-29')).toBe(64);
    expect(birthYearOf('1954-03-18')).toBe(1954);
    expect(birthYearOf(null)).toBeNull();
    expect(birthYearOf('not a date')).toBeNull();
  });

  it('SR-1 the birth-year window never drops a match, and its certain years hold only matches', () => {
    const cases: Array<[BirthDateCriteria, string]> = [
      [{ dateOfBirth: { from: '1950-03-15', to: '1960-06-30' } }, '2025-05-01'],
      [{ dateOfBirth: { from: '1950-01-01', to: '1950-12-31' } }, '2025-05-01'],
      [{ dateOfBirth: { to: '1949-12-31' } }, '2025-05-01'],
      [{ age: { min: 65 } }, '2025-06-15'],
      [{ age: { min: 65, max: 65 } }, '2024-02-29'],
      [{ age: { max: 0 } }, '2025-12-31'],
      [{ age: { min: 18, max: 64 }, dateOfBirth: { from: '1980-07-04' } }, '2025-01-01'],
      [{ age: { min: 70 }, dateOfBirth: { from: '1990-01-01' } }, '2025-01-01'],
    ];
    for (const [criteria, today] of cases) {
      const window = birthYearWindow(criteria, today);
      const byYear = new Map<number, boolean[]>();
      for (const date of everyDate()) {
        const year = Number(date.slice(0, 4));
        byYear.set(year, [...(byYear.get(year) ?? []), meetsBirthDateCriteria(date, criteria, today)]);
      }
      for (const [year, results] of byYear) {
        if (results.some(Boolean)) expect(inWindow(year, window.candidates), `${JSON.stringify(criteria)} ${year} candidate`).toBe(true);
        if (inWindow(year, window.certain)) expect(results.every(Boolean), `${JSON.stringify(criteria)} ${year} certain`).toBe(true);
      }
    }
  });

  it('SR-1 date-of-birth and age bounds are inclusive; no date of birth matches no such filter', () => {
    const range = { dateOfBirth: { from: '1950-03-15', to: '1950-03-20' } };
    expect(['1950-03-14', '1950-03-15', '1950-03-20', '1950-03-21'].map((d) => meetsBirthDateCriteria(d, range, '2025-01-01'))).toEqual([false, true, true, false]);
    const sixtyFive = { age: { min: 65, max: 65 } };
    expect(['1960-06-16', '1960-06-15', '1959-06-16', '1959-06-15'].map((d) => meetsBirthDateCriteria(d, sixtyFive, '2025-06-15'))).toEqual([false, true, true, false]);
    expect(meetsBirthDateCriteria(null, sixtyFive, '2025-06-15')).toBe(false);
  });

  it('SR-1 CSV cells are quoted as RFC 4180 says and formulas are neutralised', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).startsWith(`'${start}`) || csvCell(`${start}1+1`).startsWith(`"'${start}`)).toBe(true);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell(['Spanish', 'English'])).toBe('Spanish; English');
    expect(csvCell(true)).toBe('true');
    expect(csvLine(['a', null, '-2'])).toBe("a,,'-2\r\n");
  });
});

describe('SR-4 custom fields a mass-created sales record carries', () => {
  it('SR-4 text, date and dropdown are carried; number, currency, percent, checkbox and checkbox list are not', () => {
    expect([...salesRecordCarriedTypes].sort()).toEqual(['date', 'dropdown', 'text']);
    for (const left of ['number', 'currency', 'percent', 'checkbox', 'checkbox-list'] as const) expect(salesRecordCarriedTypes).not.toContain(left);
  });
});
