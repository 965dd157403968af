import { describe, expect, it } from 'vitest';
import { readOptOutKeyword } from '../../../src/bots/twilio/opt-out.ts';

describe('readOptOutKeyword', () => {
  it.each([
    ['STOP', undefined, { kind: 'stop', language: 'en', answeredByTwilio: false }],
    ['stop', undefined, { kind: 'stop', language: 'en', answeredByTwilio: false }],
    ['  Stop! ', undefined, { kind: 'stop', language: 'en', answeredByTwilio: false }],
    ['unsubscribe', undefined, { kind: 'stop', language: 'en', answeredByTwilio: false }],
    ['СТОП', undefined, { kind: 'stop', language: null, answeredByTwilio: false }],
    ['стоп', undefined, { kind: 'stop', language: null, answeredByTwilio: false }],
    ['Отписаться.', undefined, { kind: 'stop', language: 'ru', answeredByTwilio: false }],
    ['відписатися', undefined, { kind: 'stop', language: 'uk', answeredByTwilio: false }],
    ['тоқтату', undefined, { kind: 'stop', language: 'kk', answeredByTwilio: false }],
    ['START', undefined, { kind: 'start', language: 'en', answeredByTwilio: false }],
    ['старт', undefined, { kind: 'start', language: null, answeredByTwilio: false }],
    ['Подписаться', undefined, { kind: 'start', language: 'ru', answeredByTwilio: false }],
    ['підписатися', undefined, { kind: 'start', language: 'uk', answeredByTwilio: false }],
    ['бастау', undefined, { kind: 'start', language: 'kk', answeredByTwilio: false }],
    ['HELP', undefined, { kind: 'help', language: 'en', answeredByTwilio: false }],
    ['info', undefined, { kind: 'help', language: 'en', answeredByTwilio: false }],
    // Twilio's Advanced Opt-Out read the word already (its own list, maybe its own language).
    ['Stop', 'STOP', { kind: 'stop', language: 'en', answeredByTwilio: true }],
    ['arrêt', 'STOP', { kind: 'stop', language: null, answeredByTwilio: true }],
    ['unstop', 'START', { kind: 'start', language: 'en', answeredByTwilio: true }],
    ['help', 'HELP', { kind: 'help', language: 'en', answeredByTwilio: true }],
  ] as const)('%j (OptOutType %s)', (body, optOutType, expected) => {
    expect(readOptOutKeyword(body, optOutType)).toEqual(expected);
  });

  it.each([
    ['please stop calling me'],
    ['stop by tomorrow?'],
    // In a booking chat "cancel" is about the booking.
    ['cancel'],
    ['1'],
    ['Hi'],
    [''],
    ['Помощь'],
  ])('%j is not a keyword', (body) => {
    expect(readOptOutKeyword(body)).toBeNull();
  });
});
