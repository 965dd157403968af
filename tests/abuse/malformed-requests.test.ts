import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changedTables, countAllTables } from '../support/table-counts.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startAbuseService, type AbuseService } from './abuse-service.ts';
import { leakedInternals, rawRequest } from './raw-http.ts';

// Every public route that takes a body, sent what no browser, chat provider or API
// client sends: broken and deeply nested JSON, the wrong content type, fields past
// every limit, bytes that are not UTF-8. Each is a 4xx whose body shows no stack frame
// and no file path, nothing is written, and nothing is logged as a server error.
let db: TestDatabase;
let s: AbuseService;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  s = await startAbuseService(db);
});
afterAll(async () => {
  await s?.stop();
  await db?.drop();
});
afterEach(() => {
  // A 5xx or an unexpected error would be logged at error level with its stack.
  expect(s.logs.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
});

const SOME_ID = '5f0c7a52-3b1e-4c9a-9d55-0f6b1c2d3e4f';

/** A public route that takes a body, and the headers its honest clients send besides. */
interface BodyRoute {
  name: string;
  method: 'POST' | 'PATCH';
  path: () => string;
  headers?: () => Record<string, string>;
}

const ROUTES: BodyRoute[] = [
  { name: 'panel sign-in', method: 'POST', path: () => '/admin/sign-in' },
  { name: 'panel password reset request', method: 'POST', path: () => '/admin/password-reset' },
  { name: 'booking page hold', method: 'POST', path: () => `/b/${s.w.business.slug}/hold` },
  { name: 'booking page details', method: 'POST', path: () => `/b/${s.w.business.slug}/h/${SOME_ID}` },
  { name: 'booking page code', method: 'POST', path: () => `/b/${s.w.business.slug}/h/${SOME_ID}/code` },
  { name: 'booking page cancel', method: 'POST', path: () => `/b/${s.w.business.slug}/m/${SOME_ID}/cancel` },
  { name: 'booking page move', method: 'POST', path: () => `/b/${s.w.business.slug}/m/${SOME_ID}/move` },
  { name: 'web chat message', method: 'POST', path: () => `/chat/${s.w.business.slug}/messages` },
  { name: 'API booking', method: 'POST', path: () => '/api/v1/bookings', headers: () => ({ authorization: `Bearer ${s.apiKey}` }) },
  { name: 'API hold', method: 'POST', path: () => '/api/v1/bookings/holds', headers: () => ({ authorization: `Bearer ${s.apiKey}` }) },
  { name: 'API customer', method: 'POST', path: () => '/api/v1/customers', headers: () => ({ authorization: `Bearer ${s.apiKey}` }) },
  { name: 'API customer change', method: 'PATCH', path: () => `/api/v1/customers/${SOME_ID}`, headers: () => ({ authorization: `Bearer ${s.apiKey}` }) },
  { name: 'API webhook subscription', method: 'POST', path: () => '/api/v1/webhooks', headers: () => ({ authorization: `Bearer ${s.apiKey}` }) },
  { name: 'API booking cancel', method: 'POST', path: () => `/api/v1/bookings/${SOME_ID}/cancel`, headers: () => ({ authorization: `Bearer ${s.apiKey}` }) },
  { name: 'Telegram webhook', method: 'POST', path: () => `/telegram/${s.telegram.botId}`, headers: () => ({ 'x-telegram-bot-api-secret-token': s.telegram.secret }) },
  { name: 'Twilio SMS webhook', method: 'POST', path: () => `/twilio/${s.w.business.slug}/sms`, headers: () => ({ 'x-twilio-signature': 'c2lnbmF0dXJl' }) },
  { name: 'Twilio WhatsApp webhook', method: 'POST', path: () => `/twilio/${s.w.business.slug}/whatsapp`, headers: () => ({ 'x-twilio-signature': 'c2lnbmF0dXJl' }) },
  { name: 'Stripe webhook', method: 'POST', path: () => `/webhooks/stripe/${s.w.business.slug}`, headers: () => ({ 'stripe-signature': 't=1,v1=00' }) },
];

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const BAD_UTF8 = Buffer.from([0x66, 0x6f, 0x72, 0x6d, 0x3d, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]);

/** The malformed bodies, each with its content type. */
const BODIES: { name: string; type: string | null; body: () => Buffer | string }[] = [
  { name: 'broken JSON', type: 'application/json', body: () => '{"text": "hi", "choice": ' },
  { name: 'JSON that is a bare string', type: 'application/json', body: () => '"hi"' },
  { name: 'JSON nested 10,000 deep', type: 'application/json', body: () => nested(10_000) },
  { name: 'JSON with a __proto__ key', type: 'application/json', body: () => '{"__proto__": {"admin": true}, "constructor": {"prototype": {"admin": true}}}' },
  { name: 'an empty JSON body', type: 'application/json', body: () => '' },
  { name: 'JSON of invalid UTF-8', type: 'application/json; charset=utf-8', body: () => Buffer.concat([Buffer.from('{"text":"'), BAD_UTF8, Buffer.from('"}')]) },
  { name: 'a form of invalid UTF-8', type: 'application/x-www-form-urlencoded', body: () => BAD_UTF8 },
  { name: 'a form with broken percent-escapes', type: 'application/x-www-form-urlencoded', body: () => 'text=%E0%A4%A&email=%%%&password=%ZZ' },
  { name: 'a form field of 200 KB', type: 'application/x-www-form-urlencoded', body: () => `text=${'a'.repeat(200 * 1024)}&email=${'b'.repeat(1000)}` },
  { name: 'a form of 2 MB', type: 'application/x-www-form-urlencoded', body: () => `text=${'a'.repeat(2 * 1024 * 1024)}` },
  { name: '10,000 form fields', type: 'application/x-www-form-urlencoded', body: () => Array.from({ length: 10_000 }, (_, i) => `f${i}=${i}`).join('&') },
  { name: 'a bracket-nested form key', type: 'application/x-www-form-urlencoded', body: () => `${'a'}${'[b]'.repeat(5000)}=1` },
  { name: 'text/plain', type: 'text/plain', body: () => 'text=hi' },
  { name: 'XML', type: 'application/xml', body: () => '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' },
  { name: 'a multipart body with no boundary', type: 'multipart/form-data', body: () => '--x\r\ncontent-disposition: form-data; name="text"\r\n\r\nhi\r\n--x--' },
  { name: 'an unknown content type', type: 'application/x-bookchat-nonsense', body: () => 'whatever' },
  { name: 'no content type', type: null, body: () => '{"text":"hi"}' },
  { name: 'a content type of 8 KB', type: `application/json; ${'x'.repeat(8 * 1024)}=1`, body: () => '{}' },
];

describe('malformed bodies on every public route', () => {
  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: each malformed body → 4xx with no stack and no path, nothing written', async (_name, route) => {
    const before = await countAllTables(db.url);
    const problems: string[] = [];
    for (const b of BODIES) {
      const headers: Record<string, string> = { ...(route.headers?.() ?? {}), ...(b.type === null ? {} : { 'content-type': b.type }) };
      const answer = await rawRequest(s.base, route.method, route.path(), { headers, body: b.body() });
      // Node may close the connection on a body far past the limit after answering 413: status 0 is a refusal too.
      if (!(answer.status === 0 || (answer.status >= 400 && answer.status < 500))) problems.push(`${b.name}: ${answer.status} ${answer.body.slice(0, 200)}`);
      const leaks = leakedInternals(answer.body);
      if (leaks.length > 0) problems.push(`${b.name}: shows ${leaks.join(', ')}: ${answer.body.slice(0, 300)}`);
    }
    expect(problems).toEqual([]);
    expect(changedTables(before, await countAllTables(db.url))).toEqual({});
  });

  it('GET pages with malformed parameters → 4xx with no stack and no path', async () => {
    const slug = s.w.business.slug;
    const paths = [
      `/pay/${slug}/not-a-uuid`,
      `/pay/${slug}/${SOME_ID}?done=${'1'.repeat(10_000)}`,
      `/pay/%ff%fe/${SOME_ID}`,
      `/pay/${'a'.repeat(5000)}/${SOME_ID}`,
      `/calendar/${slug}/${SOME_ID}.ics?t=%ff`,
      `/b/${slug}?service=%00%ff&day=9999-99-99`,
      `/b/${slug}/m/${SOME_ID}?t=${'%'.repeat(100)}`,
      `/chat/${slug}/messages?after=-1e309`,
      `/chat/%c0%ae%c0%ae/messages`,
      `/api/v1/bookings?from=%ff&limit=1e9`,
      '/admin/sign-in?next=%0d%0aLocation:%20https://evil.example',
    ];
    const problems: string[] = [];
    for (const p of paths) {
      const answer = await rawRequest(s.base, 'GET', p, { headers: p.startsWith('/api') ? { authorization: `Bearer ${s.apiKey}` } : {} });
      if (answer.status >= 500 || answer.status === 0) problems.push(`${p}: ${answer.status} ${answer.body.slice(0, 200)}`);
      const leaks = leakedInternals(answer.body);
      if (leaks.length > 0) problems.push(`${p}: shows ${leaks.join(', ')}`);
      if (String(answer.headers['location'] ?? '').includes('evil.example')) problems.push(`${p}: redirects off-site`);
    }
    expect(problems).toEqual([]);
  });
});

