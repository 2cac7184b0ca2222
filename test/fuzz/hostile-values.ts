import * as fc from 'fast-check';

/** Text that trips parsers, databases and encoders: NUL, control characters, bidi overrides, lone surrogates, quoting. */
export const hostileTexts = [
  '\u0000',
  'Rivera\u0000household',
  '\u0001\u001f\u007f',
  '\r\n\r\nX-Injected: 1',
  '',
  ' ',
  '💥🧨👩‍👩‍👧‍👦',
  '\u202eevil\u202c',
  'a\u0301\u0301\u0301\u0301',
  '\u200b\u200d\ufeff',
  '\ud800',
  'lone \udfff surrogate',
  '\uffff\ufffe',
  '１２３４',
  'İıſK',
  '\u2028\u2029',
  "' or 1=1 --",
  '"; drop table accounts; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '%s%n%x',
  '../../../etc/passwd',
  '\\',
];

/** Numbers past any bound a schema sets, and number-like strings that are not (quite) numbers. */
export const outOfRangeNumbers: unknown[] = [-1, 0, -0, 1.5, 2 ** 31, 2 ** 53 + 2, 1e21, 1e308, -1e308, 5e-324];
export const numberLikeTexts = ['-1', '1e309', 'NaN', 'Infinity', '-0', '0x10', '1_000', '99999999999999999999.999', '١٢٣', ' 1', '1,000,000.00', '$-5', '.5', '1e-400'];

/** Dates no calendar (or no PostgreSQL date column) holds, and dates in the wrong shape. */
export const badDates = [
  '0000-01-01',
  '0000-00-00',
  '9999-12-31',
  '10000-01-01',
  '-000001-01-01',
  '+275760-09-13',
  '2026-02-30',
  '2026-13-01',
  '1900-01-00',
  '2026-1-1',
  '01/02/2026',
  '0000-01-01T00:00:00Z',
  '2026-01-01T25:61:61Z',
  '2026-01-01T00:00:00+99:00',
  '-271821-04-20T00:00:00Z',
];

/** A value of any JSON type, to put where another type belongs. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, '', 'text', [], {}, [1, [2]], { a: { b: 1 } }),
  fc.integer(),
  fc.string({ maxLength: 10 }),
);

/** From a kilobyte to 300 KB of one repeated unit; sometimes past the 1 MB body limit. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1_000, max: 300_000 }) }, { weight: 1, arbitrary: fc.constant(1_100_000) }),
    fc.constantFrom('x', 'é', '💥', 'a\u0000', ' ', '\\"'),
  )
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

/** JSON text nested `depth` levels deep around a value, written out (no recursion to build or print it). */
export const deepJsonText = (depth: number, inner = '"bottom"', kind: 'object' | 'array' = 'object') =>
  kind === 'object' ? `${'{"d":'.repeat(depth)}${inner}${'}'.repeat(depth)}` : `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** Path segments that are not ids: malformed percent-encoding, dot segments, encoded NUL and slashes, very long. */
export const hostileSegments = [
  '%zz',
  '%',
  '%E0%A4%A',
  '%C0%AF',
  '%ff',
  '%00',
  '%2F..%2F..%2Fetc',
  '..',
  '.',
  '%F0%9F%98%80',
  '%EF%BF%BF',
  '%D8%00',
  'null',
  '-1',
  '0',
  '%20',
  'A'.repeat(5_000),
  'ABCDEFAB-1234-4ABC-8DEF-0123456789AB',
  "'%20or%201=1--",
];
