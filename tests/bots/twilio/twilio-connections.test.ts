import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AuditEntrySchema, TwilioAccountSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startTwilioChannels } from '../../../src/bots/twilio/twilio-channel.ts';
import {
  activeTwilioAccounts,
  connectTwilioAccount,
  connectTwilioFromEnv,
  disconnectTwilioAccount,
  storedTwilioAccount,
  TwilioNumberTaken,
} from '../../../src/bots/twilio/twilio-connections.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';

let db: TestDatabase;
let a: BookingWorld;
let b: BookingWorld;
const SECRET = 'connections-test-app-secret-0123456789ab';
const SID = `AC${'12'.repeat(16)}`;
const TOKEN = 'abcdef01'.repeat(4);
const TEMPLATE = `HX${'cd'.repeat(16)}`;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 5 });
  a = await makeBookingWorld(db.orm, { customers: 0, slug: 'twilio-a' });
  b = await makeBookingWorld(db.orm, { customers: 0, slug: 'twilio-b' });
});
afterAll(async () => db?.drop());

const audits = (businessId: string, action: string) => emForBusiness(db.orm, businessId).find(AuditEntrySchema, { action }, { orderBy: { createdAt: 'asc' } });

describe('Twilio connections', () => {
  it('stores the auth token sealed, opens it again, and audits the connection once', async () => {
    expect(await connectTwilioAccount(a.ctx, a.business.id, SECRET, { accountSid: SID, authToken: TOKEN, smsFrom: '+15005550100', whatsappFrom: 'whatsapp:+15005550101' })).toEqual({ changed: true });
    const row = await emForBusiness(db.orm, a.business.id).findOneOrFail(TwilioAccountSchema, { business: a.business.id });
    expect(row.authTokenCiphertext).not.toContain(TOKEN);
    expect(row).toMatchObject({ accountSid: SID, smsFrom: '+15005550100', whatsappFrom: '+15005550101', active: true });
    expect(await storedTwilioAccount(a.ctx, a.business.id, SECRET)).toMatchObject({ authToken: TOKEN, slug: 'twilio-a', smsFrom: '+15005550100', whatsappFrom: '+15005550101' });
    // The same again from the environment at the next start: nothing changed, nothing audited.
    expect(await connectTwilioAccount(a.ctx, a.business.id, SECRET, { accountSid: SID, authToken: TOKEN, smsFrom: '+15005550100', whatsappFrom: '+15005550101' })).toEqual({ changed: false });
    expect(await audits(a.business.id, 'channel.twilio_connected')).toHaveLength(1);
    // Under another APP_SECRET the token does not open: the account is named, not used.
    expect(await storedTwilioAccount(a.ctx, a.business.id, 'another-app-secret-0123456789abcdef0123')).toBeNull();
    expect(await activeTwilioAccounts(a.ctx, 'another-app-secret-0123456789abcdef0123')).toMatchObject({ connections: [], unreadable: [{ businessId: a.business.id, accountSid: SID }] });
  });

  it('refuses a number another business has, and bad shapes', async () => {
    await expect(connectTwilioAccount(b.ctx, b.business.id, SECRET, { accountSid: SID, authToken: TOKEN, smsFrom: '+15005550101' })).rejects.toBeInstanceOf(TwilioNumberTaken);
    for (const bad of [
      { accountSid: 'AC123', authToken: TOKEN, smsFrom: '+15005550200' },
      { accountSid: SID, authToken: 'short', smsFrom: '+15005550200' },
      { accountSid: SID, authToken: TOKEN },
      { accountSid: SID, authToken: TOKEN, smsFrom: '5005550200' },
      { accountSid: SID, authToken: TOKEN, smsFrom: '+15005550200', whatsappTemplates: { 'booking.reminder': 'HX1' } },
      { accountSid: SID, authToken: TOKEN, smsFrom: '+15005550200', whatsappTemplates: { 'no.such.topic': TEMPLATE } },
    ]) {
      await expect(connectTwilioAccount(b.ctx, b.business.id, SECRET, bad)).rejects.toBeInstanceOf(ZodError);
    }
    expect(await emForBusiness(db.orm, b.business.id).count(TwilioAccountSchema, {})).toBe(0);
  });

  it('from the environment: connects to the preferred business and keeps templates set in the panel', async () => {
    await connectTwilioAccount(b.ctx, b.business.id, SECRET, { accountSid: SID, authToken: TOKEN, smsFrom: '+15005550300', whatsappTemplates: { 'booking.reminder': TEMPLATE } }, { actor: owner });
    const result = await connectTwilioFromEnv(b.ctx, SECRET, { accountSid: SID, authToken: TOKEN, smsFrom: '+15005550300', whatsappFrom: '+15005550301' }, 'twilio-b');
    expect(result).toEqual({ businessId: b.business.id, businessName: b.business.name, changed: true });
    expect(await storedTwilioAccount(b.ctx, b.business.id, SECRET)).toMatchObject({ whatsappFrom: '+15005550301', whatsappTemplates: { 'booking.reminder': TEMPLATE } });
  });

  it('serves a business connected while running, and stops serving it when disconnected', async () => {
    const translator = await createTranslator(await loadMessages());
    const channels = await startTwilioChannels({ ctx: a.ctx, translator, logger: pino({ level: 'silent' }), appSecret: SECRET, publicUrl: 'https://x.test', idleMinutes: 30 });
    expect(channels.sms.sender.readyFor?.(a.business.id)).toBe(true);
    expect(channels.whatsapp.sender.readyFor?.(b.business.id)).toBe(true);
    expect(channels.sms.readiness()).toEqual({ connected: 2, connecting: 0, failing: 0 });

    expect(await disconnectTwilioAccount(a.ctx, a.business.id, owner)).toBe(true);
    expect(await emAcrossBusinesses(db.orm).count(TwilioAccountSchema, { business: a.business.id })).toBe(0);
    expect(await audits(a.business.id, 'channel.twilio_disconnected')).toHaveLength(1);
    await channels.sms.attach(a.business.id);
    await channels.whatsapp.detach(b.business.id);
    expect(channels.sms.sender.readyFor?.(a.business.id)).toBe(false);
    expect(channels.whatsapp.sender.readyFor?.(b.business.id)).toBe(false);
    expect(await channels.sms.sender.send({ deliveryId: 'd', businessId: a.business.id, chatId: '+380501112233', topic: 'booking.reminder', payload: {}, audience: 'customer', locale: 'en' })).toMatchObject({
      ok: false,
      notReadyForMs: expect.any(Number),
    });

    // Connected again from the panel: served at once.
    await connectTwilioAccount(a.ctx, a.business.id, SECRET, { accountSid: SID, authToken: TOKEN, smsFrom: '+15005550100' }, { actor: owner });
    await channels.sms.attach(a.business.id);
    await channels.whatsapp.attach(a.business.id);
    expect(channels.sms.sender.readyFor?.(a.business.id)).toBe(true);
    // No WhatsApp number: not served on WhatsApp.
    expect(channels.whatsapp.sender.readyFor?.(a.business.id)).toBe(false);
    await channels.sms.stop();
    await channels.whatsapp.stop();
  });
});
