// The processor PAYMENT_PROCESSOR names. Stripe's SDK is loaded only when it is the one chosen.
import type { PaymentSettings } from '../config';
import type { PaymentProcessor } from '../domain/payments';
import { SandboxProcessor } from './sandbox';

export async function createPaymentProcessor(settings: PaymentSettings): Promise<PaymentProcessor | null> {
  switch (settings.processor) {
    case 'none':
      return null;
    case 'sandbox':
      return new SandboxProcessor();
    case 'stripe': {
      const { StripeProcessor } = await import('./stripe');
      return new StripeProcessor({ secretKey: settings.stripeSecretKey!, apiBase: settings.stripeApiBase });
    }
  }
}
