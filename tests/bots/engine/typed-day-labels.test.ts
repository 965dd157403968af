import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatDay, formatDayShort } from '../../../src/bots/engine/chat-formatting.ts';
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
    // The full forms the chat's text prints, typed back or typed the way people write them.
    ['Tue 4 March', '2031-03-04'],
    ['Tuesday, 4 March', '2031-03-04'],
    ['вт, 4 марта', '2031-03-04'],
    ['вторник, 4 марта', '2031-03-04'],
    ['4 марта', '2031-03-04'],
    ['вт, 4 березня', '2031-03-04'],
    ["п'ятниця, 7 березня", '2031-03-07'],
    ['пʼятниця, 7 березня', '2031-03-07'],
    ['14 листопада', '2031-11-14'],
    ['4 наурыз, сейсенбі', '2031-03-04'],
    ['4 наурыз сейсенбі', '2031-03-04'],
    ['сейсенбі, 4 наурыз', '2031-03-04'],
    ['4 наурыз', '2031-03-04'],
    ['сейсенбі', '2031-03-04'],
    ['8-наурыз', '2031-03-08'],
    ['4-ші наурыз', '2031-03-04'],
    ['наурыздың 4-і', '2031-03-04'],
    ['желтоқсанның 17-сі', '2031-12-17'],
    ['17 желтоқсан, сәрсенбі', '2031-12-17'],
    ['29 ақпан 2032', '2032-02-29'],
  ])('reads %j as %s', (text, date) => {
    expect(parseLocalDate(text, TODAY)).toBe(date);
  });

  it('reads every printed date of the next year, in text or on a button, in every language, as its own day', () => {
    const today = DateTime.fromISO(TODAY, { zone: 'utc' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.constantFrom(...LANGUAGES), (offset, language) => {
        const date = today.plus({ days: offset }).toISODate()!;
        expect(parseLocalDate(formatDay(date, language), TODAY)).toBe(date);
        expect(parseLocalDate(formatDayShort(date, language), TODAY)).toBe(date);
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
