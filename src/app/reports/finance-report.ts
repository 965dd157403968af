import { ExpenseSchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { rangeParams, ReportRange } from './report-range.ts';
import { REPORT_EXPENSE_CATEGORIES, REPORT_PAYMENT_METHODS, REPORT_PROFIT } from './reports-sql.ts';

/** Ranges up to this many days show profit per day; longer ones per month. */
export const DAILY_PROFIT_MAX_DAYS = 62;

/** Money received one way (Stripe, Kaspi, cash): payments paid in the range, net of refunds, and the refunds. */
export interface PaymentMethodLine {
  provider: string;
  payments: number;
  receivedMinor: number;
  refundedMinor: number;
}

/** One period of the profit view: booked revenue (completed and confirmed visits) less expenses. */
export interface ProfitPeriod {
  /** First local day of the period (`2031-03-01` for March). */
  period: string;
  revenueMinor: number;
  expensesMinor: number;
  profitMinor: number;
}

/** One recorded expense. */
export interface ExpenseLine {
  id: string;
  category: string;
  amountMinor: number;
  currency: string;
  spentOn: string;
  note: string;
}

/**
 * Money over a range: what came in per way of paying, expenses per category, and profit
 * per day (up to {@link DAILY_PROFIT_MAX_DAYS} days) or month; plus the expenses
 * themselves, newest first, for the list beside the form.
 */
export interface FinanceReport {
  byPaymentMethod: PaymentMethodLine[];
  expensesByCategory: { category: string; entries: number; amountMinor: number }[];
  profitUnit: 'day' | 'month';
  profit: ProfitPeriod[];
  totals: { revenueMinor: number; expensesMinor: number; profitMinor: number };
  expenses: ExpenseLine[];
}

/** The finance view of a range, every sum taken in PostgreSQL. */
export async function financeReport(ctx: UseCaseContext, rawRange: ReportRange): Promise<FinanceReport> {
  const range = ReportRange.parse(rawRange);
  const em = emForBusiness(ctx.orm, range.businessId);
  const days = { businessId: range.businessId, fromDate: range.from, toDate: range.to };
  const profitUnit = range.days <= DAILY_PROFIT_MAX_DAYS ? 'day' : 'month';
  const methods = await runSql(em, REPORT_PAYMENT_METHODS, rangeParams(range));
  const categories = await runSql(em, REPORT_EXPENSE_CATEGORIES, days);
  const periods = await runSql(em, REPORT_PROFIT, { ...rangeParams(range), ...days, unit: profitUnit });
  const expenses = await em.find(ExpenseSchema, { spentOn: { $gte: range.from, $lte: range.to } }, { orderBy: { spentOn: 'desc', createdAt: 'desc' }, limit: 500 });
  const profit = periods.map((p) => ({ period: p.period, revenueMinor: p.revenue, expensesMinor: p.expenses, profitMinor: p.revenue - p.expenses }));
  const revenueMinor = profit.reduce((s, p) => s + p.revenueMinor, 0);
  const expensesMinor = profit.reduce((s, p) => s + p.expensesMinor, 0);
  return {
    byPaymentMethod: methods.map((m) => ({ provider: m.provider, payments: m.payments, receivedMinor: m.received, refundedMinor: m.refunded })),
    expensesByCategory: categories.map((c) => ({ category: c.category, entries: c.entries, amountMinor: c.amount })),
    profitUnit,
    profit,
    totals: { revenueMinor, expensesMinor, profitMinor: revenueMinor - expensesMinor },
    expenses: expenses.map((e) => ({ id: e.id, category: e.category, amountMinor: e.amountMinor, currency: e.currency, spentOn: String(e.spentOn), note: e.note })),
  };
}
