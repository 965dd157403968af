import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from '../../src/db/secret-box.ts';

const OLD_SECRET = 'a'.repeat(40);
const NEW_SECRET = 'n'.repeat(40);
const PURPOSE = 'telegram-bot-token';
const ROW = 'business-1:123456789';
// Sealed by the release before key versions (format v1), under OLD_SECRET.
const V1_SEALED = 'v1.4C9mrspF8lmxATbz.KsCrPmoc5JY3CGDsnV5vXg.ffc_Rb7t-gtq_Rv7fpE8zlJkTNBzzofUCdFcOX5jAUc';
const V1_PLAINTEXT = '123456789:old-token-sealed-by-v1';

describe('secret box key rotation', () => {
  it('still opens values sealed in the old v1 format', () => {
    expect(openSecret(OLD_SECRET, PURPOSE, V1_SEALED, ROW)).toBe(V1_PLAINTEXT);
    expect(() => openSecret(OLD_SECRET, PURPOSE, V1_SEALED, 'business-2:123456789')).toThrow();
  });

  it('seals new values as v2, naming the key they are under', () => {
    const sealed = sealSecret(NEW_SECRET, PURPOSE, 'token', ROW);
    expect(sealed).toMatch(/^v2:[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed.slice(3, 11)).toBe(sealSecret({ current: NEW_SECRET, previous: OLD_SECRET }, PURPOSE, 'other', ROW).slice(3, 11));
    expect(openSecret(NEW_SECRET, PURPOSE, sealed, ROW)).toBe('token');
  });

  it('opens values sealed under the previous APP_SECRET when it is given, v1 and v2 alike', () => {
    const underOld = sealSecret(OLD_SECRET, PURPOSE, 'old-v2-token', ROW);
    const keys = { current: NEW_SECRET, previous: OLD_SECRET };
    expect(openSecret(keys, PURPOSE, underOld, ROW)).toBe('old-v2-token');
    expect(openSecret(keys, PURPOSE, V1_SEALED, ROW)).toBe(V1_PLAINTEXT);
    expect(openSecret(keys, PURPOSE, sealSecret(keys, PURPOSE, 'new-token', ROW), ROW)).toBe('new-token');
    // New values are sealed under the current secret only.
    expect(() => openSecret(OLD_SECRET, PURPOSE, sealSecret(keys, PURPOSE, 'new-token', ROW), ROW)).toThrow(/neither the current nor the previous/);
  });

  it('does not open them without the previous APP_SECRET', () => {
    expect(() => openSecret(NEW_SECRET, PURPOSE, sealSecret(OLD_SECRET, PURPOSE, 'old-v2-token', ROW), ROW)).toThrow(/neither the current nor the previous/);
    expect(() => openSecret({ current: NEW_SECRET, previous: undefined }, PURPOSE, V1_SEALED, ROW)).toThrow();
  });
});
