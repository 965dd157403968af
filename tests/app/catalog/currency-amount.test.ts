import { describe, expect, it } from 'vitest';
import { formatMoney, majorToMinor, minorDigits, minorToMajorText } from '../../../src/app/catalog/currency-amount.ts';
import { basisPointsField, majorAmountField } from '../../../src/app/catalog/form-fields.ts';

describe('amounts typed in major units', () => {
  it.each([
    ['8000', 'KZT', 800000],
    ['12.50', 'EUR', 1250],
    ['12.5', 'UAH', 1250],
    ['0.01', 'USD', 1],
    ['12.500', 'EUR', 1250],
    ['1500', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
    ['12.5', 'JPY', 'amount_too_precise'],
    ['0.001', 'EUR', 'amount_too_precise'],
    ['20000000.01', 'EUR', 'amount_too_large'],
  ] as const)('%s %s → %s', (major, currency, expected) => {
    expect(majorToMinor(major, currency)).toBe(expected);
  });

  it.each([
    [1250, 'EUR', '12.50'],
    [800000, 'KZT', '8000'],
    [5, 'USD', '0.05'],
    [1500, 'JPY', '1500'],
  ] as const)('%i %s is shown back as %s', (minor, currency, text) => {
    expect(minorToMajorText(minor, currency)).toBe(text);
    expect(majorToMinor(text, currency)).toBe(minor);
  });

  it('knows the digits of the currencies BookChat is used with', () => {
    expect(['KZT', 'UAH', 'EUR', 'USD', 'RUB'].map(minorDigits)).toEqual([2, 2, 2, 2, 2]);
    expect(minorDigits('JPY')).toBe(0);
  });

  it('formats money for people, whole amounts without decimals', () => {
    expect(formatMoney(800000, 'KZT', 'ru')).toMatch(/^8\s000\s₸$/);
    expect(formatMoney(1250, 'UAH', 'uk')).toMatch(/^12,50\s₴$/);
    expect(formatMoney(60000, 'UAH', 'en')).toBe('₴600');
  });

  it('reads what people type: spaces, a decimal comma, numbers from code', () => {
    const amount = majorAmountField('bad');
    expect(amount.parse('8 000')).toBe('8000');
    expect(amount.parse('12,50')).toBe('12.50');
    expect(amount.parse(12.5)).toBe('12.5');
    expect(amount.safeParse('-5').error?.issues[0]?.message).toBe('bad');
    expect(amount.safeParse('').error?.issues[0]?.message).toBe('required');
    const percent = basisPointsField(1, 10_000, 'bad');
    expect([percent.parse('10'), percent.parse('12,5'), percent.parse('0.07'), percent.parse(12.5), percent.parse('15 %')]).toEqual([1000, 1250, 7, 1250, 1500]);
    expect(percent.safeParse('12.345').success).toBe(false);
    expect(percent.safeParse('0').success).toBe(false);
  });
});
