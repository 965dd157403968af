import { z } from 'zod';
import { BOOKING_SOURCES } from '../../db/entities/index.ts';
import { BOOKING_STATUSES } from '../../domain/booking-status.ts';
import { createZoneClock, formatEpochDay, parseLocalDate } from '../../domain/index.ts';
import { InvalidRequest } from '../shared/app-errors.ts';
import { LocalDate } from '../shared/input-schemas.ts';

/** The longest range a list or export covers: a year (a leap one included). */
export const MAX_RANGE_DAYS = 366;

/** What the status filter offers: the statuses, and the two reasons a booking is pending. */
export const DESK_STATUS_FILTERS = [...BOOKING_STATUSES, 'awaiting_approval', 'awaiting_payment'] as const;
/** One of {@link DESK_STATUS_FILTERS}. */
export type DeskStatusFilter = (typeof DESK_STATUS_FILTERS)[number];

// A form or query string posts an empty field for "any": that is no filter.
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

/**
 * The bookings list's filters as a query string carries them. Dates are the business's
 * local days, both included; each filter left out (or empty) matches everything.
 */
export const BookingFilters = z.object({
  from: optional(LocalDate),
  to: optional(LocalDate),
  staff: optional(z.uuid()),
  service: optional(z.uuid()),
  status: optional(z.enum(DESK_STATUS_FILTERS)),
  source: optional(z.enum(BOOKING_SOURCES)),
  /** A name (of the customer or their guest) or a phone, in part. */
  q: optional(z.string().trim().max(100)),
});
/** Parsed {@link BookingFilters}. */
export type BookingFilterValues = z.output<typeof BookingFilters>;

/** A filter's date range resolved in the business's zone: instants, and the local days shown. */
export interface ResolvedRange {
  from: number;
  until: number;
  fromDay: string;
  toDay: string;
}

/**
 * The local days [from, to] as instants in `timeZone`. Left out, the range is `defaults.days`
 * long, starting at `from` or ending at `to`; with neither, starting today (`now`'s local
 * day) — or ending today with `defaults.endingToday` (a look back: exports, reports). An
 * inverted range, or one longer than {@link MAX_RANGE_DAYS}, is an `InvalidRequest` with
 * a message for the person who typed it.
 */
export function resolveRange(filters: Pick<BookingFilterValues, 'from' | 'to'>, timeZone: string, now: number, defaults: { days: number; endingToday?: boolean }): ResolvedRange {
  const clock = createZoneClock(timeZone);
  const today = clock.epochDayOf(now);
  const fromGiven = filters.from === undefined ? undefined : parseLocalDate(filters.from);
  const toGiven = filters.to === undefined ? undefined : parseLocalDate(filters.to);
  if (fromGiven === null || toGiven === null) throw new InvalidRequest('not a date', 'errors.range.not_a_date');
  const days = defaults.days;
  const end = toGiven ?? (fromGiven === undefined && defaults.endingToday ? today : undefined);
  const first = fromGiven ?? (end !== undefined ? end - days + 1 : today);
  const last = end ?? first + days - 1;
  if (last < first) throw new InvalidRequest('the range ends before it starts', 'errors.range.inverted');
  if (last - first + 1 > MAX_RANGE_DAYS) throw new InvalidRequest('the range is longer than a year', 'errors.range.too_long');
  return { from: clock.toInstant(first, 0), until: clock.toInstant(last + 1, 0), fromDay: formatEpochDay(first), toDay: formatEpochDay(last) };
}

/** The statement's status and awaiting filters for a desk status filter. */
export function statusCondition(filter: DeskStatusFilter | undefined): { status: string | null; awaiting: string | null } {
  if (filter === undefined) return { status: null, awaiting: null };
  if (filter === 'awaiting_approval') return { status: 'pending', awaiting: 'approval' };
  if (filter === 'awaiting_payment') return { status: 'pending', awaiting: 'payment' };
  return { status: filter, awaiting: null };
}

/** The search's patterns: a lowercased name part, and the digits of a phone part (when it has any). */
export function searchPatterns(q: string | undefined): { nameLike: string | null; phoneLike: string | null } {
  if (q === undefined || q === '') return { nameLike: null, phoneLike: null };
  const escaped = q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  const digits = q.replace(/\D/g, '');
  return { nameLike: `%${escaped}%`, phoneLike: digits.length >= 3 ? `%${digits}%` : null };
}
