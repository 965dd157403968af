import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, formatDateTime, formatDay, formatDuration, formatPrice, formatTime, localDateOf, startOfLocalDay } from '../../../src/bots/engine/chat-formatting.ts';

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
    expect(formatDateTime(instant, zone, 'en')).toBe('Sun 30 Mar, 04:00');
    expect(formatDay('2031-03-30', 'uk')).toContain('30');
    expect(localDateOf(instant, zone)).toBe('2031-03-30');
    // That local day is 23 hours long.
    expect(startOfLocalDay(addDays('2031-03-30', 1), zone) - startOfLocalDay('2031-03-30', zone)).toBe(23 * 3600_000);
  });
});
