import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditEntrySchema, UserSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { MAX_FAILED_SIGN_INS } from '../../../src/app/accounts/sign-in.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startPanelHarness, TEST_PASSWORD, type PanelHarness } from '../../support/panel-harness.ts';
import { makePerson } from '../../support/panel-people.ts';

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
beforeEach(() => h.world.clock.reset());

describe('signing in and out', () => {
  it('signs in with email and password, lands on the business and shows the role', async () => {
    const client = h.client();
    await client.get('/admin/sign-in');
    const response = await client.post('/admin/sign-in', { email: `  ${h.emails.owner.toUpperCase()} `, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin');
    const start = await client.get('/admin');
    expect(start.headers.location).toBe(`/admin/b/${h.world.business.slug}`);
    const home = await client.get(`/admin/b/${h.world.business.slug}`);
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Owner');
    expect(home.body).toContain(h.world.business.name);
  });

  it('goes back to the page asked for, but never to another site', async () => {
    const client = h.client();
    const asked = await client.get(`/admin/b/${h.world.business.slug}`);
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(`/admin/sign-in?next=${encodeURIComponent(`/admin/b/${h.world.business.slug}`)}`);
    await client.get(String(asked.headers.location));
    const back = await client.post(String(asked.headers.location), { email: h.emails.admin, password: TEST_PASSWORD });
    expect(back.headers.location).toBe(`/admin/b/${h.world.business.slug}`);

    const other = h.client();
    await other.get('/admin/sign-in');
    const away = await other.post(`/admin/sign-in?next=${encodeURIComponent('//evil.example/admin')}`, { email: h.emails.admin, password: TEST_PASSWORD });
    expect(away.headers.location).toBe('/admin');
  });

  it('a wrong password and an unknown email read the same, and the email typed is kept', async () => {
    const client = h.client();
    await client.get('/admin/sign-in');
    const wrong = await client.post('/admin/sign-in', { email: h.emails.manager, password: 'not the password' });
    const unknown = await client.post('/admin/sign-in', { email: 'nobody@example.com', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('Wrong email or password.');
    expect(unknown.body).toContain('Wrong email or password.');
    expect(wrong.body).toContain(`value="${h.emails.manager}"`);
    expect(wrong.body).not.toContain('not the password');
    await client.post('/admin/sign-in', { email: h.emails.manager, password: TEST_PASSWORD });
  });

  it(`locks an account after ${MAX_FAILED_SIGN_INS} wrong passwords, even against the right one, until the lockout ends`, async () => {
    const client = h.client();
    await client.get('/admin/sign-in');
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i += 1) expect((await client.post('/admin/sign-in', { email: h.emails.staff, password: `guess ${i}` })).statusCode).toBe(401);
    const locked = await client.post('/admin/sign-in', { email: h.emails.staff, password: 'last guess' });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('locked for 15 min');
    expect((await client.post('/admin/sign-in', { email: h.emails.staff, password: TEST_PASSWORD })).statusCode).toBe(429);
    h.world.clock.advanceMinutes(16);
    expect((await client.post('/admin/sign-in', { email: h.emails.staff, password: TEST_PASSWORD })).statusCode).toBe(303);
    const user = await emAcrossBusinesses(db.orm).fork().findOneOrFail(UserSchema, { email: h.emails.staff });
    expect(user.failedSignIns).toBe(0);
    expect(user.lockedUntil).toBeNull();
  });

  it('signing out ends the session on the server: a copy of the cookie taken before is worth nothing', async () => {
    const person = await makePerson(db.orm, [{ businessId: h.world.business.id, role: 'manager' }]);
    const client = h.client();
    await client.get('/admin/sign-in');
    expect((await client.post('/admin/sign-in', { email: person.email, password: TEST_PASSWORD })).statusCode).toBe(303);
    const copied = client.cookie()!;
    expect((await h.app.inject({ method: 'GET', url: '/admin/account', headers: { cookie: copied } })).statusCode).toBe(200);
    await client.get('/admin/account');
    expect((await client.post('/admin/sign-out')).statusCode).toBe(303);
    expect((await h.app.inject({ method: 'GET', url: '/admin/account', headers: { cookie: copied } })).statusCode).toBe(303);
  });

  it('an email no account has is locked after as many wrong tries: the answers cannot tell who has an account', async () => {
    const person = await makePerson(db.orm, [{ businessId: h.world.business.id, role: 'staff' }]);
    const answers = async (email: string) => {
      const client = h.client();
      await client.get('/admin/sign-in');
      const statuses: number[] = [];
      for (let i = 0; i <= MAX_FAILED_SIGN_INS; i += 1) statuses.push((await client.post('/admin/sign-in', { email, password: `wrong ${i}` })).statusCode);
      return statuses;
    };
    const known = await answers(person.email);
    expect(known).toEqual([401, 401, 401, 401, 429, 429]);
    expect(await answers(`nobody-${person.email}`)).toEqual(known);
  });

  it('odd input to sign-in and redirects is a 4xx or a safe redirect, never a 500', async () => {
    const person = await makePerson(db.orm, [{ businessId: h.world.business.id, role: 'staff' }]);
    const client = await h.as('anonymous');
    expect((await client.post('/admin/sign-in', { email: 'a\u0000b@example.com', password: 'whatever' })).statusCode).toBe(401);
    const odd = await client.post(`/admin/sign-in?next=${encodeURIComponent('/admin/\u2713')}`, { email: person.email, password: TEST_PASSWORD });
    expect(odd.statusCode).toBe(303);
    expect(odd.headers.location).toBe('/admin');
    await client.get('/admin/account');
    for (const back of ['/admin/\u2713', '/admin/\r\nx-injected: 1']) {
      const switched = await client.post('/admin/language', { language: 'ru', back });
      expect(switched.statusCode).toBe(303);
      expect(switched.headers['x-injected']).toBeUndefined();
    }
  });

  it('signing out ends the session', async () => {
    const client = await h.as('manager');
    expect((await client.get('/admin/account')).statusCode).toBe(200);
    expect((await client.post('/admin/sign-out')).headers.location).toBe('/admin/sign-in');
    expect((await client.get('/admin/account')).statusCode).toBe(303);
  });
});

describe('CSRF, cookies and headers', () => {
  it('a form posted without its token, or with another session’s, is refused with 403 and changes nothing', async () => {
    const client = await h.as('admin');
    const missing = await client.post('/admin/account/password', { _csrf: '', current: TEST_PASSWORD, password: 'a brand new password', confirm: 'a brand new password' });
    expect(missing.statusCode).toBe(403);
    const stranger = await h.as('manager');
    const foreign = await client.post('/admin/account/password', { _csrf: stranger.csrf()!, current: TEST_PASSWORD, password: 'a brand new password', confirm: 'a brand new password' });
    expect(foreign.statusCode).toBe(403);
    const fresh = h.client();
    await fresh.get('/admin/sign-in');
    expect((await fresh.post('/admin/sign-in', { email: h.emails.admin, password: TEST_PASSWORD })).statusCode).toBe(303);
  });

  it('sets an HTTP-only, SameSite session cookie and a CSP without inline scripts', async () => {
    const response = await h.client().get('/admin/sign-in');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/bookchat_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/admin/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-frame-options']).toBeDefined();
    expect(response.body).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>|style="/);
  });

  it('marks the cookie Secure when the panel is served over https', async () => {
    const secure = await startPanelHarness(db.orm, { publicUrl: 'https://book.example.com' });
    try {
      const response = await secure.client().get('/admin/sign-in');
      expect(String(response.headers['set-cookie'])).toMatch(/Secure/);
      expect(response.headers['strict-transport-security']).toBeDefined();
    } finally {
      await secure.close();
    }
  });

  it('serves htmx and the panel script from our own origin', async () => {
    const client = h.client();
    const htmx = await client.get('/admin/assets/htmx.min.js');
    expect(htmx.statusCode).toBe(200);
    expect(htmx.body).toContain('htmx');
    expect((await client.get('/admin/assets/panel.js')).statusCode).toBe(200);
    expect((await client.get('/admin/assets/../../package.json')).statusCode).toBe(404);
  });
});

describe('bodies, caching and rate limits', () => {
  it('limits sign-in attempts per client address, whatever the emails', async () => {
    const limited = await startPanelHarness(db.orm, { deps: { signInsPerMinute: 3 } });
    try {
      const client = await limited.as('anonymous');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await client.post('/admin/sign-in', { email: `someone${i}@example.com`, password: 'guess' })).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('a multipart body is read only by upload routes: elsewhere it is refused unread', async () => {
    const client = await h.as('owner');
    const response = await client.postMultipart('/admin/account/password', { current: TEST_PASSWORD, password: 'a brand new password', confirm: 'a brand new password' });
    expect(response.statusCode).toBe(415);
    const anonymous = await h.as('anonymous');
    expect((await anonymous.postMultipart('/admin/sign-in', { email: 'x@example.com', password: 'y'.repeat(10) })).statusCode).toBe(415);
  });

  it('an upload form with an oversized text field is refused and changes nothing (text fields are cut at 64 KiB as they arrive)', async () => {
    const client = await h.as('owner');
    const response = await client.postMultipart(`/admin/b/${h.world.business.slug}/branding`, { primaryColor: `#112233${'x'.repeat(70 * 1024)}`, accentColor: '#445566' });
    expect(response.statusCode).toBe(422);
    expect((await client.get(`/admin/b/${h.world.business.slug}/brand.css`)).body).not.toContain('#112233');
  });

  it('pages are never kept by a cache (they show one-time links and link codes)', async () => {
    const client = await h.as('admin');
    expect((await client.get('/admin/account')).headers['cache-control']).toBe('no-store');
  });
});

describe('password change', () => {
  it('checks the current password and the new one, with messages next to the fields', async () => {
    const client = await h.as('manager');
    const short = await client.post('/admin/account/password', { current: TEST_PASSWORD, password: 'short', confirm: 'short' });
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('Use at least 10 characters.');
    const differ = await client.post('/admin/account/password', { current: TEST_PASSWORD, password: 'long enough password', confirm: 'another long password' });
    expect(differ.body).toContain('The passwords do not match.');
    const wrong = await client.post('/admin/account/password', { current: 'not mine at all', password: 'long enough password', confirm: 'long enough password' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('That is not your current password.');
  });

  it('changes the password, keeps this browser signed in and signs out every other session', async () => {
    const harness = await startPanelHarness(db.orm);
    try {
      const here = await harness.as('admin');
      const elsewhere = await harness.as('admin');
      const changed = await here.post('/admin/account/password', { current: TEST_PASSWORD, password: 'a much better password', confirm: 'a much better password' });
      expect(changed.statusCode).toBe(200);
      expect(changed.body).toContain('Password changed.');
      expect((await here.get('/admin/account')).statusCode).toBe(200);
      expect((await elsewhere.get('/admin/account')).statusCode).toBe(303);
      const again = harness.client();
      await again.get('/admin/sign-in');
      expect((await again.post('/admin/sign-in', { email: harness.emails.admin, password: TEST_PASSWORD })).statusCode).toBe(401);
      expect((await again.post('/admin/sign-in', { email: harness.emails.admin, password: 'a much better password' })).statusCode).toBe(303);
    } finally {
      await harness.close();
    }
  });
});

describe('languages and businesses', () => {
  it('shows the panel in the language picked, then remembers it', async () => {
    const client = await h.as('owner');
    const switched = await client.post('/admin/language', { language: 'kk', back: '/admin/account' });
    expect(switched.headers.location).toBe('/admin/account');
    const page = await client.get('/admin/account');
    expect(page.body).toContain('<html lang="kk">');
    expect(page.body).toContain('Құпиясөзді өзгерту');
    await client.post('/admin/language', { language: 'xx', back: 'https://evil.example' });
    expect((await client.get('/admin/account')).body).toContain('<html lang="kk">');
  });

  it('follows the browser’s language before anything is picked', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/admin/sign-in', headers: { 'accept-language': 'uk-UA,uk;q=0.9,en;q=0.8' } });
    expect(response.body).toContain('<html lang="uk">');
    expect(response.body).toContain('Увійти');
  });

  it('a business that is not yours is not found, whether or not it exists; a role too low is forbidden', async () => {
    const outsider = await h.as('outsider');
    expect((await outsider.get(`/admin/b/${h.world.business.slug}`)).statusCode).toBe(404);
    expect((await outsider.get(`/admin/b/${h.other.business.slug}`)).statusCode).toBe(200);
    expect((await outsider.get(`/admin/switch?slug=${h.world.business.slug}`)).statusCode).toBe(404);
    const brand = await outsider.get(`/admin/b/${h.other.business.slug}/brand.css`);
    expect(brand.headers['content-type']).toContain('text/css');
    expect(brand.body).toContain('--brand: #1E90FF');
    expect(brand.body).toContain('--brand-text: #000000');
  });

  it('writes no audit entry for reading pages', async () => {
    const before = await emAcrossBusinesses(db.orm).fork().count(AuditEntrySchema, { business: h.world.business.id });
    const client = await h.as('owner');
    await client.get(`/admin/b/${h.world.business.slug}`);
    expect(await emAcrossBusinesses(db.orm).fork().count(AuditEntrySchema, { business: h.world.business.id })).toBe(before);
  });
});
