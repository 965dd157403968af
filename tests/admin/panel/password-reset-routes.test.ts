import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestPasswordReset } from '../../../src/app/accounts/request-password-reset.ts';
import { smtpMailer, type SmtpMailer } from '../../../src/admin/panel/smtp-mailer.ts';
import type { Mailer } from '../../../src/app/accounts/mailer.ts';
import { AccountTokenSchema, AuditEntrySchema, MembershipSchema, UserSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makePerson, signedIn } from '../../support/panel-people.ts';
import { startPanelHarness, TEST_PASSWORD, type PanelHarness } from '../../support/panel-harness.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let smtp: SmtpSink;
let mailer: SmtpMailer;
const NEW_PASSWORD = 'a brand new password';

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpSink();
  mailer = smtpMailer(smtp.url, 'BookChat <no-reply@bookchat.test>');
  h = await startPanelHarness(db.orm, { deps: { mailer } });
});
afterAll(async () => {
  await h?.close();
  mailer?.close();
  await smtp?.close();
  await db?.drop();
});
beforeEach(() => h.world.clock.reset());

const person = (options: { locale?: string } = {}) => makePerson(db.orm, [{ businessId: h.world.business.id, role: 'staff' }], options);
const linkIn = (text: string) => {
  const url = /https?:\/\/\S+\/admin\/password-reset\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  if (!url) throw new Error(`no reset link in: ${text}`);
  return new URL(url).pathname;
};
const userRow = (id: string) => emAcrossBusinesses(db.orm).findOneOrFail(UserSchema, { id });

