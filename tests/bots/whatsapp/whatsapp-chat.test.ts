import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { staffLinkCode, teamLinkCode } from '../../../src/app/team/link-codes.ts';
import type { OutgoingMessage } from '../../../src/app/notifications/channel-sender.ts';
import type { WhatsAppChannel } from '../../../src/bots/whatsapp/whatsapp-channel.ts';
import { BookingSchema, OutboxMessageSchema, TeamChatSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { mediaFrom, textFrom, type FakeWhatsAppSocket, type SentWhatsApp } from './fake-whatsapp-socket.ts';
import { BUSINESS_JID, linkedAccount, startTestChannel, WA_SECRET } from './whatsapp-test-kit.ts';
import { cashProvider } from '../../../src/payments/cash-provider.ts';
import { connectKaspi } from '../../../src/payments/kaspi/kaspi-account.ts';
import { kaspiProvider } from '../../../src/payments/kaspi/kaspi-provider.ts';

// Customers and the team on a linked WhatsApp number, at the socket seam: inbound
// messages are emitted on Baileys' own event buffer, what the channel sends is recorded.
// The engine, the team side, the outbox and PostgreSQL are real.
let db: TestDatabase;
let w: BookingWorld;
let channel: WhatsAppChannel;
let socket: FakeWhatsAppSocket;

const GROUP = '120363000000000001@g.us';
const STAFF = '77015550001@s.whatsapp.net';

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  await linkedAccount(w);
  const started = await startTestChannel(w, db.url);
  channel = started.channel;
  await vi.waitFor(() => expect(started.fake.sockets).toHaveLength(1), { timeout: 10_000 });
  socket = started.fake.last();
  socket.groupNames.set(GROUP, 'Studio team');
  socket.open(BUSINESS_JID);
  await vi.waitFor(() => expect(channel.sender.readyFor?.(w.business.id)).toBe(true), { timeout: 10_000 });
});
afterAll(async () => {
  await channel?.stop();
  await db.drop();
});

/** Emits an inbound message and returns what the number sent back once it was handled. */
async function exchange(message: Parameters<FakeWhatsAppSocket['receive']>[0]): Promise<SentWhatsApp[]> {
  const before = socket.sent.length;
  socket.receive(message);
  await channel.inboundSettled();
  return socket.sent.slice(before);
}

/** A customer writing from their phone: each message's replies, as one text. */
function customer(jid: string) {
  return async (text: string): Promise<string> => {
    const replies = await exchange(textFrom(jid, text));
    expect(replies.every((r) => r.jid === jid)).toBe(true);
    return replies.map((r) => r.text).join('\n---\n');
  };
}

/** The number of the numbered line whose label matches. */
function numberOf(text: string, label: RegExp): string {
  const line = text.split('\n').find((l) => /^\d /.test(l) && label.test(l));
  if (!line) throw new Error(`no numbered line ${label} in:\n${text}`);
  return line.split(' ')[0]!;
}

const dispatch = () => dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders: new Map([['whatsapp', channel.sender]]), limiter: new SendRateLimiter() });

describe('a customer on WhatsApp', () => {
  it('books by numbered replies, known by the number they write from', async () => {
    const say = customer('380502000001@s.whatsapp.net');
    const menu = await say('hi');
    const services = await say(numberOf(menu, /Book/));
    const staff = await say(numberOf(services, /Haircut/));
    expect(staff).toContain('Who would you like to see?');
    const days = await say(numberOf(staff, /Specialist 1/));
    expect(days).toContain('Choose a day');
    let times = await say('tomorrow');
    while (!/^\d 13:00$/m.test(times)) times = await say('9');
    expect(await say(numberOf(times, /13:00/))).toContain('What name');
    const summary = await say('Taras');
    expect(summary).toContain('Please check your booking');
    expect(await say(numberOf(summary, /Confirm/))).toContain("You're booked");

    const booking = await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { source: 'whatsapp', status: 'confirmed' }, { populate: ['customer'] });
    expect(booking.startsAt.getTime()).toBe(w.at('13:00'));
    // The number WhatsApp wrote from is the customer's, proven: never asked for.
    expect(booking.customer.getEntity()).toMatchObject({ phone: '+380502000001', phoneTrusted: true, name: 'Taras' });
    expect(socket.sent.every((s) => 'text' in s.content)).toBe(true);
  });

  it('sends notifications only to people who wrote first', async () => {
    const base = { deliveryId: 'd-1', businessId: w.business.id, topic: 'team.whatsapp_logged_out' as const, payload: { phone: '+77010000001' }, audience: 'team' as const, locale: 'en' };
    const stranger: OutgoingMessage = { ...base, chatId: '380509999999@s.whatsapp.net', audience: 'customer' };
    const before = socket.sent.length;
    expect(await channel.sender.send(stranger)).toMatchObject({ ok: false, permanent: true });
    // A group that never linked itself is a stranger too.
    expect(await channel.sender.send({ ...base, chatId: '120363999999999999@g.us' })).toMatchObject({ ok: false, permanent: true });
    expect(socket.sent.length).toBe(before);
    // Someone who wrote is answered.
    expect(await channel.sender.send({ ...base, chatId: '380502000001@s.whatsapp.net' })).toEqual({ ok: true });
    expect(socket.sent.at(-1)).toMatchObject({ jid: '380502000001@s.whatsapp.net' });
    expect(socket.sent.at(-1)!.text).toContain('+77010000001');
  });
});

