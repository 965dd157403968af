import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffLinkCode, teamLinkCode } from '../../../src/app/team/link-codes.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { startTelegramHarness, type BotPost, type TelegramHarness, type TgChat } from '../../support/telegram-harness.ts';

// Forged or garbled input — a button we never drew, a code far too long — is "not
// understood", changes nothing, and is no error: nothing at error level reaches the log.
let db: TestDatabase;
let w: BookingWorld;
let tg: TelegramHarness;
const logged: { level: number; msg: string }[] = [];

const CUSTOMER = 6001;
const STAFF = 6002;
const customerChat: TgChat = { id: CUSTOMER, type: 'private' };
const team: TgChat = { id: -600600, type: 'group', title: 'Team' };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  tg = await startTelegramHarness({ ctx: w.ctx, translator: await createTranslator(await loadMessages()), businessId: w.business.id, logger: pino({ level: 'debug' }, sink) });
});
afterAll(async () => {
  await tg.stop();
  await db.drop();
});

const errors = () => logged.filter((l) => l.level >= 50);
const forged = (post: BotPost, data: string): BotPost => ({ ...post, buttons: [{ text: 'forged', callback_data: data }] });

describe('malformed input from Telegram', () => {
  it('answers forged customer buttons with "not understood" and logs no error', async () => {
    await tg.message(CUSTOMER, customerChat, '/my');
    const menu = tg.lastPost(CUSTOMER);
    for (const data of [`1|bk:not-a-uuid`, `1|svc:xyz`, `1|stf:../../etc`, `1|day:2031-02-31`]) {
      expect(await tg.press(CUSTOMER, customerChat, forged(menu, data), 'forged')).toBe(200);
      expect(tg.lastPost(CUSTOMER).text).toMatch(/didn't catch that|out of date/);
    }
    expect(errors()).toEqual([]);
  });

  it('answers a forged team button and an over-long code without an error', async () => {
    await tg.message(STAFF, { id: STAFF, type: 'private' }, `/iam ${'A'.repeat(40)}`);
    expect(tg.lastPost(STAFF).text).toMatch(/code/i);
    await tg.message(STAFF, { id: STAFF, type: 'private' }, `/iam ${staffLinkCode(tg.appSecret, w.staff[0]!.id, 0)}`);
    await tg.message(STAFF, team, `/link ${teamLinkCode(tg.appSecret, w.business.id, 0)}`);
    const post = { messageId: 1, chatId: String(team.id), text: 'x', buttons: [] };
    for (const data of ['tb-decline:xyz', 'tb-paid:', 'nonsense']) {
      expect(await tg.press(STAFF, team, forged(post, data), 'forged')).toBe(200);
      expect(tg.lastWebhookAnswer()).toMatchObject({ method: 'answerCallbackQuery', text: expect.stringContaining("don't know this button") });
    }
    expect(errors()).toEqual([]);
    expect(logged.some((l) => l.msg === 'team button not understood')).toBe(true);
  });
});
