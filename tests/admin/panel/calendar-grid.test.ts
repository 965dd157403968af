import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { calendarGrid } from '../../../src/admin/panel/calendar-grid.ts';
import type { CalendarItem, DeskCalendar } from '../../../src/app/front-desk/desk-calendar.ts';

const zone = 'Europe/Kyiv';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const day = (date: string) => ({ date, startsAt: at(`${date}T00:00`), endsAt: DateTime.fromISO(`${date}T00:00`, { zone }).plus({ days: 1 }).toMillis() });
const booking = (id: string, laneId: string, from: string, to: string): CalendarItem => ({ kind: 'booking', id, laneId, startsAt: at(from), endsAt: at(to), status: 'confirmed', awaiting: null, service: 'Cut', customer: 'Olga', guest: null });

function calendar(items: CalendarItem[], working: DeskCalendar['working'], days = [day('2031-03-04')]): DeskCalendar {
  const lanes = [
    { id: 'a', name: 'Dana', unavailable: false },
    { id: 'b', name: 'Ivan', unavailable: false },
  ];
  return { view: 'day', lanes: 'staff', timeZone: zone, days, allLanes: lanes, shown: lanes, working, items };
}

describe('calendarGrid', () => {
  it('spans the working hours in whole hours, shades the rest, and marks free slots bookable at their instant', () => {
    const grid = calendarGrid(
      calendar([], { a: { '2031-03-04': [{ start: at('2031-03-04T09:30'), end: at('2031-03-04T12:00') }] }, b: { '2031-03-04': [{ start: at('2031-03-04T10:00'), end: at('2031-03-04T13:15') }] } }),
    );
    expect(grid.columns.map((c) => c.laneName)).toEqual(['Dana', 'Ivan']);
    expect(grid.rows[0]!.time).toBe('09:00');
    expect(grid.rows.at(-1)!.time).toBe('13:45');
    expect(grid.rows).toHaveLength(20);
    expect(grid.rows[0]!.cells[0]).toEqual({ kind: 'off' });
    expect(grid.rows[2]!.cells[0]).toEqual({ kind: 'free', laneId: 'a', startsAt: at('2031-03-04T09:30') });
    expect(grid.rows[12]!.cells[0]).toEqual({ kind: 'off' });
    expect(grid.rows[17]!.cells[1]).toEqual({ kind: 'off' });
    expect(grid.rows[16]!.cells[1]).toMatchObject({ kind: 'free' });
  });

  it('draws a booking as one block over its rows, and overlapping items as one block', () => {
    const working = { a: { '2031-03-04': [{ start: at('2031-03-04T09:00'), end: at('2031-03-04T18:00') }] }, b: { '2031-03-04': [] } };
    const grid = calendarGrid(
      calendar([booking('x', 'a', '2031-03-04T10:00', '2031-03-04T11:00'), booking('y', 'a', '2031-03-04T10:30', '2031-03-04T11:20'), booking('z', 'a', '2031-03-04T14:10', '2031-03-04T14:40')], working),
    );
    const column = grid.rows.map((r) => r.cells[0]!);
    const ten = grid.rows.findIndex((r) => r.time === '10:00');
    expect(column[ten]).toMatchObject({ kind: 'block', rows: 6 });
    expect((column[ten] as { items: CalendarItem[] }).items.map((i) => i.id)).toEqual(['x', 'y']);
    for (let r = ten + 1; r < ten + 6; r += 1) expect(column[r]).toEqual({ kind: 'covered' });
    expect(column[ten + 6]).toMatchObject({ kind: 'free' });
    // 14:10–14:40 touches the 14:00, 14:15 and 14:30 rows.
    const two = grid.rows.findIndex((r) => r.time === '14:00');
    expect(column[two]).toMatchObject({ kind: 'block', rows: 3 });
    // A lane that does not work that day is shaded through.
    expect(grid.rows.every((r) => r.cells[1]!.kind === 'off')).toBe(true);
  });

  it('falls back to 08:00–20:00 on an empty day, and keeps a DST day on the wall clock', () => {
    const empty = calendarGrid(calendar([], {}, [day('2031-03-30')]));
    expect(empty.rows[0]!.time).toBe('08:00');
    expect(empty.rows).toHaveLength(48);
    const working = { a: { '2031-03-30': [{ start: at('2031-03-30T09:00'), end: at('2031-03-30T10:00') }] } };
    const dst = calendarGrid(calendar([booking('x', 'a', '2031-03-30T09:15', '2031-03-30T09:45')], working, [day('2031-03-30')]));
    const nine = dst.rows.findIndex((r) => r.time === '09:00');
    expect(dst.rows[nine + 1]!.cells[0]).toMatchObject({ kind: 'block', rows: 2 });
    expect(dst.rows[nine]!.cells[0]).toEqual({ kind: 'free', laneId: 'a', startsAt: at('2031-03-30T09:00') });
  });
});
