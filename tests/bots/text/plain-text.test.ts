import { beforeAll, describe, expect, it } from 'vitest';
import { choice, message, raw, say, type ChatMessage } from '../../../src/bots/engine/chat-message.ts';
import { ConversationState } from '../../../src/bots/engine/conversation-state.ts';
import { readTextNavigation, textMenuPage } from '../../../src/bots/engine/text-menu.ts';
import { renderPlainText, textMenusFor } from '../../../src/bots/text/plain-text.ts';
import { parseTextCommand } from '../../../src/bots/text/text-command.ts';
import { createTranslator, loadMessages, LANGUAGES, type Translator } from '../../../src/i18n/translator.ts';

let translator: Translator;
beforeAll(async () => {
  translator = await createTranslator(await loadMessages());
});

const services = (count: number, name = (i: number) => `Стрижка ${i + 1} · 1 ч · 8 000 ₸`) =>
  message(
    [say('chat.book.pick_service')],
    [...Array.from({ length: count }, (_, i) => [choice(`svc:${i}`, raw(name(i)))]), [choice('menu', say('chat.nav.menu'))]],
  );

describe('plain-text rendering', () => {
  it('prints the lines, then one numbered choice per line, with "0 — menu" for the menu choice', () => {
    const out = renderPlainText(translator, 'ru', services(2), { maxLength: 4096 });
    expect(out.text).toBe('Какая услуга вас интересует?\n\n1 Стрижка 1 · 1 ч · 8 000 ₸\n2 Стрижка 2 · 1 ч · 8 000 ₸\n0 — меню');
  });

  it('takes the icons off button labels and prints a back choice as "0 — back"', () => {
    const msg = message([say('chat.menu.prompt')], [[choice('book', say('chat.menu.book')), choice('x', say('chat.nav.back'))]]);
    expect(renderPlainText(translator, 'en', msg, { maxLength: 320 }).text).toBe('What would you like to do?\n\n1 Book\n0 — back');
  });

  it('keeps an icon-only label (ratings)', () => {
    const msg = message([raw('How was it?')], [[1, 2, 3].map((r) => choice(`rate:${r}`, raw('⭐'.repeat(r))))]);
    expect(renderPlainText(translator, 'en', msg, { maxLength: 320 }).text).toBe('How was it?\n\n1 ⭐\n2 ⭐⭐\n3 ⭐⭐⭐');
  });

  it('pages a long list with "9 — more" and numbers each page from 1', () => {
    const first = renderPlainText(translator, 'en', services(20, (i) => `S${i + 1}`), { maxLength: 4096 });
    expect(first.text.split('\n').slice(2)).toEqual(['1 S1', '2 S2', '3 S3', '4 S4', '5 S5', '6 S6', '7 S7', '8 S8', '9 — more', '0 — menu']);
    const second = renderPlainText(translator, 'en', services(20, (i) => `S${i + 1}`), { maxLength: 4096, page: 1 });
    expect(second.text.split('\n').slice(2)).toEqual(['1 S9', '2 S10', '3 S11', '4 S12', '5 S13', '6 S14', '7 S15', '8 S16', '9 — more', '0 — back']);
    const last = renderPlainText(translator, 'en', services(20, (i) => `S${i + 1}`), { maxLength: 4096, page: 99 });
    expect(last.text.split('\n').slice(2)).toEqual(['1 S17', '2 S18', '3 S19', '4 S20', '0 — back']);
  });

  it('puts fewer choices on a page of an SMS when they are long, and every page fits', () => {
    const msg = services(12, (i) => `Окрашивание волос длинных ${i + 1} · 3 ч · 45 000 ₸`);
    const menus = textMenusFor(320);
    const first = textMenuPage(translator, 'ru', msg, 0, menus);
    expect(first.numbered.length).toBeLessThan(8);
    expect(first.numbered.length).toBeGreaterThan(1);
    let seen = 0;
    for (let page = 0; ; page += 1) {
      const out = renderPlainText(translator, 'ru', msg, { maxLength: 320, page });
      expect(out.text.length).toBeLessThanOrEqual(320);
      const layout = textMenuPage(translator, 'ru', msg, page, menus);
      for (const [i, label] of layout.labels.entries()) expect(out.text).toContain(`\n${i + 1} ${label}\n`);
      seen += layout.numbered.length;
      if (!layout.more) break;
    }
    expect(seen).toBe(12);
  });

  it('shortens the lines above the list at a word, never the numbered lines or a link', () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const msg: ChatMessage = { ...message([raw(long)], [[choice('ok', raw('Confirm')), choice('no', raw('Cancel'))]]), links: [{ label: raw('💳 Pay'), url: 'https://pay.example/c/abcdef' }] };
    const out = renderPlainText(translator, 'en', msg, { maxLength: 160 });
    expect(out.text.length).toBeLessThanOrEqual(160);
    expect(out.text).toMatch(/^word0 word1 .* word\d+…\n\n1 Confirm\n2 Cancel\n\nPay: https:\/\/pay\.example\/c\/abcdef$/su);
  });

  it('cuts labels evenly when the choices alone would not fit, keeping every number', () => {
    const msg = services(3, (i) => `${i + 1}${'x'.repeat(300)}`);
    const out = renderPlainText(translator, 'en', msg, { maxLength: 320 });
    expect(out.text.length).toBeLessThanOrEqual(320);
    expect(out.text).toMatch(/^1 1x+…$/mu);
  });

  it('uses the wording for channels without buttons where there is one', () => {
    const out = renderPlainText(translator, 'en', message([say('chat.checkout.ask_phone')], [[choice('menu', say('chat.nav.cancel'))]]), { maxLength: 320 });
    expect(out.text).not.toContain('button');
    expect(out.text).toContain('1 Cancel');
  });

  it('captions an image with the whole text when it fits; the text carries it all anyway', () => {
    const png = new Uint8Array([1, 2, 3]);
    const msg: ChatMessage = { ...message([raw('Scan to pay')]), image: { png, caption: raw('Kaspi QR') }, links: [{ label: raw('Pay'), url: 'https://kaspi.example/p/1' }] };
    const out = renderPlainText(translator, 'en', msg, { maxLength: 4096 });
    expect(out).toEqual({ text: 'Scan to pay\n\nPay: https://kaspi.example/p/1', image: { png, caption: 'Scan to pay\n\nPay: https://kaspi.example/p/1' } });
    const longer = renderPlainText(translator, 'en', { ...msg, lines: [raw('y'.repeat(2000))] }, { maxLength: 4096 });
    expect(longer.image?.caption).toBe('Kaspi QR');
  });

  it('never cuts an emoji in half (a lone surrogate is not UTF-8), whatever the length', () => {
    for (let max = 20; max <= 60; max += 1) {
      const out = renderPlainText(translator, 'en', message([raw(`📷 photo.jpg ${'😀'.repeat(40)}`)]), { maxLength: max });
      expect(out.text.length).toBeLessThanOrEqual(max);
      expect(/\p{Cs}/u.test(out.text), `max ${max}: ${out.text}`).toBe(false);
    }
  });

  it('never sends an empty text', () => {
    expect(renderPlainText(translator, 'en', message([]), { maxLength: 320 }).text).toBe('…');
  });

  it('has the navigation wording in every language', () => {
    for (const language of LANGUAGES) {
      for (const key of ['text.more', 'text.back', 'text.to_menu']) expect(translator.t(language, key, { number: 9 })).toMatch(/^9 — \p{L}+$/u);
    }
  });
});

