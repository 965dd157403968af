import { BOOKING_SOURCES } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { daysOf, rangeParams, ReportRange } from './report-range.ts';
import { REPORT_CHANNELS, REPORT_DAYS, REPORT_HEATMAP } from './reports-sql.ts';

/** One local day of a range: booked visits (not cancelled), cancellations, no-shows, completed visits, revenue in minor units. */
export interface ReportDay {
  day: string;
  booked: number;
  cancelled: number;
  noShows: number;
  completed: number;
  revenueMinor: number;
}

/** How many booked visits came through one channel (`source`) or one campaign (null: no campaign). */
export interface ChannelCount {
  key: string | null;
  bookings: number;
}

/**
 * What happened to bookings over a range. Holds are never counted. `cancellationRate`
 * is cancelled ÷ all bookings; `noShowRate` is no-shows ÷ (completed + no-shows), the
 * visits whose outcome is known; both null when there is nothing to divide by.
 */
export interface BookingsReport {
  days: ReportDay[];
  totals: { booked: number; cancelled: number; noShows: number; completed: number; revenueMinor: number };
  cancellationRate: number | null;
  noShowRate: number | null;
  /** `heatmap[weekday - 1][hour]`: booked visits starting at that local hour on that ISO weekday (Monday first). */
  heatmap: number[][];
  bySource: ChannelCount[];
  byCampaign: ChannelCount[];
}

/**
 * Bookings per day, cancellations and no-shows, the peak-hours heatmap and bookings by
 * channel and campaign, over a range (`reportRange`). Three aggregating statements in
 * PostgreSQL; days without bookings are filled with zeros here.
 */
export async function bookingsReport(ctx: UseCaseContext, rawRange: ReportRange): Promise<BookingsReport> {
  const range = ReportRange.parse(rawRange);
  const em = emForBusiness(ctx.orm, range.businessId);
  const params = rangeParams(range);
  const dayRows = await runSql(em, REPORT_DAYS, params);
  const heatRows = await runSql(em, REPORT_HEATMAP, params);
  const channelRows = await runSql(em, REPORT_CHANNELS, params);

  const byDay = new Map(dayRows.map((r) => [r.day, r]));
  const days = daysOf(range).map((day): ReportDay => {
    const r = byDay.get(day);
    return { day, booked: r?.booked ?? 0, cancelled: r?.cancelled ?? 0, noShows: r?.no_shows ?? 0, completed: r?.completed ?? 0, revenueMinor: r?.revenue ?? 0 };
  });
  const totals = { booked: 0, cancelled: 0, noShows: 0, completed: 0, revenueMinor: 0 };
  for (const d of days) {
    totals.booked += d.booked;
    totals.cancelled += d.cancelled;
    totals.noShows += d.noShows;
    totals.completed += d.completed;
    totals.revenueMinor += d.revenueMinor;
  }
  const heatmap = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of heatRows) heatmap[r.weekday - 1]![r.hour] = r.bookings;
  const all = totals.booked + totals.cancelled;
  const outcomes = totals.completed + totals.noShows;
  // Every channel shows, with 0 when none came through it: an owner sees what is not working too.
  const sources = new Map<string, number>(BOOKING_SOURCES.map((s) => [s, 0]));
  for (const r of channelRows) if (r.dimension === 'source' && r.key !== null) sources.set(r.key, r.bookings);
  return {
    days,
    totals,
    cancellationRate: all === 0 ? null : totals.cancelled / all,
    noShowRate: outcomes === 0 ? null : totals.noShows / outcomes,
    heatmap,
    bySource: [...sources].map(([key, bookings]) => ({ key, bookings })).sort((a, b) => b.bookings - a.bookings),
    byCampaign: channelRows.filter((r) => r.dimension === 'campaign').map((r) => ({ key: r.key, bookings: r.bookings })),
  };
}
