import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ProblemError } from '@agencyflow/http';
import { feedColumns, normaliseColumnName, requiredFeedColumns, type FeedColumn } from '../domain/feed-row';
import type { FeedInputRow } from './stage-carrier-feed';

export interface CsvFeed {
  ignoredColumns: string[];
  rows: AsyncIterable<FeedInputRow>;
}

const known = new Set<string>(feedColumns);

export const malformedCsv = (detail: string) => new ProblemError(400, 'malformed-csv', 'Malformed CSV', detail);

/**
 * Reads a carrier CSV as it streams in (never buffering the body): the header is read and
 * checked first, then rows are yielded one at a time, so the importer's pace pulls the upload
 * (back-pressure) and memory stays bounded. Parse errors become a 400 problem that names the
 * line but never a cell's content (rows carry protected data).
 */
export async function readCsvFeed(body: Readable): Promise<CsvFeed> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 });
  // An upload that breaks off fails the parser, and so the import (which then writes nothing).
  // The body is never destroyed from here: an early answer (a bad header) must still reach the
  // client, and Node discards the rest of an unread body once the answer is sent.
  body.on('error', (error) => parser.destroy(error));
  body.on('close', () => {
    if (!body.readableEnded) parser.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
  });
  body.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;

  const first = await next(records);
  if (first.done) throw malformedCsv('The file is empty: the first line must be the header.');
  const header = first.value.map(normaliseColumnName);
  const missing = requiredFeedColumns.filter((c) => !header.includes(c));
  const duplicated = header.filter((c, i) => c !== '' && header.indexOf(c) !== i);
  if (missing.length > 0 || duplicated.length > 0) {
    body.unpipe(parser);
    parser.destroy();
    throw new ProblemError(400, 'invalid-feed-header', 'Invalid feed header', 'The header lacks required columns or repeats one.', {
      missingColumns: missing,
      duplicatedColumns: [...new Set(duplicated)],
      expectedColumns: feedColumns,
    });
  }
  const columns = header.map((c) => (known.has(c) ? (c as FeedColumn) : null));

  async function* rows(): AsyncGenerator<FeedInputRow> {
    let row = 0;
    for (;;) {
      const record = await next(records);
      if (record.done) return;
      row++;
      if (record.value.length !== header.length) {
        yield { row, error: `row has ${record.value.length} fields, the header has ${header.length}` };
        continue;
      }
      const values: Partial<Record<FeedColumn, string>> = {};
      columns.forEach((column, i) => {
        if (column) values[column] = record.value[i];
      });
      yield { row, values };
    }
  }

  return { ignoredColumns: header.filter((c) => !known.has(c)), rows: rows() };
}

async function next(records: AsyncIterator<string[]>): Promise<IteratorResult<string[]>> {
  try {
    return await records.next();
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw malformedCsv(`The CSV cannot be read${line ? ` at line ${line}` : ''} (${error.code}).`);
    }
    const code = (error as { code?: string }).code;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || (error as Error).message === 'aborted') {
      throw new ProblemError(400, 'upload-incomplete', 'Upload incomplete', 'The upload ended before the whole file arrived; nothing was imported.');
    }
    throw error;
  }
}
