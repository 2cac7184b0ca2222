import * as fc from 'fast-check';
import type { FuzzPayload } from './fuzz-request';
import { badDates, hostileTexts, hugeText, numberLikeTexts } from './hostile-values';

/**
 * Bodies of the operations that take a file rather than JSON: a CSV upload (its document gives
 * only `type: string` and an example file) and a binary attachment. Conforming CSV is the
 * example's header with some of its rows (new policy numbers now and then, so imports insert as
 * well as update); mutated CSV breaks one cell or the file's shape.
 */
const parseCsv = (text: string) => text.split(/\r?\n/).filter((line) => line.length > 0).map((line) => line.split(','));
const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csvText = (rows: string[][], lineEnd = '\n') => rows.map((row) => row.map(csvCell).join(',')).join(lineEnd) + lineEnd;

export function conformingCsv(example: string, mediaType: string): fc.Arbitrary<FuzzPayload> {
  const [header = [], ...rows] = parseCsv(example);
  const numberColumn = header.indexOf('policy_number');
  return fc.tuple(fc.subarray(rows, { minLength: 1 }), fc.option(fc.nat({ max: 40 }), { nil: undefined }), fc.boolean()).map(([chosen, renumber, crlf]) => {
    const renumbered = chosen.map((row) => row.map((cell, i) => (i === numberColumn && renumber !== undefined ? `${cell}-${renumber}` : cell)));
    return { kind: 'bytes', bytes: csvText([header, ...renumbered], crlf ? '\r\n' : '\n'), contentType: mediaType };
  });
}

export function mutatedCsv(example: string, mediaType: string): fc.Arbitrary<{ variant: string; body: FuzzPayload }> {
  const [header = [], ...rows] = parseCsv(example);
  const table = [header, ...rows];
  const as = (variant: string, bytes: Buffer | string, contentType = mediaType, contentEncoding?: string) => ({
    variant,
    body: { kind: 'bytes' as const, bytes, contentType, ...(contentEncoding ? { contentEncoding } : {}) },
  });
  const cell = fc.tuple(fc.nat({ max: rows.length }), fc.nat({ max: header.length - 1 }), fc.oneof(fc.constantFrom(...hostileTexts, ...badDates, ...numberLikeTexts), hugeText), fc.boolean());
  return fc.oneof(
    cell.map(([r, c, value, quoted]) => {
      const changed = table.map((row, i) => (i === r ? row.map((v, j) => (j === c ? value : v)) : row));
      // Unquoted, a value with a comma or quote also breaks the row's shape: both are worth sending.
      const text = quoted ? csvText(changed) : changed.map((row) => row.join(',')).join('\n');
      return as(`csv-cell row ${r} column ${header[c]}${quoted ? '' : ' (unquoted)'}`, text);
    }),
    fc.constantFrom(
      as('csv header only', csvText([header])),
      as('csv empty', ''),
      as('csv blank lines', '\n\n\n'),
      as('csv missing column', csvText(table.map((row) => row.slice(1)))),
      as('csv extra cells', csvText(table.map((row, i) => (i === 0 ? row : [...row, 'extra', 'cells'])))),
      as('csv short rows', csvText(table.map((row, i) => (i === 0 ? row : row.slice(0, 3))))),
      as('csv duplicate header', csvText([[...header, header[0]!], ...rows.map((row) => [...row, 'x'])])),
      as('csv unbalanced quote', `${csvText([header])}"${rows[0]?.join(',') ?? ''}\n`),
      as('csv bom', `\ufeff${csvText(table)}`),
      as('csv cr line ends', csvText(table, '\r')),
      as('csv invalid utf-8', Buffer.concat([Buffer.from(csvText([header])), Buffer.from([0xff, 0xfe, 0x2c, 0xc0, 0xaf, 0x0a])])),
      as('csv nul bytes', Buffer.from(csvText(table).replaceAll(',', ',\u0000'))),
      as('csv sent as json', csvText(table), 'application/json'),
      as('csv as utf-16', Buffer.from(csvText(table), 'utf16le'), `${mediaType}; charset=utf-16`),
      as('csv no content type', csvText(table), ''),
      as('csv gzip (not encoded)', csvText(table), mediaType, 'gzip'),
    ),
    hugeText.map((huge) => as('csv huge line', `${csvText([header])}${huge}\n`)),
  );
}

export const conformingBinary = (mediaType: string): fc.Arbitrary<FuzzPayload> =>
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ kind: 'bytes', bytes: Buffer.from(bytes), contentType: mediaType }));

export const mutatedBinary = (mediaType: string): fc.Arbitrary<{ variant: string; body: FuzzPayload }> =>
  fc.constantFrom<[string, FuzzPayload]>(
    ['binary empty', { kind: 'bytes', bytes: '', contentType: mediaType }],
    ['binary as json', { kind: 'bytes', bytes: '{"not":"a file"', contentType: 'application/json' }],
    ['binary as text', { kind: 'bytes', bytes: 'text', contentType: 'text/plain' }],
    ['binary no content type', { kind: 'bytes', bytes: Buffer.from([1, 2, 3]) }],
    ['binary gzip (not encoded)', { kind: 'bytes', bytes: Buffer.from([1, 2, 3]), contentType: mediaType, contentEncoding: 'gzip' }],
    ['binary type with parameters', { kind: 'bytes', bytes: Buffer.from([1, 2, 3]), contentType: `${mediaType}; charset=utf-8; x="\\"` }],
    // Larger than any upload the documents allow (the largest says 5 MB).
    ['binary of 6 MB', { kind: 'bytes', bytes: Buffer.alloc(6 * 1024 * 1024, 7), contentType: mediaType }],
  ).map(([variant, body]) => ({ variant, body }));
