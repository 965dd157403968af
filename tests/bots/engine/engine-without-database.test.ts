import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BusinessProfile } from '../../../src/app/catalog/business-profile.ts';
import type { ChatText } from '../../../src/bots/engine/chat-message.ts';
import { handleChatEvent } from '../../../src/bots/engine/conversation-session.ts';
import { memoryConversationStore } from '../../../src/bots/engine/memory-conversation-store.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';

// Step logic that needs no use case runs against the in-memory store with no database
// at all: the ORM here throws on any use, so a step that reached for it would fail.
const BUSINESS: BusinessProfile = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Studio Aigerim',
  timeZone: 'Asia/Almaty',
  currency: 'KZT',
  defaultLocale: 'ru',
  cancelCutoffMinutes: 120,
  rescheduleCutoffMinutes: 120,
  rescheduleAnySpecialist: false,
  holdMinutes: 10,
  bookingHorizonDays: 60,
  hasPromoCodes: false,
  phoneCountry: 'KZ',
  about: { description: 'Brows and lashes since 2015.', address: 'Abay 10, Almaty', phone: '+77011234567', mapUrl: 'https://2gis.kz/almaty/firm/1', location: { latitude: 43.2389, longitude: 76.8897 } },
};
const CUSTOMER = '00000000-0000-4000-8000-0000000000c1';
const NOW = Date.UTC(2031, 2, 4, 6, 0);

const noDatabase = new Proxy({} as MikroORM, {
  get(_target, property) {
    throw new Error(`this test has no database (touched orm.${String(property)})`);
  },
});

let translator: Translator;
const read = (language: 'ru', line: ChatText) => ('raw' in line ? line.raw : translator.t(language, line.key, line.params));
beforeAll(async () => {
  translator = await createTranslator(await loadMessages());
});

function chat() {
  const store = memoryConversationStore((id) => (id === BUSINESS.id ? BUSINESS : undefined));
  const env = {
    ctx: { orm: noDatabase, now: () => NOW, conversations: store },
    translator,
    address: { businessId: BUSINESS.id, channel: 'telegram' as const, chatId: '42' },
    profile: {},
    idleMinutes: 30,
  };
  return { store, env };
}

async function knownCustomer(c: ReturnType<typeof chat>, language: 'ru' | 'en' | 'kk' | 'uk') {
  // A chat that already knows its customer and language, as an earlier session left it.
  await c.store.claim(c.env.address, { token: 'seed', now: NOW, leaseMs: 1_000, eventKey: null });
  await c.store.save(c.env.address, { language, customerId: CUSTOMER, step: { name: 'menu' }, touchedAt: NOW }, { token: 'seed', now: NOW, eventKey: null });
}

describe('conversation engine on the in-memory store', () => {
  it('shows help and the language menu, saving each step with a new version', async () => {
    const c = chat();
    await knownCustomer(c, 'ru');
    const help = await handleChatEvent(c.env, { kind: 'command', name: 'help', arg: '' }, 'u1');
    expect(help.language).toBe('ru');
    expect(read('ru', help.messages[0]!.lines[0]!)).toContain('Studio Aigerim');
    // "About us" comes from the profile every event reads already: no query of its own.
    expect(help.messages[0]!.lines.map((l) => read('ru', l))).toEqual(expect.arrayContaining(['ℹ️ О нас: Studio Aigerim', 'Brows and lashes since 2015.', '📍 Abay 10, Almaty', '📞 +77011234567']));
    expect(help.messages[0]!.venue).toEqual({ latitude: 43.2389, longitude: 76.8897, title: 'Studio Aigerim', address: 'Abay 10, Almaty' });
    expect(c.store.peek(c.env.address)).toMatchObject({ version: 2, state: { step: { name: 'help' }, customerId: CUSTOMER } });

    const languages = await handleChatEvent(c.env, { kind: 'command', name: 'language', arg: '' }, 'u2');
    expect(languages.version).toBe(3);
    expect(c.store.peek(c.env.address)?.state).toMatchObject({ step: { name: 'language' } });
  });

  it('answers a redelivered event once, and a menu pressed from an older version with the current step', async () => {
    const c = chat();
    await knownCustomer(c, 'en');
    const first = await handleChatEvent(c.env, { kind: 'command', name: 'help', arg: '' }, 'u7');
    expect(first.duplicate).toBe(false);
    const again = await handleChatEvent(c.env, { kind: 'command', name: 'help', arg: '' }, 'u7');
    expect(again).toMatchObject({ duplicate: true, messages: [] });

    const stale = await handleChatEvent(c.env, { kind: 'choice', id: 'book', version: 1 }, 'u8');
    expect(stale.messages[0]!.lines.map((l) => ('key' in l ? l.key : l.raw))).toContain('chat.stale_menu');
    expect(c.store.peek(c.env.address)?.state).toMatchObject({ step: { name: 'help' } });
  });
});
