import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { matchChoiceLabel, parseChoiceNumber, parseLocalDate, parseTimeOfDay } from '../../../src/bots/engine/free-text.ts';

// Junk a customer (or a bot) may send anywhere a button was expected.
const JUNK = ['', '   ', '👍', '🙂🙂🙂', "1'; DROP TABLE bookings; --", '<script>alert(1)</script>', 'x'.repeat(10_000), '1'.repeat(10_000)];

describe('parseChoiceNumber', () => {
  it.each([
    ['1', 3, 0],
    [' 2 ', 3, 1],
    ['2.', 3, 1],
    ['2)', 3, 1],
    ['#2', 3, 1],
    ['№2', 3, 1],
    ['№ 3', 3, 2],
    ['3️⃣', 3, 2],
    ['02', 3, 1],
    ['12', 12, 11],
  ])('%j of %i → %i', (text, count, expected) => {
    expect(parseChoiceNumber(text, count)).toBe(expected);
  });

  it.each([
    ['0', 3],
    ['4', 3],
    ['1', 0],
    ['-1', 3],
    ['1.5', 3],
    ['2 3', 3],
    ['two', 3],
    ['(2', 3],
    ['2..', 3],
    ['999999999999', 3],
    ['1', 1.5],
    ['1', Number.NaN],
    ...JUNK.map((text) => [text, 3] as [string, number]),
  ])('%j of %s → null', (text, count) => {
    expect(parseChoiceNumber(text, count)).toBeNull();
  });
});

describe('matchChoiceLabel', () => {
  const labels = ['Стрижка мужская', 'Стрижка детская', 'Маникюр', 'Massage 60 min', 'Ёлочка 🎄', 'Hair colour'];

  it.each([
    ['маникюр', 2, 'exact, any case'],
    ['  МАНИКЮР!! ', 2, 'surrounding space and punctuation'],
    ['💅 маникюр', 2, 'surrounding emoji'],
    ['елочка', 4, 'ё read as е, label emoji ignored'],
    ['ЁЛОЧКА', 4, 'upper-case Ё'],
    ['стрижка   мужская', 0, 'collapsed whitespace'],
    ['стрижка дет', 1, 'unique prefix'],
    ['мани', 2, 'prefix'],
    ['детская', 1, 'whole word inside'],
    ['60 min', 3, 'whole words inside'],
    ['colour', 5, 'last word'],
    ['massage', 3, 'first word'],
  ])('%j → %i (%s)', (text, expected) => {
    expect(matchChoiceLabel(text, labels)).toBe(expected);
  });

  it.each([
    ['стрижка', 'ambiguous prefix'],
    ['ма', 'fewer than 3 characters'],
    ['етская', 'inside a word, not a prefix'],
    ['min 60', 'words in another order'],
    ['педикюр', 'no such label'],
    ...JUNK.map((text) => [text, 'junk']),
  ])('%j → null (%s)', (text) => {
    expect(matchChoiceLabel(text, labels)).toBeNull();
  });

  it('lets an exact match win over a longer label it is a prefix of', () => {
    expect(matchChoiceLabel('cut', ['Cut and wash', 'Cut'])).toBe(1);
    expect(matchChoiceLabel('Cut.', ['Cut and wash', 'Cut'])).toBe(1);
  });

  it('treats two labels that read the same as ambiguous', () => {
    expect(matchChoiceLabel('ёж', ['Ёж', 'еж'])).toBeNull();
  });

  it('finds nothing among no labels', () => {
    expect(matchChoiceLabel('маникюр', [])).toBeNull();
  });
});

