import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { Logger } from '@agencyflow/logger';

/**
 * CSV as RFC 4180 writes it (comma separated, CRLF line ends, a field quoted when it holds a
 * quote, comma, CR or LF, quotes doubled), made safe to open in a spreadsheet: a cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula (CSV injection),
 * so it gets a leading `'` and reads as text.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: null and undefined are empty, lists join with "; ", everything else is its text. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.map(String).join('; ') : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * Streams a CSV download: a header line, then the rows of each batch as they are read (batches
 * keep memory bounded whatever the size). A failure after the first byte cannot become a problem
 * answer any more: it is logged (without content) and the connection cut, so the client sees a
 * broken download rather than a short file that looks complete.
 */
export async function sendCsv<T>(
  req: Request,
  res: Response,
  download: { name: string; header: string[]; batches: AsyncIterable<T[]>; line: (row: T) => unknown[]; logger: Logger },
): Promise<void> {
  const lines = async function* () {
    yield csvLine(download.header);
    for await (const rows of download.batches) yield rows.map((row) => csvLine(download.line(row))).join('');
  };
  res.status(200).type('text/csv; charset=utf-8').attachment(download.name);
  try {
    await pipeline(Readable.from(lines()), res);
  } catch (error) {
    download.logger.error({ err: error, requestId: req.requestId }, `${download.name} download failed`);
    res.destroy();
  }
}
