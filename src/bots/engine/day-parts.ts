// Parts of the day a list of free times is grouped by, so a customer who wants "after
// work" finds the evening at a glance instead of reading every time from 09:00. Pure:
// the times come in as local "HH:MM" labels (the slot engine's, in the business's zone).

/** Morning, afternoon, evening, in the order a day runs. */
export const DAY_PARTS = ['morning', 'afternoon', 'evening'] as const;
/** A part of the day. */
export type DayPart = (typeof DAY_PARTS)[number];

// Where people split a day when booking: before noon, until five, after five.
const AFTERNOON_FROM = 12 * 60;
const EVENING_FROM = 17 * 60;

/** Minutes from local midnight of an "HH:MM" label. */
export function minuteOfLabel(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The part of the day a local time ("HH:MM") falls in. */
export function dayPartOf(time: string): DayPart {
  const minute = minuteOfLabel(time);
  if (minute < AFTERNOON_FROM) return 'morning';
  return minute < EVENING_FROM ? 'afternoon' : 'evening';
}

/** One part of the day with its items, in their order. */
export interface DayPartGroup<T> {
  part: DayPart;
  items: T[];
}

/** Items grouped by the part of the day of their local time, parts in day order, empty parts left out. */
export function groupByDayPart<T>(items: readonly T[], timeOf: (item: T) => string): DayPartGroup<T>[] {
  return DAY_PARTS.map((part) => ({ part, items: items.filter((item) => dayPartOf(timeOf(item)) === part) })).filter((g) => g.items.length > 0);
}
