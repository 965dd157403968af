import { z } from 'zod';
import { customerAtDesk, CustomerAtDeskInput } from '../../app/customers/customer-at-desk.ts';
import { listCustomers, ListCustomersInput } from '../../app/customers/list-customers.ts';
import { updateCustomer, UpdateCustomerInput } from '../../app/customers/update-customer.ts';
import { listPayments, ListPaymentsInput } from '../../app/payments/list-payments.ts';
import type { ApiDeps } from './api-deps.ts';
import { apiRoute, type ApiRoute } from './api-route.ts';
import { CustomerBody, CustomerListItemBody, pageOf, PaymentBody } from './api-schemas.ts';
import { API_ACTOR } from './booking-api-routes.ts';

const CustomersQuery = ListCustomersInput.omit({ page: true }).extend({
  /** A phone typed any way: its digits anywhere in the number. */
  phone: CustomerAtDeskInput.shape.phone.optional(),
  cursor: z.string().regex(/^\d{1,5}$/).optional(),
});
const CustomerId = z.object({ id: UpdateCustomerInput.shape.customerId });
const CustomerPatch = UpdateCustomerInput.pick({ name: true, notes: true, tags: true });
const PaymentsQuery = ListPaymentsInput.omit({ after: true }).extend({ cursor: ListPaymentsInput.shape.after });

/** Customers (find, find or create by phone, update) and payments (read). */
export function customerApiRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    apiRoute({
      method: 'GET',
      path: '/customers',
      summary: 'Customers found by phone, by a name part or phone digits (q), or by tag, 50 a page.',
      scope: 'read',
      query: CustomersQuery,
      response: pageOf(CustomerListItemBody),
      example: { path: '/customers?phone=%2B380671234567' },
      handler: async ({ caller, query }) => {
        const page = query.cursor ? Number(query.cursor) : 1;
        const result = await listCustomers(deps.ctx, caller.businessId, { q: query.phone ?? query.q, tag: query.tag, page });
        return { data: result.rows.map((r) => ({ ...r, lastVisit: r.lastVisit?.getTime() ?? null })), next_cursor: result.hasNext ? String(result.page + 1) : null };
      },
    }),
    apiRoute({
      method: 'POST',
      path: '/customers',
      summary: 'The customer with this phone, or a new one (the number is trusted as the business own word; a name fills a card that has none).',
      scope: 'write',
      body: CustomerAtDeskInput,
      response: CustomerBody,
      errors: [422],
      example: { body: { phone: '+380671234567', name: 'Olena' } },
      handler: async ({ caller, body }) => customerAtDesk(deps.ctx, caller.businessId, API_ACTOR, body),
    }),
    apiRoute({
      method: 'PATCH',
      path: '/customers/:id',
      summary: 'Changes a customer name, notes or tags (tags replace the list).',
      scope: 'write',
      params: CustomerId,
      body: CustomerPatch,
      response: CustomerBody,
      errors: [404],
      example: { body: { notes: 'Prefers mornings', tags: ['vip'] } },
      handler: async ({ caller, params, body }) => updateCustomer(deps.ctx, caller.businessId, API_ACTOR, { ...body, customerId: params.id }),
    }),
    apiRoute({
      method: 'GET',
      path: '/payments',
      summary: 'Payments asked for in a range of local days (default the last 30), by status and provider, newest first, 50 a page.',
      scope: 'read',
      query: PaymentsQuery,
      response: pageOf(PaymentBody),
      errors: [422],
      handler: async ({ caller, query }) => {
        const { cursor, ...filters } = query;
        const page = await listPayments(deps.ctx, caller.businessId, { ...filters, after: cursor });
        return { data: page.payments, next_cursor: page.next };
      },
    }),
  ];
}
