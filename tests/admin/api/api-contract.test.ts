import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startApiHarness, type ApiHarness } from './api-harness.ts';

type Json = Record<string, unknown>;

let db: TestDatabase;
let h: ApiHarness;
let document: Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const checked = new Set<string>();

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startApiHarness(db.orm);
  document = (await h.call('GET', '/openapi.json')).json();
});
afterAll(async () => {
  await h.close();
  await db.drop();
});

// The document's path template for a concrete path (`/bookings/<uuid>/cancel` → `/bookings/{id}/cancel`).
function templateOf(method: string, path: string): string {
  const bare = path.split('?')[0]!;
  const paths = Object.keys(document['paths'] as Json);
  const found = paths.find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare) && (document['paths'] as Record<string, Json>)[t]![method.toLowerCase()]);
  if (!found) throw new Error(`${method} ${bare} is not in the document`);
  return found;
}

// Checks an answer against the document's schema for its operation and status.
function expectConforms(method: string, path: string, response: LightMyRequestResponse): Json {
  const template = templateOf(method, path);
  const operation = (document['paths'] as Record<string, Record<string, Json>>)[template]![method.toLowerCase()]!;
  const answer = (operation['responses'] as Record<string, Json>)[String(response.statusCode)];
  expect(answer, `${method} ${template} answered ${response.statusCode}, which the document does not list: ${response.body}`).toBeDefined();
  const [mediaType, media] = Object.entries(answer!['content'] as Record<string, Json>)[0]!;
  expect(response.headers['content-type']).toContain(mediaType);
  const ref = (media['schema'] as Json)['$ref'];
  const schema = ref ? ((document['components'] as Json)['schemas'] as Json)[String(ref).split('/').pop()!] : media['schema'];
  const validate = ajv.compile(schema as Json);
  const body = response.json() as Json;
  expect(validate(body), `${method} ${template} ${response.statusCode}: ${ajv.errorsText(validate.errors)}\n${response.body}`).toBe(true);
  checked.add(`${method} ${template} ${response.statusCode}`);
  return body;
}

describe('every endpoint answers as the OpenAPI document says', () => {
  it('is an OpenAPI 3.1 document with a bearer scheme and each operation scoped', () => {
    expect(document['openapi']).toBe('3.1.0');
    const operations = Object.values(document['paths'] as Record<string, Record<string, Json>>).flatMap((p) => Object.values(p));
    expect(operations.length).toBe(19);
    for (const op of operations) expect(['read', 'write']).toContain(op['x-scope']);
  });

  it('reads, books, changes and finds, each answer valid against its schema', async () => {
    const w = h.world;
    const key = h.keys.write;
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      expectConforms(method, path, await h.call(method, path, { key, body, headers: method === 'GET' ? headers : { 'idempotency-key': `k-${Math.random()}`, ...headers } }));

    await call('GET', '/services');
    await call('GET', '/staff');
    const slots = await call('GET', `/availability?serviceId=${w.haircut.id}&from=${w.at('09:00')}&to=${w.at('18:00')}`);
    expect((slots['slots'] as unknown[]).length).toBeGreaterThan(0);
    const customer = await call('POST', '/customers', { phone: '+380 67 555 12 34', name: 'Olena' });
    await call('PATCH', `/customers/${String(customer['id'])}`, { notes: 'Prefers mornings', tags: ['vip'] });
    await call('GET', '/customers?phone=0675551234');
    await call('GET', '/customers?q=Olena&tag=vip');
    const booked = await call('POST', '/bookings', { customerId: customer['id'], serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00'), notes: 'From the site' });
    expect(booked['source']).toBe('api');
    expect(booked['status']).toBe('confirmed');
    const held = await call('POST', '/bookings/holds', { customerId: w.customers[1], serviceId: w.haircut.id, staffId: null, startsAt: w.at('12:00') });
    expect(held['status']).toBe('held');
    await call('POST', `/bookings/${String(held['id'])}/confirm`);
    const record = await call('GET', `/bookings/${String(booked['id'])}`);
    await call('POST', `/bookings/${String(booked['id'])}/reschedule`, { startsAt: w.at('14:00'), expectedVersion: record['version'] });
    await call('POST', `/bookings/${String(held['id'])}/cancel`, { reason: 'Changed plans', tellCustomer: true });
    const page = await call('GET', `/bookings?from=2031-03-04&to=2031-03-04&limit=1`);
    expect(page['next_cursor']).toEqual(expect.any(String));
    const rest = await call('GET', `/bookings?from=2031-03-04&to=2031-03-04&limit=1&cursor=${String(page['next_cursor'])}`);
    expect((rest['data'] as Json[])[0]!['id']).not.toBe((page['data'] as Json[])[0]!['id']);
    await call('GET', '/payments?status=paid');
    const hook = await call('POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['booking.created'] });
    expect(hook['secret']).toEqual(expect.any(String));
    const hookId = String((hook['subscription'] as Json)['id']);
    await call('GET', '/webhooks');
    await call('PATCH', `/webhooks/${hookId}`, { enabled: false, events: ['booking.created', 'booking.cancelled'] });
    const rotated = await call('POST', `/webhooks/${hookId}/rotate-secret`);
    expect(rotated['secret']).not.toBe(hook['secret']);
    await call('GET', `/webhooks/${hookId}/deliveries?limit=5`);
    await call('POST', '/webhooks', { url: 'file:///etc/passwd', events: ['booking.created'] });
    expect(checked).toContain('POST /webhooks 422');
    // Errors are problems of the documented shape.
    await call('POST', '/bookings', { customerId: customer['id'], serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('14:00') });
    await call('GET', '/bookings/00000000-0000-4000-8000-000000000000');
    await call('GET', `/availability?serviceId=${w.haircut.id}&from=x&to=${w.at('18:00')}`);
    expect(checked).toContain('POST /bookings 409');
    // Every operation was called and answered with its success status.
    for (const [path, methods] of Object.entries(document['paths'] as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(methods)) {
        const success = Object.keys(op['responses'] as Json).find((s) => s.startsWith('2'));
        expect(checked, `${method} ${path} was not called`).toContain(`${method.toUpperCase()} ${path} ${success}`);
      }
    }
  });

  it('serves a docs page that lists every endpoint with its scope, from our origin only', async () => {
    const page = await h.call('GET', '/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    for (const path of Object.keys(document['paths'] as Json)) expect(page.body).toContain(`<code>${path}</code>`);
    expect(page.body).toContain('write key');
    expect(page.body).not.toMatch(/(src|href)="https?:/);
    expect((await h.call('GET', '/docs.css')).headers['content-type']).toContain('text/css');
  });
});
