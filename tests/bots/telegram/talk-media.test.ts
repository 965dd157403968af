import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../../src/bots/telegram/telegram-channel.ts';
import { TeamChatSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { TEST_APP_SECRET } from '../../support/panel-harness.ts';
import { startTelegramOnFakeApi, type TelegramOnFakeApi } from '../../support/telegram-on-fake-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// "Talk to a person" takes more than text: a voice message, audio, a video or a video
// note is copied into the team chat as it is, with a short note of what came.
const TOKEN = '880033:AAHtalkMediaTestTokenForTheFakeBotApi_03';
const BOT_ID = '880033';
const TEAM_CHAT = '-1009503';
const CUSTOMER = 9601;

let db: TestDatabase;
let w: BookingWorld;
let tg: TelegramOnFakeApi;
let updates = 1;
let messageIds = 5000;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 8 });
  w = await makeBookingWorld(db.orm, { customers: 1, slug: 'tg-talk-media' });
  tg = await startTelegramOnFakeApi(db.orm);
  expect((await tg.bots.connectTelegram(w.business.id, TOKEN, { kind: 'business', userId: null })).kind).toBe('connected');
  const e = emForBusiness(db.orm, w.business.id);
  e.create(TeamChatSchema, { business: w.business.id, channel: 'telegram', chatId: TEAM_CHAT, title: 'Studio team' });
  await e.flush();
});
afterAll(async () => {
  await tg?.stop();
  await db?.drop();
});

const send = (message: Record<string, unknown>) =>
  tg.channel.handleWebhook(BOT_ID, webhookSecret(TEST_APP_SECRET, BOT_ID), {
    update_id: updates++,
    message: { message_id: ++messageIds, date: 1_900_000_000, from: { id: CUSTOMER, is_bot: false, first_name: 'Olena', language_code: 'en' }, chat: { id: CUSTOMER, type: 'private', first_name: 'Olena' }, ...message },
  });
const deliver = () => dispatchRound({ ctx: tg.ctx, logger: pino({ level: 'silent' }), senders: new Map([['telegram', tg.channel.sender]]), limiter: new SendRateLimiter(tg.ctx.now, async () => {}) });
const file = (id: string) => ({ file_id: id, file_unique_id: `u-${id}` });

describe('talk to a person, with media', () => {
  it('copies a voice message, audio, a video and a video note to the team, each with a note of what it was', async () => {
    await send({ text: '/talk' });
    const sent: [Record<string, unknown>, string][] = [
      [{ voice: { ...file('v1'), duration: 4 } }, '🎤'],
      [{ audio: { ...file('a1'), duration: 60, file_name: 'directions.mp3' } }, '🎤 directions.mp3'],
      [{ video: { ...file('m1'), width: 320, height: 240, duration: 5 }, caption: 'the door code is broken' }, '🎬 the door code is broken'],
      [{ video_note: { ...file('n1'), length: 240, duration: 3 } }, '🎬'],
    ];
    for (const [media] of sent) await send(media);
    expect(tg.api.copies.filter((c) => c.chatId === TEAM_CHAT).map((c) => c.messageId)).toEqual([messageIds - 3, messageIds - 2, messageIds - 1, messageIds]);
    await deliver();
    const teamTexts = tg.api.sent.filter((m) => m.chatId === TEAM_CHAT).map((m) => m.text);
    for (const [, note] of sent) expect(teamTexts.some((text) => text.includes(note)), note).toBe(true);
  });

  it('outside "talk to a person" a voice message is not forwarded: the bot answers with its current step', async () => {
    await send({ text: '/start' });
    const copiesBefore = tg.api.copies.length;
    await send({ voice: { ...file('v2'), duration: 2 } });
    expect(tg.api.copies).toHaveLength(copiesBefore);
    expect(tg.api.last.get(String(CUSTOMER))?.text).toContain('What would you like to do?');
  });
});