describe('asking for a password reset', () => {
  it('shows the form when the service sends email', async () => {
    const page = await h.client().get('/admin/password-reset');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="email"');
    expect(page.body).toContain('Send the link');
  });

  it('keeps what was typed and says what is wrong with a malformed email (422)', async () => {
    const c = await h.as('anonymous');
    await c.get('/admin/password-reset');
    const response = await c.post('/admin/password-reset', { email: 'not-an-email' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('value="not-an-email"');
    expect(response.body).toMatch(/id="f-email-error">Enter an email address/);
  });

  it('answers an unknown email exactly as a known one, and sends nothing for it', async () => {
    const known = await person();
    const c = await h.as('anonymous');
    const forUnknown = await c.post('/admin/password-reset', { email: 'nobody-here@example.com' });
    const forKnown = await c.post('/admin/password-reset', { email: known.email });
    expect(forUnknown.statusCode).toBe(200);
    expect(forKnown.statusCode).toBe(200);
    const same = (body: string, email: string) => body.replaceAll(email, 'EMAIL').replace(/content="[^"]+"/g, '').replace(/value="[^"]{20,}"/g, '');
    expect(same(forUnknown.body, 'nobody-here@example.com')).toBe(same(forKnown.body, known.email));
    expect(forKnown.body).toContain('If an account exists for');
    await smtp.waitFor(known.email);
    expect(smtp.mails.some((m) => m.to.includes('nobody-here@example.com'))).toBe(false);
    expect(await emAcrossBusinesses(db.orm).count(AccountTokenSchema, { kind: 'password_reset', email: 'nobody-here@example.com' })).toBe(0);
  });
});

describe('resetting by the emailed link', () => {
  it('sends the link through the SMTP server; it sets a new password, ends every other session, signs this browser in, and works once', async () => {
    const p = await person();
    const before = await userRow(p.userId);
    const oldSession = await signedIn(h, p.email);
    expect((await oldSession.get('/admin/account')).statusCode).toBe(200);

    const browser = await h.as('anonymous');
    await browser.post('/admin/password-reset', { email: `  ${p.email.toUpperCase()} ` });
    const mail = await smtp.waitFor(p.email);
    expect(mail.from).toBe('no-reply@bookchat.test');
    expect(mail.subject).toBe('Reset your BookChat password');
    expect(mail.text).toContain(`Hello ${p.name}`);
    expect(mail.text).toContain('within 60 minutes');
    const path = linkIn(mail.text);

    const form = await browser.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(p.email);
    const mismatch = await browser.post(path, { password: NEW_PASSWORD, confirm: 'something else entirely' });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toMatch(/id="f-confirm-error">The passwords do not match/);
    const short = await browser.post(path, { password: 'short', confirm: 'short' });
    expect(short.statusCode).toBe(422);
    expect(short.body).toMatch(/id="f-password-error">Use at least 10 characters/);

    const done = await browser.post(path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin');
    expect((await browser.get('/admin/account')).statusCode).toBe(200);
    // The session from before the reset is over.
    const stale = await oldSession.get('/admin/account');
    expect(stale.statusCode).toBe(303);
    expect(String(stale.headers.location)).toMatch(/^\/admin\/sign-in/);
    expect((await userRow(p.userId)).sessionVersion).toBe(before.sessionVersion + 1);
    // The new password signs in; the old one does not.
    await expect(signedIn(h, p.email, NEW_PASSWORD)).resolves.toBeDefined();
    await expect(signedIn(h, p.email, TEST_PASSWORD)).rejects.toThrow('401');
    // The link is used up.
    const again = await h.client().get(path);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This link has already been used');
    expect((await (await h.as('anonymous')).post(path, { password: 'yet another password', confirm: 'yet another password' })).statusCode).toBe(410);
  });

  it('writes the email in the person’s language', async () => {
    const p = await person({ locale: 'ru' });
    await (await h.as('anonymous')).post('/admin/password-reset', { email: p.email });
    const mail = await smtp.waitFor(p.email);
    expect(mail.subject).toBe('Сброс пароля BookChat');
    expect(mail.text).toContain(`Здравствуйте, ${p.name}!`);
    expect(linkIn(mail.text)).toMatch(/^\/admin\/password-reset\//);
  });

  it('clears a lockout: a locked account signs in again with its new password', async () => {
    const p = await person();
    const c = await h.as('anonymous');
    for (let i = 0; i < 5; i += 1) await c.post('/admin/sign-in', { email: p.email, password: 'wrong password' });
    expect((await userRow(p.userId)).lockedUntil).not.toBeNull();
    const outcome = await requestPasswordReset(h.deps.ctx, { email: p.email });
    if (outcome.kind !== 'link') throw new Error('expected a link');
    const browser = await h.as('anonymous');
    await browser.get(`/admin/password-reset/${outcome.token}`);
    expect((await browser.post(`/admin/password-reset/${outcome.token}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);
    const row = await userRow(p.userId);
    expect(row.lockedUntil).toBeNull();
    expect(row.failedSignIns).toBe(0);
    await expect(signedIn(h, p.email, NEW_PASSWORD)).resolves.toBeDefined();
  });

  it('refuses an expired link (410) and changes nothing', async () => {
    const p = await person();
    const outcome = await requestPasswordReset(h.deps.ctx, { email: p.email });
    if (outcome.kind !== 'link') throw new Error('expected a link');
    h.world.clock.advanceMinutes(61);
    const browser = await h.as('anonymous');
    const page = await browser.get(`/admin/password-reset/${outcome.token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This link has expired');
    expect((await browser.post(`/admin/password-reset/${outcome.token}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(410);
    await expect(signedIn(h, p.email)).resolves.toBeDefined();
  });

  it('answers an unknown or malformed link with a clear 404 page, never a stack trace', async () => {
    for (const token of ['A'.repeat(43), 'short', '..%2F..%2Fetc']) {
      const page = await h.client().get(`/admin/password-reset/${token}`);
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('This link does not work');
      expect(page.body).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('lets only one of two simultaneous uses of a link through', async () => {
    const p = await person();
    const outcome = await requestPasswordReset(h.deps.ctx, { email: p.email });
    if (outcome.kind !== 'link') throw new Error('expected a link');
    const [a, b] = [await h.as('anonymous'), await h.as('anonymous')];
    const url = `/admin/password-reset/${outcome.token}`;
    const answers = await Promise.all([a.post(url, { password: 'first new password', confirm: 'first new password' }), b.post(url, { password: 'second new password', confirm: 'second new password' })]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([303, 410]);
    const winner = answers[0]!.statusCode === 303 ? 'first new password' : 'second new password';
    await expect(signedIn(h, p.email, winner)).resolves.toBeDefined();
    expect((await userRow(p.userId)).sessionVersion).toBe(1);
  });

  it('makes one link a minute at most, and only the newest link works', async () => {
    const p = await person();
    const first = await requestPasswordReset(h.deps.ctx, { email: p.email });
    expect(first.kind).toBe('link');
    expect((await requestPasswordReset(h.deps.ctx, { email: p.email })).kind).toBe('none');
    h.world.clock.advanceMinutes(2);
    const second = await requestPasswordReset(h.deps.ctx, { email: p.email });
    if (first.kind !== 'link' || second.kind !== 'link') throw new Error('expected links');
    expect((await h.client().get(`/admin/password-reset/${first.token}`)).statusCode).toBe(404);
    expect((await h.client().get(`/admin/password-reset/${second.token}`)).statusCode).toBe(200);
    // Only the hash is stored.
    const rows = await emAcrossBusinesses(db.orm).find(AccountTokenSchema, { user: p.userId });
    expect(rows.map((r) => r.tokenHash)).not.toContain(second.token);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });
});

describe('invitations by email', () => {
  it('emails the invitation in the inviter’s language, shows the link once too, and the emailed link works', async () => {
    const owner = await h.as('owner');
    await owner.post('/admin/language', { language: 'uk', back: '/admin' });
    const invited = await owner.post(`/admin/b/${h.world.business.slug}/team/invite`, { email: 'mailed-invitee@example.com', role: 'staff' });
    expect(invited.statusCode).toBe(200);
    expect(invited.body).toContain('Ми також надіслали його на mailed-invitee@example.com');
    await owner.post('/admin/language', { language: 'en', back: '/admin' });
    const mail = await smtp.waitFor('mailed-invitee@example.com');
    expect(mail.subject).toBe(`Test owner запрошує вас до ${h.world.business.name} у BookChat`);
    expect(mail.text).toContain('роль: Працівник');
    const url = /https?:\/\/\S+\/admin\/invite\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
    if (!url) throw new Error('no invitation link in the email');
    const guest = await h.as('anonymous');
    await guest.get(new URL(url).pathname);
    const joined = await guest.post(new URL(url).pathname, { name: 'Mailed', password: 'mailed password 1', confirm: 'mailed password 1' });
    expect(joined.statusCode).toBe(303);
    expect(joined.headers.location).toBe(`/admin/b/${h.world.business.slug}`);
  });
});

describe('password links from the Team page, with email', () => {
  const resetUrl = (p: { memberships: Record<string, string> }) => `/admin/b/${h.world.business.slug}/team/members/${p.memberships[h.world.business.id]}/reset-link`;

  it('an admin has the link emailed to the member, in the member’s language; the page says sent and never shows it', async () => {
    const p = await person({ locale: 'kk' });
    const admin = await h.as('admin');
    const team = await admin.get(`/admin/b/${h.world.business.slug}/team`);
    expect(team.body).toContain(`Email a password link<span class="visually-hidden"> — ${p.name}`);
    expect(team.body).toContain('emailed to the member only');
    const sent = await admin.post(resetUrl(p));
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain(`Password link emailed to ${p.name} (${p.email})`);
    expect(sent.body).not.toContain('/admin/password-reset/');
    expect(sent.body).not.toContain('id="created-link"');
    const mail = await smtp.waitFor(p.email);
    expect(mail.subject).toBe('BookChat жаңа құпиясөзі');
    expect(mail.text).toContain(`Сәлеметсіз бе, ${p.name}!`);
    expect(mail.text).toContain(`Test admin (${h.world.business.name})`);
    const path = linkIn(mail.text);
    const [entry] = await emForBusiness(db.orm, h.world.business.id).find(AuditEntrySchema, { action: 'member.reset_link_created', entityId: p.memberships[h.world.business.id] });
    expect(entry).toMatchObject({ actorId: h.userIds.admin, details: { delivery: 'email' } });
    // The member sets a password with it.
    const browser = await h.as('anonymous');
    expect((await browser.post(path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);
    await expect(signedIn(h, p.email, NEW_PASSWORD)).resolves.toBeDefined();
  });

  it('an owner’s link is emailed too, never shown; an admin still gets none for another admin (403)', async () => {
    const p = await person();
    const sent = await (await h.as('owner')).post(resetUrl(p));
    expect(sent.statusCode).toBe(200);
    expect(sent.body).not.toContain('/admin/password-reset/');
    expect((await smtp.waitFor(p.email)).subject).toBe('Set a new BookChat password');
    const otherAdmin = await makePerson(db.orm, [{ businessId: h.world.business.id, role: 'admin' }]);
    expect((await (await h.as('admin')).post(resetUrl(otherAdmin))).statusCode).toBe(403);
  });

  it('an emailed link stops working once the member also belongs to another business', async () => {
    const p = await person();
    await (await h.as('admin')).post(resetUrl(p));
    const path = linkIn((await smtp.waitFor(p.email)).text);
    const em = emAcrossBusinesses(db.orm).fork();
    em.create(MembershipSchema, { business: h.other.business.id, user: p.userId, role: 'staff' });
    await em.flush();
    expect((await h.client().get(path)).statusCode).toBe(404);
    expect((await (await h.as('anonymous')).post(path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(404);
  });

  it('says so when the email cannot be sent, and still shows no link', async () => {
    const refusing: Mailer = { send: () => Promise.reject(new Error('mailbox unavailable')) };
    const down = await startPanelHarness(db.orm, { deps: { mailer: refusing } });
    try {
      const p = await makePerson(db.orm, [{ businessId: down.world.business.id, role: 'staff' }]);
      const page = await (await down.as('admin')).post(`/admin/b/${down.world.business.slug}/team/members/${p.memberships[down.world.business.id]}/reset-link`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`The email to ${p.email} could not be sent`);
      expect(page.body).not.toContain('/admin/password-reset/');
    } finally {
      await down.close();
    }
  });
});
