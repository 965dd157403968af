import { formatMoney, minorDigits } from '../../app/catalog/currency-amount.ts';
import type { BookingsReport } from '../../app/reports/bookings-report.ts';
import type { ReportRange } from '../../app/reports/report-range.ts';
import type { RevenueReport } from '../../app/reports/revenue-report.ts';

/** Shading levels of the heatmap: CSS classes `heat-0` (none) to `heat-5` (the busiest hour). */
export const HEAT_LEVELS = 5;

/** How the report pages write numbers, money, shares and dates in the person's language. */
export interface ReportFormat {
  money: (minor: number) => string;
  percent: (share: number | null) => string;
  count: (n: number) => string;
  hours: (minutes: number) => string;
  day: (isoDay: string) => string;
  month: (isoDay: string) => string;
}

/** Formats for a range's currency in `language`. */
export function reportFormat(range: ReportRange, language: string): ReportFormat {
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(language);
  const hours = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(language, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  const month = new Intl.DateTimeFormat(language, { timeZone: 'UTC', month: 'long', year: 'numeric' });
  return {
    money: (minor) => formatMoney(Math.round(minor), range.currency, language),
    percent: (share) => (share === null ? '—' : percent.format(share)),
    count: (n) => count.format(n),
    hours: (minutes) => hours.format(minutes / 60),
    day: (iso) => day.format(new Date(`${iso}T00:00:00Z`)),
    month: (iso) => month.format(new Date(`${iso}T00:00:00Z`)),
  };
}

/** The heatmap as table rows: a weekday label, and per shown hour its count and shading class. */
export interface HeatmapView {
  hours: number[];
  rows: { weekday: string; cells: { count: number; level: number }[] }[];
}

/**
 * The peak-hours table: hours from the earliest to the latest with any booking (none:
 * an empty list), each cell shaded by its share of the busiest cell.
 */
export function heatmapView(report: BookingsReport, language: string): HeatmapView {
  const busy = Array.from({ length: 24 }, (_, h) => report.heatmap.some((row) => (row[h] ?? 0) > 0));
  const first = busy.indexOf(true);
  const last = busy.lastIndexOf(true);
  const hours = first < 0 ? [] : Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const max = Math.max(0, ...report.heatmap.flat());
  // 2024-01-01 was a Monday: the ISO weekdays' names in the person's language.
  const name = new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' });
  return {
    hours,
    rows: report.heatmap.map((row, i) => ({
      weekday: name.format(new Date(Date.UTC(2024, 0, 1 + i))),
      cells: hours.map((h) => {
        const count = row[h] ?? 0;
        return { count, level: count === 0 || max === 0 ? 0 : Math.max(1, Math.ceil((count / max) * HEAT_LEVELS)) };
      }),
    })),
  };
}

/**
 * What the charts draw, as the JSON block `assets/reports.js` reads: days as epoch
 * seconds of their UTC midnight (the charts label them in UTC, so a day is its own
 * date anywhere), counts, and revenue in major units.
 */
export function chartData(range: ReportRange, bookings: BookingsReport, revenue: RevenueReport, labels: Record<string, string>): string {
  const scale = 10 ** minorDigits(range.currency);
  const data = {
    labels,
    currency: range.currency,
    days: bookings.days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000),
    booked: bookings.days.map((d) => d.booked),
    cancelled: bookings.days.map((d) => d.cancelled),
    revenue: bookings.days.map((d) => d.revenueMinor / scale),
    services: revenue.byService.map((s) => s.name),
    serviceRevenue: revenue.byService.map((s) => s.revenueMinor / scale),
  };
  // `</` could end the script block early: JSON allows it escaped.
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
