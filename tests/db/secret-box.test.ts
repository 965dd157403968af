import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from '../../src/db/secret-box.ts';

const SECRET = 'a'.repeat(40);

describe('secret box', () => {
  it('round-trips a secret and never stores it in the clear', () => {
    const sealed = sealSecret(SECRET, 'telegram-bot-token', '123:ABC-secret', 'row-1');
    expect(sealed).not.toContain('ABC-secret');
    expect(sealed).not.toBe(sealSecret(SECRET, 'telegram-bot-token', '123:ABC-secret', 'row-1'));
    expect(openSecret(SECRET, 'telegram-bot-token', sealed, 'row-1')).toBe('123:ABC-secret');
  });

  it.each([
    ['another APP_SECRET', (s: string) => openSecret('b'.repeat(40), 'telegram-bot-token', s, 'row-1')],
    ['another purpose', (s: string) => openSecret(SECRET, 'api-key', s, 'row-1')],
    ['another row', (s: string) => openSecret(SECRET, 'telegram-bot-token', s, 'row-2')],
    ['a flipped byte', (s: string) => openSecret(SECRET, 'telegram-bot-token', s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1), 'row-1')],
    ['a shortened tag', (s: string) => openSecret(SECRET, 'telegram-bot-token', s.split('.').map((p, i) => (i === 2 ? p.slice(0, 6) : p)).join('.'), 'row-1')],
    ['not a sealed secret', () => openSecret(SECRET, 'telegram-bot-token', 'plain-token', 'row-1')],
  ])('refuses to open with %s', (_what, open) => {
    const sealed = sealSecret(SECRET, 'telegram-bot-token', '123:ABC-secret', 'row-1');
    expect(() => open(sealed)).toThrow();
  });
});
