import { DateTime } from 'luxon';
import { z } from 'zod';
import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { InvalidRequest } from '../shared/app-errors.ts';
import { Id, YEARS } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** The longest range a report covers, in days (a leap year). */
export const MAX_REPORT_DAYS = 366;
/** The range a report covers when none is asked for: the last 30 days, today included. */
export const DEFAULT_REPORT_DAYS = 30;

/** Why a range was refused: not a date, `to` before `from`, or longer than {@link MAX_REPORT_DAYS}. */
export type ReportRangeProblem = 'malformed' | 'inverted' | 'too_long';

/** A report range that cannot be read; its i18n key says why in the panel's words. */
export class InvalidReportRange extends InvalidRequest {
  readonly problem: ReportRangeProblem;

  constructor(problem: ReportRangeProblem) {
    super(`report range: ${problem}`, `panel.reports.range_${problem}`);
    this.problem = problem;
  }
}

const LocalDay = z.iso.date().refine((d) => Number(d.slice(0, 4)) >= YEARS.first && Number(d.slice(0, 4)) <= YEARS.last);
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

/** What a person asks for: local days `YYYY-MM-DD` (both included); either may be left out. */
export const ReportRangeInput = z.object({
  from: z.preprocess(blank, z.string().max(32).optional()),
  to: z.preprocess(blank, z.string().max(32).optional()),
});

/**
 * A checked range of local days in the business's zone, with the instants SQL filters
 * on: `[fromInstant, toInstant)` runs from the start of `from` to the start of the day
 * after `to`, so a DST day counts its 23 or 25 hours.
 */
export const ReportRange = z.object({
  businessId: Id,
  zone: z.string().min(1),
  currency: z.string().length(3),
  from: LocalDay,
  to: LocalDay,
  fromInstant: z.date(),
  toInstant: z.date(),
  /** Days in the range, both ends included (1 to {@link MAX_REPORT_DAYS}). */
  days: z.number().int().min(1).max(MAX_REPORT_DAYS),
});
/** See {@link ReportRange}. */
export type ReportRange = z.infer<typeof ReportRange>;

/**
 * Reads the asked-for range in the business's zone: a missing `to` is today, a missing
 * `from` is 29 days before `to`. Throws {@link InvalidReportRange} for text that is no
 * date of 2000–2199, `to` before `from`, or more than 366 days.
 */
export async function reportRange(ctx: UseCaseContext, businessId: string, raw: unknown): Promise<ReportRange> {
  const id = Id.parse(businessId);
  const input = ReportRangeInput.safeParse(raw);
  if (!input.success) throw new InvalidReportRange('malformed');
  const business = await emForBusiness(ctx.orm, id).findOneOrFail(BusinessSchema, { id }, { fields: ['timeZone', 'currency'] });
  const zone = business.timeZone;
  const day = (text: string | undefined): DateTime | null => {
    if (text === undefined) return null;
    if (!LocalDay.safeParse(text).success) throw new InvalidReportRange('malformed');
    return DateTime.fromISO(text, { zone });
  };
  const to = day(input.data.to) ?? DateTime.fromMillis(ctx.now(), { zone }).startOf('day');
  const from = day(input.data.from) ?? to.minus({ days: DEFAULT_REPORT_DAYS - 1 });
  if (to < from) throw new InvalidReportRange('inverted');
  // Calendar days, not 24-hour spans: a range across a DST change is still whole days.
  const days = Math.round(to.diff(from, 'days').days) + 1;
  if (days > MAX_REPORT_DAYS) throw new InvalidReportRange('too_long');
  return ReportRange.parse({
    businessId: id,
    zone,
    currency: business.currency,
    from: from.toISODate(),
    to: to.toISODate(),
    fromInstant: from.startOf('day').toJSDate(),
    toInstant: to.plus({ days: 1 }).startOf('day').toJSDate(),
    days,
  });
}

/** Every local day of a range in order, for series with a value on each day (a day without bookings is 0). */
export function daysOf(range: Pick<ReportRange, 'from' | 'days'>): string[] {
  const first = DateTime.fromISO(range.from, { zone: 'UTC' });
  return Array.from({ length: range.days }, (_, i) => first.plus({ days: i }).toISODate() ?? '');
}

/** The SQL parameters every report statement shares. */
export function rangeParams(range: ReportRange): { businessId: string; zone: string; from: Date; to: Date } {
  return { businessId: range.businessId, zone: range.zone, from: range.fromInstant, to: range.toInstant };
}
