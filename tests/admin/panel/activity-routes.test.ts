import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCustomerBlocked } from '../../../src/app/customers/set-customer-blocked.ts';
import { recordAudit } from '../../../src/app/shared/record-audit.ts';
import { AuditEntrySchema, BookingSchema, ReviewSchema, WaitlistEntrySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let admin: PanelClient;
let manager: PanelClient;
let base: string;

const em = () => emForBusiness(db.orm, h.world.business.id);

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  admin = await h.as('admin');
  manager = await h.as('manager');
  base = `/admin/b/${h.world.business.slug}`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

async function reviewed(staff: number, customer: number, rating: number, comment: string, day: number) {
  const fork = em();
  const w = h.world;
  const booking = fork.create(BookingSchema, {
    business: w.business.id,
    service: w.haircut.id,
    staffMember: w.staff[staff]!.id,
    customer: w.customers[customer]!,
    startsAt: new Date(w.at('10:00', -day)),
    endsAt: new Date(w.at('11:00', -day)),
    blockedFrom: new Date(w.at('10:00', -day)),
    blockedUntil: new Date(w.at('11:00', -day)),
    status: 'completed',
    priceMinor: 60000,
    currency: 'UAH',
    source: 'telegram',
  });
  fork.create(ReviewSchema, { business: w.business.id, booking, customer: w.customers[customer]!, staffMember: w.staff[staff]!.id, rating, comment });
  await fork.flush();
}

describe('reviews page', () => {
  it('shows each specialist’s average on top, then the reviews with customer and specialist', async () => {
    await reviewed(0, 0, 5, 'Wonderful', 2);
    await reviewed(0, 1, 4, 'Good', 3);
    await reviewed(1, 2, 2, 'Late start', 4);
    const page = await manager.get(`${base}/reviews?page=zero`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Specialist 1<\/td>[\s\S]*?★ 4\.5[\s\S]*?>2<[\s\S]*?Specialist 2<\/td>[\s\S]*?★ 2\.0/);
    expect(page.body).toMatch(/★ 2 of 5[\s\S]*?Late start[\s\S]*?Customer 3[\s\S]*?Specialist 2/);
    expect(page.body).toContain(`href="${base}/customers/${h.world.customers[0]!}"`);
  });
});

describe('waitlist page', () => {
  it('lists open entries by day with the customer, and removes a waiting one (audited)', async () => {
    const fork = em();
    const waiting = fork.create(WaitlistEntrySchema, { business: h.world.business.id, service: h.world.haircut.id, customer: h.world.customers[0]!, fromDate: '2031-03-06', toDate: '2031-03-06' });
    fork.create(WaitlistEntrySchema, { business: h.world.business.id, service: h.world.yoga.id, customer: h.world.customers[1]!, fromDate: '2031-03-08', toDate: '2031-03-09', status: 'booked' });
    await fork.flush();
    const page = await manager.get(`${base}/waitlist`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/From 2031-03-06[\s\S]*?Customer 1[\s\S]*?Haircut/);
    expect(page.body).not.toContain('From 2031-03-08');
    expect((await manager.get(`${base}/waitlist?day=2031-03-07`)).body).toContain('Nobody is waiting.');
    expect((await manager.get(`${base}/waitlist?day=nonsense&service=x`)).statusCode).toBe(200);
    const removed = await manager.post(`${base}/waitlist/${waiting.id}/remove`, { customerId: h.world.customers[0]! });
    expect(removed.statusCode).toBe(303);
    expect((await em().findOneOrFail(WaitlistEntrySchema, { id: waiting.id })).status).toBe('cancelled');
    expect(await em().count(AuditEntrySchema, { entityId: waiting.id, action: 'waitlist.removed', actorId: h.userIds.manager })).toBe(1);
    expect((await manager.post(`${base}/waitlist/not-an-id/remove`, { customerId: h.world.customers[0]! })).statusCode).toBe(404);
    expect((await manager.post(`${base}/waitlist/${waiting.id}/remove`, { customerId: 'x' })).statusCode).toBe(400);
  });
});

describe('audit log', () => {
  it('says who did what from where, filters by kind and days, refuses bad ranges (422), and pages older entries', async () => {
    const w = h.world;
    await setCustomerBlocked(w.ctx, w.business.id, { kind: 'business', userId: h.userIds.admin }, { customerId: w.customers[3]!, blocked: true });
    const fork = em();
    recordAudit(fork, w.clock.now(), { businessId: w.business.id, actor: { kind: 'business', userId: null, staffId: w.staff[1]!.id }, action: 'booking.confirmed', entityType: 'booking', entityId: w.customers[0]!, details: {} });
    for (let i = 0; i < 55; i += 1) recordAudit(fork, w.clock.now() - (i + 1) * 86_400_000, { businessId: w.business.id, actor: { kind: 'system' }, action: 'sweep.ran', entityType: 'sweep', entityId: `s${i}` });
    await fork.flush();
    const page = await admin.get(`${base}/audit`);
    expect(page.statusCode).toBe(200);
    // The kind filter offers each kind the log holds, once, in order.
    const filter = /<select[^>]*name="entityType"[\s\S]*?<\/select>/.exec(page.body)?.[0] ?? '';
    const kinds = [...filter.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!);
    const held = (await em().getConnection().execute<{ entity_type: string }[]>('select distinct entity_type from audit_entry where business_id = ? order by entity_type', [w.business.id])).map((r) => r.entity_type);
    expect(held).toEqual(expect.arrayContaining(['booking', 'customer', 'sweep']));
    expect(kinds).toEqual(held);
    expect(page.body).toMatch(new RegExp(`${h.emails.admin.replace('.', '\\.')}[\\s\\S]*?Panel[\\s\\S]*?customer\\.blocked`));
    expect(page.body).toMatch(/Specialist 2[\s\S]*?Team chat[\s\S]*?booking\.confirmed/);
    const next = /href="([^"]*before=[^"]*)" rel="next"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const older = await admin.get(next!);
    expect(older.body.match(/sweep\.ran/g)?.length).toBeGreaterThan(0);
    expect(older.body).not.toContain('customer.blocked');
    const customers = await admin.get(`${base}/audit?entityType=customer`);
    expect(customers.body).toContain('customer.blocked');
    expect(customers.body).not.toContain('sweep.ran</code>');
    const day = await admin.get(`${base}/audit?from=2031-03-03&to=2031-03-03`);
    expect(day.body).toContain('customer.blocked');
    expect(day.body).not.toContain('sweep.ran</code>');
    const inverted = await admin.get(`${base}/audit?from=2031-03-05&to=2031-03-01`);
    expect(inverted.statusCode).toBe(422);
    expect(inverted.body).toContain('The last day cannot be before the first.');
    expect((await admin.get(`${base}/audit?from=0000-01-01`)).statusCode).toBe(422);
    expect((await admin.get(`${base}/audit?from=2020-01-01&to=2031-01-01`)).body).toContain('Choose at most a year at a time.');
    expect((await admin.get(`${base}/audit?entityType=DROP%20TABLE&before=x`)).statusCode).toBe(422);
  });
});
