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

  // Each is refused for its own reason: a key that is not ours, a failed authentication
  // (GCM), a tag of the wrong length, or no sealed secret at all.
  const NOT_OUR_KEY = /sealed under an APP_SECRET that is neither the current nor the previous one/;
  const TAMPERED = /unable to authenticate data/;
  it.each<[string, (sealed: string) => string, RegExp]>([
    ['another APP_SECRET', (s) => openSecret('b'.repeat(40), 'telegram-bot-token', s, 'row-1'), NOT_OUR_KEY],
    ['another purpose', (s) => openSecret(SECRET, 'api-key', s, 'row-1'), NOT_OUR_KEY],
    ['another row', (s) => openSecret(SECRET, 'telegram-bot-token', s, 'row-2'), TAMPERED],
    ['a flipped byte', (s) => openSecret(SECRET, 'telegram-bot-token', s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1), 'row-1'), TAMPERED],
    ['a shortened tag', (s) => openSecret(SECRET, 'telegram-bot-token', s.split('.').map((p, i) => (i === 2 ? p.slice(0, 6) : p)).join('.'), 'row-1'), /Invalid authentication tag length/],
    ['not a sealed secret', () => openSecret(SECRET, 'telegram-bot-token', 'plain-token', 'row-1'), /^not a sealed secret$/],
  ])('refuses to open with %s', (_what, open, reason) => {
    const sealed = sealSecret(SECRET, 'telegram-bot-token', '123:ABC-secret', 'row-1');
    expect(() => open(sealed)).toThrow(reason);
  });
});