describe('parseLocalDate', () => {
  const TODAY = '2026-06-10'; // a Wednesday

  it.each([
    ['today', '2026-06-10'],
    ['Today!', '2026-06-10'],
    ['сегодня', '2026-06-10'],
    ['Сьогодні', '2026-06-10'],
    ['бүгін', '2026-06-10'],
    ['tomorrow', '2026-06-11'],
    ['tmrw', '2026-06-11'],
    ['ЗАВТРА', '2026-06-11'],
    ['на завтра', '2026-06-11'],
    ['ертең', '2026-06-11'],
    ['ертен', '2026-06-11'],
    ['day after tomorrow', '2026-06-12'],
    ['the day after tomorrow', '2026-06-12'],
    ['послезавтра', '2026-06-12'],
    ['післязавтра', '2026-06-12'],
    ['бүрсігүні', '2026-06-12'],
    ['арғы күні', '2026-06-12'],
  ])('relative %j → %s', (text, expected) => {
    expect(parseLocalDate(text, TODAY)).toBe(expected);
  });

  it.each([
    ['2026-06-15', ['monday', 'Mon', 'понедельник', 'пн', 'понеділок', 'дүйсенбі', 'on Monday']],
    ['2026-06-16', ['tuesday', 'tue', 'вторник', 'вт', 'во вторник', 'вівторок', 'сейсенбі']],
    ['2026-06-10', ['wednesday', 'wed', 'среда', 'в среду', 'ср', 'середа', 'у середу', 'сәрсенбі']],
    ['2026-06-11', ['thursday', 'thu', 'четверг', 'чт', 'четвер', 'бейсенбі']],
    ['2026-06-12', ['friday', 'FRI', 'пятница', 'в пятницу', 'пт', "п'ятниця", 'п’ятниця', 'пʼятницю', 'жұма']],
    ['2026-06-13', ['saturday', 'sat', 'суббота', 'сб', 'субота', 'у суботу', 'сенбі']],
    ['2026-06-14', ['sunday', 'sun', 'воскресенье', 'вс', 'неділя', 'нд', 'жексенбі']],
  ])('weekday names for %s', (expected, names) => {
    for (const name of names) expect(parseLocalDate(name, TODAY), name).toBe(expected);
  });

  it.each([
    ['2026-12-30', 'ср', '2026-12-30', 'today is that weekday'],
    ['2026-12-30', 'чт', '2026-12-31', 'last day of the year'],
    ['2026-12-30', 'пн', '2027-01-04', 'across the year end'],
    ['2026-12-30', 'вт', '2027-01-05', 'across the year end, six days on'],
    ['2026-01-30', 'monday', '2026-02-02', 'across a month end'],
    ['2028-02-27', 'tue', '2028-02-29', 'onto a leap day'],
    ['2027-02-27', 'mon', '2027-03-01', 'no leap day in 2027'],
    ['2026-12-31', 'tomorrow', '2027-01-01', 'tomorrow across the year end'],
    ['2028-02-28', 'завтра', '2028-02-29', 'tomorrow onto a leap day'],
  ])('from %s, %j → %s (%s)', (today, text, expected) => {
    expect(parseLocalDate(text, today)).toBe(expected);
  });

  it.each([
    ['25.12', '2026-12-25'],
    ['25/12', '2026-12-25'],
    ['25-12', '2026-12-25'],
    ['25.12.', '2026-12-25'],
    ['5.1', '2027-01-05'],
    ['10.06', '2026-06-10'],
    ['09.06', '2027-06-09'],
    ['25.12.2026', '2026-12-25'],
    ['25.12.26', '2026-12-25'],
    ['01.02.2025', '2025-02-01'],
    ['2026-12-25', '2026-12-25'],
    ['на 25.12', '2026-12-25'],
    ['25 декабря', '2026-12-25'],
    ['25 Декабрь', '2026-12-25'],
    ['1 июня', '2027-06-01'],
    ['25 грудня', '2026-12-25'],
    ['25 грудень', '2026-12-25'],
    ['25 желтоқсан', '2026-12-25'],
    ['25 december', '2026-12-25'],
    ['25th December 2027', '2027-12-25'],
    ['dec 25', '2026-12-25'],
    ['Dec. 25', '2026-12-25'],
    ['December 25, 2026', '2026-12-25'],
    ['1-го сентября', '2026-09-01'],
    ['3 травня', '2027-05-03'],
    ['15 шілде', '2026-07-15'],
    ['12 мая', '2027-05-12'],
  ])('calendar date %j → %s', (text, expected) => {
    expect(parseLocalDate(text, TODAY)).toBe(expected);
  });

  it.each<[string, string, string | null, string]>([
    ['2026-12-30', '05.01', '2027-01-05', 'year rollover'],
    ['2026-12-30', '30.12', '2026-12-30', 'today'],
    ['2026-12-30', '29.12', '2027-12-29', 'yesterday means next year'],
    ['2028-01-10', '29.02', '2028-02-29', 'leap year'],
    ['2027-01-10', '29.02', null, 'no 29 February in 2027'],
    ['2027-03-01', '29.02', '2028-02-29', 'passed in 2027, so 2028'],
    ['2028-03-01', '29.02', null, 'passed in 2028, and 2029 has none'],
    ['2027-01-10', '29.02.2028', '2028-02-29', 'explicit leap year'],
    ['2027-01-10', '29.02.2027', null, 'explicit common year'],
  ])('from %s, %j → %s (%s)', (today, text, expected) => {
    expect(parseLocalDate(text, today)).toBe(expected);
  });

  it.each([
    '31.02',
    '31.04',
    '32.01',
    '0.1',
    '00.00',
    '15.13',
    '2026-02-30',
    '2026-13-01',
    '25.12.202',
    '25.12/2026',
    '25 12',
    '25',
    '1225',
    '31 февраля',
    '25 декабрьский',
    'smarch 5',
    'yesterday',
    'next week',
    'мон',
    'завтра в 14:00',
    ...JUNK,
  ])('%j → null', (text) => {
    expect(parseLocalDate(text, TODAY)).toBeNull();
  });

  it.each(['', '2026-6-10', '10.06.2026', '2026-02-30', 'today'])('throws on a malformed today %j', (today) => {
    expect(() => parseLocalDate('завтра', today)).toThrow(RangeError);
  });
});

