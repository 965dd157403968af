import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { ChannelIdentitySchema, CustomerSchema, UserSchema } from '../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from './booking-world.ts';
import { FakeBotApi } from './fake-bot-api.ts';
import { roleProcesses, type RoleProcesses } from './role-processes.ts';
import { telegramUpdates, type TelegramUpdates } from './telegram-updates.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** The bot every fault test's business is connected to (TELEGRAM_BOT_TOKEN of every process). */
export const FAULT_BOT_TOKEN = '660066:AAHfaultTestTokenForTheFakeBotApi_0123';

/**
 * A business on a fresh database, ready for real processes of the service: its bot
 * answers on the fake Bot API (webhook mode, so the web processes take Telegram's
 * updates and the worker only sends), and every process shares the database and
 * APP_SECRET. Nothing runs yet: a test starts the roles it needs with `processes`.
 */
export interface FaultWorld {
  db: TestDatabase;
  /** The business (its clock is the world's; the processes use the real one). */
  world: BookingWorld;
  api: FakeBotApi;
  processes: RoleProcesses;
  /** Updates signed for the bot, to POST to a web process. */
  updates: TelegramUpdates;
  /** A read of the database (positional `?` parameters). */
  sql<T extends object>(text: string, params?: unknown[]): Promise<T[]>;
  /** Customers with a Telegram chat each (chat ids from `firstChatId` up). */
  telegramCustomers(count: number, firstChatId: number): Promise<{ customerId: string; chatId: number }[]>;
  /** `count` write-scoped API keys of the business (the API limits requests per key). */
  apiKeys(count: number): Promise<string[]>;
  /** Stops every process, the fake Bot API and drops the database. */
  stop(): Promise<void>;
}

/**
 * Builds the world: `staff` specialists working 09:00–18:00 every day in Kyiv (the world
 * starts today, so the processes' clock and the business's agree), no demo business, the
 * processes' environment plus `env`. `adminUrl` puts the database on another server
 * than the run's (a test that restarts its server).
 */
export async function makeFaultWorld(options: { staff?: number; adminUrl?: string; env?: Record<string, string>; sendDelayMs?: number } = {}): Promise<FaultWorld> {
  const db = await createTestDatabase({ poolMax: 4, ...(options.adminUrl ? { adminUrl: options.adminUrl } : {}) });
  const api = new FakeBotApi({ sendDelayMs: options.sendDelayMs ?? 0 });
  await api.start();
  const world = await makeBookingWorld(db.orm, { staff: options.staff ?? 2, customers: 0, today: DateTime.now().setZone('Europe/Kyiv').toISODate()! });
  const appSecret = randomBytes(32).toString('base64url');
  const processes = roleProcesses({
    DATABASE_URL: db.url,
    APP_SECRET: appSecret,
    // The env's bot goes to the first business: this one.
    SEED_DEMO: 'false',
    TELEGRAM_BOT_TOKEN: FAULT_BOT_TOKEN,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_MODE: 'webhook',
    PUBLIC_URL: 'https://bookchat.test',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const connection = db.orm.em.getConnection();
  return {
    db,
    world,
    api,
    processes,
    updates: telegramUpdates(FAULT_BOT_TOKEN, appSecret),
    sql: (text, params = []) => connection.execute(text, params),
    async telegramCustomers(count, firstChatId) {
      const em = emForBusiness(db.orm, world.business.id);
      const made = Array.from({ length: count }, (_, i) => {
        const chatId = firstChatId + i;
        const customer = em.create(CustomerSchema, { business: world.business.id, name: `Guest ${chatId}` });
        em.create(ChannelIdentitySchema, { business: world.business.id, channel: 'telegram', externalId: String(chatId), customer });
        return { customer, chatId };
      });
      await em.flush();
      return made.map(({ customer, chatId }) => ({ customerId: customer.id, chatId }));
    },
    async apiKeys(count) {
      const users = emAcrossBusinesses(db.orm);
      const user = users.create(UserSchema, { email: `faults-${world.business.slug}@example.com`, name: 'Integrator', passwordHash: 'x' });
      await users.flush();
      const keys: string[] = [];
      for (let i = 0; i < count; i += 1) keys.push((await createApiKey(world.ctx, world.business.id, user.id, { name: `faults-${i}`, scope: 'write' })).plainKey);
      return keys;
    },
    async stop() {
      await processes.stopAll();
      await api.stop();
      await db.drop();
    },
  };
}