describe('path traversal on static routes', () => {
  const traversals = (prefix: string) => [
    `${prefix}../../package.json`,
    `${prefix}../../../package.json`,
    `${prefix}..%2f..%2fpackage.json`,
    `${prefix}..%2F..%2F..%2Fpackage.json`,
    `${prefix}%2e%2e/%2e%2e/package.json`,
    `${prefix}%2e%2e%2f%2e%2e%2fpackage.json`,
    `${prefix}%2e%2e%2f%2e%2e%2f%2e%2e%2fsrc%2fmain.ts`,
    `${prefix}%252e%252e%252fpackage.json`,
    `${prefix}..%5c..%5cpackage.json`,
    `${prefix}....//....//package.json`,
    `${prefix}..%00/package.json`,
    `${prefix}.env`,
    `${prefix}%2fetc%2fpasswd`,
  ];
  const PREFIXES = ['/admin/assets/', '/b/_assets/', '/chat/_assets/'];

  it.each(PREFIXES)('%s… → 404, nothing of the tree outside the assets', async (prefix) => {
    const problems: string[] = [];
    for (const p of traversals(prefix)) {
      const answer = await rawRequest(s.base, 'GET', p);
      if (answer.status !== 404) problems.push(`${p}: ${answer.status}`);
      if (answer.body.includes('"bookchat"') || answer.body.includes('root:') || answer.body.includes('import ')) problems.push(`${p}: served a file from outside`);
      const leaks = leakedInternals(answer.body);
      if (leaks.length > 0) problems.push(`${p}: shows ${leaks.join(', ')}`);
    }
    expect(problems).toEqual([]);
    // Overlong UTF-8 dots are not a URL at all: refused before any route, like any bad escape.
    const overlong = await rawRequest(s.base, 'GET', `${prefix}%c0%ae%c0%ae/%c0%ae%c0%ae/package.json`);
    expect(overlong.status).toBe(400);
    expect(leakedInternals(overlong.body)).toEqual([]);
  });

  it('widget.js variants → 404 (only /widget.js itself is the script)', async () => {
    const slug = s.w.business.slug;
    const paths = [
      '/widget.js/../package.json',
      '/widget.js/..%2f..%2fpackage.json',
      '/widget.js%2f..%2fpackage.json',
      '/widget.js%00.txt',
      '/widget.js/',
      '/%2e%2e/widget.js/../package.json',
      '/widget.js/%2e%2e/%2e%2e/package.json',
      `/b/${slug}/..%2f..%2fpackage.json`,
      `/b/${slug}/%2e%2e%2f%2e%2e%2fpackage.json`,
      `/b/${slug}/icon-192.png%2f..%2f..%2fpackage.json`,
    ];
    const problems: string[] = [];
    for (const p of paths) {
      const answer = await rawRequest(s.base, 'GET', p);
      if (answer.status !== 404) problems.push(`${p}: ${answer.status}`);
      if (answer.body.includes('"bookchat"')) problems.push(`${p}: served package.json`);
      const leaks = leakedInternals(answer.body);
      if (leaks.length > 0) problems.push(`${p}: shows ${leaks.join(', ')}`);
    }
    expect(problems).toEqual([]);
    const widget = await rawRequest(s.base, 'GET', '/widget.js');
    expect(widget.status).toBe(200);
    expect(widget.headers['content-type']).toMatch(/javascript/);
  });
});
