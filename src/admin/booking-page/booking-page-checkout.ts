import type { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { BookingPageBusiness } from '../../app/booking-page/booking-page-business.ts';
import { bookingManagePath } from '../../app/booking-page/booking-manage-link.ts';
import { setPageCustomerDetails } from '../../app/booking-page/set-page-customer-details.ts';
import { bookingDetails, type BookingDetails } from '../../app/booking/booking-details.ts';
import { confirmBooking } from '../../app/booking/confirm-booking.ts';
import { setBookingDetails } from '../../app/booking/set-booking-details.ts';
import { DomainError } from '../../domain/index.ts';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { pageProblem } from './booking-page-errors.ts';
import { pageFrame, seeOther, sendPage, type PageFrame } from './booking-page-frame.ts';
import type { PageLimits } from './booking-page-limits.ts';
import { readCarry } from './booking-page-query.ts';
import { businessOf, formsOnly, manageLinks, MAX_PAGE_BODY_BYTES, postingVisitor } from './booking-page-request.ts';
import { rememberedCustomer } from './booking-page-visitor.ts';

const HoldParams = z.object({ slug: z.string().max(64), holdId: z.uuid() });

/** The last step's form; `website` is the honeypot (hidden from people, filled by bots). */
const DetailsForm = z.object({
  name: z.string().trim().min(1, 'name').max(100, 'name'),
  phone: z.string().trim().min(5, 'phone').max(32, 'phone'),
  email: z.union([z.literal(''), z.email('email').max(254, 'email')]).default(''),
  note: z.string().trim().max(500, 'note').default(''),
  website: z.string().max(200).default(''),
});

/** The posted form's text fields (repeated ones: the first), to show again. */
const FormFields = z.record(z.string(), z.union([z.string(), z.array(z.string()).transform((all) => all[0] ?? '')]));

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
    const values = { name: hold.customerName || (frame.carry.name ?? ''), phone: hold.customerPhone ?? frame.carry.phone ?? '', email: '', note: hold.notes };
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
    if (saved.kind !== 'saved') {
      const reason = saved.kind === 'phone_elsewhere' ? 'chat.page.refused.phone_elsewhere' : 'chat.page.refused.unconfirmed';
      return sendPage(reply, request, views, '/refused', { ...frame, reason }, 409);
    }
    const actor = { kind: 'customer' as const, customerId: hold.customerId };
    if (form.data.note !== hold.notes) await setBookingDetails(deps.ctx, business.id, actor, { bookingId: hold.id, note: form.data.note });
    await confirmBooking(deps.ctx, business.id, actor, { bookingId: hold.id });
    return seeOther(reply, frame.link(bookingManagePath(manageLinks(deps), business.slug, hold.id), { new: '1' }));
  });
}

/** The hold's day's times, to choose another. */
function backToTimes(frame: PageFrame, hold: BookingDetails): string {
  const date = new Date(hold.startsAt).toLocaleDateString('sv', { timeZone: frame.business.timeZone });
  return frame.link(frame.base, { service: hold.serviceId, staff: hold.staffId, date });
}
