import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inviteMember } from '../../../src/app/accounts/invite-member.ts';
import { AccountTokenSchema, AuditEntrySchema, MembershipSchema, StaffMemberSchema, UserSchema, type MembershipRole } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld } from '../../support/booking-world.ts';
import { makePerson, signedIn, type TestPerson } from '../../support/panel-people.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  // No mailer: links are shown to copy.
  h = await startPanelHarness(db.orm);
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});
beforeEach(() => h.world.clock.reset());

/** A business of its own for a test that changes its team, with one person per role given. */
async function team(roles: MembershipRole[]): Promise<{ slug: string; businessId: string; people: TestPerson[]; as: (i: number) => Promise<PanelClient> }> {
  const world = await makeBookingWorld(db.orm);
  const people: TestPerson[] = [];
  for (const role of roles) people.push(await makePerson(db.orm, [{ businessId: world.business.id, role }]));
  return { slug: world.business.slug, businessId: world.business.id, people, as: (i) => signedIn(h, people[i]!.email) };
}
const roleOf = async (businessId: string, userId: string) => (await emForBusiness(db.orm, businessId).findOne(MembershipSchema, { user: userId }))?.role ?? null;
const audits = (businessId: string, action: string) => emForBusiness(db.orm, businessId).find(AuditEntrySchema, { action });
const linkPath = (body: string, kind: 'invite' | 'password-reset') => {
  const url = new RegExp(`value="(https?://[^"]+/admin/${kind}/[A-Za-z0-9_-]{43})"`).exec(body)?.[1];
  if (!url) throw new Error(`no ${kind} link on the page`);
  return new URL(url).pathname;
};

describe('the Team page', () => {
  it('lists members with name, email and role; admins get the invite form, owners also the way to delete', async () => {
    const admin = await h.as('admin');
    const page = await admin.get(`/admin/b/${h.world.business.slug}/team`);
    expect(page.statusCode).toBe(200);
    for (const actor of ['owner', 'admin', 'manager', 'staff'] as const) expect(page.body).toContain(h.emails[actor]);
    expect(page.body).toContain('Test manager');
    expect(page.body).toContain('name="email"');
    // An admin is offered admin, manager and staff, never owner.
    expect(page.body).toMatch(/<select id="f-role" name="role">[\s\S]*?<\/select>/);
    const inviteSelect = /<select id="f-role" name="role">([\s\S]*?)<\/select>/.exec(page.body)![1]!;
    expect(inviteSelect).not.toContain('value="owner"');
    expect(page.body).not.toContain('/delete"');
    const ownerPage = await (await h.as('owner')).get(`/admin/b/${h.world.business.slug}/team`);
    expect(/<select id="f-role" name="role">([\s\S]*?)<\/select>/.exec(ownerPage.body)![1]).toContain('value="owner"');
    expect(ownerPage.body).toContain(`/admin/b/${h.world.business.slug}/delete`);
  });

  it('without email, the reset page says to ask the team for a link and makes none', async () => {
    const page = await h.client().get('/admin/password-reset');
    expect(page.body).toContain('does not send email');
    expect(page.body).not.toContain('name="email"');
    const c = await h.as('anonymous');
    await c.post('/admin/password-reset', { email: h.emails.staff });
    expect(await emAcrossBusinesses(db.orm).count(AccountTokenSchema, { kind: 'password_reset', user: h.userIds.staff, createdBy: null })).toBe(0);
  });
});

