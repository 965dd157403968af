import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelBooking } from '../../../src/app/booking/cancel-booking.ts';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { handleTeamCommand } from '../../../src/bots/team/team-commands.ts';
import type { TeamDeps } from '../../../src/bots/team/team-deps.ts';
import { CustomerSchema, StaffChannelIdentitySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// /today and /tomorrow in a team chat: the day's visits in time order with phones and how
// each stands; cancelled ones left out; only linked staff may ask (phones are in it).
let db: TestDatabase;
let w: BookingWorld;
let team: TeamDeps;
const STAFF = '5560001';
const business = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 2 });
  const em = emForBusiness(db.orm, w.business.id);
  em.create(StaffChannelIdentitySchema, { business: w.business.id, staff: w.staff[0]!.id, channel: 'telegram', externalId: STAFF });
  await em.flush();
  await em.nativeUpdate(CustomerSchema, { id: w.customers[0]! }, { name: 'Olena', phone: '+380671110001' });
  team = { ctx: w.ctx, translator: await createTranslator(await loadMessages()), logger: pino({ level: 'silent' }), appSecret: 'day-schedule-test-secret-0123456789abcdef' };
});
afterAll(async () => db?.drop());

const ask = async (text: string, sender = STAFF, language = 'en') => {
  const result = await handleTeamCommand(team, { businessId: w.business.id, channel: 'telegram', chatId: '-100777', isGroup: true, text, sender: { externalId: sender, language } });
  return result!.messages.map((message) => message.lines.map((l) => ('raw' in l ? l.raw : team.translator.t(result!.language, l.key, l.params))).join('\n')).join('\n');
};

describe('the team’s day sheet', () => {
  it('lists today’s visits in order with phones and statuses, not cancelled ones; tomorrow apart', async () => {
    // The world's clock stands at 08:00 on its first day (Kyiv).
    await createBooking(w.ctx, w.business.id, business, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('13:00', 0) });
    await createBooking(w.ctx, w.business.id, business, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('10:00', 0) });
    const gone = await createBooking(w.ctx, w.business.id, business, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('15:00', 0) });
    await cancelBooking(w.ctx, w.business.id, business, { bookingId: gone.id });
    const deposit = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[0]!, serviceId: w.massage.id, staffId: null, startsAt: w.at('16:00', 0), source: 'telegram' });
    await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId: deposit.id });
    await createBooking(w.ctx, w.business.id, business, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('11:00', 1) });

    const today = (await ask('/today')).split('\n');
    expect(today[0]).toMatch(/^📅 .* — visits: 3$/);
    expect(today.slice(1, 4)).toEqual([
      expect.stringMatching(/^✅ 10:00 Haircut — .* · Specialist 2$/),
      '✅ 13:00 Haircut — Olena +380671110001 · Specialist 1',
      expect.stringMatching(/^💳 16:00 Massage — Olena \+380671110001 · /),
    ]);
    expect(today.join('\n')).not.toContain('15:00');
    const tomorrow = await ask('tomorrow');
    expect(tomorrow).toContain('visits: 1');
    expect(tomorrow).toContain('11:00 Haircut — Olena');
  });

  it('refuses anyone who is not linked staff, in Russian for a Russian app', async () => {
    expect(await ask('/today', '999', 'ru')).toBe(team.translator.t('ru', 'telegram.group.not_staff'));
  });
});
