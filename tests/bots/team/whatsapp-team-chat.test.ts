import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { forwardToTeam } from '../../../src/app/conversations/forward-to-team.ts';
import type { ChannelSender } from '../../../src/app/notifications/channel-sender.ts';
import { staffLinkCode, teamLinkCode } from '../../../src/app/team/link-codes.ts';
import { currentStaffCode } from '../../support/staff-codes.ts';
import type { ChatMessage } from '../../../src/bots/engine/chat-message.ts';
import { notificationMessage } from '../../../src/bots/notification-messages.ts';
import { renderPlainText } from '../../../src/bots/text/plain-text.ts';
import { handleTeamCommand } from '../../../src/bots/team/team-commands.ts';
import type { TeamDeps } from '../../../src/bots/team/team-deps.ts';
import type { TeamAnswer } from '../../../src/bots/team/team-input.ts';
import { rememberSentOutboxPost, rememberSentTeamPost } from '../../../src/bots/team/team-posts.ts';
import { handleTeamReply } from '../../../src/bots/team/team-reply.ts';
import { AuditEntrySchema, BookingSchema, OutboxMessageSchema, StaffChannelIdentitySchema, TeamChatSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, supportedLanguage, type Translator } from '../../../src/i18n/translator.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The team side on a channel without buttons: a WhatsApp group linked with plain words,
// booking posts whose actions are numbered, and a staff member replying to (quoting)
// a post with a number or a word. The WhatsApp socket is not here: a stand-in sender
// draws posts as numbered text and gives them message ids, as a text channel does.
let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
let deps: TeamDeps;

const GROUP = '120363000000000000@g.us';
const STAFF = '77010000001@s.whatsapp.net';
const OTHER_STAFF = '77010000002@s.whatsapp.net';
const STRANGER = '77010000009@s.whatsapp.net';
const APP_SECRET = 'team-test-secret-team-test-secret-0123456789';

interface SentPost {
  chatId: string;
  id: string;
  text: string;
}
const sent: SentPost[] = [];
let nextId = 1;

// Drawn as WhatsApp draws it: plain text, the choices numbered from 1.
const asText = (message: ChatMessage, language: string | null): string => renderPlainText(translator, supportedLanguage(language) ?? 'en', message, { maxLength: 4096 }).text;
const send = (chatId: string, text: string): SentPost => {
  const post = { chatId, id: `3EB0${String(nextId++).padStart(16, '0')}`, text };
  sent.push(post);
  return post;
};

const whatsappSender: ChannelSender = {
  channel: 'whatsapp',
  limits: { perSecond: 1000, perChatIntervalMs: 0 },
  maxSendMs: 5_000,
  async send(m) {
    const content = await notificationMessage(w.ctx, { businessId: m.businessId, topic: m.topic, payload: m.payload, audience: m.audience, locale: m.locale });
    if (!content) return { ok: true };
    const post = send(m.chatId, asText(content, m.locale));
    await rememberSentOutboxPost({ ctx: w.ctx }, 'whatsapp', m, post.id);
    return { ok: true };
  },
};
const deliver = () => dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders: new Map([['whatsapp', whatsappSender]]), limiter: new SendRateLimiter(w.ctx.now, async () => {}) });

// What the WhatsApp adapter does with an answer: send each message, remember booking posts.
async function sendAnswer(answer: TeamAnswer): Promise<SentPost[]> {
  const out: SentPost[] = [];
  for (const m of answer.messages) {
    const post = send(GROUP, asText(m.message, answer.language));
    if (m.post) await rememberSentTeamPost({ ctx: w.ctx }, { businessId: w.business.id, channel: 'whatsapp', chatId: GROUP, messageId: post.id, post: m.post });
    out.push(post);
  }
  return out;
}

const command = (sender: string, text: string, isGroup = true) =>
  handleTeamCommand(deps, { businessId: w.business.id, channel: 'whatsapp', chatId: isGroup ? GROUP : sender, isGroup, chatTitle: 'Front desk', sender: { externalId: sender }, text });
const reply = (sender: string, post: SentPost, text: string) =>
  handleTeamReply(deps, { businessId: w.business.id, channel: 'whatsapp', chatId: GROUP, sender: { externalId: sender }, text, repliedToMessageId: post.id, quotedText: post.text });
