import type { CalendarItem, DeskCalendar } from '../../app/front-desk/desk-calendar.ts';
import { createZoneClock, parseLocalDate, parseLocalTime } from '../../domain/index.ts';

/** One cell of the calendar table. */
export type GridCell =
  /** Covered by a block that started in a row above (the table's rowspan). */
  | { kind: 'covered' }
  /** Bookings and time off that overlap, drawn as one block `rows` tall. */
  | { kind: 'block'; rows: number; items: CalendarItem[] }
  /** Working time with nothing in it: a walk-in can be booked from here. */
  | { kind: 'free'; laneId: string; startsAt: number }
  /** Outside working hours (or a resource out of service). */
  | { kind: 'off' };

/** One column of the table: a lane on a day. */
export interface GridColumn {
  laneId: string;
  laneName: string;
  date: string;
}

/** The calendar as a table: columns (lane × day), and a row per slot with its local time. */
export interface CalendarGrid {
  slotMinutes: number;
  columns: GridColumn[];
  rows: { time: string; onTheHour: boolean; cells: GridCell[] }[];
}

const DEFAULT_FIRST = 8 * 60;
const DEFAULT_LAST = 20 * 60;

/**
 * Lays a day or a week of the calendar out as a table: rows of `slotMinutes` from the
 * earliest working or booked time shown to the latest (whole hours; 08:00–20:00 when
 * nothing is), one column per lane and day. Overlapping items in a column (the seats of
 * a group class, a break over a booking) share one block; a block spans the rows its
 * items touch. Pure: the calendar's instants read in its zone.
 */
export function calendarGrid(calendar: DeskCalendar, slotMinutes = 15): CalendarGrid {
  const clock = createZoneClock(calendar.timeZone);
  const columns: GridColumn[] = [];
  for (const day of calendar.days) for (const lane of calendar.shown) columns.push({ laneId: lane.id, laneName: lane.name, date: day.date });
  const dayOf = new Map(calendar.days.map((d) => [d.date, d]));
  // Minutes from the day's local midnight, read on the wall clock (a DST day stays 00:00–24:00).
  const localMinute = (instant: number, date: string): number => {
    const day = dayOf.get(date)!;
    if (instant <= day.startsAt) return 0;
    if (instant >= day.endsAt) return 24 * 60;
    return parseLocalTime(clock.label(instant).time) ?? 0;
  };

  let first = Infinity;
  let last = -Infinity;
  const widen = (from: number, to: number) => {
    first = Math.min(first, from);
    last = Math.max(last, to);
  };
  for (const column of columns) {
    for (const span of calendar.working[column.laneId]?.[column.date] ?? []) widen(localMinute(span.start, column.date), localMinute(span.end, column.date));
  }
  for (const item of calendar.items) {
    for (const day of calendar.days) if (item.startsAt < day.endsAt && item.endsAt > day.startsAt && item.kind === 'booking') widen(localMinute(item.startsAt, day.date), localMinute(item.endsAt, day.date));
  }
  if (!Number.isFinite(first)) [first, last] = [DEFAULT_FIRST, DEFAULT_LAST];
  first = Math.floor(first / 60) * 60;
  last = Math.min(24 * 60, Math.max(first + 60, Math.ceil(last / 60) * 60));
  const count = (last - first) / slotMinutes;

  const grid: GridCell[][] = columns.map((column) => {
    const day = dayOf.get(column.date)!;
    const cells: GridCell[] = Array.from({ length: count }, () => ({ kind: 'off' }) as GridCell);
    const working = calendar.working[column.laneId]?.[column.date] ?? [];
    const epochDay = parseLocalDate(column.date)!;
    for (let r = 0; r < count; r += 1) {
      const startsAt = clock.toInstant(epochDay, first + r * slotMinutes);
      if (working.some((w) => startsAt >= w.start && startsAt < w.end)) cells[r] = { kind: 'free', laneId: column.laneId, startsAt };
    }
    const rowOf = (minute: number) => Math.min(count, Math.max(0, (minute - first) / slotMinutes));
    const mine = calendar.items
      .filter((i) => i.laneId === column.laneId && i.startsAt < day.endsAt && i.endsAt > day.startsAt)
      .map((item) => ({ item, top: Math.floor(rowOf(localMinute(item.startsAt, column.date))), bottom: Math.ceil(rowOf(localMinute(item.endsAt, column.date))) }))
      .filter((p) => p.bottom > p.top)
      .sort((a, b) => a.top - b.top || b.bottom - a.bottom);
    // Items that overlap (by rows) join one block.
    const blocks: { top: number; bottom: number; items: CalendarItem[] }[] = [];
    for (const p of mine) {
      const open = blocks.at(-1);
      if (open && p.top < open.bottom) {
        open.bottom = Math.max(open.bottom, p.bottom);
        open.items.push(p.item);
      } else blocks.push({ top: p.top, bottom: p.bottom, items: [p.item] });
    }
    for (const b of blocks) {
      cells[b.top] = { kind: 'block', rows: b.bottom - b.top, items: b.items };
      for (let r = b.top + 1; r < b.bottom; r += 1) cells[r] = { kind: 'covered' };
    }
    return cells;
  });

  const rows = Array.from({ length: count }, (_, r) => {
    const minute = first + r * slotMinutes;
    return { time: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`, onTheHour: minute % 60 === 0, cells: grid.map((column) => column[r]!) };
  });
  return { slotMinutes, columns, rows };
}
