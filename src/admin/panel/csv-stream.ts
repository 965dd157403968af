import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** A cell of a CSV export: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

// A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(…)`
// in a customer's name): such text gets a leading apostrophe, shown but never run.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * One cell as RFC 4180 text: quoted (quotes doubled) when it holds a comma, a quote, a
 * line break or edge spaces; text that a spreadsheet would read as a formula is
 * neutralised with a leading `'`. Numbers are written as they are (a negative profit
 * stays a number).
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * A CSV document as a stream: a UTF-8 byte-order mark (spreadsheets then read Cyrillic
 * right), the header, then each record as the source yields it, a chunk of records per
 * write, so a large export is never held in memory.
 */
export function csvStream(header: readonly string[], records: AsyncIterable<readonly CsvCell[]>, recordsPerChunk = 500): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield `\ufeff${csvLine(header)}`;
    let chunk = '';
    let count = 0;
    for await (const record of records) {
      chunk += csvLine(record);
      count += 1;
      if (count === recordsPerChunk) {
        yield chunk;
        chunk = '';
        count = 0;
      }
    }
    if (chunk !== '') yield chunk;
  }
  return Readable.from(lines(), { objectMode: false });
}

/**
 * Sends a CSV download: `text/csv`, `content-disposition: attachment` with the file
 * name (letters, digits, `.`, `-`, `_` only), never cached. The body streams from
 * `records` as the client reads it.
 */
export function sendCsv(reply: FastifyReply, fileName: string, header: readonly string[], records: AsyncIterable<readonly CsvCell[]>): FastifyReply {
  const safe = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${safe}"`)
    .header('cache-control', 'no-store')
    .send(csvStream(header, records));
}
