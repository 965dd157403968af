import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { actOnBooking } from '../../../src/bots/team/team-actions.ts';
import type { TeamDeps } from '../../../src/bots/team/team-deps.ts';
import { BookingSchema, StaffChannelIdentitySchema, TeamChatSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// "🙋 Client arrived" pressed in a Russian group an hour before the visit: refused in the
// group's language, saying from when it can be marked; half an hour before, it works.
let db: TestDatabase;
let w: BookingWorld;
let team: TeamDeps;
const STAFF = '5550001';
const GROUP = '-1005550';

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 1 });
  const em = emForBusiness(db.orm, w.business.id);
  em.create(StaffChannelIdentitySchema, { business: w.business.id, staff: w.staff[0]!.id, channel: 'telegram', externalId: STAFF });
  em.create(TeamChatSchema, { business: w.business.id, channel: 'telegram', chatId: GROUP, locale: 'ru', title: 'Салон' });
  await em.flush();
  team = { ctx: w.ctx, translator: await createTranslator(await loadMessages()), logger: pino({ level: 'silent' }), appSecret: 'arrival-window-test-secret-0123456789abcd' };
});
afterAll(async () => db?.drop());

describe('marking arrival from the team chat', () => {
  it('too early: refused in the group’s language with the time it opens; from 30 minutes before: done', async () => {
    const booking = await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('12:00', 1) });
    const arrived = () => actOnBooking(team, { businessId: w.business.id, channel: 'telegram', chatId: GROUP, actorAccount: STAFF, bookingId: booking.id, action: 'arrived' });
    w.clock.set(w.at('11:00', 1));
    const early = await arrived();
    expect(early.ok).toBe(false);
    if (!early.ok) {
      expect(early.language).toBe('ru');
      const text = 'raw' in early.reason ? early.reason.raw : team.translator.t('ru', early.reason.key, early.reason.params);
      expect(text).toBe('Рано отмечать приход: можно с 11:30.');
    }
    w.clock.set(w.at('11:35', 1));
    expect((await arrived()).ok).toBe(true);
    expect(await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { id: booking.id })).toMatchObject({ status: 'completed' });
    w.clock.reset();
  });
});
