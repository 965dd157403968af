import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { choice, message, raw, say } from '../../../src/bots/engine/chat-message.ts';
import { CallbackData, callbackData, renderForTelegram } from '../../../src/bots/telegram/telegram-render.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';

let translator: Translator;
beforeAll(async () => {
  translator = await createTranslator(await loadMessages());
});

describe('Telegram rendering', () => {
  it.each(['tb-approve', 'tb-decline', 'tb-paid', 'tb-unpaid', 'tb-arrived', 'tb-noshow', 'rm-cancel', 'rm-move', 'wl-take'])('keeps %s:<uuid> within 64 bytes of callback data', (action) => {
    const data = callbackData(null, `${action}:${randomUUID()}`);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(CallbackData.parse(data)).toMatchObject({ version: null });
  });

  it('keeps the longest menu choices within 64 bytes at a large version', () => {
    for (const id of [`svc:${randomUUID()}`, `stf:${randomUUID()}`, `bk:${randomUUID()}`, `rate:${randomUUID()}:5`, `tm:${Date.UTC(2199, 11, 31)}`]) {
      expect(CallbackData.parse(callbackData(9_999_999_999, id))).toEqual({ version: 9_999_999_999, id });
    }
  });

  it('refuses an id that would not fit instead of sending a broken button', () => {
    expect(() => callbackData(1, 'x'.repeat(70))).toThrow(/64 bytes/);
  });

  it.each(['', '|x', 'abc|x', '12', 'g|' + 'y'.repeat(70)])('does not accept forged callback data %j', (data) => {
    expect(CallbackData.safeParse(data).success).toBe(false);
  });

  it('renders an image as a photo whose caption, in the reader\'s language, carries the text when it fits', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const out = renderForTelegram(translator, 'kk', message([say('chat.menu.prompt')], [[choice('book', say('chat.menu.book'))]], { image: { png, caption: say('chat.nav.menu') } }), 2);
    const plain = renderForTelegram(translator, 'kk', message([say('chat.menu.prompt')], [[choice('book', say('chat.menu.book'))]]), 2);
    expect(out).toEqual({ ...plain, photo: { png, caption: `${translator.t('kk', 'chat.nav.menu')}\n\n${plain.text}`, withText: true } });
    expect(plain.photo).toBeUndefined();
  });

  it('renders choices as an inline keyboard, a contact request as a reply keyboard, and a dismissal as its removal', () => {
    const menu = renderForTelegram(translator, 'ru', message([say('chat.menu.prompt')], [[choice('book', say('chat.menu.book'))]]), 7);
    expect(menu).toMatchObject({ inline: true, text: 'Что вы хотите сделать?', reply_markup: { inline_keyboard: [[{ text: '📅 Записаться', callback_data: '7|book' }]] } });
    const contact = renderForTelegram(translator, 'en', message([say('chat.checkout.ask_phone')], [[choice('menu', say('chat.nav.cancel'))]], { requestContact: true }), 8);
    expect(contact).toMatchObject({ inline: false, reply_markup: { keyboard: [[{ text: '📱 Share my phone number', request_contact: true }], [{ text: '✖️ Cancel' }]] } });
    expect(renderForTelegram(translator, 'en', { lines: [raw('ok')], choices: [], dismissKeyboard: true }, 9)).toEqual({ inline: false, text: 'ok', reply_markup: { remove_keyboard: true } });
  });

  it("cuts text at Telegram's 4096 characters", () => {
    expect(renderForTelegram(translator, 'en', message([raw('x'.repeat(5000))]), 1).text).toHaveLength(4096);
  });
});
