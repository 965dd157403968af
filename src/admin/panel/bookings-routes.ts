import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { listServices } from '../../app/catalog/list-services.ts';
import { listStaff } from '../../app/catalog/list-staff.ts';
import { BookingFilters, DESK_STATUS_FILTERS } from '../../app/front-desk/booking-filters.ts';
import { exportBookings, type BookingsExport } from '../../app/front-desk/export-bookings.ts';
import { listBookings } from '../../app/front-desk/list-bookings.ts';
import { BOOKING_SOURCES } from '../../db/entities/index.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { HTTP_STATUS_BY_CODE } from '../http-error-handler.ts';
import { BOOKINGS_CSV_HEADER, bookingCsvRecord } from './bookings-csv.ts';
import { sendCsv, type CsvCell } from './csv-download.ts';
import { deskRows, sourceLabel } from './desk-rows.ts';
import { MANAGER, STAFF, roleAtLeast } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { renderPage } from './panel-view.ts';

const ListQuery = BookingFilters.extend({ after: z.string().max(80).optional() });

/** The filter form's choices: specialists, services, statuses and channels. */
async function filterOptions(deps: PanelDeps, request: PanelRequest) {
  const { t } = request.panel;
  const businessId = request.panel.business!.businessId;
  const [staff, services] = await Promise.all([listStaff(deps.ctx, businessId), listServices(deps.ctx, businessId)]);
  const any = { value: '', label: t('panel.desk.any') };
  return {
    staffOptions: [any, ...staff.map((s) => ({ value: s.id, label: s.name }))],
    serviceOptions: [any, ...services.map((s) => ({ value: s.id, label: s.name }))],
    statusOptions: [any, ...DESK_STATUS_FILTERS.map((s) => ({ value: s, label: t(`panel.desk.status.${s}`) }))],
    sourceOptions: [any, ...BOOKING_SOURCES.map((s) => ({ value: s, label: sourceLabel(t, s) }))],
  };
}

/** The query string of the filters as typed (for the next page and the download links). */
function filterQuery(values: Record<string, string | string[]>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'staff', 'service', 'status', 'source', 'q']) {
    const value = values[key];
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

async function showList(deps: PanelDeps, request: PanelRequest, reply: FastifyReply) {
  const business = request.panel.business!;
  const { t } = request.panel;
  const values = formValues(request.query);
  const options = await filterOptions(deps, request);
  const page = { title: t('panel.desk.bookings_title'), ...options, canExport: roleAtLeast(business.role, 'manager'), query: filterQuery(values) };
  const parsed = ListQuery.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_form')] = 'invalid';
    return renderPage(reply, request, 'desk/bookings', { ...page, rows: [], next: null, range: null }, { status: 422, errors, values });
  }
  try {
    const result = await listBookings(deps.ctx, business.businessId, { ...parsed.data, limit: 50 });
    const rows = deskRows(request, result.bookings, deps.ctx.now());
    const next = result.next ? `?${filterQuery(values, { after: result.next })}` : null;
    return renderPage(reply, request, 'desk/bookings', { ...page, rows, next, range: result.range }, { values: { ...values, from: result.range.fromDay, to: result.range.toDay } });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const problem = deps.translator.describe(error, request.panel.language);
    return renderPage(reply, request, 'desk/bookings', { ...page, rows: [], next: null, range: null, problem }, { status: HTTP_STATUS_BY_CODE[error.code], values });
  }
}

/**
 * Bookings: the list with filters (local days, specialist, service, status, channel) and
 * a name or phone search, 50 at a time, and its CSV (managers and above: it holds every
 * customer's phone) streamed from the database a chunk at a time.
 */
export function bookingsRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    { method: 'GET', url: '/b/:slug/bookings', access: STAFF, handler: async (request, reply) => showList(deps, request, reply) },
    {
      method: 'GET',
      url: '/b/:slug/bookings.csv',
      access: MANAGER,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const parsed = BookingFilters.safeParse(formValues(request.query));
        if (!parsed.success) return reply.code(400).type('text/plain; charset=utf-8').send(request.panel.t('panel.desk.bad_filters'));
        let run: BookingsExport;
        try {
          run = await exportBookings(deps.ctx, business.businessId, parsed.data);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return reply.code(HTTP_STATUS_BY_CODE[error.code]).type('text/plain; charset=utf-8').send(deps.translator.describe(error, request.panel.language));
        }
        const record = bookingCsvRecord(business.timeZone);
        async function* rows(): AsyncGenerator<CsvCell[]> {
          for await (const chunk of run.chunks) yield* chunk.map(record);
        }
        return sendCsv(reply, `bookings-${business.slug}-${run.range.fromDay}-${run.range.toDay}.csv`, BOOKINGS_CSV_HEADER, rows());
      },
    },
  ];
}
