import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatDay } from '../../../src/bots/engine/chat-formatting.ts';
import { parseLocalDate } from '../../../src/bots/engine/free-text.ts';
import { readTypedAnswer } from '../../../src/bots/engine/typed-answers.ts';
import { LANGUAGES } from '../../../src/i18n/translator.ts';

// Whatever the chat prints on a day button, typed back, is that day; and the short
// answers customers type instead of pressing a button.

const TODAY = '2031-03-03'; // a Monday

describe('day labels typed back', () => {
  it.each([
    ['сс', '2031-03-04'],
    ['дс', '2031-03-03'],
    ['бс', '2031-03-06'],
    ['жм', '2031-03-07'],
    ['жс', '2031-03-09'],
    ['5 нау.', '2031-03-05'],
    ['4 нау., сс', '2031-03-04'],
    ['4 нау сс', '2031-03-04'],
    ['4 қаң.', '2032-01-04'],
    ['4 жел.', '2031-12-04'],
    ['вт, 4 бер.', '2031-03-04'],
    ['вт, 4 лист.', '2031-11-04'],
    ['ср, 4 июн.', '2031-06-04'],
    ['Tue 4 Mar', '2031-03-04'],
  ])('reads %j as %s', (text, date) => {
    expect(parseLocalDate(text, TODAY)).toBe(date);
  });

  it('reads every day label of the next year, in every language, as its own day', () => {
    const today = DateTime.fromISO(TODAY, { zone: 'utc' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.constantFrom(...LANGUAGES), (offset, language) => {
        const date = today.plus({ days: offset }).toISODate()!;
        expect(parseLocalDate(formatDay(date, language), TODAY)).toBe(date);
      }),
      { numRuns: 500 },
    );
  });
});

describe('readTypedAnswer', () => {
  it.each([
    ['👍', 'yes'], ['👍🏽', 'yes'], ['да', 'yes'], ['Так', 'yes'], ['иә', 'yes'], ['yes', 'yes'], ['OK', 'yes'], ['ок', 'yes'], ['Yes!', 'yes'],
    ['нет', 'no'], ['no', 'no'], ['ні', 'no'], ['жоқ', 'no'], ['👎', 'no'],
    ['skip', 'skip'], ['Пропустить', 'skip'], ['пропустити', 'skip'], ['өткізу', 'skip'],
    ['cancel', 'cancel'], ['Отмена.', 'cancel'], ['скасувати', 'cancel'], ['бас тарту', 'cancel'],
  ])('reads %j as %s', (text, answer) => {
    expect(readTypedAnswer(text)).toBe(answer);
  });

  it.each(['no problem, 14:00', 'Yesenia', 'okay then maybe tomorrow', 'нетто', '', '1'])('reads %j as no short answer', (text) => {
    expect(readTypedAnswer(text)).toBeNull();
  });
});
