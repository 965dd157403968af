import { errorLine } from './error-line.ts';
import { bookableServices, type ServiceCard } from '../../app/catalog/bookable-services.ts';
import { ratedStaffForService, staffForService } from '../../app/catalog/staff-for-service.ts';
import { earliestTimesBySpecialist } from '../../app/availability/earliest-times-by-specialist.ts';
import { holdSlotFor } from '../../app/booking/hold-slot.ts';
import { listAvailability } from '../../app/availability/list-availability.ts';
import { joinWaitlist } from '../../app/waitlist/join-waitlist.ts';
import { SlotTaken, type FreeSlot } from '../../domain/index.ts';
import { SlotUnavailable } from '../../app/shared/app-errors.ts';
import { addDays, formatDateTime, formatDay, formatDuration, formatPrice, localDateOf, startOfLocalDay } from './chat-formatting.ts';
import { choice, message, raw, rows, say, type ChatChoice } from './chat-message.ts';
import type { Step } from './conversation-state.ts';
import { nextCheckoutStep } from './checkout-steps.ts';
import { chosen, goTo, idAfter, uuidAfter, type Scene, type StepHandler, type StepOutcome } from './step-kit.ts';
import { specialistLabel } from './specialist-label.ts';

// The service and specialist steps, the shared reads of the day and time steps
// (`day-step.ts`, `time-step.ts`), and what follows a chosen time: its hold, or the
// nearest free times, or a full day's waitlist.

const back = (id = 'back'): ChatChoice => choice(id, say('chat.nav.back'));
const toMenu = (): ChatChoice => choice('menu', say('chat.nav.menu'));

/** The bookable services, named in the customer's language, read once per event. */
export function servicesOf(scene: Scene) {
  return scene.once(`services:${scene.language}`, () => bookableServices(scene.env.ctx, scene.business.id, scene.language));
}

/** A service's button: "Haircut · 1 h · 600 ₴". */
export function serviceChoice(scene: Scene, s: ServiceCard): ChatChoice {
  return choice(`svc:${s.id}`, raw(`${s.name} · ${formatDuration(s.durationMinutes, scene.language)} · ${formatPrice(s.priceMinor, s.currency, scene.language)}`));
}

/**
 * The first step of booking: which service. Descriptions stay behind one "ℹ️ About the
 * services" button (when any service has one), so the list stays a list.
 */
export const serviceStep: StepHandler<Step<'service'>> = {
  async render(scene) {
    const services = await servicesOf(scene);
    if (services.length === 0) return message([say('chat.book.no_services')], [[toMenu()]]);
    const about = services.some((s) => s.description !== '') ? [choice('about', say('chat.catalog.about_services'))] : [];
    return message([say('chat.book.pick_service')], [...rows(services.map((s) => serviceChoice(scene, s)), 1), [...about, toMenu()]]);
  },
  async onEvent(scene, _step, event) {
    if (chosen(event) === 'about') return goTo({ name: 'service_about' });
    const serviceId = uuidAfter(chosen(event), 'svc');
    if (!serviceId) return 'not_understood';
    return startWithService(scene, serviceId);
  },
};

/** Opens booking at a service (also for `/start <service>` deep links): the specialist step, skipped when only one person does it. */
export async function startWithService(scene: Scene, serviceId: string, staffId: string | null = null): Promise<StepOutcome> {
  // Rated: the specialist step, where this mostly leads, shows the ratings too.
  const staff = await ratedStaffOf(scene, serviceId);
  if (staff.length === 0) return goTo({ name: 'service' }, [say('chat.book.service_gone')]);
  // A link that names a specialist who does this service opens their days at once.
  if (staffId && staff.some((s) => s.id === staffId)) return goTo(firstDayStep(scene, serviceId, staffId, null));
  if (staff.length === 1) return goTo(firstDayStep(scene, serviceId, staff[0]!.id, null));
  return goTo({ name: 'staff', serviceId });
}

/** The specialists who do a service, named in the customer's language, read once per event. */
export function staffOf(scene: Scene, serviceId: string) {
  return scene.once(`staff:${serviceId}:${scene.language}`, () => staffForService(scene.env.ctx, scene.business.id, serviceId, scene.language));
}

/** {@link staffOf} with each specialist's rating; a later {@link staffOf} in the same event takes this list. */
export function ratedStaffOf(scene: Scene, serviceId: string) {
  const rated = scene.once(`rated-staff:${serviceId}:${scene.language}`, () => ratedStaffForService(scene.env.ctx, scene.business.id, serviceId, scene.language));
  void scene.once(`staff:${serviceId}:${scene.language}`, () => rated);
  return rated;
}

/** The day step of a service and specialist, from today (or `firstDate`). */
export function firstDayStep(scene: Scene, serviceId: string, staffId: string | null, bookingId: string | null, firstDate?: string): Step<'day'> {
  return { name: 'day', serviceId, staffId, firstDate: firstDate ?? localDateOf(scene.now, scene.business.timeZone), bookingId };
}

/**
 * Which specialist, or anyone: each with their rating and soonest free time for the
 * service (`specialist-label.ts`), one a row, as those labels are long. The team with
 * its ratings and the times are one read each for the whole team, however large.
 */
