import type { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { BookingPageBusiness } from '../../app/booking-page/booking-page-business.ts';
import { bookingManagePath } from '../../app/booking-page/booking-manage-link.ts';
import { setPageCustomerDetails } from '../../app/booking-page/set-page-customer-details.ts';
import { bookingDetails, type BookingDetails } from '../../app/booking/booking-details.ts';
import { DomainError } from '../../domain/index.ts';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { pageProblem } from './booking-page-errors.ts';
import { pageFrame, seeOther, sendPage, type PageFrame } from './booking-page-frame.ts';
import type { PageLimits } from './booking-page-limits.ts';
import { readCarry } from './booking-page-query.ts';
import { businessOf, formsOnly, manageLinks, MAX_PAGE_BODY_BYTES, postingVisitor } from './booking-page-request.ts';
import { rememberedCustomer } from './booking-page-visitor.ts';
import { rememberedPrefill } from './booking-page-prefill.ts';
import { addCodeRoute, offerCode } from './booking-page-code.ts';
import { bookHold, DetailsForm, FormFields } from './booking-page-details.ts';

const HoldParams = z.object({ slug: z.string().max(64), holdId: z.uuid() });

/** What the form shows again after a refusal: the visitor's words and what is wrong with them. */
interface DetailsState {
  values: { name: string; phone: string; email: string; note: string };
  problems: Partial<Record<'name' | 'phone' | 'email' | 'note', string>>;
}

/**
 * The checkout of a held time: `GET /b/<slug>/h/<hold id>` (name, phone, optional
 * e-mail and note) and its post (the details saved, the hold confirmed, then the
 * booking's manage page). Only the visitor holding it sees a hold.
 */
export function addCheckoutRoutes(scope: FastifyInstance, deps: BookingPageDeps, views: Eta, limits: PageLimits): void {
  /** The visitor's own hold, or null (someone else's, or none: one answer). */
  const ownHold = async (request: FastifyRequest, business: BookingPageBusiness, language: string): Promise<BookingDetails | null> => {
    const params = HoldParams.safeParse(request.params);
    const customerId = rememberedCustomer(request, business.id);
    if (!params.success || !customerId) return null;
    try {
      return await bookingDetails(deps.ctx, business.id, params.data.holdId, customerId, language);
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'not_found' || error.code === 'not_your_booking')) return null;
      throw error;
    }
  };
  const showForm = (reply: FastifyReply, request: FastifyRequest, frame: PageFrame, hold: BookingDetails, state: DetailsState, status = 200) =>
    sendPage(reply, request, views, '/details', { ...frame, hold, ...state, backToTimes: backToTimes(frame, hold) }, status);
  /** Past the hold: a booking goes to its manage page, a lapsed or released hold back to the day's times. */
  const pastHold = (request: FastifyRequest, reply: FastifyReply, frame: PageFrame, hold: BookingDetails) => {
    if (hold.status === 'pending' || hold.status === 'confirmed') return seeOther(reply, frame.link(bookingManagePath(manageLinks(deps), frame.business.slug, hold.id)));
    return pageProblem(deps, views, request, reply, 409, frame.t('chat.page.errors.hold_lapsed'), backToTimes(frame, hold));
  };

  scope.get('/:slug/h/:holdId', { onRequest: limits.page }, async (request, reply) => {
    const business = await businessOf(deps, request);
    if (!business) return pageProblem(deps, views, request, reply, 404);
    const frame = pageFrame(deps, request, business, readCarry(request.query));
    const hold = await ownHold(request, business, frame.language);
    if (!hold) return pageProblem(deps, views, request, reply, 404);
    if (hold.status !== 'held' || (hold.holdExpiresAt ?? 0) <= deps.ctx.now()) return pastHold(request, reply, frame, hold);
    const prefill = rememberedPrefill(request, business.id);
    const values = { name: hold.customerName || (prefill.name ?? ''), phone: hold.customerPhone ?? prefill.phone ?? '', email: '', note: hold.notes };
    return showForm(reply, request, frame, hold, { values, problems: {} });
  });

  scope.post('/:slug/h/:holdId', { bodyLimit: MAX_PAGE_BODY_BYTES, onRequest: [formsOnly, limits.post] }, async (request, reply) => {
    const business = await businessOf(deps, request);
    if (!business) return pageProblem(deps, views, request, reply, 404);
    if (!postingVisitor(deps, request)) return pageProblem(deps, views, request, reply, 403);
    const frame = pageFrame(deps, request, business, readCarry(request.body));
    const hold = await ownHold(request, business, frame.language);
    if (!hold) return pageProblem(deps, views, request, reply, 404);
    const body = FormFields.parse(request.body ?? {});
    const text = (key: string) => body[key] ?? '';
    const values = { name: text('name'), phone: text('phone'), email: text('email'), note: text('note') };
    const form = DetailsForm.safeParse(body);
    // A bot filled the field people never see: refused, nothing changed (the hold lapses).
    if (form.success && form.data.website !== '') return pageProblem(deps, views, request, reply, 400, frame.t('chat.page.errors.not_sent'));
    if (hold.status !== 'held' || (hold.holdExpiresAt ?? 0) <= deps.ctx.now()) return pastHold(request, reply, frame, hold);
    if (!form.success) {
      const problems: DetailsState['problems'] = {};
      for (const issue of form.error.issues) {
        const field = issue.path[0];
        if (field === 'name' || field === 'phone' || field === 'email' || field === 'note') problems[field] = frame.t(`chat.page.details.bad_${field}`);
      }
      return showForm(reply, request, frame, hold, { values, problems }, 422);
    }
    let saved;
    try {
      saved = await setPageCustomerDetails(deps.ctx, business.id, {
        customerId: hold.customerId,
        holdId: hold.id,
        name: form.data.name,
        phone: form.data.phone,
        email: form.data.email === '' ? null : form.data.email,
        ...(business.phoneCountry ? { defaultCountry: business.phoneCountry } : {}),
      });
    } catch (error) {
      if (error instanceof DomainError && error.i18nKey === 'errors.invalid_phone') {
        return showForm(reply, request, frame, hold, { values, problems: { phone: frame.t('chat.page.details.bad_phone') } }, 422);
      }
      throw error;
    }
    if (saved.kind === 'phone_elsewhere') return sendPage(reply, request, views, '/refused', { ...frame, reason: 'chat.page.refused.phone_elsewhere' }, 409);
    if (saved.kind === 'too_many_unconfirmed') return offerCode(deps, views, request, reply, frame, hold, { ...form.data, phone: saved.phone });
    return bookHold(deps, reply, frame, hold, form.data.note);
  });

  addCodeRoute(scope, deps, views, limits, { ownHold, pastHold });
}

/** The hold's day's times, to choose another. */
function backToTimes(frame: PageFrame, hold: BookingDetails): string {
  const date = new Date(hold.startsAt).toLocaleDateString('sv', { timeZone: frame.business.timeZone });
  return frame.link(frame.base, { service: hold.serviceId, staff: hold.staffId, date });
}
