import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { handleChatEvent } from '../../src/bots/engine/conversation-session.ts';
import { createTranslator, loadMessages } from '../../src/i18n/translator.ts';
import { createRedactingLogger } from '../../src/redacting-logger.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let w: BookingWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
});
afterAll(async () => db.drop());

/** A logger as the service makes it, writing its lines into `lines`. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  return { lines, logger: createRedactingLogger({ level: 'info' }, sink) };
}

// A use case that fails unexpectedly: its unit of work cannot be opened.
const brokenDatabase = (ctx: UseCaseContext): UseCaseContext => ({
  ...ctx,
  orm: new Proxy(ctx.orm, {
    get(target, property, receiver) {
      if (property === 'em') throw new Error('the database broke');
      return Reflect.get(target, property, receiver) as unknown;
    },
  }),
});

describe('logs carry the request or update they were written for', () => {
  it('a use-case failure in a request is logged with the request id, taken from a sane X-Request-Id and sent back', async () => {
    const { lines, logger } = capturedLogger();
    const translator = await createTranslator(await loadMessages());
    const app = buildHttpServer({ logger, isDatabaseReachable: async () => true, customerPages: { ctx: brokenDatabase(w.ctx), translator } });
    const url = `/pay/${w.business.slug}/${randomUUID()}`;

    const response = await app.inject({ method: 'GET', url, headers: { 'x-request-id': 'edge-7f3a.42' } });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('database broke');
    expect(response.headers['x-request-id']).toBe('edge-7f3a.42');
    const failure = lines.find((l) => l['msg'] === 'request failed');
    expect(failure).toMatchObject({ level: 50, reqId: 'edge-7f3a.42', url, err: { message: 'the database broke' } });

    // An id that is not a plain token (spaces, a line break, too long) is replaced by a UUID.
    for (const given of ['two words', 'a\u2028b', 'x'.repeat(200)]) {
      const next = await app.inject({ method: 'GET', url, headers: { 'x-request-id': given } });
      expect(next.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(lines.at(-1)).toMatchObject({ msg: 'request failed', reqId: next.headers['x-request-id'] });
    }
    await app.close();
  });

  it('a chat update gets an id that every line written while it runs carries, and its failure carries it out', async () => {
    const { lines, logger } = capturedLogger();
    const translator = await createTranslator(await loadMessages());
    // The conversation store writes a line as it takes the chat: a line from deep inside the update.
    const conversations = { ...w.ctx.conversations, claim: (...args: Parameters<UseCaseContext['conversations']['claim']>) => (logger.info('chat claimed'), w.ctx.conversations.claim(...args)) };
    const env = { translator, address: { businessId: w.business.id, channel: 'telegram' as const, chatId: '8001' }, profile: {}, idleMinutes: 30 };

    await handleChatEvent({ ...env, ctx: { ...w.ctx, conversations } }, { kind: 'text', text: 'hi' }, 'twilio:SM0001');
    const claimed = lines.find((l) => l['msg'] === 'chat claimed');
    expect(claimed).toMatchObject({ channel: 'telegram', eventKey: 'twilio:SM0001' });
    expect(claimed?.['updateId']).toMatch(/^[0-9a-f-]{36}$/);

    // A failing update: the error the channel's boundary logs names the update.
    const broken = {
      ...conversations,
      claim: () => {
        logger.info('chat claimed');
        throw new Error('the store broke');
      },
    };
    const failed = await handleChatEvent({ ...env, ctx: { ...w.ctx, conversations: broken } }, { kind: 'text', text: 'hi again' }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    logger.error({ err: failed }, 'Telegram update failed');
    const boundary = lines.at(-1)!;
    const during = lines.filter((l) => l['msg'] === 'chat claimed').at(-1)!;
    expect(boundary['err']).toMatchObject({ message: 'the store broke', updateId: during['updateId'] });
    expect(during['updateId']).not.toBe(claimed?.['updateId']);
  });
});
