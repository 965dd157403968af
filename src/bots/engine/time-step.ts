import { formatMinuteOfDay, type FreeSlot } from '../../domain/index.ts';
import { slotsOn, takeSlot } from './booking-steps.ts';
import { formatDay, formatTime } from './chat-formatting.ts';
import { choice, message, raw, rows, say, type ChatChoice, type ChatText } from './chat-message.ts';
import type { Step } from './conversation-state.ts';
import { DAY_PARTS, dayPartOf, groupByDayPart, minuteOfLabel, type DayPart } from './day-parts.ts';
import { parseChoiceNumber, parseTimeOfDay } from './free-text.ts';
import { chosen, goTo, idAfter, type Scene, type StepHandler } from './step-kit.ts';

/** Buttons: a whole ordinary day on one page (Telegram takes about 100 buttons a message). */
const TIMES_PER_PAGE = 40;
/** A whole day of 15-minute slots. */
const TIMES_PER_TEXT_MENU = 96;
const TIMES_PER_ROW = 4;

const HEADINGS: Record<DayPart, string> = { morning: 'chat.times.morning', afternoon: 'chat.times.afternoon', evening: 'chat.times.evening' };
const SPANS: Record<DayPart, string> = { morning: 'chat.times.morning_times', afternoon: 'chat.times.afternoon_times', evening: 'chat.times.evening_times' };

/**
 * A time on the chosen day, grouped into morning, afternoon and evening. With buttons,
 * each part has a heading row above its times; pressing one shows that part alone
 * (a long day of 15-minute times gets short). A numbered text menu cannot hold a heading
 * that is not a choice, so there the parts are lines above the list ("Evening:
 * 17:00–18:30"), which also tell an SMS reader what time to type.
 */
export const timeStep: StepHandler<Step<'time'>> = {
  typed: 'own-first',
  async render(scene, step) {
    const slots = await slotsOn(scene, step.serviceId, step.staffId, step.date);
    const day = formatDay(step.date, scene.language);
    if (slots.length === 0) return message([say('chat.book.day_has_no_times', { day })], [[choice('days', say('chat.book.other_day'))]]);
    const { page, more } = shownTimes(scene, step, slots);
    const nav: ChatChoice[] = [];
    if (step.page > 0) nav.push(choice('earlier', say('chat.nav.earlier')));
    if (more) nav.push(choice('later', say('chat.nav.later')));
    const tail = [nav, step.part ? [choice('part:all', say('chat.times.all_times'))] : [], [choice('days', say('chat.book.other_day'))]];
    const lines: ChatText[] = [say('chat.book.pick_time', { day })];
    if (scene.env.textMenus) {
      // A numbered text menu pages itself ("9 — more"): a second paging inside it would only confuse.
      lines.push(...groupByDayPart(slots, (s) => s.local.time).map((g) => say(SPANS[g.part], { times: span(g.items, scene) })));
      return message(lines, [...rows(page.map((s) => timeChoice(s, scene)), TIMES_PER_ROW), ...tail].filter((r) => r.length > 0));
    }
    const grouped = groupByDayPart(page, (s) => s.local.time).flatMap((g) => [[choice(`part:${g.part}`, say(HEADINGS[g.part]))], ...rows(g.items.map((s) => timeChoice(s, scene)), TIMES_PER_ROW)]);
    return message(lines, [...grouped, ...tail].filter((r) => r.length > 0));
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'days') return goTo({ name: 'day', serviceId: step.serviceId, staffId: step.staffId, firstDate: step.date, bookingId: step.bookingId });
    if (id === 'later') return goTo({ ...step, page: step.page + 1 });
    if (id === 'earlier') return goTo({ ...step, page: Math.max(0, step.page - 1) });
    const part = idAfter(id, 'part');
    if (part !== null) {
      // A heading shows its part alone; pressed again (or "all times"), the whole day.
      const chosenPart = DAY_PARTS.find((p) => p === part) ?? null;
      return goTo({ ...step, page: 0, part: chosenPart === step.part ? null : chosenPart });
    }
    let startsAt = Number(idAfter(id, 'tm') ?? Number.NaN);
    if (Number.isNaN(startsAt) && event.kind === 'text') {
      const slots = await slotsOn(scene, step.serviceId, step.staffId, step.date);
      const typed = typedTime(event.text, slots);
      if (typed === null) return typedPosition(scene, step, slots, event.text);
      const time = formatMinuteOfDay(typed);
      const match = slots.find((s) => s.local.time === time);
      if (!match) {
        const options = nearestSlots(slots, typed).map((s) => s.startsAt);
        return goTo({ name: 'alternatives', serviceId: step.serviceId, staffId: step.staffId, options, bookingId: step.bookingId }, [say('chat.book.time_not_free', { time })]);
      }
      startsAt = match.startsAt;
    }
    if (Number.isNaN(startsAt)) return 'not_understood';
    return takeSlot(scene, step, startsAt);
  },
};