describe('the team in a WhatsApp group', () => {
  it('links the group, gets a booking post and confirms it by replying with its number', async () => {
    // A specialist links their own WhatsApp account in a private chat, then the group.
    const iam = await exchange(textFrom(STAFF, `/iam ${staffLinkCode(WA_SECRET, w.staff[0]!.id, 0)}`, { pushName: 'Iryna' }));
    expect(iam.map((s) => s.text).join('\n')).toContain('Specialist 1');
    const linked = await exchange(textFrom(GROUP, `link ${teamLinkCode(WA_SECRET, w.business.id, 0)}`, { participant: STAFF }));
    expect(linked).toHaveLength(1);
    expect(linked[0]!.jid).toBe(GROUP);
    const chat = await emForBusiness(db.orm, w.business.id).findOneOrFail(TeamChatSchema, { channel: 'whatsapp', chatId: GROUP });
    expect(chat.title).toBe('Studio team');

    // A customer asks for a consultation (it needs the business's approval): the post reaches the group.
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[0]!, serviceId: w.consultation.id, staffId: w.staff[0]!.id, startsAt: w.at('11:00'), source: 'admin' });
    const booking = await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId: held.id });
    expect(booking.status).toBe('pending');
    const before = socket.sent.length;
    await dispatch();
    const post = socket.sent.slice(before).find((s) => s.jid === GROUP && s.text.includes('Consultation'));
    expect(post?.text).toContain('Consultation');
    const approve = numberOf(post!.text, /Confirm/);

    // Someone not linked to a specialist cannot act on it.
    const outsider = await exchange(textFrom(GROUP, approve, { participant: '77015559999@s.whatsapp.net', quoted: { id: post!.id, text: post!.text } }));
    expect(outsider.map((s) => s.text).join('\n')).not.toContain('Status: confirmed');
    expect((await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { id: booking.id })).status).toBe('pending');

    const answer = await exchange(textFrom(GROUP, approve, { participant: STAFF, quoted: { id: post!.id, text: post!.text } }));
    expect((await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { id: booking.id })).status).toBe('confirmed');
    expect(answer.some((s) => s.jid === GROUP && s.text.includes('Status: confirmed'))).toBe(true);
  });

  it('forwards a customer’s photo to the team group while they talk to a person', async () => {
    const jid = '380502000002@s.whatsapp.net';
    const say = customer(jid);
    const menu = await say('hi');
    expect(await say(numberOf(menu, /person/i))).toBeTruthy();
    const replies = await exchange(mediaFrom(jid, 'image', 'Is this colour possible?'));
    expect(replies.some((r) => r.jid === jid)).toBe(true);
    const forwarded = replies.find((r) => r.jid === GROUP);
    expect(forwarded?.content).toMatchObject({ image: Buffer.from('fake media bytes') });
    expect(forwarded?.text).toContain('Is this colour possible?');
    expect(forwarded?.text).toContain('+380502000002');
    // Every team chat hears of it through the outbox (Telegram groups get the note).
    const note = await emForBusiness(db.orm, w.business.id).find(OutboxMessageSchema, { topic: 'conversation.message' });
    expect(note.some((n) => String(n.payload['text']).startsWith('📷'))).toBe(true);
  });

  it('forwards a voice message and a video to the team group while they talk to a person', async () => {
    const jid = '380502000004@s.whatsapp.net';
    const say = customer(jid);
    const menu = await say('hi');
    await say(numberOf(menu, /person/i));
    const voice = await exchange(mediaFrom(jid, 'audio', ''));
    const toGroup = voice.filter((r) => r.jid === GROUP);
    // Who sent it, then the voice message itself (a voice message has no caption).
    expect(toGroup.map((r) => Object.keys(r.content)[0])).toEqual(['text', 'audio']);
    expect(toGroup[0]!.text).toContain('+380502000004');
    expect(toGroup[1]!.content).toMatchObject({ audio: Buffer.from('fake media bytes'), ptt: true });
    const video = await exchange(mediaFrom(jid, 'video', 'the door code'));
    const forwarded = video.find((r) => r.jid === GROUP);
    expect(forwarded?.content).toMatchObject({ video: Buffer.from('fake media bytes') });
    expect(forwarded?.text).toContain('the door code');
    const notes = await emForBusiness(db.orm, w.business.id).find(OutboxMessageSchema, { topic: 'conversation.message' });
    expect(notes.map((n) => String(n.payload['text']))).toEqual(expect.arrayContaining(['🎤', '🎬 the door code']));
  });

  it('a Kaspi deposit: the QR image with the link; a receipt photo goes to the team group', async () => {
    const KASPI = 'https://pay.kaspi.kz/pay/wa-deposit-test';
    w.ctx.payments = { providers: [kaspiProvider({ ctx: w.ctx }), cashProvider()], publicUrl: 'https://book.example.test' };
    await connectKaspi(w.ctx, w.business.id, { payLink: KASPI }, { kind: 'business', userId: null });
    const jid = '380502000003@s.whatsapp.net';
    const say = customer(jid);
    const menu = await say('hi');
    const services = await say(numberOf(menu, /Book/));
    const staff = await say(numberOf(services, /Massage/));
    await say(numberOf(staff, /Anyone/));
    const times = await say('tomorrow');
    await say(numberOf(times, /\d\d:\d\d/));
    const summary = await say('Dana');
    const pay = await exchange(textFrom(jid, numberOf(summary, /Confirm/)));
    expect(pay.some((r) => 'image' in r.content)).toBe(true);
    expect(pay.map((r) => r.text).join('\n')).toContain(KASPI);

    const replies = await exchange(mediaFrom(jid, 'image', 'receipt'));
    const forwarded = replies.find((r) => r.jid === GROUP);
    expect(forwarded?.content).toMatchObject({ image: Buffer.from('fake media bytes') });
    expect(forwarded?.text).toContain('+380502000003');
  });
});
