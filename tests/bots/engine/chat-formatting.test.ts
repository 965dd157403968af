import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, formatDateTime, formatDay, formatDayShort, formatDuration, formatPrice, formatTime, localDateOf, startOfLocalDay } from '../../../src/bots/engine/chat-formatting.ts';
import { LANGUAGES } from '../../../src/i18n/translator.ts';

describe('chat formatting per language', () => {
  it.each([
    ['en', 800_000, 'KZT', '₸8,000'],
    ['ru', 800_000, 'KZT', '8 000 ₸'],
    ['kk', 800_000, 'KZT', '8 000 ₸'],
    ['uk', 60_000, 'UAH', '600 ₴'],
    ['en', 4_550, 'EUR', '€45.50'],
    ['ru', 4_550, 'EUR', '45,50 €'],
  ] as const)('%s: %i minor units of %s read %s', (language, minor, currency, expected) => {
    expect(formatPrice(minor, currency, language).replace(/\u00a0|\u202f/g, ' ')).toBe(expected);
  });

  it.each([
    ['en', 45, '45 mins'],
    ['en', 90, '1 hr 30 mins'],
    ['ru', 120, '2 ч'],
    ['uk', 30, '30 хв'],
  ] as const)('%s: %i minutes read %s', (language, minutes, expected) => {
    expect(formatDuration(minutes, language)).toBe(expected);
  });

  it('shows days and times in the business zone, across the DST change', () => {
    const zone = 'Europe/Kyiv';
    // The Sunday clocks go forward in Kyiv: 03:00 local does not exist; 04:00 is 01:00 UTC.
    const instant = DateTime.fromISO('2031-03-30T04:00', { zone }).toMillis();
    expect(formatTime(instant, zone, 'en')).toBe('04:00');
    expect(formatDateTime(instant, zone, 'en')).toBe('Sun 30 March, 04:00');
    expect(formatDay('2031-03-30', 'uk')).toBe('нд, 30 березня');
    expect(localDateOf(instant, zone)).toBe('2031-03-30');
    // That local day is 23 hours long.
    expect(startOfLocalDay(addDays('2031-03-30', 1), zone) - startOfLocalDay('2031-03-30', zone)).toBe(23 * 3600_000);
  });

  // Dates in text name the month in full (Kazakh the weekday too, after the date); only
  // the day buttons keep the short form. 2031-03-30 is the DST day in Kyiv, 2032-02-29 a
  // leap day of another year.
  it.each([
    ['en', '2031-03-04', 'Tue 4 March', 'Tue 4 Mar'],
    ['ru', '2031-03-04', 'вт, 4 марта', 'вт, 4 мар.'],
    ['uk', '2031-03-04', 'вт, 4 березня', 'вт, 4 бер.'],
    ['kk', '2031-03-04', '4 наурыз, сейсенбі', '4 нау., сс'],
    ['en', '2031-03-30', 'Sun 30 March', 'Sun 30 Mar'],
    ['ru', '2031-03-30', 'вс, 30 марта', 'вс, 30 мар.'],
    ['uk', '2031-03-30', 'нд, 30 березня', 'нд, 30 бер.'],
    ['kk', '2031-03-30', '30 наурыз, жексенбі', '30 нау., жс'],
    ['en', '2032-02-29', 'Sun 29 February', 'Sun 29 Feb'],
    ['ru', '2032-02-29', 'вс, 29 февраля', 'вс, 29 февр.'],
    ['uk', '2032-02-29', 'нд, 29 лютого', 'нд, 29 лют.'],
    ['kk', '2032-02-29', '29 ақпан, жексенбі', '29 ақп., жс'],
    ['en', '2031-09-18', 'Thu 18 September', 'Thu 18 Sept'],
    ['ru', '2031-11-14', 'пт, 14 ноября', 'пт, 14 нояб.'],
    ['uk', '2031-11-14', 'пт, 14 листопада', 'пт, 14 лист.'],
    ['kk', '2031-12-17', '17 желтоқсан, сәрсенбі', '17 жел., ср'],
  ] as const)('%s: %s reads %j in text and %j on a day button', (language, date, text, button) => {
    expect(formatDay(date, language)).toBe(text);
    expect(formatDayShort(date, language)).toBe(button);
  });

  it.each([
    ['en', 'Sun 30 March, 04:00', 'Sat 29 March, 23:30'],
    ['ru', 'вс, 30 марта, 04:00', 'сб, 29 марта, 23:30'],
    ['uk', 'нд, 30 березня, 04:00', 'сб, 29 березня, 23:30'],
    ['kk', '30 наурыз, жексенбі, 04:00', '29 наурыз, сенбі, 23:30'],
  ] as const)('%s: the DST morning in Kyiv reads %j, the half hour before midnight %j', (language, morning, evening) => {
    const zone = 'Europe/Kyiv';
    expect(formatDateTime(DateTime.fromISO('2031-03-30T04:00', { zone }).toMillis(), zone, language)).toBe(morning);
    expect(formatDateTime(DateTime.fromISO('2031-03-29T23:30', { zone }).toMillis(), zone, language)).toBe(evening);
  });

  it('never cuts a word short in text: no abbreviation dot in any date of a year, in any language', () => {
    for (const language of LANGUAGES) {
      for (let day = 0; day < 366; day += 1) expect(formatDay(addDays('2031-01-01', day), language)).not.toContain('.');
    }
  });
});
