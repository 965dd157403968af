import { rm } from 'node:fs/promises';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, withFreePort } from '../../support/free-port.ts';
import { isAlive, makeDataDir, postmasterPid, startOnFreePorts, startService, type ServiceProcess } from '../../support/service-process.ts';

const TOKEN = '777000:AAHserviceTestTokenForTheEmulator_012345';
let emulator: TelegramServer;
let service: ServiceProcess;
let dataDir: string;

beforeAll(async () => {
  const emulatorPort = await withFreePort(async (port) => {
    emulator = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    return port;
  });
  dataDir = await makeDataDir();
  const started = await startOnFreePorts(
    async () => ({
      service: startService({
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(await freePort()),
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: `http://127.0.0.1:${emulatorPort}`,
        TELEGRAM_MODE: 'polling',
      }),
    }),
    'BookChat is running at',
  );
  service = started.service;
});

afterAll(async () => {
  if (service.child.exitCode === null) {
    service.child.kill('SIGTERM');
    await new Promise((resolve) => service.child.once('exit', resolve));
  }
  const pid = await postmasterPid(dataDir);
  if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
  await emulator.stop();
});

async function botReplyTo(chatId: number, count: number): Promise<string[]> {
  for (let i = 0; i < 400; i += 1) {
    const texts = emulator.storage.botMessages.filter((m) => String(m.message.chat_id) === String(chatId)).map((m) => String(m.message.text));
    if (texts.length >= count) return texts;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no reply in chat ${chatId}; service output:\n${service.output()}`);
}

describe('npm start with TELEGRAM_BOT_TOKEN (long polling against a Bot API emulator)', () => {
  it('connects the bot to the demo business, prints the link codes, and answers a customer', async () => {
    expect(service.output()).toMatch(/sends \/link [0-9A-Z]{8} there/);
    expect(service.output()).toMatch(/staff Aigerim: send the bot \/iam [0-9A-Z]{8}/);
    const client = emulator.getClient(TOKEN, { userId: 501, chatId: 501, firstName: 'Dana', type: 'private' });
    await client.sendCommand(client.makeCommand('/start'));
    const [greeting] = await botReplyTo(501, 1);
    expect(greeting).toContain('Aigerim Beauty Studio');
    const menu = emulator.storage.botMessages.find((m) => String(m.message.chat_id) === '501')!;
    const book = (menu.message.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat()[0]!;
    await client.sendCallback(client.makeCallbackQuery(book.callback_data, { message: { message_id: menu.messageId } }));
    // The menu is edited in place into the list of services (the demo business speaks Russian by default).
    for (let i = 0; i < 400 && !String(menu.message.text).includes('услуг'); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(String(menu.message.text)).toContain('услуг');
  });
});
