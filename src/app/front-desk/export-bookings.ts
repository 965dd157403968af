import type { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { BookingFilters, type ResolvedRange } from './booking-filters.ts';
import type { DeskBooking } from './desk-booking.ts';
import { toDeskBooking } from './desk-booking.ts';
import { DESK_BOOKINGS } from './desk-sql.ts';
import { deskQuery } from './list-bookings.ts';

/** Rows read per round trip: memory stays flat whatever the range. */
const CHUNK = 1000;

/** An export under way: its range, and its bookings a chunk at a time. */
export interface BookingsExport {
  range: ResolvedRange;
  chunks: AsyncIterable<DeskBooking[]>;
}

/**
 * Every booking matching the filters (default: the last 30 days up to today), read a
 * chunk at a time by keyset so a year of a busy salon streams in constant memory. The
 * filters are checked before the first chunk is read: a bad range fails here, not
 * halfway through a download.
 */
export async function exportBookings(ctx: UseCaseContext, businessId: string, raw: z.input<typeof BookingFilters>): Promise<BookingsExport> {
  const input = BookingFilters.parse(raw);
  const { params, range } = await deskQuery(ctx, businessId, input, { days: 30, endingToday: true });
  async function* chunks(): AsyncGenerator<DeskBooking[]> {
    let after: { startsAt: Date; id: string } | null = null;
    for (;;) {
      // A fresh unit of work per chunk: nothing read is kept between chunks.
      const em = emForBusiness(ctx.orm, params.businessId);
      const rows: unknown[] = await runSql(em, DESK_BOOKINGS, { ...params, afterStartsAt: after?.startsAt ?? null, afterId: after?.id ?? null, limit: CHUNK });
      if (rows.length === 0) return;
      const bookings = rows.map(toDeskBooking);
      yield bookings;
      if (rows.length < CHUNK) return;
      const last = bookings.at(-1)!;
      after = { startsAt: new Date(last.startsAt), id: last.id };
    }
  }
  return { range, chunks: chunks() };
}
