import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import twilio from 'twilio';
import { registerChannelRoutes } from '../../../src/admin/channel-routes.ts';
import { startTwilioChannels, type TwilioChannels } from '../../../src/bots/twilio/twilio-channel.ts';
import { connectTwilioAccount } from '../../../src/bots/twilio/twilio-connections.ts';
import type { TwilioChannelName } from '../../../src/bots/twilio/opt-out.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import type { TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { FakeTwilioApi } from '../../support/fake-twilio-api.ts';

/** The business's Twilio account in these tests. */
export const ACCOUNT_SID = `AC${'5a'.repeat(16)}`;
export const AUTH_TOKEN = 'c0ffee00'.repeat(4);
export const SMS_FROM = '+15005550006';
export const WHATSAPP_FROM = '+14155238886';
/** Where Twilio believes the service is: signatures are made and checked against it. */
export const PUBLIC_URL = 'https://book.example.test';
export const APP_SECRET = 'twilio-tests-app-secret-0123456789abcdef';
export const REMINDER_TEMPLATE = `HX${'ab'.repeat(16)}`;

/** A business with a Twilio account, its channels, the routes served over real HTTP, and the fake Twilio API they send to. */
export interface TwilioHarness {
  w: BookingWorld;
  fake: FakeTwilioApi;
  channels: TwilioChannels;
  translator: Translator;
  /** Errors and warnings the channels logged. */
  logs: { level: number; msg: string }[];
  /** Where the routes are served (127.0.0.1, a port of its own). */
  baseUrl: string;
  /** Posts an inbound message as Twilio would (signed unless `signature` says otherwise) and waits until it is handled. */
  inbound(channel: TwilioChannelName, from: string, body: string, options?: InboundOptions): Promise<{ status: number; body: string; contentType: string | null }>;
  /** The bodies Twilio was asked to send to an address since the last call for it. */
  newTo(to: string): string[];
  stop(): Promise<void>;
}

export interface InboundOptions {
  /** Extra or replaced form fields. */
  fields?: Record<string, string>;
  /** `false`: no signature header; a string: that header instead of the right one. */
  signature?: false | string;
  messageSid?: string;
  /** Another business slug in the path. */
  slug?: string;
}

let sids = 0;
/** A fresh message SID, as Twilio makes them. */
export const messageSid = () => `SM${(Date.now() * 1000 + (sids += 1)).toString(16).padStart(32, '0')}`;

/** The business's numbers: SMS_FROM and WHATSAPP_FROM unless said otherwise (`smsFrom: null`: none). */
export async function startTwilioHarness(
  db: TestDatabase,
  options: { templates?: Record<string, string>; smsFrom?: string | null; whatsappFrom?: string } = {},
): Promise<TwilioHarness> {
  const w = await makeBookingWorld(db.orm, { customers: 1 });
  const fake = new FakeTwilioApi();
  await fake.start();
  fake.addAccount(ACCOUNT_SID, AUTH_TOKEN);
  const smsFrom = options.smsFrom === undefined ? SMS_FROM : options.smsFrom;
  const whatsappFrom = options.whatsappFrom ?? WHATSAPP_FROM;
  await connectTwilioAccount(w.ctx, w.business.id, APP_SECRET, {
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    ...(smsFrom ? { smsFrom } : {}),
    whatsappFrom,
    ...(options.templates ? { whatsappTemplates: options.templates } : {}),
  });
  const translator = await createTranslator(await loadMessages());
  const logs: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
  const channels = await startTwilioChannels({ ctx: w.ctx, translator, logger, appSecret: APP_SECRET, publicUrl: PUBLIC_URL, apiBase: fake.url, idleMinutes: 30 });
  const app: FastifyInstance = Fastify();
  await registerChannelRoutes(app, [...channels.sms.routes, ...channels.whatsapp.routes]);
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const seen = new Map<string, number>();

  return {
    w,
    fake,
    channels,
    translator,
    logs,
    baseUrl,
    async inbound(channel, from, body, opts = {}) {
      const prefix = channel === 'whatsapp' ? 'whatsapp:' : '';
      const fields: Record<string, string> = {
        ToCountry: 'US',
        SmsMessageSid: opts.messageSid ?? messageSid(),
        NumMedia: '0',
        SmsStatus: 'received',
        Body: body,
        To: `${prefix}${channel === 'sms' ? (smsFrom ?? SMS_FROM) : whatsappFrom}`,
        NumSegments: '1',
        From: `${prefix}${from}`,
        ApiVersion: '2010-04-01',
        AccountSid: ACCOUNT_SID,
        ...opts.fields,
      };
      fields['MessageSid'] = opts.fields?.['MessageSid'] ?? fields['SmsMessageSid']!;
      const path = `/twilio/${opts.slug ?? w.business.slug}/${channel}`;
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (opts.signature !== false) headers['x-twilio-signature'] = opts.signature ?? twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, fields);
      const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
      const text = await res.text();
      await channels.idle();
      return { status: res.status, body: text, contentType: res.headers.get('content-type') };
    },
    newTo(to) {
      const all = fake.sentTo(to);
      const from = seen.get(to) ?? 0;
      seen.set(to, all.length);
      return all.slice(from).map((m) => m.body ?? `[template ${m.contentSid}]`);
    },
    async stop() {
      await channels.sms.stop();
      await channels.whatsapp.stop();
      await app.close();
      await fake.stop();
    },
  };
}
