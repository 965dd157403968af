import { findEarliestSlot } from '../../app/availability/find-earliest-slot.ts';
import { listBookableDaysAndEarliest, type BookableDay } from '../../app/availability/list-bookable-days.ts';
import { joinWaitlist } from '../../app/waitlist/join-waitlist.ts';
import type { FreeSlot } from '../../domain/index.ts';
import { slotsOn, staffOf, takeSlot } from './booking-steps.ts';
import { addDays, formatDateTime, formatDay, formatDayShort, formatTime, localDateOf } from './chat-formatting.ts';
import { choice, message, raw, rows, say, type ChatChoice, type ChatText } from './chat-message.ts';
import type { Step } from './conversation-state.ts';
import { parseLocalDate } from './free-text.ts';
import { chosen, dateAfter, goTo, idAfter, type Scene, type StepHandler } from './step-kit.ts';

const DAYS_PER_PAGE = 7;

/**
 * A day, a week at a time: today and tomorrow say so, a full day is shown as full (and
 * leads to its waitlist), and "⚡ earliest free" on top holds the soonest time in one tap.
 */
export const dayStep: StepHandler<Step<'day'>> = {
  typed: 'own-first',
  async render(scene, step) {
    const today = localDateOf(scene.now, scene.business.timeZone);
    const { days, earliest: soonest } = await listBookableDaysAndEarliest(scene.env.ctx, scene.business.id, { serviceId: step.serviceId, staffId: step.staffId, firstDate: step.firstDate, days: DAYS_PER_PAGE });
    const shown = days.filter((d) => d.freeSlots > 0 || d.full);
    const anyFree = days.some((d) => d.freeSlots > 0);
    const lastDay = addDays(today, scene.business.bookingHorizonDays);
    const nav: ChatChoice[] = [];
    if (step.firstDate > today) nav.push(choice('earlier', say('chat.nav.earlier')));
    if (addDays(step.firstDate, DAYS_PER_PAGE) <= lastDay) nav.push(choice('later', say('chat.nav.later')));
    const range = { from: formatDay(step.firstDate, scene.language), to: formatDay(addDays(step.firstDate, DAYS_PER_PAGE - 1), scene.language) };
    const lines = anyFree ? [say('chat.book.pick_day'), say('chat.book.type_date_hint')] : [say('chat.book.no_days', range)];
    const waitlist = !anyFree && step.bookingId === null ? [[choice('wl', say('chat.waitlist.join_week'))]] : [];
    const earliest = soonest && (await earliestChoice(scene, step, soonest));
    return message(lines, [earliest ? [earliest] : [], ...dayRows(shown, today, scene), ...waitlist, nav, [choice('back', say('chat.nav.back'))]].filter((r) => r.length > 0));
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'back') return step.bookingId ? goTo({ name: 'booking', bookingId: step.bookingId }) : goTo({ name: 'service' });
    if (id === 'later') return goTo({ ...step, firstDate: addDays(step.firstDate, DAYS_PER_PAGE) });
    const today = localDateOf(scene.now, scene.business.timeZone);
    if (id === 'earlier') {
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
    const first = Number(idAfter(id, 'first') ?? Number.NaN);
    if (!Number.isNaN(first)) {
      // Hold it with the specialist the button named, if it is still the earliest; else whoever the customer chose.
      const earliest = await earliestSlot(scene, step);
      return takeSlot(scene, step, first, earliest?.startsAt === first ? earliest.assignedStaffId : step.staffId);
    }
    const date = dateAfter(id, 'day') ?? (event.kind === 'text' ? parseLocalDate(event.text, today) : null);
    if (!date) return 'not_understood';
    const lastDay = addDays(today, scene.business.bookingHorizonDays);
    if (date < today || date > lastDay) {
      return goTo(step, [say('chat.book.date_out_of_range', { from: formatDay(today, scene.language), to: formatDay(lastDay, scene.language) })]);
    }
    const slots = await slotsOn(scene, step.serviceId, step.staffId, date);
    // A full day (pressed, or typed) leads to its waitlist; a booking being moved just picks another day.
    if (slots.length === 0) {
      if (step.bookingId) return goTo(step, [say('chat.book.day_has_no_times', { day: formatDay(date, scene.language) })]);
      return goTo({ name: 'day_full', serviceId: step.serviceId, staffId: step.staffId, date });
    }
    return goTo({ name: 'time', serviceId: step.serviceId, staffId: step.staffId, date, page: 0, bookingId: step.bookingId, part: null });
  },
};

/** The days as buttons: today and tomorrow (named so) on a row of their own, the rest three to a row. */
function dayRows(days: readonly BookableDay[], today: string, scene: Scene): ChatChoice[][] {
  const tomorrow = addDays(today, 1);
  const near = days.filter((d) => d.date === today || d.date === tomorrow);
  const later = days.filter((d) => d.date > tomorrow);
  const button = (d: BookableDay) => choice(`day:${d.date}`, dayLabel(d, today, scene));
  return [near.map(button), ...rows(later.map(button), 3)];
}

function dayLabel(d: BookableDay, today: string, scene: Scene): ChatText {
  const day = formatDayShort(d.date, scene.language);
  const when = d.date === today ? 'today' : d.date === addDays(today, 1) ? 'tomorrow' : 'other';
  const keys = {
    today: d.full ? 'chat.times.day_today_full' : 'chat.times.day_today',
    tomorrow: d.full ? 'chat.times.day_tomorrow_full' : 'chat.times.day_tomorrow',
    other: d.full ? 'chat.times.day_full' : null,
  } as const;
  const key = keys[when];
  return key ? say(key, { day }) : raw(day);
}

/** The soonest free time for the step's service and specialist, read once per event. */
function earliestSlot(scene: Scene, step: Step<'day'>): Promise<FreeSlot | null> {
  return scene.once(`earliest:${step.serviceId}:${step.staffId}`, () => findEarliestSlot(scene.env.ctx, scene.business.id, { serviceId: step.serviceId, staffId: step.staffId }));
}

/** "⚡ Today 15:30 with Dana": the soonest free time as one button (null: its specialist no longer does the service). */
async function earliestChoice(scene: Scene, step: Step<'day'>, slot: FreeSlot): Promise<ChatChoice | null> {
  const staff = (await staffOf(scene, step.serviceId)).find((s) => s.id === slot.assignedStaffId);
  if (!staff) return null;
  const zone = scene.business.timeZone;
  const today = localDateOf(scene.now, zone);
  const date = localDateOf(slot.startsAt, zone);
  const time = formatTime(slot.startsAt, zone, scene.language);
  const label =
    date === today
      ? say('chat.times.earliest_today', { time, staff: staff.name })
      : date === addDays(today, 1)
        ? say('chat.times.earliest_tomorrow', { time, staff: staff.name })
        : say('chat.times.earliest_on', { when: formatDateTime(slot.startsAt, zone, scene.language), staff: staff.name });
  return choice(`first:${slot.startsAt}`, label);
}
