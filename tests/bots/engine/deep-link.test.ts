import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepLinkPayload, readDeepLink, type DeepLink } from '../../../src/bots/engine/deep-link.ts';

const SERVICE = '3f0c2a4e-9b1d-4c8e-8a2f-1d2e3f4a5b6c';
const STAFF = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const none: DeepLink = { serviceId: null, staffId: null, promo: null, campaign: null };

describe('deep links', () => {
  it.each<[string, Partial<DeepLink>]>([
    ['a service', { serviceId: SERVICE }],
    ['a service and a specialist', { serviceId: SERVICE, staffId: STAFF }],
    ['everything', { serviceId: SERVICE, staffId: STAFF, promo: 'SUMMER', campaign: 'insta' }],
    ['only a campaign', { campaign: 'flyer2031' }],
    ['a promo and a campaign', { promo: 'WELCOME10', campaign: 'qr' }],
  ])('%s: fits Telegram (≤ 64 of A–Z a–z 0–9 _ -) and reads back the same', (_name, link) => {
    const payload = deepLinkPayload(link)!;
    expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(readDeepLink(payload)).toEqual({ ...none, ...link });
  });

  it('reads a bare service id (links made before this format)', () => {
    expect(readDeepLink(SERVICE.toUpperCase())).toEqual({ ...none, serviceId: SERVICE });
  });

  it.each(['', 'x', 'sABC', `s${'A'.repeat(21)}`, 'p', 'pSUM MER', 'c_', `${'c'.repeat(70)}`, 'pSUMMER_zzz', 'start'])('refuses %j as a whole (no half a link)', (payload) => {
    expect(readDeepLink(payload)).toBeNull();
  });

  it('refuses to make a link that would not fit or carries other characters', () => {
    expect(deepLinkPayload({ promo: 'SUMMER-SALE' })).toBeNull();
    expect(deepLinkPayload({ serviceId: SERVICE, staffId: STAFF, promo: 'A'.repeat(20), campaign: 'B'.repeat(20) })).toBeNull();
    expect(deepLinkPayload({})).toBeNull();
  });

  it('any link it makes reads back as made (property)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.option(fc.uuid({ version: 4 }), { nil: null }), fc.option(fc.uuid({ version: 4 }), { nil: null }), fc.option(word, { nil: null }), fc.option(word, { nil: null }), (serviceId, staffId, promo, campaign) => {
        const link = { serviceId, staffId, promo, campaign };
        const payload = deepLinkPayload(link);
        // Null only for an empty link or one too long for Telegram (ids 23 each, words 1 + length + "_").
        const length = (serviceId ? 23 : 0) + (staffId ? 23 : 0) + [promo, campaign].reduce((n, w) => n + (w ? w.length + 2 : 0), 0) - (promo || campaign ? 1 : 0);
        if (payload === null) return length === 0 || length > 64;
        return JSON.stringify(readDeepLink(payload)) === JSON.stringify(link);
      }),
    );
  });
});
