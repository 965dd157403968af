import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebChatVisitors } from '../../../src/app/channels/web-chat.ts';
import { ConversationSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { choicesIn, messagesIn, startWebChatHarness, type WebChatHarness } from './web-chat-harness.ts';

// The web chat's HTTP side on a real PostgreSQL and the real engine: what a visitor sees,
// what they may send, and that no visitor reaches another's chat.
let db: TestDatabase;
let h: WebChatHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startWebChatHarness(db.orm);
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});
beforeEach(() => h.world.clock.reset());

const conversations = () => emForBusiness(db.orm, h.world.business.id).count(ConversationSchema, {});

describe('the chat page', () => {
  it('greets a new visitor with Start, and gives them a private cookie', async () => {
    const v = h.visitor();
    const page = await v.open();
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Kyiv Studio');
    expect(page.body).toContain('press Start or write a message');
    expect(page.body).toContain('name="start"');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    const cookie = page.cookies.find((c) => c.name === 'bookchat_visitor')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/chat' });
    expect(cookie.secure).toBeFalsy();
    // No inline script or style anywhere on the page (the CSP would refuse them).
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle="/);
    const assets = await Promise.all(['/chat/_assets/web-chat.js', '/chat/_assets/web-chat.css', `${h.base}/brand.css`].map((url) => h.app.inject(url)));
    expect(assets.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(assets[2]!.body).toContain('--brand: #1E90FF');
  });

  it('marks the cookie Secure behind https', async () => {
    const secure = await startWebChatHarness(db.orm, { publicUrl: 'https://book.example.com' });
    try {
      const page = await secure.visitor().open();
      expect(page.cookies.find((c) => c.name === 'bookchat_visitor')!.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('answers an unknown business, and anything else under /chat, with a 404 page', async () => {
    for (const url of ['/chat/no-such-business', '/chat/no-such-business/messages?after=0', '/chat/', '/chat/_assets/nothing.js', '/chat/NOT%20A%20SLUG']) {
      const response = await h.app.inject({ url, headers: { 'accept-language': 'en' } });
      expect(response.statusCode, url).toBe(404);
    }
    const page = await h.app.inject({ url: '/chat/no-such-business', headers: { 'accept-language': 'uk' } });
    expect(page.body).toContain('Чат не знайдено');
    const post = await h.visitor().post({ _token: 'x', text: 'hi' }, { url: '/chat/no-such-business/messages' });
    expect(post.statusCode).toBe(404);
  });

  it('takes a message with a zone that is no zone as if it came without one', async () => {
    const v = h.visitor();
    await v.open();
    for (const tz of ['Mars/Olympus_Mons', 'x'.repeat(200), '']) {
      const sent = await v.post({ text: 'hi', tz });
      expect(sent.statusCode, tz).toBe(303);
    }
    expect(messagesIn((await v.open()).body).filter((m) => m.author === 'visitor')).toHaveLength(3);
  });

  it('speaks the browser’s language, then the business’s', async () => {
    expect((await h.visitor({ language: 'ru-RU,ru;q=0.9,en;q=0.8' }).open()).body).toContain('Напишите сообщение');
    expect((await h.visitor({ language: 'de-DE,kk;q=0.5' }).open()).body).toContain('Хабарлама жазыңыз');
    // The world's business speaks English by default.
    expect((await h.visitor({ language: 'de-DE' }).open()).body).toContain('Write a message');
  });
});

describe('a conversation', () => {
  it('runs what a visitor types and presses through the bot, and shows it all after a reload', async () => {
    const v = h.visitor();
    await v.open();
    const sent = await v.post({ text: 'hi' });
    // Without the page's script: back to the page.
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${h.base}#last`);
    const page = await v.open();
    const shown = messagesIn(page.body);
    expect(shown[0]).toMatchObject({ author: 'visitor', text: expect.stringContaining('hi') });
    expect(shown[1]!.author).toBe('business');
    const menu = choicesIn(page.body);
    expect([...menu.keys()].join(' ')).toContain('Book');
    // With the script: the answer is the new messages, after what the page had.
    const after = shown.at(-1)!.seq;
    const pressed = await v.post({ choice: [...menu].find(([label]) => label.includes('Book'))![1], after: String(after) }, { script: true });
    expect(pressed.statusCode).toBe(200);
    const fresh = messagesIn(pressed.body);
    expect(fresh.map((m) => m.author)).toEqual(['visitor', 'business']);
    expect(fresh[0]!.text).toContain('Book');
    expect(fresh[1]!.text).toContain('Which service');
    expect(fresh.every((m) => m.seq > after)).toBe(true);
    // The duration's unit is ICU's short form ("1 hr"), so only its place is checked.
    expect([...choicesIn(pressed.body).keys()]).toContainEqual(expect.stringMatching(/^Haircut · .+ · ₴600$/));
    // A reload shows the whole conversation, in order.
    expect(messagesIn((await v.open()).body).map((m) => m.author)).toEqual(['visitor', 'business', 'visitor', 'business']);
  });

  it('starts with Start, straight at a service when the link names one', async () => {
    const v = h.visitor();
    const page = await v.open(`${h.base}?service=${h.world.haircut.id}`);
    expect(page.body).toContain(`value="${h.world.haircut.id}"`);
    expect((await v.post({ start: h.world.haircut.id })).statusCode).toBe(303);
    const opened = await v.open();
    const shown = messagesIn(opened.body);
    // Start, then the haircut's specialists at once: no greeting menu, no service list.
    expect(shown.map((m) => m.author)).toEqual(['visitor', 'business']);
    expect(shown[0]!.text).toContain('Start');
    expect(shown[1]!.text).toContain('Who would you like to see?');
    // Each specialist's button carries their soonest free time ("Specialist 1 · today 09:00").
    expect([...choicesIn(opened.body).keys()]).toEqual(expect.arrayContaining(['Anyone available', ...h.world.staff.map((s) => expect.stringMatching(new RegExp(`^${s.name} · .*\\d\\d:\\d\\d$`)))]));
  });

  it('opens the menu with Start when the link names no service or a malformed one', async () => {
    for (const start of ['menu', 'not-a-service']) {
      const v = h.visitor();
      await v.open();
      expect((await v.post({ start })).statusCode).toBe(303);
      const shown = messagesIn((await v.open()).body);
      expect(shown.map((m) => m.author), start).toEqual(['visitor', 'business']);
      expect(shown[1]!.text, start).toContain('Kyiv Studio');
    }
  });

  it('handles a send repeated with the same id once', async () => {
    const v = h.visitor();
    await v.open();
    expect((await v.post({ text: 'hi', event: 'repeat-0123456789' })).statusCode).toBe(303);
    const before = (await h.stored()).length;
    expect((await v.post({ text: 'hi', event: 'repeat-0123456789' })).statusCode).toBe(303);
    expect((await h.stored()).length).toBe(before);
  });

  it('answers a pressed menu that is out of date with the current step', async () => {
    const v = h.visitor();
    await v.open();
    await v.post({ text: 'hi' });
    const first = choicesIn((await v.open()).body);
    const book = [...first].find(([label]) => label.includes('Book'))![1];
    await v.post({ choice: book });
    // The first menu again: drawn for an older version of the conversation.
    const stale = await v.post({ choice: [...first].find(([label]) => label.includes('Help'))![1] }, { script: true });
    expect(messagesIn(stale.body).at(-1)!.text).toContain('out of date');
    expect(book.startsWith('g|')).toBe(false);
  });
});

describe('visitors are kept apart', () => {
  it('never shows or takes one visitor’s chat for another', async () => {
    const a = h.visitor();
    const b = h.visitor();
    await a.open();
    await b.open();
    // A long word: random text on B's page (a token, a timestamp) could hold a short one.
    const secret = 'quartz-zebra-secret-91';
    await a.post({ text: `my secret is ${secret}` });
    const aId = (await h.stored()).find((m) => JSON.stringify(m.body).includes(secret))!.visitorId;
    // B's page, B's poll and B's fragments hold nothing of A's.
    expect((await b.open()).body).not.toContain(secret);
    const poll = await b.poll(0);
    expect(poll.statusCode).toBe(200);
    expect(poll.body).not.toContain(secret);
    // A's form token does not work with B's cookie; a visitor id in the body is ignored.
    const before = (await h.stored()).length;
    expect((await b.post({ _token: a.token()!, text: 'let me in' })).statusCode).toBe(403);
    expect((await h.stored()).length).toBe(before);
    await b.post({ text: 'hello from b', visitorId: aId, visitor: aId });
    const stored = await h.stored();
    expect(stored.find((m) => JSON.stringify(m.body).includes('hello from b'))!.visitorId).not.toBe(aId);
    expect(messagesIn((await a.open()).body).map((m) => m.text).join(' ')).not.toContain('hello from b');
    // The cookie is encrypted: a forged one is no visitor at all.
    const forged = await h.app.inject({ method: 'GET', url: `${h.base}/messages?after=0`, headers: { cookie: `bookchat_visitor=${aId}` } });
    expect(forged.statusCode).toBe(403);
  });
});

describe('bad input changes nothing', () => {
  it.each<{ name: string; form: Record<string, string>; status: number }>([
    { name: 'no token', form: { _token: '', text: 'hi' }, status: 403 },
    { name: 'a wrong token', form: { _token: 'A'.repeat(43), text: 'hi' }, status: 403 },
    { name: 'text and a choice at once', form: { text: 'hi', choice: '1|book' }, status: 400 },
    { name: 'nothing to send', form: {}, status: 400 },
    { name: 'blank text', form: { text: '   ' }, status: 400 },
    { name: 'text over 1000 characters', form: { text: 'a'.repeat(1001) }, status: 400 },
    { name: 'a malformed choice', form: { choice: 'book' }, status: 400 },
    { name: 'a choice never offered', form: { choice: 'g|tb-approve:00000000-0000-4000-8000-000000000000' }, status: 400 },
    { name: 'a malformed event id', form: { text: 'hi', event: '<script>' }, status: 400 },
  ])('$name → $status', async ({ form, status }) => {
    const v = h.visitor();
    await v.open();
    const before = [(await h.stored()).length, await conversations()];
    expect((await v.post(form)).statusCode).toBe(status);
    expect((await v.post(form, { script: true })).statusCode).toBe(status);
    expect([(await h.stored()).length, await conversations()]).toEqual(before);
  });

  it('refuses a post without the visitor cookie, a JSON body, and an oversized body', async () => {
    const v = h.visitor();
    await v.open();
    const before = (await h.stored()).length;
    const noCookie = await h.app.inject({ method: 'POST', url: `${h.base}/messages`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `_token=${v.token()}&text=hi` });
    expect(noCookie.statusCode).toBe(403);
    expect(noCookie.body).toContain('This page has expired');
    const noTokenField = await h.app.inject({ method: 'POST', url: `${h.base}/messages`, headers: { cookie: v.cookie()!, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'text=hi' });
    expect(noTokenField.statusCode).toBe(403);
    const noBody = await h.app.inject({ method: 'POST', url: `${h.base}/messages`, headers: { cookie: v.cookie()! } });
    expect(noBody.statusCode).toBe(415);
    const json = await h.app.inject({ method: 'POST', url: `${h.base}/messages`, headers: { cookie: v.cookie()!, 'content-type': 'application/json' }, payload: JSON.stringify({ _token: v.token(), text: 'hi' }) });
    expect(json.statusCode).toBe(415);
    const big = await v.post({ text: 'я'.repeat(3000) });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('too long');
    expect((await h.stored()).length).toBe(before);
  });
});

describe('what a visitor is told when something fails', () => {
  it('refuses a poll for a position that is not one', async () => {
    const v = h.visitor();
    await v.open();
    for (const after of ['abc', '-1', '1.5', '']) {
      const poll = await h.app.inject({ url: `${h.base}/messages?after=${after}`, headers: { cookie: v.cookie()!, 'x-web-chat': '1' } });
      expect(poll.statusCode, after).toBe(400);
      expect(poll.body, after).toBe('That message could not be read. Please try again.');
    }
  });

  it('answers an unexpected failure with a plain apology: no stack, no internals, nothing stored', async () => {
    const failing: WebChatVisitors = {
      ...h.channel.visitors,
      send: () => Promise.reject(new Error('relation "secret_table" does not exist')),
    };
    const broken = await startWebChatHarness(db.orm, { deps: { visitors: failing } });
    try {
      const v = broken.visitor();
      await v.open();
      for (const script of [false, true]) {
        const answer = await v.post({ text: 'hi' }, { script });
        expect(answer.statusCode).toBe(500);
        expect(answer.body).toContain('Something went wrong on our side');
        expect(answer.body).not.toMatch(/secret_table|Error|\bat \S+:\d+/);
      }
      expect(await broken.stored()).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});

describe('limits', () => {
  it('caps sends per visitor and per address', async () => {
    const limited = await startWebChatHarness(db.orm, { deps: { limits: { sendsPerMinutePerVisitor: 2, sendsPerMinutePerAddress: 3 } } });
    try {
      const v = limited.visitor();
      await v.open();
      expect((await v.post({ text: 'one' })).statusCode).toBe(303);
      expect((await v.post({ text: 'two' })).statusCode).toBe(303);
      const third = await v.post({ text: 'three' }, { script: true });
      expect(third.statusCode).toBe(429);
      expect(third.body).toContain('wait a minute');
      // Another visitor from the same address has one send left there.
      const other = limited.visitor();
      await other.open();
      expect((await other.post({ text: 'four' })).statusCode).toBe(303);
      expect((await other.post({ text: 'five' })).statusCode).toBe(429);
      expect((await limited.stored()).filter((m) => m.author === 'visitor').map((m) => m.body['text'])).toEqual(['one', 'two', 'four']);
    } finally {
      await limited.close();
    }
  });
});
