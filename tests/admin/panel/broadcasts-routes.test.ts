import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BroadcastSchema, ChannelIdentitySchema, CustomerSchema, OutboxMessageSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let admin: PanelClient;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  admin = await h.as('admin');
  base = `/admin/b/${h.world.business.slug}/broadcasts`;
  // Two customers with a Telegram chat, one of them opted in.
  const em = emForBusiness(db.orm, h.world.business.id);
  for (const [i, id] of h.world.customers.slice(0, 2).entries()) {
    em.create(ChannelIdentitySchema, { business: h.world.business.id, channel: 'telegram', externalId: `80${i}`, customer: id });
    await em.nativeUpdate(CustomerSchema, { id }, { marketingOptIn: i === 0 });
  }
  await em.flush();
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const em = () => emAcrossBusinesses(db.orm).fork();
const count = (html: string, name: string) => new RegExp(`data-count="${name}"[^>]*>(?:<strong>)?[^<]*?(\\d+)<`).exec(html)?.[1];

describe('broadcast pages', () => {
  it('composes a draft, shows whom it reaches before the confirmation, queues it once, and lists its results', async () => {
    const composed = await admin.post(base, { text: 'Autumn: 15% off colouring', tag: '', serviceId: '', lapsedDays: '' });
    expect(composed.statusCode).toBe(303);
    const url = String(composed.headers.location);
    const page = await admin.get(url);
    expect(page.statusCode).toBe(200);
    expect(count(page.body, 'reach')).toBe('1');
    expect(count(page.body, 'not_opted_in')).toBe(String(h.world.customers.length - 1));
    expect(page.body).toContain(`action="${url}/send"`);
    // Nothing is queued before the confirmation.
    expect(await em().count(OutboxMessageSchema, { topic: 'broadcast.message' })).toBe(0);

    expect((await admin.post(`${url}/send`, {})).statusCode).toBe(303);
    expect((await admin.post(`${url}/send`, {})).statusCode).toBe(303);
    expect(await em().count(OutboxMessageSchema, { topic: 'broadcast.message' })).toBe(1);
    const list = await admin.get(base);
    expect(list.body).toContain('Autumn: 15% off colouring');
    expect(list.body).toContain('Queued');
    // While it is being sent, the results table polls itself.
    expect(list.body).toMatch(/id="broadcast-results" hx-get="[^"]+\/broadcasts" hx-trigger="every 5s" hx-select="#broadcast-results"/);
    expect((await admin.get(url)).body).toContain('data-count="sent"');
  });

  it.each([
    ['no text', { text: '' }, 'text'],
    ['a tag with a space', { text: 'x', tag: 'two words' }, 'tag'],
    ['days out of range', { text: 'x', lapsedDays: '0' }, 'lapsedDays'],
    ['a service of another business', { text: 'x', serviceId: '00000000-0000-4000-8000-000000000000' }, 'serviceId'],
  ])('refuses %s with 422 next to the field', async (_case, form, field) => {
    const before = await em().count(BroadcastSchema, {});
    const response = await admin.post(base, form);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(`id="f-${field}-error"`);
    expect(await em().count(BroadcastSchema, {})).toBe(before);
  });

  it('another business cannot see or send it (404)', async () => {
    const [b] = await em().find(BroadcastSchema, { business: h.world.business.id }, { limit: 1 });
    const outsider = await h.as('outsider');
    expect((await outsider.get(`/admin/b/${h.other.business.slug}/broadcasts/${b!.id}`)).statusCode).toBe(404);
    expect((await admin.get(`${base}/not-an-id`)).statusCode).toBe(404);
  });
});
