import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation } from '../../../src/app/accounts/accept-invitation.ts';
import { createMemberResetLink } from '../../../src/app/accounts/create-member-reset-link.ts';
import { deleteBusiness } from '../../../src/app/accounts/delete-business.ts';
import { inviteMember } from '../../../src/app/accounts/invite-member.ts';
import { joinByInvitation } from '../../../src/app/accounts/join-by-invitation.ts';
import { readResetLink } from '../../../src/app/accounts/read-reset-link.ts';
import { requestPasswordReset } from '../../../src/app/accounts/request-password-reset.ts';
import { resetPassword } from '../../../src/app/accounts/reset-password.ts';
import { revokeInvitation } from '../../../src/app/accounts/revoke-invitation.ts';
import { createBusiness } from '../../../src/app/catalog/create-business.ts';
import { NotFound } from '../../../src/app/shared/app-errors.ts';
import { AccountTokenSchema, BusinessSchema, MembershipSchema, UserSchema } from '../../../src/db/entities/index.ts';
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

describe('password links made by a team, at the use-case level', () => {
  const NEW = { password: 'a new password 123', confirm: 'a new password 123' };
  /** A staff member of A only, and a link A's owner made for them to hand over. */
  const memberWithLink = async () => {
    const member = await makePerson(db.orm, [{ businessId: a.business.id, role: 'staff' }]);
    const made = await createMemberResetLink(a.ctx, a.business.id, ownerA.userId, member.memberships[a.business.id]!, 'by_hand');
    if (made.kind !== 'link') throw new Error(`expected a link, got ${made.kind}`);
    return { member, token: made.token };
  };
  const links = (userId: string) => emAcrossBusinesses(db.orm).find(AccountTokenSchema, { kind: 'password_reset', user: userId });
  const join = async (userId: string, businessId: string) => {
    const em = emAcrossBusinesses(db.orm);
    em.create(MembershipSchema, { business: businessId, user: userId, role: 'owner' });
    await em.flush();
  };

  it('names the business it was made in, and works while the member belongs to it alone', async () => {
    const { member, token } = await memberWithLink();
    expect((await links(member.userId)).map((l) => l.business?.id)).toEqual([a.business.id]);
    expect(await readResetLink(a.ctx, token)).toEqual({ state: 'valid', email: member.email });
    expect((await resetPassword(a.ctx, token, NEW)).kind).toBe('reset');
  });

  it('is refused like an unknown link once the member belongs to another business too, and changes nothing', async () => {
    const { member, token } = await memberWithLink();
    const before = await emAcrossBusinesses(db.orm).findOneOrFail(UserSchema, { id: member.userId });
    // Joined without an invitation (as the review did): the check where the link is used still holds.
    await join(member.userId, b.business.id);
    expect(await readResetLink(a.ctx, token)).toEqual({ state: 'unknown' });
    expect(await resetPassword(a.ctx, token, NEW)).toEqual({ kind: 'refused', state: 'unknown' });
    const after = await emAcrossBusinesses(db.orm).findOneOrFail(UserSchema, { id: member.userId });
    expect([after.passwordHash, after.sessionVersion]).toEqual([before.passwordHash, before.sessionVersion]);
  });

  it('is refused once the member no longer belongs to that business', async () => {
    const { member, token } = await memberWithLink();
    await emAcrossBusinesses(db.orm).nativeDelete(MembershipSchema, { user: member.userId });
    expect(await readResetLink(a.ctx, token)).toEqual({ state: 'unknown' });
    expect((await resetPassword(a.ctx, token, NEW)).kind).toBe('refused');
  });

  it('is deleted when the member accepts an invitation to another business', async () => {
    const { member, token } = await memberWithLink();
    const invited = await inviteMember(b.ctx, b.business.id, ownerB.userId, { email: member.email, role: 'owner' });
    if (invited.kind !== 'invited') throw new Error('expected an invitation');
    expect((await acceptInvitation(b.ctx, invited.token, member.userId)).kind).toBe('joined');
    expect(await links(member.userId)).toEqual([]);
    expect(await resetPassword(a.ctx, token, NEW)).toEqual({ kind: 'refused', state: 'unknown' });
  });

  it('is deleted when the member creates a business of their own', async () => {
    const { member } = await memberWithLink();
    const created = await createBusiness(a.ctx, member.userId, { name: 'Own Place', timeZone: 'Europe/Kyiv', language: 'en', currency: 'EUR', phoneCountry: 'UA' });
    expect(created.kind).toBe('created');
    expect(await links(member.userId)).toEqual([]);
  });

  it('a link the member asked for themselves names no business and survives joining another one', async () => {
    const member = await makePerson(db.orm, [{ businessId: a.business.id, role: 'staff' }]);
    const asked = await requestPasswordReset(a.ctx, { email: member.email });
    if (asked.kind !== 'link') throw new Error('expected a link');
    const invited = await inviteMember(b.ctx, b.business.id, ownerB.userId, { email: member.email, role: 'staff' });
    if (invited.kind !== 'invited') throw new Error('expected an invitation');
    await acceptInvitation(b.ctx, invited.token, member.userId);
    expect((await links(member.userId)).map((l) => l.business)).toEqual([null]);
    expect((await resetPassword(a.ctx, asked.token, NEW)).kind).toBe('reset');
  });

  it('to hand over, only an owner may make one; an admin may have one emailed', async () => {
    const admin = await makePerson(db.orm, [{ businessId: a.business.id, role: 'admin' }]);
    const member = await makePerson(db.orm, [{ businessId: a.business.id, role: 'staff' }]);
    const membership = member.memberships[a.business.id]!;
    expect(await createMemberResetLink(a.ctx, a.business.id, admin.userId, membership, 'by_hand')).toEqual({ kind: 'not_allowed' });
    expect(await links(member.userId)).toEqual([]);
    expect((await createMemberResetLink(a.ctx, a.business.id, admin.userId, membership, 'email')).kind).toBe('link');
    expect((await createMemberResetLink(a.ctx, a.business.id, ownerA.userId, membership, 'by_hand')).kind).toBe('link');
  });
});
