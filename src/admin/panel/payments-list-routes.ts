import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { formatMoney } from '../../app/catalog/currency-amount.ts';
import { listPayments, ListPaymentsInput } from '../../app/payments/list-payments.ts';
import { refundPayment } from '../../app/payments/refund-payment.ts';
import { PAYMENT_PROVIDERS, PAYMENT_STATUSES } from '../../db/entities/index.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { HTTP_STATUS_BY_CODE } from '../http-error-handler.ts';
import { businessActor } from './booking-card-view.ts';
import { ADMIN, MANAGER, roleAtLeast } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

const IdParam = z.object({ id: z.uuid() });
const RefundForm = z.object({ amount: z.string().trim().regex(/^(\d{1,9}([.,]\d{1,3})?)?$/, 'invalid_amount').default('') });

async function showPayments(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, page: { problem?: string; status?: number } = {}) {
  const business = request.panel.business!;
  const { t, language } = request.panel;
  const values = formValues(request.query);
  const options = {
    statusOptions: [{ value: '', label: t('panel.desk.any') }, ...PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`panel.money.status.${s}`) }))],
    providerOptions: [{ value: '', label: t('panel.desk.any') }, ...PAYMENT_PROVIDERS.map((p) => ({ value: p, label: t(`panel.money.provider.${p}`) }))],
    canRefund: roleAtLeast(business.role, 'admin'),
  };
  const parsed = ListPaymentsInput.safeParse(values);
  if (!parsed.success) return renderPage(reply, request, 'desk/payments', { title: t('panel.money.title'), ...options, rows: [], next: null, problem: t('panel.desk.bad_filters') }, { status: 422, values });
  try {
    const result = await listPayments(deps.ctx, business.businessId, parsed.data);
    const when = new Intl.DateTimeFormat(language, { timeZone: business.timeZone, dateStyle: 'medium', timeStyle: 'short' });
    const rows = result.payments.map((p) => ({
      ...p,
      amount: formatMoney(p.amountMinor, p.currency, language),
      refunded: p.refundedMinor > 0 ? formatMoney(p.refundedMinor, p.currency, language) : null,
      refundDue: p.refundDueMinor > 0 ? formatMoney(p.refundDueMinor, p.currency, language) : null,
      refundable: (p.status === 'paid' || p.status === 'partially_refunded') && p.amountMinor - p.refundedMinor - p.refundDueMinor > 0,
      asked: when.format(p.createdAt),
      visit: when.format(p.bookingStartsAt),
    }));
    const query = new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'after'));
    if (result.next) query.set('after', result.next);
    return renderPage(
      reply,
      request,
      'desk/payments',
      { title: t('panel.money.title'), ...options, rows, next: result.next ? `?${query.toString()}` : null, problem: page.problem },
      { status: page.status ?? 200, values: { ...values, from: result.range.fromDay, to: result.range.toDay } },
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return renderPage(reply, request, 'desk/payments', { title: t('panel.money.title'), ...options, rows: [], next: null, problem: deps.translator.describe(error, language) }, { status: HTTP_STATUS_BY_CODE[error.code], values });
  }
}

/**
 * Payments: what came in, what is pending, refunded or flagged, newest first, by days,
 * status and provider (managers and above); admins and owners refund a paid payment in
 * full or in part (made due here, made through the provider by the refund sweep).
 */
export function paymentsListRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    { method: 'GET', url: '/b/:slug/payments', access: MANAGER, handler: async (request, reply) => showPayments(deps, request, reply) },
    {
      method: 'POST',
      url: '/b/:slug/payments/:id/refund',
      access: ADMIN,
      handler: async (request, reply) => {
        const params = IdParam.safeParse(request.params);
        if (!params.success) return reply.callNotFound();
        const { id } = params.data;
        const business = request.panel.business!;
        const form = parseForm(RefundForm, request.body);
        if (!form.ok) return showPayments(deps, request, reply, { problem: request.panel.t('panel.money.bad_amount'), status: 422 });
        try {
          await refundPayment(deps.ctx, business.businessId, businessActor(request), { paymentId: id, ...(form.data.amount ? { amount: form.data.amount } : {}) });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return showPayments(deps, request, reply, { problem: deps.translator.describe(error, request.panel.language), status: HTTP_STATUS_BY_CODE[error.code] });
        }
        return seeOther(reply, `/admin/b/${business.slug}/payments`);
      },
    },
  ];
}