/** The times on the step's page (of its part of the day, when one was chosen), and whether more follow. */
function shownTimes(scene: Scene, step: Step<'time'>, slots: readonly FreeSlot[]): { page: FreeSlot[]; more: boolean } {
  const perPage = scene.env.textMenus ? TIMES_PER_TEXT_MENU : TIMES_PER_PAGE;
  const inPart = step.part === null ? slots : slots.filter((s) => dayPartOf(s.local.time) === step.part);
  return { page: inPart.slice(step.page * perPage, (step.page + 1) * perPage), more: inPart.length > (step.page + 1) * perPage };
}

function timeChoice(s: FreeSlot, scene: Scene): ChatChoice {
  const time = formatTime(s.startsAt, scene.business.timeZone, scene.language);
  return choice(`tm:${s.startsAt}`, raw(s.seatsLeft !== null && s.seatsLeft > 1 ? `${time} (${s.seatsLeft})` : time));
}

/** "09:00–11:30", or one time alone: the first and last free start of a part of the day. */
function span(slots: readonly FreeSlot[], scene: Scene): string {
  const zone = scene.business.timeZone;
  const first = formatTime(slots[0]!.startsAt, zone, scene.language);
  const last = formatTime(slots.at(-1)!.startsAt, zone, scene.language);
  return first === last ? first : `${first}–${last}`;
}

/**
 * A number typed on a channel with buttons is a position among the times shown, never
 * among the headings ("2" is the second time, whatever rows the parts add). Channels
 * without buttons read the numbers they printed before the step is asked.
 */
async function typedPosition(scene: Scene, step: Step<'time'>, slots: readonly FreeSlot[], text: string) {
  if (scene.env.textMenus) return 'not_understood' as const;
  const { page } = shownTimes(scene, step, slots);
  const index = parseChoiceNumber(text, page.length);
  if (index !== null) return takeSlot(scene, step, page[index]!.startsAt);
  // A number past the times is asked again here, so the menu never reads it as a heading's or "another day"'s position.
  return parseChoiceNumber(text, Number.MAX_SAFE_INTEGER) === null ? ('not_understood' as const) : goTo(step, [say('chat.not_understood')]);
}

/**
 * The time of day typed on the time step, or null when the text is no time — or is a
 * bare number meant as a position in the list. The rule, so "12" never means two things:
 * - "14:30", "9.15", "2pm", "14h" are times, always;
 * - a bare number ("12", "9") is an hour when it lies within the hours the day's free
 *   times span (from the first free time's hour to the last's: "12" on a 09:00–17:00 day
 *   is 12:00, free or not); any other bare number ("2", "21" there), or one written as
 *   an index ("#3", "№3"), is a position in the list, read after this;
 * - on channels without buttons the numbers printed beside the times are read first
 *   (the list is numbered there), so what reaches this step is never one of those.
 */
function typedTime(text: string, slots: readonly FreeSlot[]): number | null {
  const minute = parseTimeOfDay(text);
  if (minute === null) return null;
  if (/[#№]/u.test(text)) return null;
  if (!/^\s*\d{1,2}\s*[.)]?\s*$/u.test(text)) return minute;
  if (slots.length === 0) return null;
  const hours = slots.map((s) => Math.floor(minuteOfLabel(s.local.time) / 60));
  const hour = minute / 60;
  return hour >= Math.min(...hours) && hour <= Math.max(...hours) ? minute : null;
}

/** The free times closest to a wanted time of day (up to 6), in order: what to offer when it is not free. */
function nearestSlots(slots: readonly FreeSlot[], minute: number): FreeSlot[] {
  const distance = (s: FreeSlot) => Math.abs(minuteOfLabel(s.local.time) - minute);
  const byDistance = [...slots].sort((a, b) => distance(a) - distance(b) || a.startsAt - b.startsAt);
  return byDistance.slice(0, 6).sort((a, b) => a.startsAt - b.startsAt);
}
