import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { CustomerBlocked } from '../../../src/app/shared/app-errors.ts';
import { AuditEntrySchema, BookingSchema, ChannelIdentitySchema, CustomerSchema, PaymentSchema, ReviewSchema, WaitlistEntrySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let admin: PanelClient;
let manager: PanelClient;
let base: string;

const em = () => emForBusiness(db.orm, h.world.business.id);
const errorOf = (html: string, field: string) => new RegExp(`id="f-${field}-error">([^<]*)<`).exec(html)?.[1];

/** A customer with a Telegram identity, a completed and a no-show visit, a payment, a review and a waitlist entry. */
async function makeRegular(name: string, phone: string | null, tags: string[] = []) {
  const fork = em();
  const w = h.world;
  const customer = fork.create(CustomerSchema, { business: w.business.id, name, phone, tags });
  fork.create(ChannelIdentitySchema, { business: w.business.id, channel: 'telegram', externalId: `tg-${name}`, customer });
  const booking = (day: number, status: 'completed' | 'no_show') =>
    fork.create(BookingSchema, {
      business: w.business.id,
      service: w.haircut.id,
      staffMember: w.staff[0]!.id,
      customer,
      startsAt: new Date(w.at('10:00', -day)),
      endsAt: new Date(w.at('11:00', -day)),
      blockedFrom: new Date(w.at('10:00', -day)),
      blockedUntil: new Date(w.at('11:00', -day)),
      status,
      priceMinor: 60000,
      currency: 'UAH',
      source: 'telegram',
    });
  const visit = booking(3, 'completed');
  booking(10, 'no_show');
  fork.create(PaymentSchema, { business: w.business.id, booking: visit, provider: 'cash', amountMinor: 60000, currency: 'UAH', status: 'paid', paidAt: new Date(w.at('11:00', -3)) });
  fork.create(ReviewSchema, { business: w.business.id, booking: visit, customer, staffMember: w.staff[0]!.id, rating: 5, comment: `Lovely, said ${name}` });
  fork.create(WaitlistEntrySchema, { business: w.business.id, service: w.haircut.id, customer, fromDate: '2031-03-10', toDate: '2031-03-11' });
  await fork.flush();
  return customer.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  admin = await h.as('admin');
  manager = await h.as('manager');
  base = `/admin/b/${h.world.business.slug}/customers`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

describe('customer list', () => {
  it('searches by name in any case, by phone typed any way, and by tag', async () => {
    const id = await makeRegular('Олена Коваль', '+380501234567', ['vip']);
    await makeRegular('Bohdan Lys', '+380509999999');
    const byName = await manager.get(`${base}?q=${encodeURIComponent('олЕНА')}`);
    expect(byName.statusCode).toBe(200);
    expect(byName.body, byName.body.slice(byName.body.indexOf('<main'))).toContain(`href="${base}/${id}"`);
    expect(byName.body).not.toContain('Bohdan Lys');
    // The row: phone, channel, tag, 1 visit, 1 no-show, a last visit.
    expect(byName.body).toMatch(/\+380501234567[\s\S]*?Telegram[\s\S]*?vip[\s\S]*?>1<[\s\S]*?>1<[\s\S]*?2031/);
    const byPhone = await manager.get(`${base}?q=${encodeURIComponent('050 123-45')}`);
    expect(byPhone.body).toContain('Олена Коваль');
    expect(byPhone.body).not.toContain('Bohdan Lys');
    const byTag = await manager.get(`${base}?q=tag:VIP`);
    expect(byTag.body).toContain('Олена Коваль');
    expect(byTag.body).not.toContain('Bohdan Lys');
    const bySelect = await manager.get(`${base}?tag=vip`);
    expect(bySelect.body).toContain('Олена Коваль');
    expect(bySelect.body).toContain('<option value="vip" selected>');
  });

  it('takes empty, oversized and odd searches without failing', async () => {
    const empty = await manager.get(`${base}?q=&page=0`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Customer 1');
    const long = await manager.get(`${base}?q=${'x'.repeat(5000)}`);
    expect(long.statusCode).toBe(200);
    expect(long.body).toContain('Only the first 100 characters of the search were used.');
    const wild = await manager.get(`${base}?q=${encodeURIComponent('%_\\')}&page=abc&tag[]=x`);
    expect(wild.statusCode).toBe(200);
    expect(wild.body).toContain('Nobody matches this search.');
  });

  it('pages 50 at a time', async () => {
    const fork = em();
    for (let i = 0; i < 55; i += 1) fork.create(CustomerSchema, { business: h.world.business.id, name: `Paged ${String(i).padStart(2, '0')}` });
    await fork.flush();
    const first = await manager.get(`${base}?q=Paged`);
    expect(first.body.match(/>Paged \d\d</g)).toHaveLength(50);
    expect(first.body).toContain('rel="next"');
    const second = await manager.get(`${base}?q=Paged&page=2`);
    expect(second.body.match(/>Paged \d\d</g)).toHaveLength(5);
    expect(second.body).toContain('Paged 54');
  });
});

describe('customer profile', () => {
  it('shows history, payments, reviews and waitlist; bad or foreign ids are 404', async () => {
    const id = await makeRegular('Iryna', '+380671112233');
    const page = await manager.get(`${base}/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Haircut[\s\S]*?Specialist 1[\s\S]*?Completed[\s\S]*?(UAH\s?600|₴600|600)/);
    expect(page.body).toContain('No-show');
    expect(page.body).toContain('Lovely, said Iryna');
    expect(page.body).toContain('2031-03-10 – 2031-03-11');
    // Managers see no admin actions.
    expect(page.body).not.toContain(`${base}/${id}/merge`);
    expect((await admin.get(`${base}/${id}`)).body).toContain(`${base}/${id}/merge`);
    expect((await manager.get(`${base}/not-an-id`)).statusCode).toBe(404);
    expect((await manager.get(`${base}/${h.other.customers[0]!}`)).statusCode).toBe(404);
    expect((await manager.post(`${base}/${h.other.customers[0]!}`, { notes: 'mine', tags: '', preferences: '' })).statusCode).toBe(404);
  });

  it('saves notes, normalised tags and preferences, audited; refuses too many or too long tags (422)', async () => {
    const id = h.world.customers[2]!;
    const saved = await manager.post(`${base}/${id}`, { notes: 'Likes tea', tags: ' VIP, Regular client,vip,#Late ', preferences: 'specialist: Dana\nsms: true' });
    expect(saved.statusCode).toBe(303);
    const c = await em().findOneOrFail(CustomerSchema, { id });
    expect(c.tags).toEqual(['vip', 'regular-client', 'late']);
    expect(c.notes).toBe('Likes tea');
    expect(c.preferences).toEqual({ specialist: 'Dana', sms: true });
    expect(await em().count(AuditEntrySchema, { entityId: id, action: 'customer.updated', actorId: h.userIds.manager })).toBe(1);
    const many = await manager.post(`${base}/${id}`, { notes: '', tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(','), preferences: '' });
    expect(many.statusCode).toBe(422);
    expect(errorOf(many.body, 'tags')).toBe('Use at most 20 tags.');
    const long = await manager.post(`${base}/${id}`, { notes: '', tags: 'x'.repeat(33), preferences: 'no colon here' });
    expect(long.statusCode).toBe(422);
    expect(errorOf(long.body, 'tags')).toBe('Each tag can be at most 32 characters.');
    expect(errorOf(long.body, 'preferences')).toBe('Write each preference as name: value on its own line.');
    expect((await em().findOneOrFail(CustomerSchema, { id })).tags).toEqual(['vip', 'regular-client', 'late']);
  });
});

describe('block, merge and export (admins)', () => {
  it('blocks a customer, audited, and the booking use case then refuses them; unblocking lets them book', async () => {
    const id = h.world.customers[3]!;
    expect((await manager.post(`${base}/${id}/block`, { blocked: 'yes' })).statusCode).toBe(403);
    const blocked = await admin.post(`${base}/${id}/block`, { blocked: 'yes' });
    expect(blocked.statusCode).toBe(303);
    expect((await admin.get(String(blocked.headers.location))).body).toContain('The customer is blocked.');
    expect(await em().count(AuditEntrySchema, { entityId: id, action: 'customer.blocked', actorId: h.userIds.admin })).toBe(1);
    const hold = { customerId: id, serviceId: h.world.haircut.id, staffId: null, startsAt: h.world.at('12:00', 2), source: 'telegram' as const };
    await expect(holdSlot(h.world.ctx, h.world.business.id, hold)).rejects.toBeInstanceOf(CustomerBlocked);
    expect((await admin.post(`${base}/${id}/block`, { blocked: 'maybe' })).statusCode).toBe(400);
    expect((await admin.post(`${base}/${id}/block`, { blocked: 'no' })).statusCode).toBe(303);
    expect((await holdSlot(h.world.ctx, h.world.business.id, hold)).status).toBe('held');
  });

  it('merges a duplicate after a confirmation page: bookings and identities move, the number too, audited', async () => {
    const keep = await makeRegular('Marta', null, ['vip']);
    const dup = await makeRegular('Marta K', '+380631234567', ['late']);
    const search = await admin.get(`${base}/${keep}/merge?q=Marta`);
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain(`merge?from=${dup}`);
    expect(search.body).not.toContain(`merge?from=${keep}`);
    const confirm = await admin.get(`${base}/${keep}/merge?from=${dup}`);
    expect(confirm.body).toContain('This card is merged and removed');
    expect(confirm.body).toContain('+380631234567');
    const merged = await admin.post(`${base}/${keep}/merge`, { from: dup });
    expect(merged.statusCode).toBe(303);
    expect(await em().count(CustomerSchema, { id: dup })).toBe(0);
    expect(await em().count(BookingSchema, { customer: keep })).toBe(4);
    expect(await em().count(ChannelIdentitySchema, { customer: keep })).toBe(2);
    const kept = await em().findOneOrFail(CustomerSchema, { id: keep });
    expect(kept.phone).toBe('+380631234567');
    expect(kept.tags).toEqual(['vip', 'late']);
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: keep, action: 'customer.merged' });
    expect(audit.details).toMatchObject({ mergedCustomerId: dup, bookings: 2, identities: 1 });
  });

  it('refuses merging a card into itself (422) and another business’s card (404)', async () => {
    const id = h.world.customers[0]!;
    const self = await admin.post(`${base}/${id}/merge`, { from: id });
    expect(self.statusCode).toBe(422);
    expect(self.body).toContain('A card cannot be merged into itself.');
    expect((await admin.post(`${base}/${id}/merge`, { from: h.other.customers[0]! })).statusCode).toBe(404);
    expect((await admin.post(`${base}/${h.other.customers[0]!}/merge`, { from: id })).statusCode).toBe(404);
    expect((await admin.post(`${base}/${id}/merge`, { from: '' })).statusCode).toBe(422);
    expect(await em().count(CustomerSchema, { id })).toBe(1);
  });

  it('exports one customer’s data as a JSON download, audited', async () => {
    const id = await makeRegular('Sofia', '+380661234567', ['vip']);
    const response = await admin.get(`${base}/${id}/export.json`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="customer-${id}.json"`);
    const data = JSON.parse(response.body) as Record<string, unknown> & { customer: { id: string; phone: string; tags: string[] }; identities: unknown[]; bookings: { status: string }[]; payments: unknown[]; reviews: { comment: string }[]; waitlist: unknown[] };
    expect(data['format']).toBe('bookchat.customer-export');
    expect(data.customer).toMatchObject({ id, phone: '+380661234567', tags: ['vip'] });
    expect(data.identities).toEqual([expect.objectContaining({ channel: 'telegram', externalId: 'tg-Sofia' })]);
    expect(data.bookings.map((b) => b.status).sort()).toEqual(['completed', 'no_show']);
    expect(data.payments).toHaveLength(1);
    expect(data.reviews[0]!.comment).toBe('Lovely, said Sofia');
    expect(data.waitlist).toHaveLength(1);
    expect(await em().count(AuditEntrySchema, { entityId: id, action: 'customer.exported' })).toBe(1);
    expect((await admin.get(`${base}/${h.other.customers[0]!}/export.json`)).statusCode).toBe(404);
  });
});
