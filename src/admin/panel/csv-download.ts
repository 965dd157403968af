import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** One CSV cell's value: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

// A spreadsheet runs a cell that starts like a formula (`=HYPERLINK(…)` in a customer's
// name): such text gets a leading apostrophe, shown but never run. A plain number or
// phone number (`+380 50 123-45-67`, `-5`) holds no function, reference or command, so
// it stays as typed and a phone column is not littered with apostrophes.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d[\d ().-]*$/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** Text is handed to the socket in pieces of about this many characters. */
const PIECE_CHARS = 64 * 1024;

/**
 * One cell as RFC 4180 text: quoted (quotes doubled) when it holds a comma, a quote, a
 * line break or leading/trailing spaces (spreadsheets trim those otherwise); text a
 * spreadsheet would run as a formula is prefixed with `'`. Numbers are written as they
 * are (a negative profit stays a number); a number that is not finite is empty.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated (as RFC 4180 says). */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * A CSV document as a byte stream: a UTF-8 byte-order mark (spreadsheet programs then
 * read Cyrillic names right), the header, then each record as the source yields it,
 * gathered into pieces of about 64 KiB. `Readable.from` asks the source for more only
 * when the client has read what was sent (backpressure), so an export of a year never
 * sits in memory.
 */
export function csvStream(header: readonly string[], records: AsyncIterable<readonly CsvCell[]>, pieceChars = PIECE_CHARS): Readable {
  async function* pieces(): AsyncGenerator<string> {
    let piece = `\uFEFF${csvLine(header)}`;
    for await (const record of records) {
      piece += csvLine(record);
      if (piece.length >= pieceChars) {
        yield piece;
        piece = '';
      }
    }
    if (piece !== '') yield piece;
  }
  return Readable.from(pieces(), { objectMode: false });
}

/**
 * Sends a CSV download: `text/csv`, `content-disposition: attachment` with the file name
 * reduced to letters, digits, `.`, `-` and `_`, never cached. The body streams from
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
