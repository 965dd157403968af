import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { reconnectDelay } from '../../../src/bots/whatsapp/connection-rules.ts';
import type { WhatsAppChannel } from '../../../src/bots/whatsapp/whatsapp-channel.ts';
import { OutboxMessageSchema, WhatsAppAccountSchema, WhatsAppAuthKeySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { openPostgresAuthState } from '../../../src/bots/whatsapp/postgres-auth-state.ts';
import { BUSINESS_JID, linkedAccount, pause, startTestChannel, WA_SECRET } from './whatsapp-test-kit.ts';

// A linked number's connection life at the socket seam: the fake socket plays
// WhatsApp's part (open, close with a reason, QR, pair-success); creds, keys, state and
// the advisory lock are real, in PostgreSQL.
let db: TestDatabase;
const running: WhatsAppChannel[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
  // Each test links its own business's number; the next test's channel must not drive it too.
  await db.orm.em.fork().getConnection().execute('delete from whatsapp_auth_key; delete from whatsapp_account');
});
afterAll(async () => db.drop());

async function world(): Promise<BookingWorld> {
  return makeBookingWorld(db.orm);
}

async function start(w: BookingWorld, options: Parameters<typeof startTestChannel>[2] = {}) {
  const started = await startTestChannel(w, db.url, options);
  running.push(started.channel);
  return started;
}

const row = (w: BookingWorld) => emForBusiness(db.orm, w.business.id).findOneOrFail(WhatsAppAccountSchema, { business: w.business.id });

describe('reconnect delays', () => {
  it.each([
    [0, 0, 1_000],
    [0, 0.999, 1_999],
    [1, 0, 2_000],
    [2, 0.5, 6_000],
    [5, 0, 30_000],
    [9, 0.999, 59_970],
    [60, 0, 30_000],
  ])('attempt %i with random %d waits %i ms', (attempt, random, expected) => {
    expect(reconnectDelay({ baseMs: 2_000, maxMs: 60_000 }, attempt, random)).toBe(expected);
  });
});

describe('a linked number’s connection', () => {
  it('reconnects after a dropped connection (not a logout), after a backoff', async () => {
    const w = await world();
    await linkedAccount(w);
    const { channel, fake } = await start(w);
    await vi.waitFor(() => expect(fake.sockets).toHaveLength(1), { timeout: 10_000 });
    fake.last().open(BUSINESS_JID);
    await vi.waitFor(async () => expect((await channel.whatsAppStatus(w.business.id))?.state).toBe('connected'), { timeout: 10_000 });
    expect(channel.sender.readyFor?.(w.business.id)).toBe(true);
    expect(channel.readiness()).toEqual({ connected: 1, connecting: 0, failing: 0 });

    fake.last().close(428);
    await vi.waitFor(async () => expect((await row(w)).state).toBe('disconnected'), { timeout: 10_000 });
    expect((await row(w)).lastError).toContain('428');
    expect(channel.sender.readyFor?.(w.business.id)).toBe(false);
    // The new socket comes after the backoff, with the creds read again from PostgreSQL.
    await vi.waitFor(() => expect(fake.sockets).toHaveLength(2), { timeout: 10_000 });
    expect(fake.sockets[1]!.options.auth.creds.me?.id).toBe('77010000001:3@s.whatsapp.net');
    fake.last().open(BUSINESS_JID);
    await vi.waitFor(async () => expect((await row(w)).state).toBe('connected'), { timeout: 10_000 });
    expect((await channel.whatsAppStatus(w.business.id))?.phone).toBe('+77010000001');
  });

  it('restarts at once when WhatsApp asks for it (515), with the creds in hand', async () => {
    const w = await world();
    await linkedAccount(w);
    // A backoff this long would never fire in the test: only the immediate restart can make a second socket.
    const { fake } = await start(w, { reconnect: { baseMs: 600_000, maxMs: 600_000, lockRetryMs: 600_000 } });
    await vi.waitFor(() => expect(fake.sockets).toHaveLength(1), { timeout: 10_000 });
    fake.last().open(BUSINESS_JID);
    fake.last().close(515);
    await vi.waitFor(() => expect(fake.sockets).toHaveLength(2), { timeout: 10_000 });
    expect(fake.sockets[1]!.options.auth).toBe(fake.sockets[0]!.options.auth);
  });

  it('logged out on the phone: creds and keys wiped, marked logged_out, the team told, no reconnect', async () => {
    const w = await world();
    const account = await linkedAccount(w);
    const auth = await openPostgresAuthState(w.ctx, account, WA_SECRET);
    await auth.state.keys.set({ session: { '77011234567.0': Buffer.from('s') }, 'lid-mapping': { '77011234567': '1234' } });
    const { channel, fake } = await start(w);
    await vi.waitFor(() => expect(fake.sockets).toHaveLength(1), { timeout: 10_000 });
    fake.last().open(BUSINESS_JID);
    await vi.waitFor(async () => expect((await row(w)).state).toBe('connected'), { timeout: 10_000 });

    fake.last().close(401);
    await vi.waitFor(async () => expect((await row(w)).state).toBe('logged_out'), { timeout: 10_000 });
    const em = emForBusiness(db.orm, w.business.id);
    expect((await row(w)).creds).toBeNull();
    expect(await em.count(WhatsAppAuthKeySchema, { account: account.accountId })).toBe(0);
    const told = await em.find(OutboxMessageSchema, { topic: 'team.whatsapp_logged_out' });
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toEqual({ phone: '+77010000001' });
    const status = await channel.whatsAppStatus(w.business.id);
    expect(status).toMatchObject({ state: 'logged_out', phone: '+77010000001', lastError: 'logged out on the phone' });
    expect(channel.sender.readyFor?.(w.business.id)).toBe(false);
    // No crash loop: well past the backoff, still the one socket.
    await pause(400);
    expect(fake.sockets).toHaveLength(1);
    expect(channel.readiness()).toEqual({ connected: 0, connecting: 0, failing: 0 });
    // Another start of the service leaves the number alone until it is linked again.
    const again = await start(w);
    await pause(200);
    expect(again.fake.sockets).toHaveLength(0);
  });

  it('two processes: only one drives the number; the other takes over when it stops', async () => {
    const w = await world();
    await linkedAccount(w);
    const a = await start(w);
    const b = await start(w);
    const total = () => a.fake.sockets.length + b.fake.sockets.length;
    await vi.waitFor(() => expect(total()).toBe(1), { timeout: 10_000 });
    // Well past several lock retries: still one socket for the number.
    await pause(400);
    expect(total()).toBe(1);
    const [owner, other] = a.fake.sockets.length === 1 ? [a, b] : [b, a];
    owner.fake.last().open(BUSINESS_JID);
    await vi.waitFor(async () => expect((await owner.channel.whatsAppStatus(w.business.id))?.state).toBe('connected'), { timeout: 10_000 });
    expect(await other.channel.whatsAppStatus(w.business.id)).toMatchObject({ drivenHere: false });
    expect(other.channel.sender.readyFor?.(w.business.id)).toBe(false);

    await owner.channel.stop();
    running.splice(running.indexOf(owner.channel), 1);
    await vi.waitFor(() => expect(other.fake.sockets).toHaveLength(1), { timeout: 10_000 });
    other.fake.last().open(BUSINESS_JID);
    await vi.waitFor(() => expect(other.channel.sender.readyFor?.(w.business.id)).toBe(true), { timeout: 10_000 });
  });
});

