import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ChatMessage } from '../../src/bots/engine/chat-message.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Translator } from '../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from './booking-world.ts';
import { chatDriver, type ChatDriver } from './chat-driver.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** What a chat beyond the defaults needs (a channel, a language, a zone, numbered menus). */
export type CustomerOptions = Omit<Parameters<typeof chatDriver>[0], 'ctx' | 'translator' | 'businessId' | 'chatId'>;

/**
 * A booking world for transcript tests of the conversation engine: its own database, the
 * world (clock at 08:00 Kyiv on Monday 2031-03-03, reset before each test), the
 * translator, and a new customer chat per `customer()` (chat ids from `firstChatId` on).
 * Call it at the top of a test file: it registers its own hooks.
 */
export interface EngineWorld {
  readonly db: TestDatabase;
  readonly w: BookingWorld;
  readonly translator: Translator;
  /** The world's business-scoped entity manager, fresh each call. */
  em(): EntityManager;
  /** A new chat, as Olena unless `name` says otherwise. */
  customer(options?: CustomerOptions): ChatDriver;
  /** The last chat's id `customer()` made. */
  lastChatId(): string;
  /** A message as read in `language` (English by default), lines joined. */
  read(message: ChatMessage, language?: string): string;
  /**
   * Takes a new chat through booking `service` (a haircut) with anyone on Tue at `time`
   * up to the summary, as Olena, with a phone of its own (`+380 67 <block> <chat> 00`).
   */
  toSummary(chat: ChatDriver, time: string, options?: { service?: string; block?: string }): Promise<void>;
}

export function useEngineWorld(options: { firstChatId: number; customers?: number; poolMax?: number }): EngineWorld {
  let db: TestDatabase | undefined;
  let w: BookingWorld | undefined;
  let translator: Translator | undefined;
  let chats = 0;
  beforeAll(async () => {
    db = await createTestDatabase({ poolMax: options.poolMax ?? 6 });
    w = await makeBookingWorld(db.orm, { customers: options.customers ?? 1 });
    translator = await createTranslator(await loadMessages());
  });
  afterAll(async () => db?.drop());
  beforeEach(() => w?.clock.reset());
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is used before beforeAll ran`);
    return value;
  };
  const world: EngineWorld = {
    get db() {
      return ready(db, 'db');
    },
    get w() {
      return ready(w, 'w');
    },
    get translator() {
      return ready(translator, 'translator');
    },
    em: () => emForBusiness(world.db.orm, world.w.business.id),
    customer(extra = {}) {
      chats += 1;
      return chatDriver({ ctx: world.w.ctx, translator: world.translator, businessId: world.w.business.id, chatId: world.lastChatId(), name: 'Olena', ...extra });
    },
    lastChatId: () => String(options.firstChatId + chats),
    read: (message, language = 'en') => message.lines.map((t) => ('raw' in t ? t.raw : world.translator.t(language, t.key, t.params))).join('\n'),
    async toSummary(chat, time, extra = {}) {
      await chat.type('hi');
      await chat.press('book');
      await chat.press(extra.service ?? 'Haircut');
      await chat.press('Anyone');
      await chat.press('Tue');
      await chat.press(time);
      await chat.press('name:profile');
      await chat.type(`+380 67 ${extra.block ?? '555'} ${world.lastChatId().slice(-2)} 00`);
    },
  };
  return world;
}
