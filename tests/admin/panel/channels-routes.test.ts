import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QR_OPTIONS } from '../../../src/admin/panel/channels-routes.ts';
import { staffLinkCode, teamLinkCode } from '../../../src/app/team/link-codes.ts';
import { webhookSecret, type TelegramChannel } from '../../../src/bots/telegram/telegram-channel.ts';
import { connectTelegramBot } from '../../../src/bots/telegram/telegram-connections.ts';
import { AuditEntrySchema, BusinessSchema, StaffChannelIdentitySchema, StaffMemberSchema, TeamChatSchema, TelegramBotSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import type { FakeBotApi } from '../../support/fake-bot-api.ts';
import { startPanelHarness, TEST_APP_SECRET, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { startTelegramOnFakeApi, type TelegramOnFakeApi } from '../../support/telegram-on-fake-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The Channels page against the project's fake Bot API: a bot connected from the panel
// serves at once (webhook mode, updates handed to the channel's handler as the webhook
// route would), and the team's link codes rotate.
let db: TestDatabase;
let h: PanelHarness;
let telegram: TelegramOnFakeApi;
let api: FakeBotApi;
let channel: TelegramChannel;
let admin: PanelClient;

beforeAll(async () => {
  db = await createTestDatabase();
  telegram = await startTelegramOnFakeApi(db.orm);
  ({ api, channel } = telegram);
  h = await startPanelHarness(db.orm, { deps: { bots: telegram.bots } });
  admin = await h.as('admin');
});
afterAll(async () => {
  await telegram?.stop();
  await h?.close();
  await db?.drop();
});

const page = () => `/admin/b/${h.world.business.slug}/channels`;
const em = () => emForBusiness(db.orm, h.world.business.id);
const audits = (action: string) => em().find(AuditEntrySchema, { action }, { orderBy: { createdAt: 'asc' } });
let tokens = 0;
/** A token of its own for each use: `<bot id>:<secret>` with a recognisable end. */
const newToken = () => `${700_000 + (tokens += 1)}:AAHchannelsTestToken_${String(tokens).padStart(4, '0')}wxyz`;
let updates = 1;
const message = (from: number, chat: { id: number; type: 'private' | 'group'; title?: string }, text: string) => ({
  update_id: updates++,
  message: {
    message_id: updates,
    date: 1_900_000_000,
    from: { id: from, is_bot: false, first_name: 'Dana', language_code: 'en' },
    chat: chat.type === 'private' ? { id: chat.id, type: 'private', first_name: 'Dana' } : { id: chat.id, type: 'group', title: chat.title ?? 'Team' },
    text,
  },
});
/** An update as Telegram would POST it to the bot's webhook. */
const deliver = (botId: string, update: Record<string, unknown>) => channel.handleWebhook(botId, webhookSecret(TEST_APP_SECRET, botId), update);
const lastText = (chatId: number) => api.last.get(String(chatId))?.text ?? '';

/** Connects a new bot from the panel; returns its token and id. */
async function connectFromPanel(): Promise<{ token: string; botId: string }> {
  const token = newToken();
  const response = await admin.post(`${page()}/telegram`, { token });
  expect(response.statusCode, response.body.slice(response.body.indexOf('<main'))).toBe(303);
  return { token, botId: token.split(':')[0]! };
}

describe('Channels page: Telegram bot', () => {
  it('connects a bot by token without a restart: it answers a customer’s /start at once, and the token is shown masked only', async () => {
    const { token, botId } = await connectFromPanel();
    expect(channel.status().find((s) => s.botId === botId)?.state).toBe('connected');
    expect(channel.sender.readyFor?.(h.world.business.id)).toBe(true);

    const customer = 930_001;
    expect((await deliver(botId, message(customer, { id: customer, type: 'private' }, '/start'))).outcome).toBe('handled');
    expect(lastText(customer)).toContain('Kyiv Studio');

    const shown = await admin.get(`${page()}?notice=connected`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('The bot is connected and answers customers now.');
    expect(shown.body).toContain('Connected as @bench_bot');
    expect(shown.body).toContain(`${botId}:••••••••wxyz`);
    expect(shown.body).not.toContain(token);
    expect(shown.body).not.toContain(token.split(':')[1]!);
    expect(shown.body).toContain('href="https://t.me/bench_bot"');

    const stored = await em().findOneOrFail(TelegramBotSchema, { business: h.world.business.id });
    expect(stored).toMatchObject({ botId, username: 'bench_bot', active: true });
    expect(stored.tokenCiphertext).not.toContain(token.split(':')[1]!);
    const audit = (await audits('channel.telegram_connected')).at(-1)!;
    expect(audit).toMatchObject({ actorKind: 'user', actorId: h.userIds.admin, entityId: stored.id });
    expect(JSON.stringify(audit.details)).not.toContain(token.split(':')[1]!);
  });

  it('replaces the business’s bot with another token: the previous bot stops serving', async () => {
    const first = await connectFromPanel();
    const second = await connectFromPanel();
    expect(channel.status().filter((s) => s.businessId === h.world.business.id).map((s) => s.botId)).toEqual([second.botId]);
    expect((await deliver(first.botId, message(930_002, { id: 930_002, type: 'private' }, '/start'))).outcome).toBe('unknown_bot');
    expect((await deliver(second.botId, message(930_002, { id: 930_002, type: 'private' }, '/start'))).outcome).toBe('handled');
    expect((await audits('channel.telegram_connected')).at(-1)?.details).toMatchObject({ botId: second.botId, replacedBotId: first.botId });
  });

  it('refuses a malformed token with a message next to the field (422), never typing it back', async () => {
    const typed = 'my-secret-but-not-a-token';
    const response = await admin.post(`${page()}/telegram`, { token: typed });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('This is not a bot token.');
    expect(response.body).toContain('aria-invalid="true"');
    expect(response.body).not.toContain(typed);
  });

  it('refuses a token Telegram does not know (getMe 401) with 422, and stores nothing', async () => {
    const before = channel.status().map((s) => s.botId);
    const token = newToken();
    api.fail('getMe', { error_code: 401, description: 'Unauthorized' });
    const response = await admin.post(`${page()}/telegram`, { token });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Telegram does not accept this token.');
    expect(response.body).not.toContain(token);
    expect(await em().count(TelegramBotSchema, { botId: token.split(':')[0]! })).toBe(0);
    expect(channel.status().map((s) => s.botId)).toEqual(before);
  });

  it('says Telegram could not be reached when getMe gets no answer (503), and stores nothing', async () => {
    const token = newToken();
    api.fail('getMe', 'dropped connection');
    const response = await admin.post(`${page()}/telegram`, { token });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('Telegram could not be reached.');
    expect(await em().count(TelegramBotSchema, { botId: token.split(':')[0]! })).toBe(0);
  });

  it('refuses a bot connected to another business (422): that business keeps it', async () => {
    const token = newToken();
    await connectTelegramBot(h.other.ctx, h.other.business.id, TEST_APP_SECRET, token);
    const response = await admin.post(`${page()}/telegram`, { token });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('This bot is already connected to another business.');
    const owner = await emForBusiness(db.orm, h.other.business.id).findOneOrFail(TelegramBotSchema, { botId: token.split(':')[0]! });
    expect(owner.business.id).toBe(h.other.business.id);
  });

  it('disconnects the bot: it stops serving, its token is deleted, and the change is audited', async () => {
    const { botId } = await connectFromPanel();
    const response = await admin.post(`${page()}/telegram/disconnect`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`${page()}?notice=disconnected`);
    expect(channel.status().some((s) => s.botId === botId)).toBe(false);
    expect(channel.sender.readyFor?.(h.world.business.id)).toBe(false);
    expect((await deliver(botId, message(930_003, { id: 930_003, type: 'private' }, '/start'))).outcome).toBe('unknown_bot');
    expect(await em().count(TelegramBotSchema, {})).toBe(0);
    expect((await audits('channel.telegram_disconnected')).at(-1)).toMatchObject({ actorId: h.userIds.admin, details: { botId } });
    const shown = await admin.get(page());
    expect(shown.body).toContain('No bot is connected yet.');
    expect(shown.body).toContain('@BotFather');
  });
});

describe('Channels page: links and QR codes', () => {
  it('draws the booking link as a PNG QR code (nosniff), and only the two known targets', async () => {
    const link = `http://127.0.0.1:3000/b/${h.world.business.slug}`;
    expect((await admin.get(page())).body).toContain(link);
    const qr = await admin.get(`${page()}/qr.png?target=booking`);
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toBe('image/png');
    expect(qr.headers['x-content-type-options']).toBe('nosniff');
    expect(qr.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(qr.rawPayload.equals(await QRCode.toBuffer(link, QR_OPTIONS))).toBe(true);
    expect((await admin.get(`${page()}/qr.png?target=https://evil.example`)).statusCode).toBe(404);
    expect((await admin.get(`${page()}/qr.png`)).statusCode).toBe(404);
  });

  it('draws the bot’s deep link once a bot is connected', async () => {
    await admin.post(`${page()}/telegram/disconnect`);
    expect((await admin.get(`${page()}/qr.png?target=bot`)).statusCode).toBe(404);
    await connectFromPanel();
    const qr = await admin.get(`${page()}/qr.png?target=bot`);
    expect(qr.statusCode).toBe(200);
    expect(qr.rawPayload.equals(await QRCode.toBuffer('https://t.me/bench_bot', QR_OPTIONS))).toBe(true);
  });
});

describe('Channels page: team link codes', () => {
  const staffCode = async (staffId: string) => {
    const member = await em().findOneOrFail(StaffMemberSchema, { id: staffId });
    return staffLinkCode(TEST_APP_SECRET, staffId, member.linkCodeVersion);
  };
  const teamCode = async () => {
    const business = await em().findOneOrFail(BusinessSchema, { id: h.world.business.id });
    return teamLinkCode(TEST_APP_SECRET, h.world.business.id, business.teamLinkCodeVersion);
  };

  it('shows the team chat’s and each specialist’s codes to admins', async () => {
    const body = (await admin.get(page())).body;
    expect(body).toContain(`/link ${await teamCode()}`);
    for (const member of h.world.staff) expect(body).toContain(`/iam ${await staffCode(member.id)}`);
  });

  it('rotates a specialist’s code: the old one no longer links an account, the new one does', async () => {
    const { botId } = await connectFromPanel();
    const member = h.world.staff[1]!;
    const old = await staffCode(member.id);
    const response = await admin.post(`${page()}/staff/${member.id}/rotate`);
    expect(response.statusCode).toBe(303);
    const fresh = await staffCode(member.id);
    expect(fresh).not.toBe(old);
    const body = (await admin.get(page())).body;
    expect(body).toContain(`/iam ${fresh}`);
    expect(body).not.toContain(`/iam ${old}`);
    expect((await audits('team.staff_link_code_rotated')).at(-1)).toMatchObject({ actorId: h.userIds.admin, entityId: member.id });

    const person = { id: 930_010, type: 'private' as const };
    await deliver(botId, message(person.id, person, `/iam ${old}`));
    expect(lastText(person.id)).toContain("That code doesn't match any staff member.");
    expect((await em().findOne(StaffChannelIdentitySchema, { staff: member.id, channel: 'telegram' }))?.externalId ?? null).toBeNull();
    await deliver(botId, message(person.id, person, `/iam ${fresh}`));
    expect(lastText(person.id)).toContain('your Telegram account is now linked');
    expect((await em().findOne(StaffChannelIdentitySchema, { staff: member.id, channel: 'telegram' }))?.externalId ?? null).toBe(String(person.id));
  });

  it('rotates the team chat’s code: the old one no longer links a group, the new one does', async () => {
    const { botId } = await connectFromPanel();
    const member = h.world.staff[0]!;
    const person = { id: 930_020, type: 'private' as const };
    await deliver(botId, message(person.id, person, `/iam ${await staffCode(member.id)}`));
    const old = await teamCode();
    expect((await admin.post(`${page()}/team-code/rotate`)).statusCode).toBe(303);
    const fresh = await teamCode();
    expect(fresh).not.toBe(old);
    expect((await admin.get(page())).body).toContain(`/link ${fresh}`);
    expect((await audits('team.link_code_rotated')).at(-1)).toMatchObject({ actorId: h.userIds.admin, entityId: h.world.business.id });

    const group = { id: -930_021, type: 'group' as const, title: 'Front desk' };
    await deliver(botId, message(person.id, group, `/link ${old}`));
    expect(lastText(group.id)).toContain("That code doesn't match.");
    expect(await em().count(TeamChatSchema, { chatId: String(group.id), active: true })).toBe(0);
    await deliver(botId, message(person.id, group, `/link ${fresh}`));
    expect(await em().count(TeamChatSchema, { chatId: String(group.id), active: true })).toBe(1);
    expect((await admin.get(page())).body).toContain('Front desk (telegram), linked');
  });

  it('answers 404 for another business’s specialist or a malformed id, and changes nothing', async () => {
    const foreign = h.other.staff[0]!;
    expect((await admin.post(`${page()}/staff/${foreign.id}/rotate`)).statusCode).toBe(404);
    expect((await admin.post(`${page()}/staff/not-an-id/rotate`)).statusCode).toBe(404);
    const untouched = await emForBusiness(db.orm, h.other.business.id).findOneOrFail(StaffMemberSchema, { id: foreign.id });
    expect(untouched.linkCodeVersion).toBe(0);
  });

  it('keeps the codes from staff and managers (403)', async () => {
    for (const role of ['staff', 'manager'] as const) {
      const client = await h.as(role);
      const response = await client.get(page());
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain(await teamCode());
    }
  });
});
