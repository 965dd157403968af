import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../../src/app/api-keys/revoke-api-key.ts';
import { createApiKey } from '../../../src/app/api-keys/create-api-key.ts';
import { BookingSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startApiHarness, type ApiHarness } from './api-harness.ts';

let db: TestDatabase;
let h: ApiHarness;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 20 });
  h = await startApiHarness(db.orm);
});
afterAll(async () => {
  await h.close();
  await db.drop();
});

const booking = (startsAt: number, customer = 0) => ({ customerId: h.world.customers[customer], serviceId: h.world.haircut.id, staffId: h.world.staff[0]!.id, startsAt });
const countBookings = () => emForBusiness(db.orm, h.world.business.id).count(BookingSchema, {});

describe('API keys and scopes', () => {
  it('refuses a request with no key, a malformed header or an unknown key with 401 problem+json', async () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer bk_live_nope' }] as Record<string, string>[]) {
      const r = await h.call('GET', '/services', { headers });
      expect(r.statusCode).toBe(401);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ status: 401, code: 'unauthorized', title: 'Unauthorized' });
    }
  });

  it('lets a read key read but not write (403, nothing booked)', async () => {
    expect((await h.call('GET', '/services', { key: h.keys.read })).statusCode).toBe(200);
    const before = await countBookings();
    const r = await h.call('POST', '/bookings', { key: h.keys.read, body: booking(h.world.at('09:00')) });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'forbidden_scope' });
    expect(await countBookings()).toBe(before);
  });

  it('stops a revoked key at once (401)', async () => {
    const { apiKey, plainKey } = await createApiKey(h.world.ctx, h.world.business.id, h.userId, { name: 'Soon gone', scope: 'write' });
    expect((await h.call('GET', '/staff', { key: plainKey })).statusCode).toBe(200);
    await revokeApiKey(h.world.ctx, h.world.business.id, h.userId, apiKey.id);
    expect((await h.call('GET', '/staff', { key: plainKey })).statusCode).toBe(401);
  });

  it("answers another business's ids with 404, as ids that do not exist", async () => {
    const made = (await h.call('POST', '/bookings', { key: h.keys.write, body: booking(h.world.at('11:00')) })).json() as { id: string; customerId: string };
    const other = h.keys.otherWrite;
    expect((await h.call('GET', `/bookings/${made.id}`, { key: other })).statusCode).toBe(404);
    expect((await h.call('POST', `/bookings/${made.id}/cancel`, { key: other, body: {} })).statusCode).toBe(404);
    expect((await h.call('PATCH', `/customers/${made.customerId}`, { key: other, body: { notes: 'x' } })).statusCode).toBe(404);
    const foreignService = await h.call('POST', '/bookings', { key: other, body: { ...booking(h.other.at('11:00')), customerId: h.other.customers[0] } });
    expect(foreignService.statusCode).toBe(404);
    expect((await h.call('GET', `/bookings/${made.id}`, { key: h.keys.read })).statusCode).toBe(200);
    // The other business's list does not show it either.
    const list = (await h.call('GET', '/bookings?from=2031-03-04&to=2031-03-04', { key: other })).json() as { data: { id: string }[] };
    expect(list.data.map((b) => b.id)).not.toContain(made.id);
  });
});

describe('input and outcomes', () => {
  it('answers bad input with 400 problem+json naming each field', async () => {
    const r = await h.call('POST', '/bookings', { key: h.keys.write, body: { ...booking(h.world.at('09:00')), startsAt: 'tomorrow', serviceId: 'x' } });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const body = r.json() as { code: string; issues: { path: string }[] };
    expect(body.code).toBe('invalid_input');
    expect(body.issues.map((i) => i.path).sort()).toEqual(['body.serviceId', 'body.startsAt']);
    expect(r.body).not.toMatch(/at .*\.ts:\d+/);
    const query = await h.call('GET', `/availability?serviceId=${h.world.haircut.id}&from=${h.world.at('09:00')}`, { key: h.keys.read });
    expect(query.statusCode).toBe(400);
    expect((query.json() as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['query.to']);
    const json = await h.call('POST', '/bookings', { key: h.keys.write, headers: { 'content-type': 'application/json' }, body: undefined });
    expect(json.statusCode).toBe(400);
  });

  it('takes JSON only (415 for a form or text)', async () => {
    const r = await h.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { authorization: `Bearer ${h.keys.write}`, 'content-type': 'text/plain' }, payload: 'phone=1' });
    expect(r.statusCode).toBe(415);
    expect(r.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('answers a taken slot with 409 and free alternatives in the problem', async () => {
    expect((await h.call('POST', '/bookings', { key: h.keys.write, body: booking(h.world.at('15:00'), 1) })).statusCode).toBe(201);
    const r = await h.call('POST', '/bookings', { key: h.keys.write, body: booking(h.world.at('15:00'), 2) });
    expect(r.statusCode).toBe(409);
    const body = r.json() as { code: string; alternatives: { startsAt: number }[] };
    expect(body.code).toBe('slot_taken');
    expect(body.alternatives.length).toBeGreaterThan(0);
    expect(body.alternatives.map((a) => a.startsAt)).not.toContain(h.world.at('15:00'));
  });
});
