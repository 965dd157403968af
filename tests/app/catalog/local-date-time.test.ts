import { describe, expect, it } from 'vitest';
import { localDateTimeField, localDateTimeToInstant, localDayField, localDayStart, optionalLocalDateTimeField, optionalLocalDayField } from '../../../src/app/catalog/local-date-time.ts';

describe('local days and date-times: the years 2000–2199 only', () => {
  const dateTime = localDateTimeField('bad');
  const day = localDayField('bad');
  const messages = (parsed: { error?: { issues: { message: string }[] } }) => parsed.error?.issues.map((i) => i.message);

  it.each([
    ['2031-03-05T18:00', undefined],
    [' 2031-03-05 18:00 ', undefined],
    ['2000-01-01T00:00', undefined],
    ['2199-12-31T23:59', undefined],
    ['0000-01-01T10:00', ['date_year_range']],
    ['1999-12-31T23:59', ['date_year_range']],
    ['2200-01-01T00:00', ['date_year_range']],
    ['9999-12-31T10:00', ['date_year_range']],
    ['tomorrow', ['bad']],
    ['', ['bad']],
  ])('date-time %j: %j', (typed, errors) => {
    expect(messages(dateTime.safeParse(typed))).toEqual(errors);
  });

  it.each([
    ['2031-03-05', undefined],
    ['2031-02-30', ['bad']],
    ['0000-01-01', ['date_year_range']],
    ['2200-01-01', ['date_year_range']],
    ['05.03.2031', ['bad']],
  ])('day %j: %j', (typed, errors) => {
    expect(messages(day.safeParse(typed))).toEqual(errors);
  });

  it('reads blank as none when optional', () => {
    expect(optionalLocalDayField('bad').parse(' ')).toBeUndefined();
    expect(optionalLocalDateTimeField('bad').parse(undefined)).toBeUndefined();
    expect(messages(optionalLocalDayField('bad').safeParse('0000-01-01'))).toEqual(['date_year_range']);
  });

  it('converts no date outside those years, so none reaches the database', () => {
    expect(localDateTimeToInstant('0000-01-01T10:00', 'UTC')).toBeNull();
    expect(localDayStart('0000-01-01', 'UTC')).toBeNull();
    expect(localDayStart('2200-01-01', 'UTC')).toBeNull();
    expect(localDayStart('2199-12-31', 'UTC', 1)?.toISOString()).toBe('2200-01-01T00:00:00.000Z');
  });
});
