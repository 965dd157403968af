import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.ts';

const KEY = `sk_test_${'51Hx0aBcDeFgHiJk'.repeat(2)}`;
const WHSEC = `whsec_${'AbCdEf0123456789'.repeat(2)}`;

describe('Stripe settings from the environment', () => {
  it('none: no keys, the API is Stripe’s own', () => {
    const result = parseConfig({}, '/srv');
    expect(result).toMatchObject({ ok: true, config: { stripe: {} } });
    if (result.ok) expect(result.config.stripe).toEqual({});
  });

  it('reads both keys and another API base (without its trailing slash)', () => {
    expect(parseConfig({ STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: WHSEC, STRIPE_API_BASE: 'http://127.0.0.1:12111/' }, '/srv')).toMatchObject({
      ok: true,
      config: { stripe: { account: { secretKey: KEY, webhookSecret: WHSEC }, apiBase: 'http://127.0.0.1:12111' } },
    });
  });

  it('takes live and restricted keys', () => {
    for (const key of [`sk_live_${'a1'.repeat(12)}`, `rk_test_${'b2'.repeat(12)}`, `rk_live_${'c3'.repeat(12)}`]) {
      expect(parseConfig({ STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: WHSEC }, '/srv')).toMatchObject({ ok: true, config: { stripe: { account: { secretKey: key } } } });
    }
  });

  it('blank values are unset', () => {
    expect(parseConfig({ STRIPE_SECRET_KEY: ' ', STRIPE_WEBHOOK_SECRET: '', STRIPE_API_BASE: '' }, '/srv')).toMatchObject({ ok: true, config: { stripe: {} } });
  });

  it.each([
    ['a publishable key', { STRIPE_SECRET_KEY: `pk_test_${'a1'.repeat(12)}`, STRIPE_WEBHOOK_SECRET: WHSEC }, 'STRIPE_SECRET_KEY', /sk_test_/],
    ['a webhook secret without whsec_', { STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: 'AbCdEf0123456789' }, 'STRIPE_WEBHOOK_SECRET', /whsec_/],
    ['a key without its webhook secret', { STRIPE_SECRET_KEY: KEY }, 'STRIPE_WEBHOOK_SECRET', /is required with STRIPE_SECRET_KEY/],
    ['a webhook secret without its key', { STRIPE_WEBHOOK_SECRET: WHSEC }, 'STRIPE_SECRET_KEY', /is required with STRIPE_WEBHOOK_SECRET/],
    ['an API base that is not http(s)', { STRIPE_API_BASE: 'ftp://example.com' }, 'STRIPE_API_BASE', /http/],
  ] as const)('refuses %s, naming the variable', (_name, env, variable, message) => {
    const result = parseConfig(env, '/srv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((i) => i.variable === variable);
    expect(issue?.message).toMatch(message);
  });
});
