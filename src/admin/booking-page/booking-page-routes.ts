import type { Eta } from 'eta';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { pageCustomer } from '../../app/booking-page/page-customer.ts';
import { holdSlot } from '../../app/booking/hold-slot.ts';
import { businessLogo } from '../../app/catalog/business-logo.ts';
import { DomainError } from '../../domain/index.ts';
import { brandStylesheet } from '../panel/brand-stylesheet.ts';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { pageProblem } from './booking-page-errors.ts';
import { pageFrame, seeOther, sendPage } from './booking-page-frame.ts';
import type { PageLimits } from './booking-page-limits.ts';
import { pageAddress, readCarry, StepQuery } from './booking-page-query.ts';
import { readPrefill, rememberPrefill } from './booking-page-prefill.ts';
import { stepView } from './booking-page-steps.ts';
import { pageConversationKey, rememberCustomer, rememberedCustomer } from './booking-page-visitor.ts';
import { addCheckoutRoutes } from './booking-page-checkout.ts';
import { businessOf, formsOnly, MAX_PAGE_BODY_BYTES, postingVisitor } from './booking-page-request.ts';

const HoldForm = z.object({
  service: z.uuid(),
  staff: z.union([z.uuid(), z.literal('any')]),
  startsAt: z
    .string()
    .regex(/^\d{10,15}$/)
    .transform(Number),
});

/**
 * The booking page's steps: `GET /b/<slug>` (service → specialist or anyone → a day →
 * a time, the step named by the query), `POST /b/<slug>/hold` (choosing a time holds it
 * as the chats do), the checkout under `/b/<slug>/h/<hold id>`, and the logo and colours.
 */
export function addBookingPageRoutes(scope: FastifyInstance, deps: BookingPageDeps, views: Eta, limits: PageLimits): void {
  scope.get('/:slug', { onRequest: limits.page }, async (request, reply) => {
    const business = await businessOf(deps, request);
    if (!business) return pageProblem(deps, views, request, reply, 404);
    const carry = readCarry(request.query);
    const query = StepQuery.safeParse(request.query);
    if (!query.success) return pageProblem(deps, views, request, reply, 400);
    // The widget's prefill comes in by the address: kept in the cookie, and the address cleaned of it.
    const prefill = readPrefill(request.query);
    if (prefill) {
      rememberPrefill(request, business.id, prefill);
      return seeOther(reply, pageAddress(request.url));
    }
    const frame = pageFrame(deps, request, business, carry);
    const view = await stepView(deps.ctx, business, frame.language, query.data);
    if (view.step === 'invalid') return pageProblem(deps, views, request, reply, 400, frame.t('chat.page.errors.not_bookable'));
    return sendPage(reply, request, views, '/steps', { ...frame, view, query: query.data });
  });

  scope.post('/:slug/hold', { bodyLimit: MAX_PAGE_BODY_BYTES, onRequest: [formsOnly, limits.post] }, async (request, reply) => {
    const business = await businessOf(deps, request);
    if (!business) return pageProblem(deps, views, request, reply, 404);
    const visitorId = postingVisitor(deps, request);
    if (!visitorId) return pageProblem(deps, views, request, reply, 403);
    const carry = readCarry(request.body);
    const form = HoldForm.safeParse(request.body);
    if (!form.success) return pageProblem(deps, views, request, reply, 400);
    const frame = pageFrame(deps, request, business, carry);
    const customerId = await pageCustomer(deps.ctx, business.id, { customerId: rememberedCustomer(request, business.id), locale: frame.language });
    rememberCustomer(request, business.id, customerId);
    const backToTimes = (date: string) => frame.link(frame.base, { service: form.data.service, staff: form.data.staff, date });
    try {
      const hold = await holdSlot(deps.ctx, business.id, {
        customerId,
        serviceId: form.data.service,
        staffId: form.data.staff === 'any' ? null : form.data.staff,
        startsAt: form.data.startsAt,
        source: 'page',
        conversationKey: pageConversationKey(visitorId),
        campaign: carry.campaign ?? null,
      });
      return seeOther(reply, frame.link(`${frame.base}/h/${hold.id}`));
    } catch (error) {
      // A time just taken or gone: say so, and lead back to that day's times.
      if (!(error instanceof DomainError)) throw error;
      const date = new Date(form.data.startsAt).toLocaleDateString('sv', { timeZone: business.timeZone });
      return pageProblem(deps, views, request, reply, 409, deps.translator.describe(error, frame.language), backToTimes(date));
    }
  });

  addCheckoutRoutes(scope, deps, views, limits);

  scope.get('/:slug/logo', { onRequest: limits.page }, async (request, reply) => {
    const business = await businessOf(deps, request);
    const logo = business?.hasLogo ? await businessLogo(deps.ctx, business.id) : null;
    if (!logo) return pageProblem(deps, views, request, reply, 404);
    return reply.type(logo.type).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=300').send(logo.data);
  });

  scope.get('/:slug/brand.css', { onRequest: limits.page }, async (request, reply: FastifyReply) => {
    const business = await businessOf(deps, request);
    if (!business) return pageProblem(deps, views, request, reply, 404);
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(brandStylesheet(business.primaryColor, business.accentColor));
  });
}
