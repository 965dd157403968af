import type { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BookingPageBusiness } from '../../app/booking-page/booking-page-business.ts';
import { checkPageConfirmationCode } from '../../app/booking-page/check-page-confirmation-code.ts';
import { sendPageConfirmationCode } from '../../app/booking-page/send-page-confirmation-code.ts';
import { setPageCustomerDetails } from '../../app/booking-page/set-page-customer-details.ts';
import type { BookingDetails } from '../../app/booking/booking-details.ts';
import { normalizePhone } from '../../app/customers/phone-number.ts';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { bookHold, DetailsForm, FormFields } from './booking-page-details.ts';
import { pageProblem } from './booking-page-errors.ts';
import { pageFrame, seeOther, sendPage, type PageFrame } from './booking-page-frame.ts';
import type { PageLimits } from './booking-page-limits.ts';
import { readCarry } from './booking-page-query.ts';
import { businessOf, formsOnly, MAX_PAGE_BODY_BYTES, postingVisitor } from './booking-page-request.ts';

/** The details the visitor gave, carried through the code step. */
interface Details {
  name: string;
  phone: string;
  email: string;
  note: string;
}

/** What the checkout lends the code step: the visitor's own hold, and where a lapsed one goes. */
export interface HoldLookup {
  ownHold: (request: FastifyRequest, business: BookingPageBusiness, language: string) => Promise<BookingDetails | null>;
  pastHold: (request: FastifyRequest, reply: FastifyReply, frame: PageFrame, hold: BookingDetails) => FastifyReply | Promise<FastifyReply>;
}

const showCode = (reply: FastifyReply, request: FastifyRequest, views: Eta, frame: PageFrame, hold: BookingDetails, values: Details, sentTo: string, problem: string | null, status = 200) =>
  sendPage(reply, request, views, '/code', { ...frame, hold, values, sentTo, problem, checkout: checkoutLink(frame, hold.id) }, status);

/** The hold's checkout (the form, to ask for a new code), keeping the page's state (the typed name and phone are in the form, never in a URL). */
function checkoutLink(frame: PageFrame, holdId: string): string {
  return frame.link(`${frame.base}/h/${holdId}`);
}

/** The refusal page: `reason` (a key) and, when there is more to say, `note` (words already translated). */
const refused = (reply: FastifyReply, request: FastifyRequest, views: Eta, frame: PageFrame, reason: string, note: string | null = null) =>
  sendPage(reply, request, views, '/refused', { ...frame, reason, note }, 409);

/**
 * A phone with too many unconfirmed bookings: a one-time code is sent (SMS from the
 * business's number, else e-mail when the visitor gave one and the service sends mail)
 * and the code step shown; with no way to send one, or codes used up for this hold, the
 * page refuses as before and points to the business's chats — and a phone that texted
 * STOP to the business's number is told so, and how to turn texts back on.
 */
export async function offerCode(deps: BookingPageDeps, views: Eta, request: FastifyRequest, reply: FastifyReply, frame: PageFrame, hold: BookingDetails, details: Details): Promise<FastifyReply> {
  const email = details.email !== '' && details.email.length <= 128 ? details.email : null;
  const sending = await sendPageConfirmationCode(deps.ctx, frame.business.id, {
    customerId: hold.customerId,
    holdId: hold.id,
    phone: details.phone,
    email,
    canEmail: deps.emailCodes === true,
    language: frame.language,
  });
  if (sending.kind === 'no_way') {
    const note = sending.smsStoppedBy ? frame.t('chat.page_code.sms_stopped', { number: sending.smsStoppedBy }) : null;
    return refused(reply, request, views, frame, 'chat.page.refused.unconfirmed', note);
  }
  if (sending.kind === 'too_many') return refused(reply, request, views, frame, 'chat.page_code.codes_used_up');
  return showCode(reply, request, views, frame, hold, details, frame.t(`chat.page_code.sent_${sending.channel}`, { to: sending.to, minutes: '10' }), null);
}

/**
 * `POST /b/<slug>/h/<hold id>/code`: the code typed; right, the booking goes through with the
 * details given. A GET of it (the language switcher of a page this post answered, without
 * script) goes to the hold's checkout, in the language asked for.
 */
export function addCodeRoute(scope: FastifyInstance, deps: BookingPageDeps, views: Eta, limits: PageLimits, holds: HoldLookup): void {
  scope.get('/:slug/h/:holdId/code', { onRequest: limits.page }, async (request, reply) => {
    const business = await businessOf(deps, request);
    if (!business) return pageProblem(deps, views, request, reply, 404);
    const frame = pageFrame(deps, request, business, readCarry(request.query));
    const hold = await holds.ownHold(request, business, frame.language);
    if (!hold) return pageProblem(deps, views, request, reply, 404);
    return seeOther(reply, checkoutLink(frame, hold.id));
  });
  scope.post('/:slug/h/:holdId/code', { bodyLimit: MAX_PAGE_BODY_BYTES, onRequest: [formsOnly, limits.post] }, async (request, reply) => {
    const business = await businessOf(deps, request);
    if (!business) return pageProblem(deps, views, request, reply, 404);
    if (!postingVisitor(deps, request)) return pageProblem(deps, views, request, reply, 403);
    const frame = pageFrame(deps, request, business, readCarry(request.body));
    const hold = await holds.ownHold(request, business, frame.language);
    if (!hold) return pageProblem(deps, views, request, reply, 404);
    if (hold.status !== 'held' || (hold.holdExpiresAt ?? 0) <= deps.ctx.now()) return holds.pastHold(request, reply, frame, hold);
    const body = FormFields.parse(request.body ?? {});
    const form = DetailsForm.safeParse(body);
    const phone = form.success ? normalizePhone(form.data.phone, business.phoneCountry) : null;
    if (!form.success || !phone) return pageProblem(deps, views, request, reply, 400, frame.t('chat.page.errors.not_sent'));
    const details = { name: form.data.name, phone, email: form.data.email, note: form.data.note };
    const check = await checkPageConfirmationCode(deps.ctx, business.id, { customerId: hold.customerId, holdId: hold.id, phone, code: body['code'] ?? '' });
    if (check.kind === 'wrong') return showCode(reply, request, views, frame, hold, details, '', frame.t('chat.page_code.wrong', { left: String(check.left) }), 422);
    if (check.kind === 'spent') return refused(reply, request, views, frame, 'chat.page_code.spent');
    const saved = await setPageCustomerDetails(deps.ctx, business.id, {
      customerId: hold.customerId,
      holdId: hold.id,
      name: details.name,
      phone,
      email: details.email === '' ? null : details.email,
      confirmedByCode: true,
      ...(business.phoneCountry ? { defaultCountry: business.phoneCountry } : {}),
    });
    if (saved.kind !== 'saved') return refused(reply, request, views, frame, saved.kind === 'phone_elsewhere' ? 'chat.page.refused.phone_elsewhere' : 'chat.page.refused.unconfirmed');
    return bookHold(deps, reply, frame, hold, details.note);
  });
}
