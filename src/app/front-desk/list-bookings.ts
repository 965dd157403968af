import { z } from 'zod';
import { BusinessSchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { BookingFilters, resolveRange, searchPatterns, statusCondition, type ResolvedRange } from './booking-filters.ts';
import { toDeskBooking, type DeskBooking } from './desk-booking.ts';
import { DESK_BOOKINGS, type DeskQueryParams } from './desk-sql.ts';

/** Where a page of the list ends: the last row's start and id. */
const Cursor = z
  .string()
  .max(80)
  .regex(/^\d{1,15}\.[0-9a-f-]{36}$/)
  .transform((c) => ({ startsAt: Number(c.slice(0, c.indexOf('.'))), id: c.slice(c.indexOf('.') + 1) }))
  .pipe(z.object({ startsAt: z.number().int().nonnegative(), id: z.uuid() }));

/** Input of {@link listBookings}: the filters, a page size, and the cursor of the page before. */
export const ListBookingsInput = BookingFilters.extend({
  after: z.preprocess((v) => (v === '' ? undefined : v), Cursor.optional()),
  limit: z.number().int().min(1).max(1000).default(50),
});

/** A page of the bookings list. */
export interface BookingsPage {
  range: ResolvedRange;
  bookings: DeskBooking[];
  /** The cursor of the next page; null on the last one. */
  next: string | null;
}

/** The statement parameters of a filter set (shared by the list and the export). */
export async function deskQuery(ctx: UseCaseContext, businessId: string, input: z.output<typeof BookingFilters>, defaults: { days: number; endingToday?: boolean }): Promise<{ params: Omit<DeskQueryParams, 'afterStartsAt' | 'afterId' | 'limit'>; range: ResolvedRange }> {
  const id = Id.parse(businessId);
  const business = await emForBusiness(ctx.orm, id).findOne(BusinessSchema, { id }, { fields: ['timeZone'] });
  if (!business) throw new NotFound('business');
  const range = resolveRange(input, business.timeZone, ctx.now(), defaults);
  return {
    range,
    params: {
      businessId: id,
      from: new Date(range.from),
      until: new Date(range.until),
      staffId: input.staff ?? null,
      serviceId: input.service ?? null,
      source: input.source ?? null,
      ...statusCondition(input.status),
      ...searchPatterns(input.q),
    },
  };
}

/**
 * The business's bookings in a range of local days (default: the coming week), filtered
 * by specialist, service, status, source and a name or phone, in time order, a page at a
 * time. A range that is inverted or longer than a year is an `InvalidRequest`.
 */
export async function listBookings(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListBookingsInput>): Promise<BookingsPage> {
  const input = ListBookingsInput.parse(raw);
  const { params, range } = await deskQuery(ctx, businessId, input, { days: 7 });
  const em = emForBusiness(ctx.orm, params.businessId);
  const rows = await runSql(em, DESK_BOOKINGS, { ...params, afterStartsAt: input.after ? new Date(input.after.startsAt) : null, afterId: input.after?.id ?? null, limit: input.limit + 1 });
  const bookings = rows.slice(0, input.limit).map(toDeskBooking);
  const last = bookings.at(-1);
  return { range, bookings, next: rows.length > input.limit && last ? `${last.startsAt}.${last.id}` : null };
}
