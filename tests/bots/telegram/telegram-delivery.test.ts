import { randomBytes } from 'node:crypto';
import { Api, GrammyError, HttpError } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { choice, message, raw, say } from '../../../src/bots/engine/chat-message.ts';
import { deliverToTelegram } from '../../../src/bots/telegram/telegram-delivery.ts';
import { renderForTelegram } from '../../../src/bots/telegram/telegram-render.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { BOT_API_FAILURES, FakeBotApi } from '../../support/fake-bot-api.ts';

let translator: Translator;
let fake: FakeBotApi;
let api: Api;

beforeAll(async () => {
  translator = await createTranslator(await loadMessages());
  fake = new FakeBotApi();
  await fake.start();
  api = new Api('777:AAHdeliveryTestToken_0123456789', { apiRoot: fake.url });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.methods.length = 0;
  fake.photos.length = 0;
  fake.clearFailures();
});

// PNG signature, then bytes that look like multipart line breaks, to be sure they arrive intact.
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\r\n--x\r\n'), randomBytes(2048)]);
const withQr = message([say('chat.menu.prompt')], [[choice('menu', say('chat.nav.menu'))]], { image: { png, caption: say('chat.help.text', { business: 'Almaty Beauty' }) } });

const longQr = message([raw('A long payment explanation. '.repeat(40))], [[choice('menu', say('chat.nav.menu'))]], { image: { png, caption: raw('Kaspi QR') } });

describe('Telegram delivery', () => {
  it('sends an image as one photo whose caption carries the text and buttons', async () => {
    const out = renderForTelegram(translator, 'ru', withQr, 3);
    const id = await deliverToTelegram(api, 4242, out);
    expect(fake.methods).toEqual(['sendPhoto']);
    expect(fake.photos).toHaveLength(1);
    expect(fake.photos[0]!.chatId).toBe('4242');
    expect(fake.photos[0]!.png.equals(png)).toBe(true);
    expect(fake.photos[0]!.caption).toContain('Almaty Beauty');
    expect(fake.photos[0]!.caption).toContain('Что вы хотите сделать?');
    expect(fake.last.get('4242')).toMatchObject({ messageId: id, buttons: [{ callback_data: '3|menu' }] });
  });

  it('sends a text too long for a caption after the photo', async () => {
    const id = await deliverToTelegram(api, 4244, renderForTelegram(translator, 'en', longQr, 6));
    expect(fake.methods).toEqual(['sendPhoto', 'sendMessage']);
    expect(fake.photos[0]!.caption).toBe('Kaspi QR');
    expect(fake.last.get('4244')).toMatchObject({ messageId: id, buttons: [{ callback_data: '6|menu' }] });
    expect(fake.last.get('4244')!.text).toContain('A long payment explanation.');
  });

  const plain = () => renderForTelegram(translator, 'en', message([say('chat.menu.prompt')], [[choice('book', say('chat.menu.book'))]]), 4);

  it('edits the pressed menu in place, but never when a photo comes with the answer', async () => {
    const menu = await deliverToTelegram(api, 4243, plain());
    fake.methods.length = 0;
    expect(await deliverToTelegram(api, 4243, plain(), { editMessageId: menu })).toBe(menu);
    expect(fake.methods).toEqual(['editMessageText']);
    fake.methods.length = 0;
    const id = await deliverToTelegram(api, 4243, renderForTelegram(translator, 'en', withQr, 5), { editMessageId: menu });
    expect(id).not.toBe(menu);
    expect(fake.methods).toEqual(['sendPhoto']);
  });

  it.each([
    ['Telegram no longer has the pressed message', null],
    ['the pressed message already says this', BOT_API_FAILURES.messageNotModified],
  ] as const)('sends anew when an edit is refused: %s', async (_case, failure) => {
    // A message this chat never received: Telegram answers "message to edit not found".
    let pressed = 999_999;
    if (failure) {
      pressed = await deliverToTelegram(api, 4245, plain());
      fake.fail('editMessageText', failure, { chatId: 4245 });
    }
    fake.methods.length = 0;
    const id = await deliverToTelegram(api, 4245, plain(), { editMessageId: pressed });
    expect(fake.methods).toEqual(['editMessageText', 'sendMessage']);
    expect(id).not.toBe(pressed);
    expect(fake.last.get('4245')).toMatchObject({ messageId: id, buttons: [{ callback_data: '4|book' }] });
  });

  it("lets Telegram's refusals and network failures reach the caller as grammY errors", async () => {
    fake.fail('sendMessage', BOT_API_FAILURES.botBlocked, { chatId: 4246 });
    const blocked = await deliverToTelegram(api, 4246, plain()).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(GrammyError);
    expect(blocked).toMatchObject({ error_code: 403, description: BOT_API_FAILURES.botBlocked.description });

    fake.fail('sendMessage', BOT_API_FAILURES.tooManyRequests(30), { chatId: 4246 });
    await expect(deliverToTelegram(api, 4246, plain())).rejects.toMatchObject({ error_code: 429, parameters: { retry_after: 30 } });

    fake.fail('sendMessage', BOT_API_FAILURES.droppedConnection, { chatId: 4246 });
    await expect(deliverToTelegram(api, 4246, plain())).rejects.toBeInstanceOf(HttpError);

    // Each script is used up by one call: the next send goes through.
    expect(await deliverToTelegram(api, 4246, plain())).toBe(fake.last.get('4246')!.messageId);
  });
});
