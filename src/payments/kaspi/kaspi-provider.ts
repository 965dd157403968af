import { PaymentProviderError, type PaymentProvider } from '../../app/payments/payment-provider.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { kaspiAccountOf } from './kaspi-account.ts';

/**
 * Kaspi as Kazakh businesses use it: there is no public merchant API, so the customer
 * gets the business's Kaspi Pay link (and its QR), pays in the Kaspi app, and the team
 * confirms in its chat that the money came ("Paid" or "Not received"). A partner API can
 * replace the confirmation later behind the same contract. Refunds are made by the
 * business in the Kaspi app: a refund due is shown to the team, never faked here.
 */
export function kaspiProvider(deps: { ctx: UseCaseContext }): PaymentProvider {
  return {
    name: 'kaspi',
    availableFor: async (businessId) => (await kaspiAccountOf(deps.ctx, businessId)) !== null,
    async create(request) {
      const account = await kaspiAccountOf(deps.ctx, request.businessId);
      if (!account) throw new PaymentProviderError('Kaspi is not set up for this business', false);
      return { providerPaymentId: null, link: account.payLink, expiresAt: request.expiresAt };
    },
    async refund() {
      throw new PaymentProviderError('Kaspi refunds are made by the business in the Kaspi app', false);
    },
  };
}