describe('invitations', () => {
  it('invite → accept as a new user → signed in with the role; the link then refuses a second use', async () => {
    const t = await team(['owner']);
    const owner = await t.as(0);
    const invited = await owner.post(`/admin/b/${t.slug}/team/invite`, { email: 'New.Person@Example.com', role: 'manager' });
    expect(invited.statusCode).toBe(200);
    expect(invited.body).toContain('Invitation for new.person@example.com as Manager');
    expect(invited.body).toContain('shown only once');
    const path = linkPath(invited.body, 'invite');
    // The open invitation is listed, and the link is not stored.
    const list = await owner.get(`/admin/b/${t.slug}/team`);
    expect(list.body).toContain('new.person@example.com');
    expect(list.body).not.toContain(path);

    const guest = await h.as('anonymous');
    const page = await guest.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Create your account');
    const bad = await guest.post(path, { name: 'Nadia', password: 'short', confirm: 'short' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="f-password-error">Use at least 10 characters/);
    expect(bad.body).toContain('value="Nadia"');
    const joined = await guest.post(path, { name: 'Nadia', password: 'nadia password 1', confirm: 'nadia password 1' });
    expect(joined.statusCode).toBe(303);
    expect(joined.headers.location).toBe(`/admin/b/${t.slug}`);
    expect((await guest.get(`/admin/b/${t.slug}`)).statusCode).toBe(200);
    const user = await emAcrossBusinesses(db.orm).findOneOrFail(UserSchema, { email: 'new.person@example.com' });
    expect(user.name).toBe('Nadia');
    expect(await roleOf(t.businessId, user.id)).toBe('manager');
    // A manager: the Team page is not theirs.
    expect((await guest.get(`/admin/b/${t.slug}/team`)).statusCode).toBe(403);
    expect((await audits(t.businessId, 'member.invited')).map((a) => [a.actorId, a.details['role']])).toEqual([[t.people[0]!.userId, 'manager']]);
    expect((await audits(t.businessId, 'member.joined')).map((a) => a.actorId)).toEqual([user.id]);

    const used = await h.client().get(path);
    expect(used.statusCode).toBe(410);
    expect(used.body).toContain('already been used');
    const usedPost = await (await h.as('anonymous')).post(path, { name: 'Eve', password: 'eve password 12', confirm: 'eve password 12' });
    expect(usedPost.statusCode).toBe(410);
  });

  it('asks an existing account to sign in first, then it joins; another signed-in account cannot use the link', async () => {
    const t = await team(['owner']);
    const elsewhere = await makePerson(db.orm, [{ businessId: h.other.business.id, role: 'staff' }]);
    const outcome = await inviteMember(h.deps.ctx, t.businessId, t.people[0]!.userId, { email: elsewhere.email, role: 'staff' });
    if (outcome.kind !== 'invited') throw new Error('expected an invitation');
    const path = `/admin/invite/${outcome.token}`;
    const anonymous = await h.client().get(path);
    expect(anonymous.body).toContain(`/admin/sign-in?next=${encodeURIComponent(path)}`);
    expect(anonymous.body).not.toContain('name="password"');

    const stranger = await h.as('manager');
    const wrong = await stranger.get(path);
    expect(wrong.body).toContain(`signed in as ${h.emails.manager}`);
    expect((await stranger.post(path)).statusCode).toBe(403);
    expect(await roleOf(t.businessId, h.userIds.manager)).toBeNull();

    const invitee = await signedIn(h, elsewhere.email);
    expect((await invitee.get(path)).body).toContain(`Join ${'Kyiv Studio'}`);
    const joined = await invitee.post(path);
    expect(joined.statusCode).toBe(303);
    expect(joined.headers.location).toBe(`/admin/b/${t.slug}`);
    expect(await roleOf(t.businessId, elsewhere.userId)).toBe('staff');
    expect(await roleOf(h.other.business.id, elsewhere.userId)).toBe('staff');
  });

  it('refuses an expired invitation (410) and an unknown one (404)', async () => {
    const t = await team(['owner']);
    const outcome = await inviteMember(h.deps.ctx, t.businessId, t.people[0]!.userId, { email: 'late@example.com', role: 'staff' });
    if (outcome.kind !== 'invited') throw new Error('expected an invitation');
    h.world.clock.advanceMinutes(7 * 24 * 60 + 1);
    const page = await h.client().get(`/admin/invite/${outcome.token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('expired');
    expect((await (await h.as('anonymous')).post(`/admin/invite/${outcome.token}`, { name: 'Late', password: 'late password 1', confirm: 'late password 1' })).statusCode).toBe(410);
    expect((await h.client().get(`/admin/invite/${'B'.repeat(43)}`)).statusCode).toBe(404);
  });

  it('an admin may invite admins but not owners; an owner may invite an owner; members cannot be invited twice', async () => {
    const t = await team(['owner', 'admin']);
    const admin = await t.as(1);
    const refused = await admin.post(`/admin/b/${t.slug}/team/invite`, { email: 'boss@example.com', role: 'owner' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toMatch(/id="f-role-error">You cannot give this role/);
    expect(refused.body).toContain('value="boss@example.com"');
    expect((await admin.post(`/admin/b/${t.slug}/team/invite`, { email: 'second-admin@example.com', role: 'admin' })).statusCode).toBe(200);
    expect((await (await t.as(0)).post(`/admin/b/${t.slug}/team/invite`, { email: 'co-owner@example.com', role: 'owner' })).statusCode).toBe(200);
    const twice = await admin.post(`/admin/b/${t.slug}/team/invite`, { email: t.people[0]!.email, role: 'staff' });
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toMatch(/id="f-email-error">This person is already a member/);
    const malformed = await admin.post(`/admin/b/${t.slug}/team/invite`, { email: 'nope', role: 'staff' });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.body).toMatch(/id="f-email-error">Enter an email address/);
    expect(malformed.body).toContain('value="nope"');
  });

  it('withdraws an invitation (audited); another business’s invitation is not found', async () => {
    const t = await team(['owner']);
    const outcome = await inviteMember(h.deps.ctx, t.businessId, t.people[0]!.userId, { email: 'maybe@example.com', role: 'staff' });
    if (outcome.kind !== 'invited') throw new Error('expected an invitation');
    const outsider = await h.as('outsider');
    expect((await outsider.post(`/admin/b/${h.other.business.slug}/team/invitations/${outcome.invitationId}/revoke`)).statusCode).toBe(404);
    const owner = await t.as(0);
    const revoked = await owner.post(`/admin/b/${t.slug}/team/invitations/${outcome.invitationId}/revoke`);
    expect(revoked.statusCode).toBe(303);
    expect((await h.client().get(`/admin/invite/${outcome.token}`)).statusCode).toBe(410);
    expect((await owner.get(`/admin/b/${t.slug}/team`)).body).not.toContain('maybe@example.com');
    expect(await audits(t.businessId, 'invitation.revoked')).toHaveLength(1);
  });
});

describe('roles and removal', () => {
  it('an admin changes a staff member’s role (audited) but not an owner’s or another admin’s, and cannot make an owner', async () => {
    const t = await team(['owner', 'admin', 'admin', 'staff']);
    const [owner, , otherAdmin, staff] = t.people.map((p) => p.memberships[t.businessId]!) as [string, string, string, string];
    const admin = await t.as(1);
    const url = (id: string) => `/admin/b/${t.slug}/team/members/${id}/role`;
    expect((await admin.post(url(staff), { role: 'manager' })).statusCode).toBe(303);
    expect(await roleOf(t.businessId, t.people[3]!.userId)).toBe('manager');
    const [entry] = await audits(t.businessId, 'member.role_changed');
    expect(entry).toMatchObject({ actorId: t.people[1]!.userId, entityId: staff, details: { from: 'staff', to: 'manager' } });
    expect((await admin.post(url(staff), { role: 'owner' })).statusCode).toBe(403);
    const onAdmin = await admin.post(url(otherAdmin), { role: 'staff' });
    expect(onAdmin.statusCode).toBe(403);
    expect(onAdmin.body).toContain('only an owner can change or remove an owner or an admin');
    expect((await admin.post(url(owner), { role: 'admin' })).statusCode).toBe(409);
    expect((await admin.post(url(staff), { role: 'boss' })).statusCode).toBe(422);
    expect(await roleOf(t.businessId, t.people[2]!.userId)).toBe('admin');
  });

  it('keeps the last owner: not demoted, not removed, not even by themselves; with a second owner, one may go', async () => {
    const t = await team(['owner', 'admin']);
    const ownerMembership = t.people[0]!.memberships[t.businessId]!;
    const owner = await t.as(0);
    const demote = await owner.post(`/admin/b/${t.slug}/team/members/${ownerMembership}/role`, { role: 'admin' });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain('at least one owner');
    expect((await owner.post(`/admin/b/${t.slug}/team/members/${ownerMembership}/remove`)).statusCode).toBe(409);
    expect((await (await t.as(1)).post(`/admin/b/${t.slug}/team/members/${ownerMembership}/remove`)).statusCode).toBe(409);
    expect(await roleOf(t.businessId, t.people[0]!.userId)).toBe('owner');

    // A second owner, then the first may step down to admin.
    expect((await owner.post(`/admin/b/${t.slug}/team/members/${t.people[1]!.memberships[t.businessId]}/role`, { role: 'owner' })).statusCode).toBe(303);
    const stepDown = await owner.post(`/admin/b/${t.slug}/team/members/${ownerMembership}/role`, { role: 'admin' });
    expect(stepDown.statusCode).toBe(303);
    expect(stepDown.headers.location).toBe(`/admin/b/${t.slug}`);
    expect(await roleOf(t.businessId, t.people[0]!.userId)).toBe('admin');
  });

  it('removes a member: their access ends at once, their specialist profile is unlinked, the removal is audited', async () => {
    const t = await team(['owner', 'staff']);
    const staffClient = await t.as(1);
    expect((await staffClient.get(`/admin/b/${t.slug}`)).statusCode).toBe(200);
    const em = emForBusiness(db.orm, t.businessId);
    const profile = await em.findOneOrFail(StaffMemberSchema, {}, { orderBy: { position: 'asc' } });
    await em.nativeUpdate(StaffMemberSchema, { id: profile.id }, { user: t.people[1]!.userId });
    const removed = await (await t.as(0)).post(`/admin/b/${t.slug}/team/members/${t.people[1]!.memberships[t.businessId]}/remove`);
    expect(removed.statusCode).toBe(303);
    expect((await staffClient.get(`/admin/b/${t.slug}`)).statusCode).toBe(404);
    expect(await roleOf(t.businessId, t.people[1]!.userId)).toBeNull();
    expect((await emForBusiness(db.orm, t.businessId).findOneOrFail(StaffMemberSchema, { id: profile.id })).user).toBeNull();
    expect((await audits(t.businessId, 'member.removed'))[0]).toMatchObject({ actorId: t.people[0]!.userId, details: { userId: t.people[1]!.userId, role: 'staff' } });
  });

  it('answers another business’s member id with 404 and changes nothing', async () => {
    const foreign = await emForBusiness(db.orm, h.other.business.id).findOneOrFail(MembershipSchema, { user: h.userIds.outsider });
    const owner = await h.as('owner');
    for (const action of ['role', 'remove', 'reset-link']) {
      const response = await owner.post(`/admin/b/${h.world.business.slug}/team/members/${foreign.id}/${action}`, { role: 'staff' });
      expect(response.statusCode, action).toBe(404);
    }
    expect((await owner.post(`/admin/b/${h.world.business.slug}/team/members/not-an-id/remove`)).statusCode).toBe(404);
    expect(await roleOf(h.other.business.id, h.userIds.outsider)).toBe('owner');
  });
});

describe('password links made by the team (no email)', () => {
  const resetUrl = (t: { slug: string; businessId: string }, person: TestPerson) => `/admin/b/${t.slug}/team/members/${person.memberships[t.businessId]}/reset-link`;

  it('an owner makes a link to hand over, shown once; it works once and ends the member’s sessions', async () => {
    const t = await team(['owner', 'staff']);
    const staffSession = await t.as(1);
    const page = await (await t.as(0)).get(`/admin/b/${t.slug}/team`);
    expect(page.body).toContain(`Make a password link<span class="visually-hidden"> — ${t.people[1]!.name}`);
    expect(page.body).toContain('only an owner can make a password link');
    const made = await (await t.as(0)).post(resetUrl(t, t.people[1]!));
    expect(made.statusCode).toBe(200);
    expect(made.body).toContain(`Password link for ${t.people[1]!.name}`);
    expect(made.body).toContain('shown only once');
    const path = linkPath(made.body, 'password-reset');
    expect((await audits(t.businessId, 'member.reset_link_created'))[0]).toMatchObject({ actorId: t.people[0]!.userId, details: { delivery: 'by_hand' } });
    const browser = await h.as('anonymous');
    expect((await browser.post(path, { password: 'staff new password', confirm: 'staff new password' })).statusCode).toBe(303);
    expect((await staffSession.get(`/admin/b/${t.slug}`)).statusCode).toBe(303);
    await expect(signedIn(h, t.people[1]!.email, 'staff new password')).resolves.toBeDefined();
    expect((await browser.get(path)).statusCode).toBe(410);
  });

  it('an admin gets no button and is refused (403): a link shown to copy is an owner’s alone', async () => {
    const t = await team(['owner', 'admin', 'staff']);
    const admin = await t.as(1);
    const page = await admin.get(`/admin/b/${t.slug}/team`);
    expect(page.body).not.toContain('/reset-link"');
    expect(page.body).toContain('only an owner can make a password link');
    const refused = await admin.post(resetUrl(t, t.people[2]!));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toMatch(/\/admin\/password-reset\/[A-Za-z0-9_-]{43}/);
    expect(await emAcrossBusinesses(db.orm).count(AccountTokenSchema, { user: t.people[2]!.userId })).toBe(0);
  });

  it('no link for another owner, nor for someone who also works for another business', async () => {
    const t = await team(['owner', 'owner']);
    const owner = await t.as(0);
    expect((await owner.post(resetUrl(t, t.people[1]!))).statusCode).toBe(403);
    const both = await makePerson(db.orm, [
      { businessId: t.businessId, role: 'staff' },
      { businessId: h.other.business.id, role: 'staff' },
    ]);
    const refused = await owner.post(resetUrl(t, both));
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('also works for another business');
    expect(await emAcrossBusinesses(db.orm).count(AccountTokenSchema, { user: both.userId })).toBe(0);
  });

  it('a link made for a member of this business only stops working once they also belong to another business (review: takeover)', async () => {
    const t = await team(['owner', 'staff']);
    const member = t.people[1]!;
    const path = linkPath((await (await t.as(0)).post(resetUrl(t, member))).body, 'password-reset');
    // Within the link's hour the member becomes the owner of another business.
    const em = emAcrossBusinesses(db.orm).fork();
    em.create(MembershipSchema, { business: h.other.business.id, user: member.userId, role: 'owner' });
    await em.flush();
    // Whoever holds the link gets the page of a link that does not work, and no session.
    const holder = await h.as('anonymous');
    const page = await holder.get(path);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('This link does not work');
    const reset = await holder.post(path, { password: 'taken over 123456', confirm: 'taken over 123456' });
    expect(reset.statusCode).toBe(404);
    expect((await holder.get(`/admin/b/${h.other.business.slug}`)).statusCode).toBe(303);
    await expect(signedIn(h, member.email)).resolves.toBeDefined();
  });

  it('a link made for a member is deleted when they accept an invitation to another business', async () => {
    const t = await team(['owner', 'staff']);
    const member = t.people[1]!;
    const path = linkPath((await (await t.as(0)).post(resetUrl(t, member))).body, 'password-reset');
    const invited = await inviteMember(h.deps.ctx, h.other.business.id, h.userIds.outsider, { email: member.email, role: 'owner' });
    if (invited.kind !== 'invited') throw new Error('expected an invitation');
    const self = await signedIn(h, member.email);
    expect((await self.post(`/admin/invite/${invited.token}`)).statusCode).toBe(303);
    expect(await emAcrossBusinesses(db.orm).count(AccountTokenSchema, { kind: 'password_reset', user: member.userId })).toBe(0);
    expect((await h.client().get(path)).statusCode).toBe(404);
  });
});
