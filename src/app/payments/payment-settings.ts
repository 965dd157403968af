import type { PaymentProvider } from './payment-provider.ts';

/**
 * How this service takes money, as the composition root set it up: the providers in the
 * order a business is offered them (the first it can use wins) and where customers land
 * after paying (`PUBLIC_URL`).
 */
export interface PaymentSettings {
  providers: readonly PaymentProvider[];
  publicUrl: string;
}
