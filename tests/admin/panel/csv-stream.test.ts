import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, csvStream } from '../../../src/admin/panel/csv-stream.ts';

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' edge', '" edge"'],
    ['=1+1', "'=1+1"],
    ['+7 701 123 4567', "'+7 701 123 4567"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x", "y")', '"\'=HYPERLINK(""http://x"", ""y"")"'],
    [-1500, '-1500'],
    [12.5, '12.5'],
    [null, ''],
    [undefined, ''],
    ['', ''],
  ] as const)('%j is written %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('ends each record with CRLF', () => {
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('streams a byte-order mark, the header and every record, in chunks', async () => {
    async function* records() {
      for (let i = 0; i < 1201; i += 1) yield [`r${i}`, i];
    }
    const chunks: string[] = [];
    for await (const chunk of csvStream(['name', 'n'], records(), 500)) chunks.push(String(chunk));
    expect(chunks.length).toBe(4);
    const lines = chunks.join('').split('\r\n');
    expect(lines[0]).toBe('\ufeffname,n');
    expect(lines[1201]).toBe('r1200,1200');
    expect(lines.length).toBe(1203);
  });
});
