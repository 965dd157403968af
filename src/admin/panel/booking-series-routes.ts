import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { bookSeries } from '../../app/booking/book-series.ts';
import { cancelSeries } from '../../app/booking/cancel-series.ts';
import { moveSeries } from '../../app/booking/move-series.ts';
import { previewSeries } from '../../app/booking/preview-series.ts';
import { MAX_REPEATS } from '../../app/booking/series-plan.ts';
import { LocalDate } from '../../app/shared/input-schemas.ts';
import { createZoneClock, DomainError, parseLocalDate, parseLocalTime } from '../../domain/index.ts';
import { attempt, businessActor, cardPost, cardUrl, problemOf, showCard, slotLabel, Version, type SeriesPreview } from './booking-card-view.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { seeOther } from './panel-view.ts';

const RepeatForm = z.object({
  everyWeeks: z.enum(['1', '2']).transform((v) => (v === '1' ? 1 : 2) as 1 | 2),
  count: z.coerce.number().int().min(1, 'too_small').max(MAX_REPEATS, 'too_big'),
});
// A taken visit's replacement: `instead_<n>` = the chosen free time (epoch ms), empty to leave it out.
const Instead = z.coerce.number().int().positive();
// The card has a form for the one visit too: the series' fields are named apart.
const SeriesCancelForm = z.object({
  version: Version,
  seriesReason: z.string().trim().max(500).default(''),
  seriesTell: z.preprocess((v) => v === 'on' || (Array.isArray(v) && v.includes('on')), z.boolean()),
});
const SeriesMoveForm = z.object({
  version: Version,
  seriesDate: LocalDate,
  seriesTime: z.string().regex(/^\d{1,2}:\d{2}$/, 'invalid_time'),
  seriesStaff: z.union([z.literal(''), z.uuid()]).default(''),
});

function insteadOf(body: unknown): { index: number; startsAt: number }[] {
  const out: { index: number; startsAt: number }[] = [];
  for (const [key, value] of Object.entries(formValues(body))) {
    const index = /^instead_(\d{1,2})$/.exec(key)?.[1];
    const startsAt = Instead.safeParse(value);
    if (index && startsAt.success) out.push({ index: Number(index), startsAt: startsAt.data });
  }
  return out;
}

/**
 * A regular customer's series from the desk: repeat a confirmed visit every one or two
 * weeks N times — the free and taken dates are shown first (a taken one offers its
 * nearest free times to pick, or is left out), then booked through `bookSeries`; a
 * series is cancelled, or moved to another weekday and time, from one visit onwards.
 */
export function bookingSeriesRoutes(deps: PanelDeps): PanelRoute[] {
  const post = (path: string, handle: (request: PanelRequest, reply: FastifyReply, id: string, customerId: string) => Promise<unknown>) => cardPost(deps, path, handle);
  return [
    post('/series/preview', async (request, reply, id, customerId) => {
      const form = parseForm(RepeatForm, request.body);
      if (!form.ok) return showCard(deps, request, reply, id, { errors: form.errors, values: form.values });
      const business = request.panel.business!;
      try {
        const visits = await previewSeries(deps.ctx, business.businessId, customerId, { bookingId: id, ...form.data });
        const label = slotLabel(request);
        const series: SeriesPreview = {
          ...form.data,
          visits: visits.map((v) => ({
            index: v.index,
            label: label.format(v.startsAt),
            free: v.free,
            ...(v.free ? {} : { reason: v.reason }),
            alternatives: v.free ? [] : v.alternatives.slice(0, 3).map((a) => ({ startsAt: a, label: label.format(a) })),
          })),
        };
        return showCard(deps, request, reply, id, { series, values: formValues(request.body) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return showCard(deps, request, reply, id, { problem: problemOf(deps, request, error), values: formValues(request.body) });
      }
    }),
    post('/series', async (request, reply, id, customerId) => {
      const form = parseForm(RepeatForm, request.body);
      if (!form.ok) return showCard(deps, request, reply, id, { errors: form.errors, values: form.values });
      const businessId = request.panel.business!.businessId;
      return attempt(deps, request, reply, id, () => bookSeries(deps.ctx, businessId, customerId, { bookingId: id, ...form.data, instead: insteadOf(request.body) }, businessActor(request)), `${cardUrl(request, id)}?series=1`);
    }),
    post('/series/cancel', async (request, reply, id) => {
      const form = parseForm(SeriesCancelForm, request.body);
      if (!form.ok) return showCard(deps, request, reply, id, { errors: form.errors, values: form.values });
      const businessId = request.panel.business!.businessId;
      return attempt(deps, request, reply, id, () => cancelSeries(deps.ctx, businessId, businessActor(request), { bookingId: id, expectedVersion: form.data.version, reason: form.data.seriesReason, tellCustomer: form.data.seriesTell }), cardUrl(request, id));
    }),
    post('/series/move', async (request, reply, id) => {
      const form = parseForm(SeriesMoveForm, request.body);
      if (!form.ok) return showCard(deps, request, reply, id, { errors: form.errors, values: form.values });
      const business = request.panel.business!;
      const day = parseLocalDate(form.data.seriesDate);
      const minute = parseLocalTime(form.data.seriesTime);
      if (day === null || minute === null) return showCard(deps, request, reply, id, { errors: { seriesTime: 'invalid_time' }, values: formValues(request.body) });
      const startsAt = createZoneClock(business.timeZone).toInstant(day, minute);
      try {
        const moved = await moveSeries(deps.ctx, business.businessId, businessActor(request), { bookingId: id, expectedVersion: form.data.version, startsAt, ...(form.data.seriesStaff ? { staffId: form.data.seriesStaff } : {}) });
        return seeOther(reply, `${cardUrl(request, id)}?moved=${moved.kept.length === 0 ? 'all' : moved.kept.length}`);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return showCard(deps, request, reply, id, { problem: problemOf(deps, request, error), values: formValues(request.body) });
      }
    }),
  ];
}
