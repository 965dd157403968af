import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, csvStream } from '../../../src/admin/panel/csv-download.ts';

describe('CSV cells', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    ['', ''],
    [12.5, '12.5'],
    [-1500, '-1500'],
    [Number.NaN, ''],
    [Number.POSITIVE_INFINITY, ''],
    ['plain', 'plain'],
    ['Ольга', 'Ольга'],
    ['a,b', '"a,b"'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [' edge', '" edge"'],
    ['edge ', '"edge "'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['=1+1', "'=1+1"],
    ['@cmd', "'@cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+1+cmd|x', "'+1+cmd|x"],
    ['-2+3', "'-2+3"],
    ['-', "'-"],
    ['+', "'+"],
    ['\tx', "'\tx"],
    ['\t5', "'\t5"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['=HYPERLINK("http://x", "y")', '"\'=HYPERLINK(""http://x"", ""y"")"'],
    // Plain numbers and phone numbers run nothing: written as typed.
    ['+380 50 123-45-67', '+380 50 123-45-67'],
    ['+7 701 123 4567', '+7 701 123 4567'],
    ['+1 (555) 010.2030', '+1 (555) 010.2030'],
    ['-5', '-5'],
    ['-2', '-2'],
    ['+380501234567', '+380501234567'],
  ] as const)('%j is written %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('ends each record with CRLF', () => {
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('CSV stream', () => {
  async function read(stream: AsyncIterable<unknown>): Promise<string[]> {
    const pieces: string[] = [];
    for await (const piece of stream) pieces.push(String(piece));
    return pieces;
  }

  it('streams a byte-order mark, the header and every record, in pieces of about the size asked', async () => {
    async function* records() {
      for (let i = 0; i < 1201; i += 1) yield [`r${i}`, i];
    }
    const pieces = await read(csvStream(['name', 'n'], records(), 1000));
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(1000);
    const lines = pieces.join('').split('\r\n');
    expect(lines[0]).toBe('\uFEFFname,n');
    expect(lines[1]).toBe('r0,0');
    expect(lines[1201]).toBe('r1200,1200');
    expect(lines.length).toBe(1203);
  });

  it('is the header alone when there are no records', async () => {
    async function* none(): AsyncGenerator<string[]> {}
    expect((await read(csvStream(['a', 'b'], none()))).join('')).toBe('\uFEFFa,b\r\n');
  });

  it('asks the source for records only as the reader takes them (backpressure)', async () => {
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced += 1;
        yield ['x'.repeat(100)];
      }
    }
    const stream = csvStream(['h'], endless(), 1000);
    const first = await new Promise<unknown>((resolve) => stream.once('data', resolve));
    stream.pause();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The stream's buffer (64 KiB) bounds what was read ahead of the reader: ~700 records.
    expect(String(first).length).toBeGreaterThan(0);
    expect(produced).toBeLessThan(2000);
    stream.destroy();
  });
});
