import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteMember } from '../../../src/app/accounts/invite-member.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import type { ChatBotConnector } from '../../../src/app/channels/chat-bot-connector.ts';
import { AccountTokenSchema, AuditEntrySchema, BookingSchema, BusinessSchema, CustomerSchema, MembershipSchema, ServiceSchema, UserSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld } from '../../support/booking-world.ts';
import { makePerson, signedIn, type TestPerson } from '../../support/panel-people.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

/** A business of its own with an owner and an admin: the one a test deletes. */
async function team(): Promise<{ slug: string; businessId: string; people: TestPerson[]; as: (i: number) => Promise<PanelClient> }> {
  const world = await makeBookingWorld(db.orm);
  const people = [await makePerson(db.orm, [{ businessId: world.business.id, role: 'owner' }]), await makePerson(db.orm, [{ businessId: world.business.id, role: 'admin' }])];
  return { slug: world.business.slug, businessId: world.business.id, people, as: (i) => signedIn(h, people[i]!.email) };
}

describe('deleting a business', () => {
  it('needs an owner and the slug typed; deletes everything of the business and nothing of another one', async () => {
    const t = await team();
    const actor = { kind: 'business' as const, userId: t.people[0]!.userId };
    const world = { id: t.businessId };
    // Something in every corner: a booking with its customer, an invitation, an audit entry.
    const em = emForBusiness(db.orm, world.id);
    const service = await em.findOneOrFail(ServiceSchema, { name: 'Haircut' });
    const customer = await em.findOneOrFail(CustomerSchema, { name: 'Customer 1' });
    await createBooking(h.world.ctx, world.id, actor, { customerId: customer.id, serviceId: service.id, staffId: null, startsAt: h.world.at('10:00') });
    await inviteMember(h.deps.ctx, world.id, actor.userId, { email: 'soon-gone@example.com', role: 'staff' });
    const otherCounts = async () => {
      const o = emForBusiness(db.orm, h.world.business.id);
      return [await o.count(BookingSchema, {}), await o.count(CustomerSchema, {}), await o.count(ServiceSchema, {}), await o.count(MembershipSchema, {}), await o.count(AuditEntrySchema, {})];
    };
    const before = await otherCounts();

    const admin = await t.as(1);
    expect((await admin.get(`/admin/b/${t.slug}/delete`)).statusCode).toBe(403);
    expect((await admin.post(`/admin/b/${t.slug}/delete`, { confirm: t.slug })).statusCode).toBe(403);
    const owner = await t.as(0);
    const page = await owner.get(`/admin/b/${t.slug}/delete`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Type ${t.slug} to confirm`);
    const wrong = await owner.post(`/admin/b/${t.slug}/delete`, { confirm: `${t.slug}x` });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toMatch(/id="f-confirm-error">That does not match/);
    expect(wrong.body).toContain(`value="${t.slug}x"`);
    expect(await emAcrossBusinesses(db.orm).count(BusinessSchema, { id: world.id })).toBe(1);

    const deleted = await owner.post(`/admin/b/${t.slug}/delete`, { confirm: t.slug });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/admin');
    const across = emAcrossBusinesses(db.orm);
    expect(await across.count(BusinessSchema, { id: world.id })).toBe(0);
    const left = [
      await across.count(BookingSchema, { business: world.id }),
      await across.count(CustomerSchema, { business: world.id }),
      await across.count(ServiceSchema, { business: world.id }),
      await across.count(MembershipSchema, { business: world.id }),
      await across.count(AuditEntrySchema, { business: world.id }),
    ];
    expect(left).toEqual([0, 0, 0, 0, 0]);
    expect(await across.count(AccountTokenSchema, { business: world.id })).toBe(0);
    // The people stay, and another business is untouched.
    expect(await across.count(UserSchema, { id: { $in: t.people.map((p) => p.userId) } })).toBe(2);
    expect(await otherCounts()).toEqual(before);
    expect((await owner.get(`/admin/b/${t.slug}`)).statusCode).toBe(404);
    expect((await owner.get('/admin')).statusCode).toBe(200);
  });
});

describe('deleting a business with a bot running', () => {
  it('stops the business’s bot before its rows go', async () => {
    const stopped: string[] = [];
    const bots: ChatBotConnector = {
      connectTelegram: async () => ({ kind: 'invalid_token' }),
      disconnectTelegram: async (businessId) => {
        // Still there when its bot is stopped.
        expect(await emAcrossBusinesses(db.orm).count(BusinessSchema, { id: businessId })).toBe(1);
        stopped.push(businessId);
        return true;
      },
      telegramStatus: async () => null,
    };
    const withBots = await startPanelHarness(db.orm, { deps: { bots } });
    try {
      const owner = await withBots.as('owner');
      const slug = withBots.world.business.slug;
      expect((await owner.post(`/admin/b/${slug}/delete`, { confirm: 'wrong' })).statusCode).toBe(422);
      expect(stopped).toEqual([]);
      expect((await owner.post(`/admin/b/${slug}/delete`, { confirm: slug })).statusCode).toBe(303);
      expect(stopped).toEqual([withBots.world.business.id]);
    } finally {
      await withBots.close();
    }
  });
});
