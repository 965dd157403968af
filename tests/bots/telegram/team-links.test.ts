import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { AuditEntrySchema, OutboxMessageSchema, StaffChannelIdentitySchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { linkCodeLines } from '../../../src/bots/link-code-lines.ts';
import { connectTelegramBot } from '../../../src/bots/telegram/telegram-connections.ts';
import { staffLinkCode, teamLinkCode } from '../../../src/app/team/link-codes.ts';
import { currentStaffCode } from '../../support/staff-codes.ts';
import { MAX_TEAM_CHATS } from '../../../src/app/team/link-team-chat.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { startTelegramHarness, type TelegramHarness, type TgChat } from '../../support/telegram-harness.ts';

// Who sees the business's bookings is never changed silently: a staff link that moves
// to another account tells the one who lost it and the team; every team chat added is
// announced; the list is short and the team can read it.
let db: TestDatabase;
let w: BookingWorld;
let tg: TelegramHarness;
const FIRST = 8101;
const SECOND = 8102;
const THIRD = 8103;
const private_ = (id: number): TgChat => ({ id, type: 'private' });
const group = (n: number): TgChat => ({ id: -810_000 - n, type: 'group', title: `Team ${n}` });

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  tg = await startTelegramHarness({ ctx: w.ctx, translator: await createTranslator(await loadMessages()), businessId: w.business.id });
});
afterAll(async () => {
  await tg.stop();
  await db.drop();
});

const em = () => emForBusiness(db.orm, w.business.id);
const outbox = (topic: string) => em().find(OutboxMessageSchema, { topic });

describe('team links', () => {
  it('tells the previous holder and the team when a staff code moves to another account; the same account again changes nothing', async () => {
    const code = staffLinkCode(tg.appSecret, w.staff[0]!.id, 0);
    await tg.message(FIRST, private_(FIRST), `/iam ${code}`);
    // Used once, the code no longer links anyone; the account stays linked.
    await tg.message(FIRST, private_(FIRST), `/iam ${code}`);
    expect(tg.lastPost(FIRST).text).toContain('Codes work once');
    expect(await outbox('team.staff_relinked')).toHaveLength(0);

    await tg.message(SECOND, private_(SECOND), `/iam ${code}`);
    expect((await em().findOne(StaffChannelIdentitySchema, { staff: w.staff[0]!.id, channel: 'telegram' }))?.externalId).toBe(String(FIRST));
    await tg.message(SECOND, private_(SECOND), `/iam ${await currentStaffCode(db.orm, tg.appSecret, w.business.id, w.staff[0]!.id)}`);
    expect((await em().findOne(StaffChannelIdentitySchema, { staff: w.staff[0]!.id, channel: 'telegram' }))?.externalId ?? null).toBe(String(SECOND));
    expect(tg.lastPost(FIRST).text).toContain('no longer linked to Specialist 1');
    const relinked = await outbox('team.staff_relinked');
    expect(relinked.map((m) => m.payload)).toEqual([{ staffName: 'Specialist 1' }]);
    expect(await em().count(AuditEntrySchema, { action: 'team.staff_linked', entityId: w.staff[0]!.id })).toBe(2);
  });

  it('announces every team chat added, lists them with /chats, and refuses more than the limit', async () => {
    const code = teamLinkCode(tg.appSecret, w.business.id, 0);
    for (let n = 1; n <= MAX_TEAM_CHATS; n += 1) {
      await tg.message(SECOND, group(n), `/link ${code}`);
      expect(tg.lastPost(group(n).id).text).toContain('Kyiv Studio');
    }
    const announced = await outbox('team.chat_linked');
    expect(announced.map((m) => m.payload['chatTitle'])).toEqual(Array.from({ length: MAX_TEAM_CHATS }, (_, i) => `Team ${i + 1}`));
    expect(announced.every((m) => m.payload['staffName'] === 'Specialist 1')).toBe(true);

    await tg.message(SECOND, group(99), `/link ${code}`);
    expect(tg.lastPost(group(99).id).text).toContain(`already has ${MAX_TEAM_CHATS} team chats`);
    expect(await outbox('team.chat_linked')).toHaveLength(MAX_TEAM_CHATS);

    await tg.message(SECOND, group(1), '/chats');
    const list = tg.lastPost(group(1).id).text;
    expect(list).toContain(`(${MAX_TEAM_CHATS} of at most ${MAX_TEAM_CHATS})`);
    expect(list).toContain('1. Team 1 (telegram)');
    expect(list).toContain(`${MAX_TEAM_CHATS}. Team ${MAX_TEAM_CHATS} (telegram)`);

    // The announcements reach the team chats, worded.
    await dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders: new Map([['telegram', tg.channel.sender]]), limiter: new SendRateLimiter(w.ctx.now, async () => {}) });
    expect(tg.posts(group(1).id).some((p) => p.text.includes('Specialist 1 linked the chat “Team 3”'))).toBe(true);
    // The earlier move of Specialist 1's link is told to the team chats there are now.
    expect(tg.posts(group(1).id).some((p) => p.text.includes("Specialist 1's Telegram account is now someone else's"))).toBe(true);

    // Unlinking one makes room again.
    await tg.message(SECOND, group(2), '/unlink');
    await tg.message(SECOND, group(99), `/link ${code}`);
    expect(tg.lastPost(group(99).id).text).not.toContain('already has');
  });

  it('refuses /iam in a group, and the code posted there stops working at once', async () => {
    const staff = w.staff[1]!;
    const posted = await currentStaffCode(db.orm, tg.appSecret, w.business.id, staff.id);
    await tg.message(THIRD, group(50), `/iam ${posted}`);
    expect(tg.lastPost(group(50).id).text).toContain('never in a group');
    expect(tg.lastPost(group(50).id).text).toContain('Specialist 2 gets a new one in the panel');
    expect(await em().count(StaffChannelIdentitySchema, { staff: staff.id, channel: 'telegram' })).toBe(0);
    // Whoever read it in the group cannot use it in private either.
    await tg.message(THIRD, private_(THIRD), `/iam ${posted}`);
    expect(await em().count(StaffChannelIdentitySchema, { staff: staff.id, channel: 'telegram' })).toBe(0);
    expect(await em().count(AuditEntrySchema, { action: 'team.staff_link_code_exposed', entityId: staff.id })).toBe(1);
    // The member's new code (the panel shows it) links their own account.
    await tg.message(THIRD, private_(THIRD), `/iam ${await currentStaffCode(db.orm, tg.appSecret, w.business.id, staff.id)}`);
    expect(await em().count(StaffChannelIdentitySchema, { staff: staff.id, channel: 'telegram' })).toBe(1);
  });

  it('shows the link codes when a bot is first connected, not on every start', async () => {
    const again = await connectTelegramBot(w.ctx, w.business.id, tg.appSecret, tg.token);
    expect(again.newlyConnected).toBe(false);
    const lines = await linkCodeLines(emAcrossBusinesses(db.orm), tg.appSecret, w.business);
    expect(lines[0]).toContain(`/link ${teamLinkCode(tg.appSecret, w.business.id, 0)}`);
    expect(lines).toContain(`  staff Specialist 1: send the bot /iam ${await currentStaffCode(db.orm, tg.appSecret, w.business.id, w.staff[0]!.id)}`);
  });
});
