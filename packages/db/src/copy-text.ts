/** One value in PostgreSQL's COPY text format: `\N` for null, backslash escapes for the separators. */
const copyCell = (value: string | null): string =>
  value === null ? '\\N' : value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/** Rows as COPY text (tab-separated, one line each), for `COPY ... FROM STDIN`. */
export const copyText = (rows: (string | null)[][]): string => rows.map((row) => `${row.map(copyCell).join('\t')}\n`).join('');

const unescapes: Record<string, string> = { '\\\\': '\\', '\\t': '\t', '\\n': '\n', '\\r': '\r' };

/** One line of COPY text back into its values (`\N` is null): the inverse of copyText for one row. */
export const parseCopyLine = (line: string): (string | null)[] =>
  line.split('\t').map((cell) => (cell === '\\N' ? null : cell.replace(/\\[\\tnr]/g, (escape) => unescapes[escape]!)));
