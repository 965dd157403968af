import pino from 'pino';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatChannels, type ChatChannels } from '../../../src/bots/chat-channels.ts';
import { channelAccountsNotice, type ChannelAccountsNotice } from '../../../src/db/channel-accounts-notice.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { withFreePort } from '../../support/free-port.ts';
import { until } from '../../support/wait-until.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// Two app instances on one database, wired as main.ts wires them: a web process (the
// panel; it does not long-poll) and a channels process (it long-polls Telegram). An
// account connected from the panel in the web process reaches the channels process
// through the channel_accounts_changed notice, with no restart.
let db: TestDatabase;
let w: BookingWorld;
let emulator: TelegramServer;
const appSecret = 'cross-process-secret-cross-process-0123456';
const by = { kind: 'business', userId: null } as const;
const silent = pino({ level: 'silent' });
type Instance = { channels: ChatChannels; notice: ChannelAccountsNotice };
let web: Instance;
let channelsProcess: Instance;

async function startInstance(apiRoot: string, telegramUpdates: boolean): Promise<Instance> {
  // Short pauses before reconnecting, so the restart test does not wait long.
  const notice = channelAccountsNotice({ url: db.url, orm: db.orm, logger: silent, reconnect: { delayMs: () => 50 } });
  const channels = await startChatChannels({ ...w.ctx }, silent, {
    appSecret,
    publicUrl: 'http://localhost:3000',
    telegram: { botToken: undefined, mode: 'polling', apiRoot },
    twilio: { account: undefined, apiBase: undefined },
    databaseUrl: db.url,
    preferredBusinessSlug: 'demo',
    parts: { telegramUpdates, whatsappSessions: false, accountsFromEnv: false },
    announce: notice.announce,
  });
  await notice.listen((businessId) => channels.reattach(businessId));
  return { channels, notice };
}

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  // The emulator cannot listen on port 0 (it reads 0 as its default, 9000).
  const port = await withFreePort(async (port) => {
    emulator = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    return port;
  });
  const apiRoot = `http://127.0.0.1:${port}`;
  web = await startInstance(apiRoot, false);
  channelsProcess = await startInstance(apiRoot, true);
});
afterAll(async () => {
  for (const instance of [web, channelsProcess]) {
    await instance?.notice.close();
    await instance?.channels.stop();
  }
  await emulator?.stop();
  await db?.drop();
});

const repliesTo = (chatId: number) => emulator.storage.botMessages.filter((m) => String(m.message.chat_id) === String(chatId)).map((m) => String(m.message.text));
const readyIn = (instance: Instance, channel: string) => instance.channels.senders.get(channel)?.readyFor?.(w.business.id) ?? false;

describe('chat accounts connected in another process', () => {
  it('a Telegram bot connected in the web process is long-polled by the channels process at once, and stops there when disconnected', async () => {
    const token = '820001:AAHcrossProcessTokenForTheEmulator_0001';
    expect(readyIn(channelsProcess, 'telegram')).toBe(false);

    expect(await web.channels.bots.connectTelegram(w.business.id, token, by)).toEqual({ kind: 'connected', username: 'TestNameBot' });
    await until(() => readyIn(channelsProcess, 'telegram'), 'the channels process attached the bot');
    expect(channelsProcess.channels.readiness()).toEqual({ connected: 1, connecting: 0, failing: 0 });

    // Only the channels process polls: its answer proves it serves the bot.
    const client = emulator.getClient(token, { userId: 8201, chatId: 8201, firstName: 'Dana', type: 'private' });
    await client.sendCommand(client.makeCommand('/start'));
    await until(() => repliesTo(8201).length > 0, 'the bot answered /start from the channels process');
    expect(repliesTo(8201)[0]).toContain('Kyiv Studio');

    expect(await web.channels.bots.disconnectTelegram(w.business.id, by)).toBe(true);
    await until(() => !readyIn(channelsProcess, 'telegram'), 'the channels process let the bot go');
    expect(channelsProcess.channels.readiness()).toEqual({ connected: 0, connecting: 0, failing: 0 });
  });

  it('a Twilio account connected in the web process serves the other process’s SMS sender, and disconnecting stops it there', async () => {
    const input = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'b2'.repeat(16), smsFrom: '+15550001111' };
    expect(readyIn(channelsProcess, 'sms')).toBe(false);
    expect(await web.channels.twilio.connectTwilio(w.business.id, input, by)).toEqual({ kind: 'connected' });
    await until(() => readyIn(channelsProcess, 'sms'), 'the other process serves the Twilio number');
    expect(await web.channels.twilio.disconnectTwilio(w.business.id, by)).toBe(true);
    await until(() => !readyIn(channelsProcess, 'sms'), 'the other process let the Twilio number go');
  });

  it('survives its listening connection being killed (a PostgreSQL restart): it reconnects and the next notice still arrives', async () => {
    const listeners = async () => (await db.orm.em.getConnection().execute<{ pid: number }[]>("select pid from pg_stat_activity where application_name = 'bookchat-channel-notice'")).map((r) => r.pid);
    const before = await listeners();
    expect(before).toHaveLength(2);
    await db.orm.em.getConnection().execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'bookchat-channel-notice'");
    // Listening again on new connections (not the killed ones), neither instance crashed.
    await until(async () => (await listeners()).filter((pid) => !before.includes(pid)).length === 2 && web.notice.listening() && channelsProcess.notice.listening(), 'both listeners back on new connections', 20_000);

    const token = '820002:AAHcrossProcessTokenForTheEmulator_0002';
    expect(await web.channels.bots.connectTelegram(w.business.id, token, by)).toMatchObject({ kind: 'connected' });
    await until(() => readyIn(channelsProcess, 'telegram'), 'the channels process attached the bot after the reconnect');
    expect(await web.channels.bots.disconnectTelegram(w.business.id, by)).toBe(true);
    await until(() => !readyIn(channelsProcess, 'telegram'), 'and let it go');
  });

  it('ignores its own notices and malformed ones', async () => {
    const reattached: string[] = [];
    const probe = channelAccountsNotice({ url: db.url, orm: db.orm, logger: silent });
    await probe.listen(async (businessId) => {
      reattached.push(businessId);
    });
    await probe.announce(w.business.id);
    await db.orm.em.getConnection().execute("select pg_notify('channel_accounts_changed', 'not json')");
    await web.notice.announce(w.business.id);
    await until(() => reattached.length > 0, 'the notice from another instance arrived');
    expect(reattached).toEqual([w.business.id]);
    await probe.close();
  });
});
