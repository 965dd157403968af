import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** One CSV cell's value: text, a number, or empty. */
export type CsvCell = string | number | null | undefined;

// A spreadsheet runs a cell that starts like a formula: such text is kept as text. A
// plain number or phone number (`+380 50 123`, `-5`) runs nothing and stays as it is.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?[\d][\d ().-]*$/;

/**
 * One cell as RFC 4180 wants it (quoted when it holds a comma, quote or line break),
 * with text that a spreadsheet would run as a formula prefixed by an apostrophe.
 * Numbers are written as they are.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF-terminated, as RFC 4180 says). */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * Sends a CSV download streamed from `rows`, a chunk of lines at a time: a year of
 * bookings never sits in memory. Starts with a byte-order mark so spreadsheet programs
 * read UTF-8 (Cyrillic names) correctly. The stream waits for the client to read
 * (backpressure) before asking for the next chunk.
 */
export function sendCsv(reply: FastifyReply, filename: string, header: readonly string[], rows: AsyncIterable<readonly CsvCell[][]>): FastifyReply {
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${csvLine(header)}`;
    for await (const chunk of rows) yield chunk.map(csvLine).join('');
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(lines()));
}
