import { errorLine } from './error-line.ts';
import { bookableServices } from '../../app/catalog/bookable-services.ts';
import { staffForService } from '../../app/catalog/staff-for-service.ts';
import { holdSlot } from '../../app/booking/hold-slot.ts';
import { listAvailability } from '../../app/availability/list-availability.ts';
import { listBookableDays } from '../../app/availability/list-bookable-days.ts';
import { joinWaitlist } from '../../app/waitlist/join-waitlist.ts';
import { formatMinuteOfDay, SlotTaken, type FreeSlot } from '../../domain/index.ts';
import { SlotUnavailable } from '../../app/shared/app-errors.ts';
import { addDays, formatDateTime, formatDay, formatDuration, formatPrice, formatTime, localDateOf, startOfLocalDay } from './chat-formatting.ts';
import { choice, message, raw, rows, say, type ChatChoice } from './chat-message.ts';
import type { Step } from './conversation-state.ts';
import { parseLocalDate, parseTimeOfDay } from './free-text.ts';
import { nextCheckoutStep } from './checkout-steps.ts';
import { chosen, dateAfter, goTo, idAfter, uuidAfter, type Scene, type StepHandler, type StepOutcome } from './step-kit.ts';

const DAYS_PER_PAGE = 7;
const TIMES_PER_PAGE = 12;
/** A whole day of 15-minute slots. */
const TIMES_PER_TEXT_MENU = 96;

const back = (id = 'back'): ChatChoice => choice(id, say('chat.nav.back'));
const toMenu = (): ChatChoice => choice('menu', say('chat.nav.menu'));

/** The first step of booking: which service. */
export const serviceStep: StepHandler<Step<'service'>> = {
  async render(scene) {
    const services = await bookableServices(scene.env.ctx, scene.business.id);
    if (services.length === 0) return message([say('chat.book.no_services')], [[toMenu()]]);
    const choices = services.map((s) =>
      choice(`svc:${s.id}`, raw(`${s.name} · ${formatDuration(s.durationMinutes, scene.language)} · ${formatPrice(s.priceMinor, s.currency, scene.language)}`)),
    );
    return message([say('chat.book.pick_service')], [...rows(choices, 1), [toMenu()]]);
  },
  async onEvent(scene, _step, event) {
    const serviceId = uuidAfter(chosen(event), 'svc');
    if (!serviceId) return 'not_understood';
    return startWithService(scene, serviceId);
  },
};

/** Opens booking at a service (also for `/start <service>` deep links): the specialist step, skipped when only one person does it. */
export async function startWithService(scene: Scene, serviceId: string): Promise<StepOutcome> {
  const staff = await staffOf(scene, serviceId);
  if (staff.length === 0) return goTo({ name: 'service' }, [say('chat.book.service_gone')]);
  if (staff.length === 1) return goTo(firstDayStep(scene, serviceId, staff[0]!.id, null));
  return goTo({ name: 'staff', serviceId });
}

function staffOf(scene: Scene, serviceId: string) {
  return scene.once(`staff:${serviceId}`, () => staffForService(scene.env.ctx, scene.business.id, serviceId));
}

function firstDayStep(scene: Scene, serviceId: string, staffId: string | null, bookingId: string | null, firstDate?: string): Step<'day'> {
  return { name: 'day', serviceId, staffId, firstDate: firstDate ?? localDateOf(scene.now, scene.business.timeZone), bookingId };
}

