import { beforeAll, describe, expect, it } from 'vitest';
import { choice, message, raw, say } from '../../../src/bots/engine/chat-message.ts';
import { ChoiceValue, entryOf } from '../../../src/bots/webchat/web-chat-body.ts';
import { renderForWebChat, WEB_CHAT_MAX_TEXT } from '../../../src/bots/webchat/web-chat-render.ts';
import { WebChatSignals } from '../../../src/bots/webchat/web-chat-signals.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';

// How an engine message becomes a web-chat message and what the page shows of it.
let translator: Translator;
beforeAll(async () => {
  translator = await createTranslator(await loadMessages());
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('web-chat rendering', () => {
  it('words lines and choices in the language, keeps the version for the buttons, shows the image inline', () => {
    const body = renderForWebChat(
      translator,
      'uk',
      message([say('chat.menu.prompt'), raw('Kyiv Studio')], [[choice('book', say('chat.menu.book')), choice('menu', raw('≡'))]], {
        links: [{ label: raw('Pay'), url: 'https://pay.example.com/x' }],
        image: { png: PNG, caption: raw('Scan to pay') },
      }),
      7,
    );
    expect(body.lines).toEqual([translator.t('uk', 'chat.menu.prompt'), 'Kyiv Studio']);
    expect(body.choices[0]!.map((c) => c.label)).toEqual([translator.t('uk', 'chat.menu.book'), '≡']);
    const entry = entryOf({ seq: 3, author: 'business', body })!;
    expect(entry.choices[0]!.map((c) => c.value)).toEqual(['7|book', '7|menu']);
    expect(entry.links).toEqual([{ label: 'Pay', url: 'https://pay.example.com/x' }]);
    expect(entry.image).toEqual({ src: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`, caption: 'Scan to pay' });
  });

  it('gives a notification’s buttons the value that stays valid', () => {
    const entry = entryOf({ seq: 1, author: 'business', body: renderForWebChat(translator, 'en', message([raw('Reminder')], [[choice('rm-ok:abc', raw('OK'))]]), null) })!;
    expect(entry.choices[0]![0]!.value).toBe('g|rm-ok:abc');
    expect(ChoiceValue.parse('g|rm-ok:abc')).toEqual({ version: null, id: 'rm-ok:abc' });
    expect(ChoiceValue.parse('12|book')).toEqual({ version: 12, id: 'book' });
  });

  it.each(['book', '|book', 'x|book', '1|', '1|a b', `1|${'a'.repeat(65)}`, '12345678901|book'])('refuses the pressed value %j', (value) => {
    expect(ChoiceValue.safeParse(value).success).toBe(false);
  });

  it('asks for a phone number to be typed: the page has no button to share one', () => {
    for (const language of ['en', 'ru', 'uk', 'kk']) {
      const body = renderForWebChat(translator, language, message([say('chat.checkout.ask_phone')], [], { requestContact: true }), 1);
      expect(body.lines, language).toEqual([translator.t(language, 'chat.web.variant.chat.checkout.ask_phone')]);
      expect(body.lines[0], language).not.toBe(translator.t(language, 'chat.checkout.ask_phone'));
    }
  });

  it('shows a link that is not a web link as text, never as a link', () => {
    const body = renderForWebChat(translator, 'en', message([raw('Find us')], [], { links: [{ label: raw('Map'), url: 'javascript:alert(1)' }] }), 1);
    const entry = entryOf({ seq: 1, author: 'business', body })!;
    expect(entry.links).toEqual([]);
    expect(entry.lines).toEqual(['Find us', 'Map: javascript:alert(1)']);
  });

  it('keeps a message within the channel’s length and skips bodies it cannot read', () => {
    const body = renderForWebChat(translator, 'en', message([raw('a'.repeat(3000)), raw('b'.repeat(3000)), raw('c')]), 1);
    expect(body.lines.join('').length).toBe(WEB_CHAT_MAX_TEXT);
    expect(entryOf({ seq: 1, author: 'business', body: { something: 'else' } })).toBeNull();
    expect(entryOf({ seq: 1, author: 'visitor', body: { text: 'hi' } })).toMatchObject({ author: 'visitor', lines: ['hi'] });
  });
});

describe('web-chat signals', () => {
  it('wakes the polls of one chat only, and lets every poll go on close', async () => {
    const signals = new WebChatSignals();
    const woken: string[] = [];
    const a = signals.next('b1', 'v1', 600_000).then(() => woken.push('a'));
    const other = signals.next('b1', 'v2', 600_000).then(() => woken.push('other'));
    expect(signals.waiting).toBe(2);
    signals.wake('b1', 'v1');
    await a;
    expect(woken).toEqual(['a']);
    expect(signals.waiting).toBe(1);
    const aborted = new AbortController();
    const gone = signals.next('b1', 'v3', 600_000, aborted.signal);
    aborted.abort();
    await gone;
    signals.close();
    await other;
    expect(woken).toEqual(['a', 'other']);
    expect(signals.waiting).toBe(0);
    // Closed: a new poll does not wait at all.
    await signals.next('b1', 'v1', 600_000);
  });
});