const said = (answer: { language: string; messages: { message: ChatMessage }[] } | null) => (answer ? answer.messages.map((m) => asText(m.message, answer.language)).join('\n---\n') : '');
const saidCommand = (result: Awaited<ReturnType<typeof handleTeamCommand>>) => (result ? result.messages.map((m) => asText(m, result.language)).join('\n') : '');
const em = () => emForBusiness(db.orm, w.business.id);
const statusOf = async (id: string) => (await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { id })).status;

async function consultationPost(time: string, customer: number): Promise<{ bookingId: string; post: SentPost }> {
  const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[customer]!, serviceId: w.consultation.id, staffId: w.staff[0]!.id, startsAt: w.at(time, 2), source: 'admin' });
  await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[customer]! }, { bookingId: held.id });
  await deliver();
  const post = sent.find((p) => p.chatId === GROUP && p.text.includes('Consultation') && p.text.includes(`Customer ${customer + 1}`));
  if (!post) throw new Error('no booking post in the group');
  return { bookingId: held.id, post };
}

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  translator = await createTranslator(await loadMessages());
  deps = { ctx: w.ctx, translator, logger: pino({ level: 'silent' }), appSecret: APP_SECRET };
});
afterAll(async () => db?.drop());

describe('a WhatsApp group as the team chat', () => {
  it('links a staff account with /iam and the group with plain words; only linked staff may link, list or unlink', async () => {
    const linked = await command(STAFF, `/iam ${staffLinkCode(APP_SECRET, w.staff[0]!.id, 0)}`, false);
    expect(saidCommand(linked)).toContain('Specialist 1, your WhatsApp account is now linked');
    expect((await em().findOne(StaffChannelIdentitySchema, { staff: w.staff[0]!.id, channel: 'whatsapp' }))?.externalId).toBe(STAFF);

    const code = teamLinkCode(APP_SECRET, w.business.id, 0);
    expect(saidCommand(await command(STRANGER, `link ${code}`))).toContain('Only linked staff');
    expect(saidCommand(await command(STAFF, 'link WRONG123'))).toContain("doesn't match");
    expect(saidCommand(await command(STAFF, `/link ${code}`, false))).toContain('not here');
    expect(await em().count(TeamChatSchema, { channel: 'whatsapp' })).toBe(0);

    // Talk in the group is not a command.
    expect(await command(STAFF, 'link to the price list, please?')).toBeNull();
    expect(await command(STAFF, 'chats are busy today')).toBeNull();

    expect(saidCommand(await command(STAFF, `link ${code.toLowerCase()}`))).toContain('team chat of Kyiv Studio');
    const chat = await em().findOneOrFail(TeamChatSchema, { channel: 'whatsapp', chatId: GROUP });
    expect(chat).toMatchObject({ active: true, title: 'Front desk' });
    expect(saidCommand(await command(STAFF, 'chats'))).toContain('1. Front desk (whatsapp)');
    expect(saidCommand(await command(STRANGER, '/chats'))).toContain('Only linked staff');
  });

  it('tells the previous WhatsApp account when a staff code is used from another one', async () => {
    const code = staffLinkCode(APP_SECRET, w.staff[1]!.id, 0);
    expect((await command(OTHER_STAFF, `/iam ${code}`, false))?.tellPreviousAccount).toBeUndefined();
    // The code moved on when it was used: the member's current one moves the link.
    const moved = await command('77010000003@s.whatsapp.net', `/iam ${await currentStaffCode(db.orm, APP_SECRET, w.business.id, w.staff[1]!.id)}`, false);
    expect(moved?.tellPreviousAccount?.externalId).toBe(OTHER_STAFF);
    expect(asText(moved!.tellPreviousAccount!.message, moved!.tellPreviousAccount!.language)).toContain('Your WhatsApp account is no longer linked to Specialist 2 at Kyiv Studio');
    expect(await em().count(OutboxMessageSchema, { topic: 'team.staff_relinked' })).toBe(1);
  });

  it('posts a booking with numbered actions; a linked staff member replying "1" to it confirms the booking', async () => {
    const { bookingId, post } = await consultationPost('15:00', 0);
    expect(post.text).toContain('New booking');
    expect(post.text).toContain('waiting for your confirmation');
    expect(post.text).toContain('1 Confirm\n2 Decline');

    // Not staff: refused, nothing changes.
    expect(said(await reply(STRANGER, post, '1'))).toContain('Only linked staff');
    // A number the post never showed: not understood.
    expect(said(await reply(STAFF, post, '7'))).toContain("didn't understand");
    // Staff talking under the post is not an action, and does not reach the customer.
    expect(await reply(STAFF, post, 'who takes this one?')).toBeNull();
    expect(await statusOf(bookingId)).toBe('pending');
    expect(await em().count(OutboxMessageSchema, { topic: 'conversation.reply' })).toBe(0);

    const answer = await reply(STAFF, post, '1');
    expect(await statusOf(bookingId)).toBe('confirmed');
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: bookingId, action: 'booking.confirmed' });
    expect(audit.details).toMatchObject({ approved: true, staffId: w.staff[0]!.id });
    // The post is redrawn for the group: its headline, the new status, who did it, the actions now.
    expect(answer?.messages).toHaveLength(1);
    const redrawn = answer!.messages[0]!;
    expect(redrawn.post).toEqual({ bookingId, customerId: w.customers[0] });
    expect(redrawn.message.choices.flat().map((c) => c.id)).toEqual([`tb-arrived:${bookingId}`, `tb-noshow:${bookingId}`, `tb-cancel:${bookingId}`]);
    const text = asText(redrawn.message, answer!.language);
    expect(text.split('\n')[0]).toBe(post.text.split('\n')[0]);
    expect(text).toContain('Status: confirmed');
    expect(text).toContain('✅ Confirmed by Specialist 1');
    expect(text).toContain('1 Arrived\n2 No-show\n3 Cancel booking');
    const [redrawnPost] = await sendAnswer(answer!);

    // "1" under the old post meant Confirm; now it would mean Arrived. The old post is out of
    // date: it is shown again as it stands, and nothing changes.
    const stale = await reply(STAFF, post, '1');
    expect(said(stale)).toContain('out of date');
    expect(stale!.messages[1]!.post).toEqual({ bookingId, customerId: w.customers[0] });
    expect(said(stale)).toContain('Status: confirmed');
    expect(await statusOf(bookingId)).toBe('confirmed');
    // The redrawn post is remembered: replies to it are read against what it shows.
    expect(said(await reply(STAFF, redrawnPost!, '4'))).toContain("didn't understand");
    // "3" (Cancel booking) asks why first: the customer will read it. The question is remembered, so the answer works here too.
    const asked = await reply(STAFF, redrawnPost!, '3');
    expect(said(asked)).toContain('Why is the visit of Customer 1');
    expect(asked!.messages[0]!.post).toEqual({ bookingId, customerId: w.customers[0], asks: 'cancel_reason' });
    expect(await statusOf(bookingId)).toBe('confirmed');
    const [question] = await sendAnswer(asked!);
    expect(said(await reply(STAFF, question!, 'The specialist is ill'))).toContain('The customer was told why: “The specialist is ill”');
    expect(await statusOf(bookingId)).toBe('cancelled');
  });

  it("acts on an action's word in any language, whatever the post's numbers", async () => {
    const { bookingId, post } = await consultationPost('11:00', 1);
    const answer = await reply(STAFF, post, 'Отклонить');
    expect(await statusOf(bookingId)).toBe('cancelled');
    expect(said(answer)).toContain('✖️ Declined by Specialist 1');
    // A word the status no longer allows is refused with the reason, and changes nothing.
    expect(said(await reply(STAFF, post, 'paid'))).toBe(translator.t('en', 'errors.not_awaiting_payment'));
    expect(await statusOf(bookingId)).toBe('cancelled');
  });

  it('relays a staff reply to a forwarded customer message back to the customer', async () => {
    await forwardToTeam(w.ctx, w.business.id, { customerId: w.customers[2]!, text: 'Is there parking nearby?' });
    await deliver();
    const forwarded = sent.find((p) => p.chatId === GROUP && p.text.includes('Is there parking nearby?'))!;
    expect(forwarded.text).toContain('Message from Customer 3');

    // Someone who is not staff is talking in the group: nothing is relayed.
    expect(await reply(STRANGER, forwarded, 'I know a place')).toBeNull();
    expect(said(await reply(STAFF, forwarded, 'Yes, behind the building.'))).toContain('Sent to the customer');
    const relayed = await em().find(OutboxMessageSchema, { topic: 'conversation.reply' });
    expect(relayed.map((m) => m.payload)).toEqual([{ customerId: w.customers[2], text: 'Yes, behind the building.', staffName: 'Specialist 1' }]);
    // A message the bot never remembered is not the team side's.
    expect(await reply(STAFF, { chatId: GROUP, id: 'unknown-message', text: '' }, '1')).toBeNull();
  });
});
