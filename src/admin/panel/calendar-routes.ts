import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { addTimeOff } from '../../app/catalog/add-time-off.ts';
import { removeTimeOff } from '../../app/catalog/remove-time-off.ts';
import type { ScheduleAccess } from '../../app/catalog/schedule-access.ts';
import { InvalidField } from '../../app/catalog/invalid-field.ts';
import { deskCalendar, DeskCalendarInput } from '../../app/front-desk/desk-calendar.ts';
import { LocalDate } from '../../app/shared/input-schemas.ts';
import { formatEpochDay, parseLocalDate } from '../../domain/index.ts';
import { calendarGrid } from './calendar-grid.ts';
import { statusKeyOf } from './desk-rows.ts';
import { roleAtLeast, STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm, type FormValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

const BlockForm = z.object({
  staff: z.uuid('invalid'),
  day: LocalDate,
  from: z.string().regex(/^\d{2}:\d{2}$/, 'invalid_time'),
  to: z.string().regex(/^\d{2}:\d{2}$/, 'invalid_time'),
  reason: z.string().trim().max(200, 'staff_reason_too_long').default(''),
  back: z.string().max(300).optional(),
}).refine((v) => v.to > v.from, { path: ['to'], message: 'staff_time_off_order', when: (payload) => payload.issues.length === 0 });
const RemoveForm = z.object({ staff: z.uuid(), timeOff: z.uuid(), back: z.string().max(300).optional() });

/** A staff-role user blocks and frees only their own time; managers and above anyone's. */
function scheduleAccess(request: PanelRequest): ScheduleAccess {
  return roleAtLeast(request.panel.business!.role, 'manager') ? {} : { ownUserId: request.panel.user!.id };
}

/** A link back to a calendar page of this business, or the calendar itself. */
function backTo(request: PanelRequest, back: string | undefined): string {
  const base = `/admin/b/${request.panel.business!.slug}/calendar`;
  return back !== undefined && (back === base || back.startsWith(`${base}?`)) && !back.includes('//') ? back : base;
}

async function showCalendar(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, page: { errors?: Record<string, string>; values?: FormValues; status?: number } = {}) {
  const business = request.panel.business!;
  const { t, language } = request.panel;
  const query = formValues(request.query);
  const parsed = DeskCalendarInput.safeParse({ view: query['view'] || undefined, date: query['date'] || undefined, lanes: query['lanes'] || undefined, laneId: query['lane'] || undefined });
  // A bad address shows today's day view rather than an error: the calendar is where people land.
  const input = parsed.success ? parsed.data : {};
  const calendar = await deskCalendar(deps.ctx, business.businessId, input);
  const grid = calendarGrid(calendar);
  const dayLabel = new Intl.DateTimeFormat(language, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
  const title = new Intl.DateTimeFormat(language, { timeZone: 'UTC', dateStyle: 'full' });
  const time = new Intl.DateTimeFormat(language, { timeZone: business.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const first = parseLocalDate(calendar.days[0]!.date)!;
  const step = calendar.view === 'week' ? 7 : 1;
  const base = `/admin/b/${business.slug}/calendar`;
  // The page's own address with some of its parameters changed (undefined: left out).
  const link = (changes: Record<string, string | undefined>) => {
    const current: Record<string, string | undefined> = { view: calendar.view, date: calendar.days[0]!.date, lanes: calendar.lanes, lane: calendar.view === 'week' ? calendar.shown[0]?.id : undefined, ...changes };
    const params = new URLSearchParams(Object.entries(current).filter((e): e is [string, string] => e[1] !== undefined));
    return `${base}?${params.toString()}`;
  };
  const here = link({});
  const staffLanes = calendar.lanes === 'staff';
  // A day of 20 specialists has ~800 free cells, each labelled "Book 10:15 with Dana": the
  // sentence is looked up once with markers and filled in per cell (i18next per cell cost
  // more than the rest of the page).
  const bookHere = t('panel.calendar.book_here', { time: '\u0001', name: '\u0002' });
  const statusLabels = new Map<string, string>();
  return renderPage(
    reply,
    request,
    'desk/calendar',
    {
      title: t('panel.calendar.title'),
      heading: calendar.view === 'week' ? t('panel.calendar.week_of', { day: title.format(Date.parse(`${calendar.days[0]!.date}T00:00Z`)) }) : title.format(Date.parse(`${calendar.days[0]!.date}T00:00Z`)),
      calendar,
      grid,
      columnLabel: (c: { laneName: string; date: string }) => (calendar.view === 'week' ? dayLabel.format(Date.parse(`${c.date}T00:00Z`)) : c.laneName),
      itemTime: (i: { startsAt: number; endsAt: number }) => `${time.format(i.startsAt)}–${time.format(i.endsAt)}`,
      statusKey: statusKeyOf,
      bookHereLabel: (slot: string, name: string) => bookHere.replace('\u0001', () => slot).replace('\u0002', () => name),
      statusLabel: (key: string) => statusLabels.get(key) ?? statusLabels.set(key, t(`panel.desk.status.${key}`)).get(key)!,
      staffLanes,
      here,
      prev: link({ date: formatEpochDay(first - step) }),
      next: link({ date: formatEpochDay(first + step) }),
      today: link({ date: undefined }),
      dayView: link({ view: 'day' }),
      weekView: link({ view: 'week' }),
      staffView: link({ lanes: 'staff', lane: undefined }),
      resourceView: link({ lanes: 'resource', lane: undefined }),
      laneOptions: calendar.allLanes.map((l) => ({ value: l.id, label: l.name })),
      bookUrl: `${base}/book`,
      blockStaffOptions: staffLanes ? calendar.allLanes.map((l) => ({ value: l.id, label: l.name })) : [],
    },
    { status: page.status ?? 200, errors: page.errors ?? {}, values: page.values ?? { date: calendar.days[0]!.date, day: calendar.days[0]!.date, lane: calendar.shown[0]?.id ?? '', from: '13:00', to: '14:00' } },
  );
}

/**
 * The calendar: a day of every specialist (or resource) side by side, or a week of one;
 * working hours plain, the rest shaded; a booking is a link to its card, a free time a
 * link to book a walk-in there; time off (a meeting, a break) can be blocked and freed
 * from here. Staff may block only their own time.
 */
export function calendarRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    { method: 'GET', url: '/b/:slug/calendar', access: STAFF, handler: async (request, reply) => showCalendar(deps, request, reply) },
    {
      method: 'POST',
      url: '/b/:slug/calendar/block',
      access: STAFF,
      handler: async (request, reply) => {
        const form = parseForm(BlockForm, request.body);
        if (!form.ok) return showCalendar(deps, request, reply, { errors: form.errors, values: form.values, status: 422 });
        const { staff, day, from, to, reason, back } = form.data;
        try {
          await addTimeOff(deps.ctx, request.panel.business!.businessId, panelActor(request), staff, { from: `${day}T${from}`, to: `${day}T${to}`, reason, zone: 'business' }, scheduleAccess(request));
        } catch (error) {
          if (!(error instanceof InvalidField)) throw error;
          const field = error.field === 'from' ? 'from' : 'to';
          return showCalendar(deps, request, reply, { errors: { [field]: error.reason }, values: formValues(request.body), status: 422 });
        }
        return seeOther(reply, backTo(request, back));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/calendar/unblock',
      access: STAFF,
      handler: async (request, reply) => {
        const form = parseForm(RemoveForm, request.body);
        if (!form.ok) return showCalendar(deps, request, reply, { errors: form.errors, values: form.values, status: 422 });
        await removeTimeOff(deps.ctx, request.panel.business!.businessId, panelActor(request), form.data.staff, form.data.timeOff, scheduleAccess(request));
        return seeOther(reply, backTo(request, form.data.back));
      },
    },
  ];
}
