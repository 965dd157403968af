import { streamSql } from '../../db/sql-stream.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { rangeParams, ReportRange } from './report-range.ts';
import { REVENUE_ROWS } from './reports-sql.ts';

/** Revenue of one service by one staff member on one local day (completed and confirmed visits, price minus discount). */
export interface RevenueRow {
  day: string;
  service: string;
  staff: string;
  visits: number;
  revenueMinor: number;
}

/**
 * Revenue per day, service and staff member over a range, in that order, streamed from
 * PostgreSQL through a cursor (for the CSV export): memory stays the same for a day or
 * a year.
 */
export async function* revenueRows(ctx: UseCaseContext, rawRange: ReportRange): AsyncGenerator<RevenueRow> {
  const range = ReportRange.parse(rawRange);
  for await (const r of streamSql(emForBusiness(ctx.orm, range.businessId), REVENUE_ROWS, rangeParams(range))) {
    yield { day: r.day, service: r.service, staff: r.staff, visits: r.visits, revenueMinor: r.revenue };
  }
}
