import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { rangeParams, ReportRange } from './report-range.ts';
import { REPORT_SERVICES_STAFF } from './reports-sql.ts';

/**
 * One service's or staff member's share of a range: booked visits (not cancelled),
 * cancellations, the visits that count as revenue (completed and confirmed, past or
 * not) and that revenue (price minus discount, minor units).
 */
export interface RevenueLine {
  id: string;
  name: string;
  booked: number;
  cancelled: number;
  paidVisits: number;
  revenueMinor: number;
}

/** Revenue by service and by staff member; `popularity` is the services by booked visits, most first. */
export interface RevenueReport {
  byService: RevenueLine[];
  byStaff: RevenueLine[];
  popularity: RevenueLine[];
  totalMinor: number;
}

/**
 * Revenue by service and by staff member over a range, and service popularity, from
 * one statement grouping the bookings both ways in PostgreSQL.
 */
export async function revenueReport(ctx: UseCaseContext, rawRange: ReportRange): Promise<RevenueReport> {
  const range = ReportRange.parse(rawRange);
  const rows = await runSql(emForBusiness(ctx.orm, range.businessId), REPORT_SERVICES_STAFF, rangeParams(range));
  const line = (r: (typeof rows)[number]): RevenueLine => ({ id: r.id, name: r.name ?? '', booked: r.booked, cancelled: r.cancelled, paidVisits: r.paid_visits, revenueMinor: r.revenue });
  const byService = rows.filter((r) => r.dimension === 'service').map(line);
  const byStaff = rows.filter((r) => r.dimension === 'staff').map(line);
  return {
    byService,
    byStaff,
    popularity: [...byService].sort((a, b) => b.booked - a.booked || a.name.localeCompare(b.name)),
    totalMinor: byService.reduce((sum, l) => sum + l.revenueMinor, 0),
  };
}