describe('parseTimeOfDay', () => {
  it.each([
    ['14:30', 870],
    ['14.30', 870],
    ['14-30', 870],
    ['14h30', 870],
    ['9:05', 545],
    ['09:05', 545],
    ['1430', 870],
    ['0930', 570],
    ['0000', 0],
    ['14', 840],
    ['2', 120],
    ['0', 0],
    ['14h', 840],
    ['14ч', 840],
    ['14 ч.', 840],
    ['14 часов', 840],
    ['в 14:30', 870],
    ['о 9:00', 540],
    ['at 2pm', 840],
    ['2pm', 840],
    ['2 pm', 840],
    ['2PM', 840],
    ['2:30pm', 870],
    ['2:30 p.m.', 870],
    ['11am', 660],
    ['12am', 0],
    ['12:15am', 15],
    ['12pm', 720],
    ['12:45 pm', 765],
    ['23:59', 1439],
    ['00:00', 0],
    [' 14:30! ', 870],
  ])('%j → %i', (text, expected) => {
    expect(parseTimeOfDay(text)).toBe(expected);
  });

  it.each([
    '25:00',
    '24:00',
    '14:61',
    '14:60',
    '24',
    '14:5',
    '930',
    '14305',
    '0am',
    '13pm',
    '0:30am',
    '14:30pm',
    '-1',
    '1.5.2',
    '2 p',
    'noon',
    'завтра',
    ...JUNK,
  ])('%j → null', (text) => {
    expect(parseTimeOfDay(text)).toBeNull();
  });
});

describe('properties', () => {
  // Days since 2000-01-01, so the generated "today" is never the real one.
  const EPOCH = DateTime.utc(2000, 1, 1);
  const todayArb = fc.integer({ min: 0, max: 365 * 100 }).map((days) => EPOCH.plus({ days }));

  it('dd.mm of any date within a year from today parses back to that date', () => {
    fc.assert(
      fc.property(todayArb, fc.integer({ min: 0, max: 400 }), (today, offset) => {
        const date = today.plus({ days: offset });
        // A year on, dd.mm means today again, so stop the day before.
        fc.pre(date < today.plus({ years: 1 }));
        expect(parseLocalDate(date.toFormat('dd.MM'), today.toFormat('yyyy-MM-dd'))).toBe(date.toFormat('yyyy-MM-dd'));
      }),
    );
  });

  it('HH:MM of any minute of the day parses back to that minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), (minute) => {
        const text = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        expect(parseTimeOfDay(text)).toBe(minute);
      }),
    );
  });

  it('never throws on arbitrary text and returns only values in range', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const choice = parseChoiceNumber(text, 5);
        expect(choice === null || (choice >= 0 && choice < 5)).toBe(true);
        const label = matchChoiceLabel(text, ['Стрижка', 'Маникюр', 'Hair colour']);
        expect(label === null || (label >= 0 && label < 3)).toBe(true);
        const date = parseLocalDate(text, '2026-06-10');
        expect(date === null || DateTime.fromISO(date).isValid).toBe(true);
        const minute = parseTimeOfDay(text);
        expect(minute === null || (Number.isInteger(minute) && minute >= 0 && minute <= 1439)).toBe(true);
      }),
    );
  });
});
