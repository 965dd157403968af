import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { rangeParams, ReportRange } from './report-range.ts';
import { REPORT_CUSTOMERS } from './reports-sql.ts';

/**
 * Customers who had a booked visit (not cancelled, not a hold) in a range: new ones,
 * whose first such visit ever is in the range, and returning ones, who came before.
 */
export interface CustomersReport {
  newCustomers: number;
  returningCustomers: number;
}

/** New vs returning customers over a range, counted in PostgreSQL. */
export async function customersReport(ctx: UseCaseContext, rawRange: ReportRange): Promise<CustomersReport> {
  const range = ReportRange.parse(rawRange);
  const [row] = await runSql(emForBusiness(ctx.orm, range.businessId), REPORT_CUSTOMERS, rangeParams(range));
  return { newCustomers: row?.new_customers ?? 0, returningCustomers: row?.returning_customers ?? 0 };
}