describe('navigation words and commands', () => {
  it.each([
    ['0', 'back'],
    ['Back', 'back'],
    ['НАЗАД', 'back'],
    ['артқа', 'back'],
    ['9', 'more'],
    ['ещё', 'more'],
    ['Еще!', 'more'],
    ['далі', 'more'],
    ['тағы', 'more'],
    ['menu', 'menu'],
    ['Меню', 'menu'],
    ['мәзір', 'menu'],
    ['help', 'help'],
    ['?', 'help'],
    ['Помощь', 'help'],
    ['допомога', 'help'],
    ['көмек', 'help'],
    ['1', null],
    ['backwards', null],
    ['menu please tell me more', null],
  ] as const)('%s → %s', (text, expected) => {
    expect(readTextNavigation(text)).toBe(expected);
  });

  it('reads a /command from a bounded prefix', () => {
    expect(parseTextCommand('/start abc')).toEqual({ name: 'start', arg: 'abc' });
    expect(parseTextCommand('  /BOOK')).toEqual({ name: 'book', arg: '' });
    expect(parseTextCommand('book')).toBeNull();
    expect(parseTextCommand(`/${'a'.repeat(40)}`)).toBeNull();
  });
});

describe('the stored text menu', () => {
  it('reads a state stored before text menus existed as having none', () => {
    const old = { language: 'ru', customerId: null, step: { name: 'menu' }, touchedAt: 1 };
    expect(ConversationState.parse(old).textMenu).toBeNull();
  });
});
