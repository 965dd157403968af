import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/admin/http-server.ts';
import { registerWebChat } from '../../../src/admin/webchat/web-chat-plugin.ts';
import { createWebChatChannel, type WebChatChannel } from '../../../src/bots/webchat/web-chat-channel.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The web chat wired as main.ts wires it: the channel made once, its visitors side handed
// to `registerWebChat` on the service's HTTP server, beside the panel (each with its own
// form parser, cookie, security headers and error pages).
let db: TestDatabase;
let world: BookingWorld;
let channel: WebChatChannel;
let app: FastifyInstance;
const APP_SECRET = 'web-chat-wiring-secret-0123456789abcdef';

beforeAll(async () => {
  db = await createTestDatabase();
  world = await makeBookingWorld(db.orm);
  const translator = await createTranslator(await loadMessages());
  channel = createWebChatChannel({ ctx: world.ctx, translator, idleMinutes: 30 });
  const publicUrl = 'http://127.0.0.1:3000';
  app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, panel: { ctx: world.ctx, translator, appSecret: APP_SECRET, publicUrl } });
  registerWebChat(app, { ctx: world.ctx, translator, appSecret: APP_SECRET, publicUrl, visitors: channel.visitors });
  await app.ready();
});
afterAll(async () => {
  await channel?.stop();
  await app?.close();
  await db?.drop();
});

describe('the web chat beside the panel', () => {
  it('serves the chat and the panel from one server, each with its own cookie and pages', async () => {
    const page = await app.inject({ url: `/chat/${world.business.slug}`, headers: { 'accept-language': 'en' } });
    expect(page.statusCode).toBe(200);
    const visitor = page.cookies.find((c) => c.name === 'bookchat_visitor')!;
    expect(visitor.path).toBe('/chat');
    const token = /name="_token" value="([^"]+)"/.exec(page.body)![1]!;
    const sent = await app.inject({
      method: 'POST',
      url: `/chat/${world.business.slug}/messages`,
      headers: { cookie: `bookchat_visitor=${encodeURIComponent(visitor.value)}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _token: token, text: 'hi' }).toString(),
    });
    expect(sent.statusCode).toBe(303);

    const panel = await app.inject({ url: '/admin/sign-in' });
    expect(panel.statusCode).toBe(200);
    expect(panel.cookies.map((c) => c.name)).not.toContain('bookchat_visitor');
    // Each scope answers its own unknown paths; the rest of the server keeps its own.
    expect((await app.inject({ url: '/chat/no-such-business' })).body).toContain('Chat not found');
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });
});
