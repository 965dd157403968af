import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textField } from '../../../src/app/shared/input-schemas.ts';

describe('textField: text as a text column can keep it', () => {
  const oneLine = textField(10, { tooLong: 'long' });
  const lines = textField(10, { tooLong: 'long', lines: 'many' });

  it.each([
    [' a\u0000b ', 'ab', 'ab'],
    ['a\u0001\u0007\u001b\u001fb', 'ab', 'ab'],
    ['a\tb', 'a b', 'a\tb'],
    ['a\r\nb\rc\nd', 'a b c d', 'a\nb\nc\nd'],
    ['\n\u0000 \t', '', ''],
    ['Ånna 🙂', 'Ånna 🙂', 'Ånna 🙂'],
  ])('%j is %j on one line and %j on several', (typed, one, many) => {
    expect(oneLine.parse(typed)).toBe(one);
    expect(lines.parse(typed)).toBe(many);
  });

  it('counts the length once the control characters are gone, and refuses more', () => {
    expect(oneLine.parse(`${'a'.repeat(10)}\u0000\u0000`)).toBe('a'.repeat(10));
    expect(oneLine.safeParse('a'.repeat(11)).error?.issues[0]?.message).toBe('long');
  });

  it('refuses blank with the `required` key, and leaves missing to the caller', () => {
    const name = textField(10, { tooLong: 'long', required: 'name_required' });
    expect(name.safeParse(' \u0000 ').error?.issues[0]?.message).toBe('name_required');
    expect(name.safeParse(undefined).error?.issues[0]?.message).toBe('name_required');
    expect(oneLine.safeParse(5).error?.issues[0]?.message).toBe('invalid');
    expect(oneLine.optional().parse(undefined)).toBeUndefined();
    expect(oneLine.default('').parse(undefined)).toBe('');
  });

  it('never gives back a C0 control character but tab and line feed, whatever is typed', () => {
    const big = textField(5000, { tooLong: 'long', lines: 'many' });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (typed) => {
        expect(big.parse(typed)).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
        expect(oneLine.safeParse(typed).data ?? '').not.toMatch(/[\u0000-\u001f]/);
      }),
    );
  });
});
