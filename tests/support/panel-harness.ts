import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import argon2 from 'argon2';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import type { PanelDeps } from '../../src/admin/panel/panel-deps.ts';
import type { BookingPageDeps } from '../../src/admin/booking-page/booking-page-deps.ts';
import { MembershipSchema, UserSchema, type MembershipRole } from '../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from './booking-world.ts';
import type { MikroORM } from '@mikro-orm/postgresql';

/** Every test user's password. */
export const TEST_PASSWORD = 'correct horse battery';
let testHash: Promise<string> | undefined;

/**
 * The stored hash of {@link TEST_PASSWORD}: argon2id like the service's, with the
 * smallest cost, since a verify costs what its hash says and tests sign in hundreds of
 * times. Passwords the panel itself sets (invitations, resets, changes) keep the
 * service's own cost.
 */
export function testPasswordHash(): Promise<string> {
  testHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  return testHash;
}

/** The APP_SECRET panel tests run with. */
export const TEST_APP_SECRET = 'panel-test-secret-0123456789abcdef';

/** Who a panel test acts as: a member of the world's business in a role, the owner of another business only, or nobody. */
export type TestActor = MembershipRole | 'outsider' | 'anonymous';
/** Every actor, from nobody up to the owner. */
export const ACTORS: readonly TestActor[] = ['anonymous', 'outsider', 'staff', 'manager', 'admin', 'owner'];

/** A browser-like client of the panel: keeps the session cookie and the latest CSRF token. */
export interface PanelClient {
  get(url: string): Promise<LightMyRequestResponse>;
  /** Posts a URL-encoded form with the current CSRF token (unless `_csrf` is given). */
  post(url: string, form?: Record<string, string | string[]>): Promise<LightMyRequestResponse>;
  /** Posts a multipart form (text fields and files). */
  postMultipart(url: string, fields: Record<string, string>, files?: { field: string; filename: string; contentType: string; data: Buffer }[]): Promise<LightMyRequestResponse>;
  /** The session cookie, if any. */
  cookie(): string | undefined;
  csrf(): string | undefined;
}

/** The panel over a booking world, with one user per role in it and an outsider. */
export interface PanelHarness {
  app: FastifyInstance;
  deps: PanelDeps;
  world: BookingWorld;
  /** A second business, owned by the outsider only. */
  other: BookingWorld;
  emails: Record<Exclude<TestActor, 'anonymous'>, string>;
  userIds: Record<Exclude<TestActor, 'anonymous'>, string>;
  /** A client signed in as the actor (anonymous: not signed in, but with a CSRF token). */
  as(actor: TestActor): Promise<PanelClient>;
  client(): PanelClient;
  close(): Promise<void>;
}

/** Builds the HTTP server with the panel over a fresh booking world. */
export async function startPanelHarness(orm: MikroORM, options: { publicUrl?: string; deps?: Partial<PanelDeps>; bookingPage?: Partial<BookingPageDeps> } = {}): Promise<PanelHarness> {
  const world = await makeBookingWorld(orm);
  const other = await makeBookingWorld(orm);
  const em = emAcrossBusinesses(orm).fork();
  const passwordHash = await testPasswordHash();
  const tag = world.business.slug;
  const emails = {} as PanelHarness['emails'];
  const userIds = {} as PanelHarness['userIds'];
  for (const actor of ['outsider', 'staff', 'manager', 'admin', 'owner'] as const) {
    const user = em.create(UserSchema, { email: `${actor}.${tag}@example.com`, name: `Test ${actor}`, passwordHash });
    if (actor === 'outsider') em.create(MembershipSchema, { business: other.business.id, user, role: 'owner' });
    else em.create(MembershipSchema, { business: world.business.id, user, role: actor });
    emails[actor] = user.email;
    userIds[actor] = user.id;
  }
  await em.flush();
  const deps: PanelDeps = {
    ctx: world.ctx,
    translator: await createTranslator(await loadMessages()),
    appSecret: TEST_APP_SECRET,
    publicUrl: options.publicUrl ?? 'http://127.0.0.1:3000',
    // Tests sign in many times from one address; the limit has its own test.
    signInsPerMinute: 10_000,
    ...options.deps,
  };
  // The public booking page runs beside the panel when a test asks for it.
  const bookingPage = options.bookingPage ? { ctx: deps.ctx, translator: deps.translator, appSecret: deps.appSecret, publicUrl: deps.publicUrl, ...options.bookingPage } : undefined;
  const app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, panel: deps, ...(bookingPage ? { bookingPage } : {}) });
  await app.ready();
  const client = () => panelClient(app);
  return {
    app,
    deps,
    world,
    other,
    emails,
    userIds,
    client,
    async as(actor) {
      const c = client();
      await c.get('/admin/sign-in');
      if (actor === 'anonymous') return c;
      const response = await c.post('/admin/sign-in', { email: emails[actor], password: TEST_PASSWORD });
      if (response.statusCode !== 303) throw new Error(`sign-in as ${actor} answered ${response.statusCode}`);
      await c.get('/admin/account');
      return c;
    },
    close: () => app.close(),
  };
}

/** A client of the panel that keeps cookies and the CSRF token like a browser. */
export function panelClient(app: FastifyInstance): PanelClient {
  const jar = new Map<string, string>();
  let csrf: string | undefined;
  const cookieHeader = () => (jar.size > 0 ? [...jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ') : undefined);
  const remember = (response: LightMyRequestResponse) => {
    for (const cookie of response.cookies) {
      const expired = cookie.expires !== undefined && new Date(cookie.expires).getTime() < Date.now();
      if (cookie.value === '' || expired || cookie.maxAge === 0) jar.delete(cookie.name);
      else jar.set(cookie.name, cookie.value);
    }
    const token = /name="csrf-token" content="([^"]+)"/.exec(response.body)?.[1];
    if (token) csrf = token;
    return response;
  };
  const headers = () => {
    const cookie = cookieHeader();
    return cookie ? { cookie } : {};
  };
  return {
    get: async (url) => remember(await app.inject({ method: 'GET', url, headers: headers() })),
    async post(url, form = {}) {
      const params = new URLSearchParams();
      if (!('_csrf' in form) && csrf) params.append('_csrf', csrf);
      for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
      return remember(await app.inject({ method: 'POST', url, headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString() }));
    },
    async postMultipart(url, fields, files = []) {
      const boundary = `----bookchat${Math.random().toString(16).slice(2)}`;
      const parts: Buffer[] = [];
      const all = { ...(csrf && !('_csrf' in fields) ? { _csrf: csrf } : {}), ...fields };
      for (const [key, value] of Object.entries(all)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`));
      for (const file of files) {
        parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\ncontent-type: ${file.contentType}\r\n\r\n`), file.data, Buffer.from('\r\n'));
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      return remember(await app.inject({ method: 'POST', url, headers: { ...headers(), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) }));
    },
    cookie: () => cookieHeader(),
    csrf: () => csrf,
  };
}
