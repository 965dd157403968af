import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.ts';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'fedcba9876543210'.repeat(2);

describe('Twilio settings from the environment', () => {
  it('none: no account, the API is Twilio’s own', () => {
    expect(parseConfig({}, '/srv')).toMatchObject({ ok: true, config: { twilio: { account: undefined, apiBase: undefined } } });
  });

  it('reads the account, both numbers (WhatsApp with or without its prefix) and another API base', () => {
    const result = parseConfig(
      { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_SMS_FROM: '+15005550006', TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886', TWILIO_API_BASE: 'http://127.0.0.1:4010/' },
      '/srv',
    );
    expect(result).toMatchObject({
      ok: true,
      config: { twilio: { account: { accountSid: SID, authToken: TOKEN, smsFrom: '+15005550006', whatsappFrom: '+14155238886' }, apiBase: 'http://127.0.0.1:4010' } },
    });
  });

  it('blank values are unset', () => {
    expect(parseConfig({ TWILIO_ACCOUNT_SID: ' ', TWILIO_AUTH_TOKEN: '', TWILIO_SMS_FROM: '' }, '/srv')).toMatchObject({ ok: true, config: { twilio: { account: undefined } } });
  });

  it.each([
    ['a SID that is not AC + 32 hex digits', { TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: TOKEN, TWILIO_SMS_FROM: '+15005550006' }, 'TWILIO_ACCOUNT_SID', /AC followed by 32 hex digits/],
    ['an API key SID instead of the account SID', { TWILIO_ACCOUNT_SID: `SK${TOKEN}`, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_SMS_FROM: '+15005550006' }, 'TWILIO_ACCOUNT_SID', /AC followed/],
    ['a short auth token', { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'secret', TWILIO_SMS_FROM: '+15005550006' }, 'TWILIO_AUTH_TOKEN', /32 hex digits/],
    ['a number without +', { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_SMS_FROM: '15005550006' }, 'TWILIO_SMS_FROM', /E\.164/],
    ['a WhatsApp number with letters', { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_WHATSAPP_FROM: 'whatsapp:+1415CALLME' }, 'TWILIO_WHATSAPP_FROM', /E\.164/],
    ['an account without a number', { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN }, 'TWILIO_SMS_FROM', /TWILIO_WHATSAPP_FROM is required/],
    ['a number without the account', { TWILIO_SMS_FROM: '+15005550006' }, 'TWILIO_ACCOUNT_SID', /is required/],
    ['a SID without its token', { TWILIO_ACCOUNT_SID: SID, TWILIO_SMS_FROM: '+15005550006' }, 'TWILIO_AUTH_TOKEN', /is required/],
    ['an API base that is not http(s)', { TWILIO_API_BASE: 'ftp://example.com' }, 'TWILIO_API_BASE', /http/],
  ] as const)('refuses %s, naming the variable', (_name, env, variable, message) => {
    const result = parseConfig(env, '/srv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({ variable, message: expect.stringMatching(message) });
  });
});
