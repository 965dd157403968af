import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { InvalidField } from '../../app/catalog/invalid-field.ts';
import { addExpense, ExpenseInput } from '../../app/reports/add-expense.ts';
import { bookingsReport } from '../../app/reports/bookings-report.ts';
import { customersReport } from '../../app/reports/customers-report.ts';
import { deleteExpense } from '../../app/reports/delete-expense.ts';
import { financeReport } from '../../app/reports/finance-report.ts';
import { InvalidReportRange, reportRange, type ReportRange } from '../../app/reports/report-range.ts';
import { revenueReport } from '../../app/reports/revenue-report.ts';
import { revenueRows } from '../../app/reports/revenue-rows.ts';
import { staffReport } from '../../app/reports/staff-report.ts';
import { minorToMajorText } from '../../app/catalog/currency-amount.ts';
import { sendCsv } from './csv-download.ts';
import { ADMIN, MANAGER, roleAtLeast } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { chartData, heatmapView, reportFormat } from './reports-view.ts';
import { renderPage, seeOther, type PageOptions } from './panel-view.ts';

const RangeQuery = z.object({ from: z.unknown().optional(), to: z.unknown().optional() });
const NoticeQuery = z.object({ notice: z.enum(['expense_added', 'expense_deleted']).optional() });
const IdParam = z.object({ id: z.string().max(64) });

/** The range asked for, or the page already answered with what is wrong with it. */
type RangeAnswer = { ok: true; range: ReportRange } | { ok: false; reply: FastifyReply };

/** The range asked for in the query string, or the page telling what is wrong with it (422, the form kept). */
async function rangeOrError(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, view: string): Promise<RangeAnswer> {
  const asked = RangeQuery.parse(request.query ?? {});
  try {
    return { ok: true, range: await reportRange(deps.ctx, request.panel.business!.businessId, asked) };
  } catch (error) {
    if (!(error instanceof InvalidReportRange)) throw error;
    const values = { from: typeof asked.from === 'string' ? asked.from : '', to: typeof asked.to === 'string' ? asked.to : '' };
    const page = await renderPage(reply, request, view, { title: request.panel.t('panel.reports.title'), rangeError: request.panel.t(error.i18nKey), report: null }, { status: 422, values });
    return { ok: false, reply: page };
  }
}

/** The query string that keeps a range across pages and downloads. */
function rangeQuery(range: ReportRange): string {
  return new URLSearchParams({ from: range.from, to: range.to }).toString();
}

/** The finance page (its expense form shown again with errors when `page` has them). */
async function showFinance(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, range: ReportRange, page: PageOptions = {}): Promise<FastifyReply> {
  const { t, language } = request.panel;
  const business = request.panel.business!;
  const report = await financeReport(deps.ctx, range);
  const f = reportFormat(range, language);
  return renderPage(
    reply,
    request,
    'reports/finance',
    {
      title: t('panel.reports.finance_title'),
      range,
      query: rangeQuery(range),
      f,
      report,
      canEditExpenses: roleAtLeast(business.role, 'admin'),
    },
    { ...page, values: { from: range.from, to: range.to, spentOn: range.to, ...page.values } },
  );
}

/** Reports (managers and above) and the expenses behind the profit view (admins and above). */
export function reportsRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/reports',
      access: MANAGER,
      handler: async (request, reply) => {
        const asked = await rangeOrError(deps, request, reply, 'reports/overview');
        if (!asked.ok) return asked.reply;
        const range = asked.range;
        const { t, language } = request.panel;
        const [bookings, revenue, customers, staff] = await Promise.all([
          bookingsReport(deps.ctx, range),
          revenueReport(deps.ctx, range),
          customersReport(deps.ctx, range),
          staffReport(deps.ctx, range),
        ]);
        const labels = { day: t('panel.reports.chart_day'), service: t('panel.reports.chart_service'), booked: t('panel.reports.chart_booked'), cancelled: t('panel.reports.chart_cancelled'), revenue: t('panel.reports.chart_revenue', { currency: range.currency }) };
        return renderPage(reply, request, 'reports/overview', {
          title: t('panel.reports.title'),
          range,
          query: rangeQuery(range),
          f: reportFormat(range, language),
          report: { bookings, revenue, customers, staff },
          heatmap: heatmapView(bookings, language),
          chartJson: chartData(range, bookings, revenue, labels),
        }, { values: { from: range.from, to: range.to } });
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/reports/finance',
      access: MANAGER,
      handler: async (request, reply) => {
        const asked = await rangeOrError(deps, request, reply, 'reports/finance');
        if (!asked.ok) return asked.reply;
        const range = asked.range;
        const notice = NoticeQuery.safeParse(request.query).data?.notice;
        return showFinance(deps, request, reply, range, notice ? { notice: `panel.reports.${notice}` } : {});
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/reports/revenue.csv',
      access: MANAGER,
      handler: async (request, reply) => {
        const asked = await rangeOrError(deps, request, reply, 'reports/overview');
        if (!asked.ok) return asked.reply;
        const range = asked.range;
        const { t } = request.panel;
        const header = [t('panel.reports.csv_day'), t('panel.reports.csv_service'), t('panel.reports.csv_staff'), t('panel.reports.csv_visits'), t('panel.reports.csv_revenue', { currency: range.currency })];
        async function* records() {
          for await (const r of revenueRows(deps.ctx, range)) yield [r.day, r.service, r.staff, r.visits, minorToMajorText(r.revenueMinor, range.currency)];
        }
        return sendCsv(reply, `revenue-${range.from}-${range.to}.csv`, header, records());
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/reports/expenses',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const asked = await rangeOrError(deps, request, reply, 'reports/finance');
        if (!asked.ok) return asked.reply;
        const range = asked.range;
        const values = formValues(request.body);
        const form = parseForm(ExpenseInput, request.body);
        if (!form.ok) return showFinance(deps, request, reply, range, { status: 422, errors: form.errors, values });
        try {
          await addExpense(deps.ctx, business.businessId, panelActor(request), values);
        } catch (error) {
          if (error instanceof InvalidField) return showFinance(deps, request, reply, range, { status: 422, errors: { [error.field]: error.reason }, values });
          throw error;
        }
        return seeOther(reply, `/admin/b/${business.slug}/reports/finance?${rangeQuery(range)}&notice=expense_added`);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/reports/expenses/:id/delete',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const { id } = IdParam.parse(request.params);
        const asked = await rangeOrError(deps, request, reply, 'reports/finance');
        if (!asked.ok) return asked.reply;
        const range = asked.range;
        await deleteExpense(deps.ctx, business.businessId, panelActor(request), id);
        return seeOther(reply, `/admin/b/${business.slug}/reports/finance?${rangeQuery(range)}&notice=expense_deleted`);
      },
    },
  ];
}
