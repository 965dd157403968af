import { PaymentProviderError, type PaymentProvider } from '../app/payments/payment-provider.ts';

/**
 * Cash (or a card at the counter): always available, nothing to follow — the team marks
 * the deposit paid when it comes. What a business with no online provider offers.
 */
export function cashProvider(): PaymentProvider {
  return {
    name: 'cash',
    availableFor: async () => true,
    create: async (request) => ({ providerPaymentId: null, link: null, expiresAt: request.expiresAt }),
    async refund() {
      throw new PaymentProviderError('Cash is given back at the counter', false);
    },
  };
}
