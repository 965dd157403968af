import { DateTime } from 'luxon';
import { listAvailability } from '../../app/availability/list-availability.ts';
import { listBookableDays } from '../../app/availability/list-bookable-days.ts';
import type { BookingPageBusiness } from '../../app/booking-page/booking-page-business.ts';
import { bookableServices, type ServiceCard } from '../../app/catalog/bookable-services.ts';
import { staffForService, type StaffCard } from '../../app/catalog/staff-for-service.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Language } from '../../i18n/translator.ts';
import { clampMonth, monthGrid, monthRange, type MonthGrid } from './booking-page-month.ts';
import type { StepQuery } from './booking-page-query.ts';

/** A free time as the page offers it. */
export interface TimeChoice {
  startsAt: number;
  label: string;
}

/**
 * The step a page address stands on, with what it shows: the services; a service's
 * specialists; a month with its free days; a day's free times. `invalid` when the
 * address names a service or specialist that cannot be booked here.
 */
export type StepView =
  | { step: 'service'; services: ServiceCard[] }
  | { step: 'staff'; service: ServiceCard; staff: StaffCard[] }
  | { step: 'day'; service: ServiceCard; staffId: string; staffName: string | null; grid: MonthGrid }
  | { step: 'time'; service: ServiceCard; staffId: string; staffName: string | null; date: string; times: TimeChoice[] }
  | { step: 'invalid' };

/** The local date today in a zone. */
export function localToday(now: number, zone: string): string {
  return DateTime.fromMillis(now, { zone }).toISODate()!;
}

/** A local day's free times for a service (one specialist, or anyone: `null`). */
export async function freeTimes(ctx: UseCaseContext, business: BookingPageBusiness, serviceId: string, staffId: string | null, date: string): Promise<TimeChoice[]> {
  const start = DateTime.fromISO(date, { zone: business.timeZone }).startOf('day');
  const { slots } = await listAvailability(ctx, business.id, { serviceId, staffId, from: start.toMillis(), to: start.plus({ days: 1 }).toMillis() });
  // A group session is offered once per start, whoever teaches it.
  const seen = new Set<number>();
  return slots.filter((s) => !seen.has(s.startsAt) && seen.add(s.startsAt)).map((s) => ({ startsAt: s.startsAt, label: s.local.time }));
}

/** A month calendar with the days that have a free time for a service. */
export async function freeMonth(ctx: UseCaseContext, business: BookingPageBusiness, serviceId: string, staffId: string | null, askedMonth: string | undefined): Promise<MonthGrid> {
  const today = localToday(ctx.now(), business.timeZone);
  const month = clampMonth(askedMonth, today);
  const range = monthRange(month, today);
  const days = await listBookableDays(ctx, business.id, { serviceId, staffId, firstDate: range.firstDate, days: range.days });
  return monthGrid(month, today, new Set(days.filter((d) => d.freeSlots > 0).map((d) => d.date)));
}

/** What the page shows for an address. */
export async function stepView(ctx: UseCaseContext, business: BookingPageBusiness, language: Language, q: StepQuery): Promise<StepView> {
  const services = await bookableServices(ctx, business.id, language);
  if (!q.service) return { step: 'service', services };
  const service = services.find((s) => s.id === q.service);
  if (!service) return { step: 'invalid' };
  const staff = await staffForService(ctx, business.id, service.id, language);
  if (!q.staff) return { step: 'staff', service, staff };
  const chosen = q.staff === 'any' ? null : staff.find((s) => s.id === q.staff);
  if (chosen === undefined) return { step: 'invalid' };
  const staffName = chosen?.name ?? null;
  if (!q.date) return { step: 'day', service, staffId: q.staff, staffName, grid: await freeMonth(ctx, business, service.id, chosen?.id ?? null, q.month) };
  return { step: 'time', service, staffId: q.staff, staffName, date: q.date, times: await freeTimes(ctx, business, service.id, chosen?.id ?? null, q.date) };
}
