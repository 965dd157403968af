import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/admin/http-server.ts';
import { BookingSchema, PageConfirmationCodeSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { APP_SECRET, PUBLIC_URL, startTwilioHarness, type TwilioHarness } from '../../bots/twilio/twilio-harness.ts';
import { locationOf } from './booking-page-visitor.ts';
import { busyVisitor, holdIdOf } from './page-holds.ts';

// A business with its own Twilio SMS number (the fake Twilio API over real HTTP): a phone
// with too many unconfirmed bookings gets a one-time code by SMS instead of a refusal.
let db: TestDatabase;
let tw: TwilioHarness;
let app: FastifyInstance;
const PHONE = '+380671234077';

beforeAll(async () => {
  db = await createTestDatabase();
  tw = await startTwilioHarness(db);
  app = buildHttpServer({
    logger: pino({ level: 'silent' }),
    isDatabaseReachable: async () => true,
    bookingPage: { ctx: tw.w.ctx, translator: tw.translator, appSecret: APP_SECRET, publicUrl: PUBLIC_URL, limits: { postsPerMinutePerVisitor: 10_000, postsPerMinutePerAddress: 10_000, pagesPerMinutePerAddress: 10_000 } },
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await tw?.stop();
  await db?.drop();
});

const em = () => emForBusiness(db.orm, tw.w.business.id).fork();
const bookingOf = (id: string) => em().findOneOrFail(BookingSchema, { id });
const deliver = () =>
  dispatchRound({ ctx: tw.w.ctx, logger: pino({ level: 'silent' }), senders: new Map([['sms', tw.channels.sms.sender!]]), limiter: new SendRateLimiter(tw.w.ctx.now, async () => {}) });

const details = { name: 'Busy', phone: PHONE, email: '', note: 'Fourth' };

describe('booking page: a phone with too many unconfirmed bookings confirms by a code', () => {
  it('sends a 6-digit code by SMS through the outbox; a wrong one is refused, the right one books', async () => {
    const { visitor, holdPath } = await busyVisitor(app, db.orm, tw.w, PHONE, ['09:00', '09:30', '10:00'], '14:00');
    const asked = await visitor.post(holdPath, details);
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.body).toContain('We sent a 6-digit code by SMS to +380•••77');
    expect(asked.body).toContain('autocomplete="one-time-code"');
    expect((await bookingOf(holdIdOf(holdPath))).status).toBe('held');

    await deliver();
    const sms = tw.newTo(PHONE);
    expect(sms).toHaveLength(1);
    const code = /\b(\d{6})\b/.exec(sms[0]!)![1]!;
    expect(sms[0]).toContain(tw.w.business.name);
    // Kept hashed: no field of its row is the code (a random id or hash may well hold
    // six digits in a row, so whole values are compared), and the hash is a SHA-256.
    const row = await em().findOneOrFail(PageConfirmationCodeSchema, { booking: holdIdOf(holdPath) });
    expect(Object.values(row).map(String)).not.toContain(code);
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row).toMatchObject({ channel: 'sms', address: PHONE, phone: PHONE, attempts: 0 });

    const wrong = await visitor.post(`${holdPath}/code`, { ...details, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('That code is not right. Tries left: 4.');
    expect((await bookingOf(holdIdOf(holdPath))).status).toBe('held');
    // Without script this page is the post's answer: its language links name the post's path,
    // and lead (303) to the checkout in that language; "ask for a new one" leads there too,
    // and neither carries the typed name or phone.
    const russian = /href="([^"]*\/code\?lang=ru)"/.exec(wrong.body)![1]!;
    const switched = await visitor.get(russian.replaceAll('&amp;', '&'));
    expect(switched.statusCode).toBe(303);
    expect(locationOf(switched)).toBe(`${holdPath}?lang=ru`);
    expect(wrong.body).toContain(`<a href="${holdPath}">Didn&#39;t get the code? Ask for a new one</a>`);

    const right = await visitor.post(`${holdPath}/code`, { ...details, code });
    expect(right.statusCode, right.body).toBe(303);
    expect(locationOf(right)).toMatch(/\/m\/[0-9a-f-]{36}\?t=/);
    const booked = await bookingOf(holdIdOf(holdPath));
    expect(booked.status).toBe('confirmed');
    expect(booked.notes).toBe('Fourth');
    // Used up at once: it cannot let another booking through.
    expect((await em().findOneOrFail(PageConfirmationCodeSchema, { id: row.id })).usedAt).not.toBeNull();
  });

  it('refuses an expired code and a code after five wrong tries, booking nothing', async () => {
    // Another visitor, another phone (a number lives on one card).
    const PHONE = '+380671234088';
    const details = { name: 'Busy', phone: PHONE, email: '', note: '' };
    const { visitor, holdPath } = await busyVisitor(app, db.orm, tw.w, PHONE, ['11:00', '11:30', '12:00'], '15:00');
    expect((await visitor.post(holdPath, details)).statusCode).toBe(200);
    await deliver();
    const code = /\b(\d{6})\b/.exec(tw.newTo(PHONE)[0]!)![1]!;
    await em().nativeUpdate(PageConfirmationCodeSchema, { booking: holdIdOf(holdPath) }, { expiresAt: new Date(tw.w.clock.now() - 1) });
    const expired = await visitor.post(`${holdPath}/code`, { ...details, code });
    expect(expired.statusCode).toBe(409);
    expect(expired.body).toContain('That code has expired or was used up, so nothing was booked.');
    expect((await bookingOf(holdIdOf(holdPath))).status).toBe('held');

    // A new code (the details again), then five wrong tries spend it.
    expect((await visitor.post(holdPath, details)).statusCode).toBe(200);
    await deliver();
    const fresh = /\b(\d{6})\b/.exec(tw.newTo(PHONE)[0]!)![1]!;
    const wrongCode = fresh === '000000' ? '111111' : '000000';
    const tries = [];
    for (let i = 0; i < 5; i += 1) tries.push((await visitor.post(`${holdPath}/code`, { ...details, code: wrongCode })).statusCode);
    expect(tries).toEqual([422, 422, 422, 422, 409]);
    const late = await visitor.post(`${holdPath}/code`, { ...details, code: fresh });
    expect(late.statusCode).toBe(409);
    expect((await bookingOf(holdIdOf(holdPath))).status).toBe('held');

    // The right code for another phone does not pass either.
    expect((await visitor.post(holdPath, details)).statusCode).toBe(200);
    await deliver();
    const third = /\b(\d{6})\b/.exec(tw.newTo(PHONE)[0]!)![1]!;
    expect((await visitor.post(`${holdPath}/code`, { ...details, phone: '+380671234099', code: third })).statusCode).toBe(422);
    // Three codes for one hold are enough SMS: then the chat.
    const more = await visitor.post(holdPath, details);
    expect(more.statusCode).toBe(409);
    expect(more.body).toContain('We have already sent several codes for this booking.');
    expect(tw.newTo(PHONE)).toEqual([]);
  });
});