export const staffStep: StepHandler<Step<'staff'>> = {
  async render(scene, step) {
    const { ctx } = scene.env;
    const [staff, earliest] = await Promise.all([
      // Once per event: typed text draws the step to read it against, and a reprompt draws it again.
      ratedStaffOf(scene, step.serviceId),
      scene.once(`earliest-by-staff:${step.serviceId}`, () => earliestTimesBySpecialist(ctx, scene.business.id, { serviceId: step.serviceId })),
    ]);
    const choices = [choice('stf:any', say('chat.book.anyone')), ...staff.map((s) => choice(`stf:${s.id}`, specialistLabel(scene, s.name, s.rating ?? undefined, earliest.get(s.id))))];
    return message([say('chat.book.pick_staff')], [...rows(choices, 1), [back()]]);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'back') return goTo({ name: 'service' });
    const anyone = idAfter(id, 'stf') === 'any';
    const staffId = uuidAfter(id, 'stf');
    if (!anyone && !staffId) return 'not_understood';
    return goTo(firstDayStep(scene, step.serviceId, anyone ? null : staffId, null));
  },
};

/** A day's free times (each start once), read once per event. */
export function slotsOn(scene: Scene, serviceId: string, staffId: string | null, date: string): Promise<FreeSlot[]> {
  return scene.once(`slots:${serviceId}:${staffId}:${date}`, () => readSlotsOn(scene, serviceId, staffId, date));
}

async function readSlotsOn(scene: Scene, serviceId: string, staffId: string | null, date: string): Promise<FreeSlot[]> {
  const zone = scene.business.timeZone;
  const from = startOfLocalDay(date, zone);
  const to = startOfLocalDay(addDays(date, 1), zone);
  if (!(to > from)) return [];
  const result = await listAvailability(scene.env.ctx, scene.business.id, { serviceId, staffId, from, to });
  const seen = new Set<number>();
  return result.slots.filter((s) => (seen.has(s.startsAt) ? false : (seen.add(s.startsAt), true)));
}

/** Nearest free times after the chosen one was taken. */
export const alternativesStep: StepHandler<Step<'alternatives'>> = {
  async render(scene, step) {
    const zone = scene.business.timeZone;
    const choices = step.options.map((t) => choice(`tm:${t}`, raw(formatDateTime(t, zone, scene.language))));
    const lines = choices.length > 0 ? [say('chat.book.alternatives')] : [say('chat.book.no_alternatives')];
    return message(lines, [...rows(choices, 2), [choice('days', say('chat.book.other_day'))]]);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'days') return goTo(firstDayStep(scene, step.serviceId, step.staffId, step.bookingId));
    const startsAt = Number(idAfter(id, 'tm') ?? Number.NaN);
    if (Number.isNaN(startsAt) || !step.options.includes(startsAt)) return 'not_understood';
    return takeSlot(scene, step, startsAt);
  },
};

/** A day the customer asked for has no free time: join its waitlist or pick another. */
export const dayFullStep: StepHandler<Step<'day_full'>> = {
  async render(scene, step) {
    return message([say('chat.waitlist.day_full', { day: formatDay(step.date, scene.language) })], [[choice('wl', say('chat.waitlist.join_day'))], [choice('days', say('chat.book.other_day'))]]);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'days') return goTo(firstDayStep(scene, step.serviceId, step.staffId, null));
    if (id !== 'wl') return 'not_understood';
    await joinWaitlist(scene.env.ctx, scene.business.id, { customerId: scene.customerId, serviceId: step.serviceId, staffId: step.staffId, fromDate: step.date, toDate: step.date, source: scene.env.address.channel });
    return goTo({ name: 'menu' }, [say('chat.waitlist.joined')]);
  },
};

/**
 * The customer picked a time: a new booking holds it and goes on to checkout; a
 * booking being moved is rescheduled at once. A time taken meanwhile offers the
 * nearest free ones instead. `specialistId`: who to hold it with, when a shortcut named
 * one; the customer's choice otherwise.
 */
export async function takeSlot(
  scene: Scene,
  want: { serviceId: string; staffId: string | null; bookingId: string | null },
  startsAt: number,
  specialistId: string | null = want.staffId,
): Promise<StepOutcome> {
  const { ctx, address } = scene.env;
  try {
    if (want.bookingId) return goTo({ name: 'move_confirm', bookingId: want.bookingId, startsAt, staffId: specialistId });
    // The specialist a shortcut named ("with Dana") is held, though the customer's own choice (anyone) is kept for "change time".
    const { hold, holder } = await holdSlotFor(ctx, scene.business.id, {
      customerId: scene.customerId,
      serviceId: want.serviceId,
      staffId: specialistId,
      startsAt,
      source: address.channel,
      conversationKey: `${address.channel}:${address.chatId}`,
      campaign: scene.state.campaign,
    });
    return goTo(await nextCheckoutStep(scene, { holdId: hold.id, staffChoice: want.staffId }, 'time', holder ?? undefined));
  } catch (error) {
    if (error instanceof SlotTaken || error instanceof SlotUnavailable) {
      const options = error.alternatives.slice(0, 6).map((a) => a.startsAt);
      return goTo({ name: 'alternatives', serviceId: want.serviceId, staffId: want.staffId, options, bookingId: want.bookingId }, [errorLine(error, scene.language)]);
    }
    throw error;
  }
}
