import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation } from '../../../src/app/accounts/accept-invitation.ts';
import { deleteBusiness } from '../../../src/app/accounts/delete-business.ts';
import { inviteMember } from '../../../src/app/accounts/invite-member.ts';
import { joinByInvitation } from '../../../src/app/accounts/join-by-invitation.ts';
import { revokeInvitation } from '../../../src/app/accounts/revoke-invitation.ts';
import { NotFound } from '../../../src/app/shared/app-errors.ts';
import { BusinessSchema, MembershipSchema, UserSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { makePerson, type TestPerson } from '../../support/panel-people.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let a: BookingWorld;
let b: BookingWorld;
let ownerA: TestPerson;
let ownerB: TestPerson;

beforeAll(async () => {
  db = await createTestDatabase();
  a = await makeBookingWorld(db.orm);
  b = await makeBookingWorld(db.orm);
  ownerA = await makePerson(db.orm, [{ businessId: a.business.id, role: 'owner' }]);
  ownerB = await makePerson(db.orm, [{ businessId: b.business.id, role: 'owner' }]);
});
afterAll(() => db?.drop());

const invite = async (email: string) => {
  const outcome = await inviteMember(a.ctx, a.business.id, ownerA.userId, { email, role: 'staff' });
  if (outcome.kind !== 'invited') throw new Error('expected an invitation');
  return outcome;
};

describe('invitations, at the use-case level', () => {
  it('two accepts of one invitation at once make one membership', async () => {
    const invitee = await makePerson(db.orm, []);
    const { token } = await invite(invitee.email);
    const outcomes = await Promise.all([acceptInvitation(a.ctx, token, invitee.userId), acceptInvitation(a.ctx, token, invitee.userId)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['joined', 'refused']);
    expect(await emForBusiness(db.orm, a.business.id).count(MembershipSchema, { user: invitee.userId })).toBe(1);
  });

  it('two sign-ups through one invitation at once make one account', async () => {
    const { token } = await invite('race@example.com');
    const input = { name: 'Racer', password: 'racer password 1', confirm: 'racer password 1' };
    const outcomes = await Promise.all([joinByInvitation(a.ctx, token, input), joinByInvitation(a.ctx, token, input)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['joined', 'refused']);
    expect(await emAcrossBusinesses(db.orm).count(UserSchema, { email: 'race@example.com' })).toBe(1);
  });

  it('a new invitation to the same email replaces the open one', async () => {
    const first = await invite('twice@example.com');
    const second = await invite('twice@example.com');
    expect((await acceptInvitation(a.ctx, first.token, ownerA.userId)).kind).toBe('refused');
    expect((await joinByInvitation(a.ctx, second.token, { name: 'Twice', password: 'twice password 1', confirm: 'twice password 1' })).kind).toBe('joined');
  });

  it('another business cannot revoke it', async () => {
    const { invitationId } = await invite('kept@example.com');
    await expect(revokeInvitation(b.ctx, b.business.id, ownerB.userId, invitationId)).rejects.toBeInstanceOf(NotFound);
    expect((await revokeInvitation(a.ctx, a.business.id, ownerA.userId, invitationId)).kind).toBe('revoked');
    expect((await revokeInvitation(a.ctx, a.business.id, ownerA.userId, invitationId)).kind).toBe('already_closed');
  });
});

describe('deleting a business, at the use-case level', () => {
  it('refuses a non-owner and a wrong slug, checks the role itself, and deletes only that business', async () => {
    const c = await makeBookingWorld(db.orm);
    const owner = await makePerson(db.orm, [{ businessId: c.business.id, role: 'owner' }]);
    const admin = await makePerson(db.orm, [{ businessId: c.business.id, role: 'admin' }]);
    expect(await deleteBusiness(c.ctx, c.business.id, admin.userId, { confirm: c.business.slug })).toEqual({ kind: 'not_allowed' });
    expect(await deleteBusiness(c.ctx, c.business.id, ownerA.userId, { confirm: c.business.slug })).toEqual({ kind: 'not_allowed' });
    expect(await deleteBusiness(c.ctx, c.business.id, owner.userId, { confirm: c.business.slug.toUpperCase() })).toEqual({ kind: 'slug_mismatch' });
    expect(await deleteBusiness(c.ctx, c.business.id, owner.userId, { confirm: ` ${c.business.slug} ` })).toMatchObject({ kind: 'deleted', slug: c.business.slug, customers: 4 });
    const across = emAcrossBusinesses(db.orm);
    expect(await across.count(BusinessSchema, { id: { $in: [a.business.id, b.business.id] } })).toBe(2);
    expect(await across.count(BusinessSchema, { id: c.business.id })).toBe(0);
    expect(await across.count(UserSchema, { id: { $in: [owner.userId, admin.userId] } })).toBe(2);
  });
});
