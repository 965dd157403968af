import { describe, expect, it } from 'vitest';
import { smsCost, smsEncoding, truncateForSms } from '../../../src/bots/twilio/sms-segments.ts';

describe('smsCost', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 0],
    ['Latin, one SMS', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['Latin, just over one SMS', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['Latin, two full parts', 'a'.repeat(306), 'GSM-7', 306, 2],
    ['Latin, a third part', 'a'.repeat(307), 'GSM-7', 307, 3],
    ['GSM-7 accents stay GSM-7', 'Café à Zürich — no', 'UCS-2', 18, 1],
    ['GSM-7 accents stay GSM-7 (no dash)', 'Cafe à Zürich, Ñoño', 'GSM-7', 19, 1],
    ['extension characters cost two', '{}'.repeat(40), 'GSM-7', 160, 1],
    ['extension characters past one SMS', '{}'.repeat(41), 'GSM-7', 164, 2],
    ['an extension pair is not split across parts', `${'a'.repeat(152)}€${'a'.repeat(10)}`, 'GSM-7', 164, 2],
    ['an extension pair at a part boundary moves to the next part', `${'a'.repeat(152)}€${'a'.repeat(152)}`, 'GSM-7', 306, 3],
    ['Cyrillic, one SMS', 'ж'.repeat(70), 'UCS-2', 70, 1],
    ['Cyrillic, just over one SMS', 'ж'.repeat(71), 'UCS-2', 71, 2],
    ['Cyrillic, two full parts', 'ж'.repeat(134), 'UCS-2', 134, 2],
    ['Cyrillic, a third part', 'ж'.repeat(135), 'UCS-2', 135, 3],
    ['Kazakh letters force UCS-2', `${'a'.repeat(100)}қ`, 'UCS-2', 101, 2],
    ['one Cyrillic letter turns a Latin text into UCS-2', `${'a'.repeat(69)}я`, 'UCS-2', 70, 1],
    ['an emoji costs two units', '👍'.repeat(35), 'UCS-2', 70, 1],
    ['a surrogate pair is not split across parts', `${'я'.repeat(66)}👍${'я'.repeat(10)}`, 'UCS-2', 78, 2],
    ['a surrogate pair at a part boundary moves to the next part', `${'я'.repeat(66)}👍${'я'.repeat(66)}`, 'UCS-2', 134, 3],
  ] as const)('%s', (_name, text, encoding, units, segments) => {
    expect(smsCost(text)).toEqual({ encoding, units, segments });
  });

  it('reads the whole GSM-7 alphabet as GSM-7', () => {
    expect(smsEncoding('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCZÄÖÑÜ§¿abcxyzäöñüà^{}\\[~]|€')).toBe('GSM-7');
  });
});

describe('truncateForSms', () => {
  it.each([
    ['short text stays', 'Hello there', 20, 'Hello there'],
    ['exactly the limit stays', 'abcde', 5, 'abcde'],
    ['cut at a nearby word boundary', 'Reminder: Haircut with Anna tomorrow', 30, 'Reminder: Haircut with Anna…'],
    ['a long word is cut inside', 'Supercalifragilisticexpialidocious', 10, 'Supercali…'],
    ['counts characters, not UTF-16 units', '👍👍👍👍👍👍', 4, '👍👍👍…'],
  ] as const)('%s', (_name, text, max, expected) => {
    const out = truncateForSms(text, max);
    expect(out).toBe(expected);
    expect([...out].length).toBeLessThanOrEqual(max);
  });
});