/** Which specialist, or anyone. */
export const staffStep: StepHandler<Step<'staff'>> = {
  async render(scene, step) {
    const staff = await staffOf(scene, step.serviceId);
    const choices = [choice('stf:any', say('chat.book.anyone')), ...staff.map((s) => choice(`stf:${s.id}`, raw(s.name)))];
    return message([say('chat.book.pick_staff')], [...rows(choices, 2), [back()]]);
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

/** A day with free times, a week at a time. */
export const dayStep: StepHandler<Step<'day'>> = {
  typed: 'own-first',
  async render(scene, step) {
    const today = localDateOf(scene.now, scene.business.timeZone);
    const days = await listBookableDays(scene.env.ctx, scene.business.id, { serviceId: step.serviceId, staffId: step.staffId, firstDate: step.firstDate, days: DAYS_PER_PAGE });
    const open = days.filter((d) => d.freeSlots > 0).map((d) => choice(`day:${d.date}`, raw(formatDay(d.date, scene.language))));
    const lastDay = addDays(today, scene.business.bookingHorizonDays);
    const nav: ChatChoice[] = [];
    if (step.firstDate > today) nav.push(choice('earlier', say('chat.nav.earlier')));
    if (addDays(step.firstDate, DAYS_PER_PAGE) <= lastDay) nav.push(choice('later', say('chat.nav.later')));
    const range = { from: formatDay(step.firstDate, scene.language), to: formatDay(addDays(step.firstDate, DAYS_PER_PAGE - 1), scene.language) };
    const lines = open.length > 0 ? [say('chat.book.pick_day'), say('chat.book.type_date_hint')] : [say('chat.book.no_days', range)];
    const waitlist = open.length === 0 && step.bookingId === null ? [[choice('wl', say('chat.waitlist.join_week'))]] : [];
    return message(lines, [...rows(open, 3), ...waitlist, nav, [back()]].filter((r) => r.length > 0));
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'back') return step.bookingId ? goTo({ name: 'booking', bookingId: step.bookingId }) : goTo({ name: 'service' });
    if (id === 'later') return goTo({ ...step, firstDate: addDays(step.firstDate, DAYS_PER_PAGE) });
    if (id === 'earlier') {
      const today = localDateOf(scene.now, scene.business.timeZone);
      const earlier = addDays(step.firstDate, -DAYS_PER_PAGE);
      return goTo({ ...step, firstDate: earlier < today ? today : earlier });
    }
    if (id === 'wl') {
      await joinWaitlist(scene.env.ctx, scene.business.id, {
        customerId: scene.customerId,
        serviceId: step.serviceId,
        staffId: step.staffId,
        fromDate: step.firstDate,
        toDate: addDays(step.firstDate, DAYS_PER_PAGE - 1),
        source: scene.env.address.channel,
      });
      return goTo({ name: 'menu' }, [say('chat.waitlist.joined')]);
    }
    const today = localDateOf(scene.now, scene.business.timeZone);
    const date = dateAfter(id, 'day') ?? (event.kind === 'text' ? parseLocalDate(event.text, today) : null);
    if (!date) return 'not_understood';
    const lastDay = addDays(today, scene.business.bookingHorizonDays);
    if (date < today || date > lastDay) {
      return goTo(step, [say('chat.book.date_out_of_range', { from: formatDay(today, scene.language), to: formatDay(lastDay, scene.language) })]);
    }
    const slots = await slotsOn(scene, step.serviceId, step.staffId, date);
    if (slots.length === 0) {
      if (step.bookingId) return goTo(step, [say('chat.book.day_has_no_times', { day: formatDay(date, scene.language) })]);
      return goTo({ name: 'day_full', serviceId: step.serviceId, staffId: step.staffId, date });
    }
    return goTo({ name: 'time', serviceId: step.serviceId, staffId: step.staffId, date, page: 0, bookingId: step.bookingId });
  },
};

function slotsOn(scene: Scene, serviceId: string, staffId: string | null, date: string): Promise<FreeSlot[]> {
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

/** A time on the chosen day. */
export const timeStep: StepHandler<Step<'time'>> = {
  typed: 'own-first',
  async render(scene, step) {
    const slots = await slotsOn(scene, step.serviceId, step.staffId, step.date);
    // A numbered text menu pages itself ("9 — more"): a second paging inside it would only confuse.
    const perPage = scene.env.textMenus ? TIMES_PER_TEXT_MENU : TIMES_PER_PAGE;
    const page = slots.slice(step.page * perPage, (step.page + 1) * perPage);
    const zone = scene.business.timeZone;
    const choices = page.map((s) =>
      choice(`tm:${s.startsAt}`, raw(s.seatsLeft !== null && s.seatsLeft > 1 ? `${formatTime(s.startsAt, zone, scene.language)} (${s.seatsLeft})` : formatTime(s.startsAt, zone, scene.language))),
    );
    const nav: ChatChoice[] = [];
    if (step.page > 0) nav.push(choice('earlier', say('chat.nav.earlier')));
    if (slots.length > (step.page + 1) * perPage) nav.push(choice('later', say('chat.nav.later')));
    const lines = slots.length > 0 ? [say('chat.book.pick_time', { day: formatDay(step.date, scene.language) })] : [say('chat.book.day_has_no_times', { day: formatDay(step.date, scene.language) })];
    return message(lines, [...rows(choices, 4), nav, [choice('days', say('chat.book.other_day'))]].filter((r) => r.length > 0));
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'days') return goTo({ name: 'day', serviceId: step.serviceId, staffId: step.staffId, firstDate: step.date, bookingId: step.bookingId });
    if (id === 'later') return goTo({ ...step, page: step.page + 1 });
    if (id === 'earlier') return goTo({ ...step, page: Math.max(0, step.page - 1) });
    let startsAt = Number(idAfter(id, 'tm') ?? Number.NaN);
    if (Number.isNaN(startsAt) && event.kind === 'text') {
      const slots = await slotsOn(scene, step.serviceId, step.staffId, step.date);
      const typed = typedTime(event.text, slots);
      if (typed === null) return 'not_understood';
      const time = formatMinuteOfDay(typed);
      const match = slots.find((s) => s.local.time === time);
      if (!match) {
        const options = nearestSlots(slots, typed).map((s) => s.startsAt);
        return goTo({ name: 'alternatives', serviceId: step.serviceId, staffId: step.staffId, options, bookingId: step.bookingId }, [say('chat.book.time_not_free', { time })]);
      }
      startsAt = match.startsAt;
    }
    if (Number.isNaN(startsAt)) return 'not_understood';
    return takeSlot(scene, { serviceId: step.serviceId, staffId: step.staffId, bookingId: step.bookingId }, startsAt);
  },
};

/** Minutes from midnight of a slot's local "HH:MM" label. */
function minuteOf(slot: FreeSlot): number {
  const [hours, minutes] = slot.local.time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * The time of day typed on the time step, or null when the text is no time — or is a
 * bare number meant as a position in the list. The rule, so "12" never means two things:
 * - "14:30", "9.15", "2pm", "14h" are times, always;
 * - a bare number ("12", "9") is an hour when it lies within the hours the day's free
 *   times span (from the first free time's hour to the last's: "12" on a 09:00–17:00 day
 *   is 12:00, free or not); any other bare number ("2", "21" there), or one written as
 *   an index ("#3", "№3"), is a position in the list, read by the menu after this;
 * - on channels without buttons the numbers printed beside the times are read first
 *   (the list is numbered there), so what reaches this step is never one of those.
 */
function typedTime(text: string, slots: readonly FreeSlot[]): number | null {
  const minute = parseTimeOfDay(text);
  if (minute === null) return null;
  if (/[#№]/u.test(text)) return null;
  if (!/^\s*\d{1,2}\s*[.)]?\s*$/u.test(text)) return minute;
  if (slots.length === 0) return null;
  const hours = slots.map((s) => Math.floor(minuteOf(s) / 60));
  const hour = minute / 60;
  return hour >= Math.min(...hours) && hour <= Math.max(...hours) ? minute : null;
}

/** The free times closest to a wanted time of day (up to 6), in order: what to offer when it is not free. */
function nearestSlots(slots: readonly FreeSlot[], minute: number): FreeSlot[] {
  const byDistance = [...slots].sort((a, b) => Math.abs(minuteOf(a) - minute) - Math.abs(minuteOf(b) - minute) || a.startsAt - b.startsAt);
  return byDistance.slice(0, 6).sort((a, b) => a.startsAt - b.startsAt);
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
 * nearest free ones instead.
 */
export async function takeSlot(scene: Scene, want: { serviceId: string; staffId: string | null; bookingId: string | null }, startsAt: number): Promise<StepOutcome> {
  const { ctx, address } = scene.env;
  try {
    if (want.bookingId) return goTo({ name: 'move_confirm', bookingId: want.bookingId, startsAt });
    const hold = await holdSlot(ctx, scene.business.id, {
      customerId: scene.customerId,
      serviceId: want.serviceId,
      staffId: want.staffId,
      startsAt,
      source: address.channel,
      conversationKey: `${address.channel}:${address.chatId}`,
    });
    return goTo(await nextCheckoutStep(scene, { holdId: hold.id, staffChoice: want.staffId }));
  } catch (error) {
    if (error instanceof SlotTaken || error instanceof SlotUnavailable) {
      const options = error.alternatives.slice(0, 6).map((a) => a.startsAt);
      return goTo({ name: 'alternatives', serviceId: want.serviceId, staffId: want.staffId, options, bookingId: want.bookingId }, [errorLine(error, scene.language)]);
    }
    throw error;
  }
}