describe('linking a number', () => {
  it('by QR: the code as an image for the panel and as terminal text, then scan, restart and connected', async () => {
    const w = await world();
    const { channel, fake, qrs } = await start(w);
    const started = await channel.startWhatsAppLinking(w.business.id);
    expect(started.state).toBe('linking');
    expect(fake.sockets).toHaveLength(1);
    fake.last().qr('2@abcdefghijklmnop,noisekey,identitykey,advsecret');
    await vi.waitFor(async () => expect((await channel.whatsAppStatus(w.business.id))?.qrPng).toMatch(/^data:image\/png;base64,/), { timeout: 10_000 });
    expect(qrs).toHaveLength(1);
    expect(qrs[0]!.split('\n').length).toBeGreaterThan(10);

    fake.last().paired('77010000009');
    fake.last().close(515);
    await vi.waitFor(() => expect(fake.sockets).toHaveLength(2), { timeout: 10_000 });
    fake.last().open('77010000009:7@s.whatsapp.net');
    await vi.waitFor(async () => expect(await channel.whatsAppStatus(w.business.id)).toMatchObject({ state: 'connected', phone: '+77010000009', lastError: null, drivenHere: true }), { timeout: 10_000 });
    expect((await channel.whatsAppStatus(w.business.id))?.qrPng).toBeUndefined();
    // The login is in PostgreSQL: another start of the service drives the number with it.
    await vi.waitFor(async () => expect((await row(w)).creds).toMatch(/^v2:/), { timeout: 10_000 });
    await channel.stop();
    running.splice(running.indexOf(channel), 1);
    const again = await start(w);
    await vi.waitFor(() => expect(again.fake.sockets).toHaveLength(1), { timeout: 10_000 });
    expect(again.fake.last().options.auth.creds.me?.id).toBe('77010000009:7@s.whatsapp.net');
  });

  it('by phone number: a pairing code instead of the QR', async () => {
    const w = await world();
    const { channel, fake, qrs } = await start(w);
    await channel.startWhatsAppLinking(w.business.id, { phone: '+7 701 000 0042' });
    fake.last().qr('2@ref,noise,identity,adv');
    await vi.waitFor(async () => expect((await channel.whatsAppStatus(w.business.id))?.pairingCode).toBe('WZYX2345'), { timeout: 10_000 });
    expect(fake.last().pairingRequests).toEqual(['77010000042']);
    expect(qrs).toHaveLength(0);
    await expect(channel.startWhatsAppLinking(w.business.id, { phone: '12' })).rejects.toThrow(/phone number/);
  });

  it('a QR nobody scans ends the attempt (no endless QRs); unlinking forgets the number', async () => {
    const w = await world();
    const { channel, fake } = await start(w);
    await channel.startWhatsAppLinking(w.business.id);
    fake.last().qr('2@ref,noise,identity,adv');
    fake.last().close(408);
    await vi.waitFor(async () => expect((await row(w)).state).toBe('disconnected'), { timeout: 10_000 });
    expect((await row(w)).lastError).toMatch(/not scanned/);
    await pause(300);
    expect(fake.sockets).toHaveLength(1);

    await channel.startWhatsAppLinking(w.business.id);
    expect(fake.sockets).toHaveLength(2);
    fake.last().paired('77010000010');
    fake.last().close(515);
    await vi.waitFor(() => expect(fake.sockets).toHaveLength(3), { timeout: 10_000 });
    fake.last().open('77010000010:7@s.whatsapp.net');
    await vi.waitFor(async () => expect((await channel.whatsAppStatus(w.business.id))?.state).toBe('connected'), { timeout: 10_000 });
    expect(await channel.unlinkWhatsApp(w.business.id)).toBe(true);
    expect(fake.last().loggedOut).toBe(true);
    expect(await channel.whatsAppStatus(w.business.id)).toBeNull();
    expect(await emForBusiness(db.orm, w.business.id).count(WhatsAppAuthKeySchema, {})).toBe(0);
  });
});
