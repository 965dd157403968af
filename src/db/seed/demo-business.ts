import type { EntityManager } from '@mikro-orm/postgresql';
import {
  BusinessSchema,
  ResourceSchema,
  ServiceSchema,
  StaffMemberSchema,
  WorkingHoursSchema,
  type Business,
} from '../entities/index.ts';

/** Slug of the demo business created on first run. */
export const DEMO_SLUG = 'demo';

const hm = (text: string): number => {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

// Monday to Saturday, 10:00–14:00 and 15:00–20:00 (lunch 14:00–15:00); Sunday closed.
const WEEK = [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
  { weekday, startMinute: hm('10:00'), endMinute: hm('14:00') },
  { weekday, startMinute: hm('15:00'), endMinute: hm('20:00') },
]);

/**
 * Creates the demo business — a hair and nail studio in Almaty with three
 * specialists, five services with buffers and prices, weekly hours with a lunch
 * break and one colouring station — unless a business with the demo slug exists.
 * Runs inside the caller's transaction; returns the business, new or existing.
 */
export async function seedDemoBusiness(em: EntityManager): Promise<{ business: Business; created: boolean }> {
  const existing = await em.findOne(BusinessSchema, { slug: DEMO_SLUG });
  if (existing) return { business: existing, created: false };

  const business = em.create(BusinessSchema, {
    slug: DEMO_SLUG,
    name: 'Aigerim Beauty Studio',
    timeZone: 'Asia/Almaty',
    defaultLocale: 'ru',
    currency: 'KZT',
    minNoticeMinutes: 60,
    bookingHorizonDays: 60,
    slotStepMinutes: 15,
  });

  const service = (name: string, minutes: number, priceKzt: number, extra: Partial<Record<string, unknown>> = {}) =>
    em.create(ServiceSchema, {
      business,
      name,
      durationMinutes: minutes,
      priceMinor: priceKzt * 100,
      currency: 'KZT',
      ...extra,
    });
  const womensCut = service('Женская стрижка', 60, 8000, { bufferAfterMinutes: 10, position: 1 });
  const mensCut = service('Мужская стрижка', 45, 5000, { bufferAfterMinutes: 5, position: 2 });
  const colouring = service('Окрашивание волос', 120, 25000, {
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 15,
    requiresResourceKind: 'colour-station',
    depositKind: 'percent',
    depositValue: 30,
    position: 3,
  });
  const manicure = service('Маникюр', 60, 6000, { bufferAfterMinutes: 10, position: 4 });
  const beard = service('Оформление бороды', 30, 3000, { bufferAfterMinutes: 5, position: 5 });

  em.create(ResourceSchema, { business, name: 'Colour station', kind: 'colour-station' });

  const staff = [
    { name: 'Aigerim', services: [womensCut, colouring, manicure] },
    { name: 'Dana', services: [womensCut, colouring] },
    { name: 'Marat', services: [mensCut, beard] },
  ];
  staff.forEach(({ name, services }, index) => {
    const member = em.create(StaffMemberSchema, { business, name, position: index + 1 });
    member.services.set(services);
    for (const hours of WEEK) em.create(WorkingHoursSchema, { business, staffMember: member, ...hours });
  });
  // The studio's own opening hours (used for the morning digest and the web panel).
  for (const hours of WEEK) em.create(WorkingHoursSchema, { business, staffMember: null, ...hours });

  await em.flush();
  return { business, created: true };
}
