import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceSchema, StaffMemberSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { topicsFor, type NotificationTopic } from '../../../src/app/notifications/notification-topics.ts';
import { notificationMessage } from '../../../src/bots/notification-messages.ts';
import { sealPageCode } from '../../../src/app/booking-page/page-confirmation-code-secret.ts';
import { smsCost } from '../../../src/bots/twilio/sms-segments.ts';
import { twilioNotificationText } from '../../../src/bots/twilio/twilio-text.ts';
import { createTranslator, LANGUAGES, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';

// Every message a customer can get by SMS, in every language, fits 320 characters whole
// (nothing cut off), and a reminder — the one sent most — fits two SMS segments.
let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
let payload: Record<string, unknown>;

const SERVICE = 'Стрижка';
const STAFF = 'Анна Коваленко';

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 5 });
  w = await makeBookingWorld(db.orm, { customers: 1 });
  translator = await createTranslator(await loadMessages());
  const em = emForBusiness(db.orm, w.business.id);
  await em.nativeUpdate(ServiceSchema, { id: w.haircut.id }, { name: SERVICE });
  await em.nativeUpdate(StaffMemberSchema, { id: w.staff[0]!.id }, { name: STAFF });
  const booking = await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00', 3) });
  const codeId = randomUUID();
  payload = {
    bookingId: booking.id,
    customerId: w.customers[0]!,
    staffId: w.staff[0]!.id,
    serviceId: w.haircut.id,
    startsAt: new Date(w.at('10:00', 3)).toISOString(),
    status: 'confirmed',
    actor: 'business',
    offsetMinutes: 1440,
    waitlistEntryId: randomUUID(),
    broadcastId: randomUUID(),
    offerExpiresAt: new Date(w.at('12:00', 1)).toISOString(),
    text: 'Ждём вас, не опаздывайте, пожалуйста!',
    staffName: STAFF,
    // A booking page's one-time code (`page.confirmation_code`), sealed as the page seals it.
    codeId,
    channel: 'sms',
    address: '+380501234567',
    sealedCode: sealPageCode(w.ctx.links!, '123456', codeId),
    businessName: 'Салон краси «Весна» на Хрещатику',
    minutes: 10,
    locale: 'uk',
  };
});
afterAll(async () => db?.drop());

async function smsFor(topic: NotificationTopic, language: (typeof LANGUAGES)[number]): Promise<string | null> {
  const content = await notificationMessage(w.ctx, { businessId: w.business.id, topic, payload, audience: 'customer', locale: language });
  return content && twilioNotificationText({ ctx: w.ctx, translator }, { businessId: w.business.id, channel: 'sms', number: '+380501234567' }, content, language);
}

const CUSTOMER_TOPICS = topicsFor('customer');

describe('SMS wording', () => {
  it('covers every customer topic', () => {
    expect(CUSTOMER_TOPICS).toContain('booking.reminder');
    expect(CUSTOMER_TOPICS.length).toBeGreaterThan(8);
  });

  it.each(CUSTOMER_TOPICS.flatMap((topic) => LANGUAGES.map((language) => [topic, language] as const)))('%s in %s fits 320 characters, whole', async (topic, language) => {
    const text = await smsFor(topic, language);
    expect(text).not.toBeNull();
    expect([...text!].length).toBeLessThanOrEqual(320);
    expect(text!.endsWith('…')).toBe(false);
    // A booking's message names it: by its service, or its time.
    if (topic.startsWith('booking.') || topic.startsWith('waitlist.')) expect(text).toMatch(new RegExp(`${SERVICE}|10:00`));
  });

  it.each(LANGUAGES)('the reminder in %s is its short SMS wording, in two segments at most', async (language) => {
    const text = (await smsFor('booking.reminder', language))!;
    expect(text.startsWith(translator.t(language, 'sms.notify.customer.reminder', { service: SERVICE, staff: STAFF, when: '' }).split(',')[0]!)).toBe(true);
    expect(text).toMatch(/^1 \S/m);
    expect(smsCost(text).segments).toBeLessThanOrEqual(2);
  });
});
