// The Stripe processor (PAYMENT_PROCESSOR=stripe), through the official SDK. Each charge is a
// PaymentMethod made from the booking's token, then a confirmed PaymentIntent
// (https://docs.stripe.com/api/payment_intents/create); a card kept for a no-show fee goes on a
// Customer (https://docs.stripe.com/api/customers/create) and is charged later off session, or is
// only set up when nothing is charged now (https://docs.stripe.com/api/setup_intents/create).
// Every request carries an idempotency key derived from the gateway's (https://docs.stripe.com/api/
// idempotent_requests): Stripe answers a repeated key with the first answer, so the SDK's own
// retries, a duplicate request and reconciliation after a crash never charge twice.
//
// 3-D Secure: intents are created with confirmation_method=manual, so a challenged one takes no money
// until the gateway confirms it (https://docs.stripe.com/payments/payment-intents/upgrade-to-handle-
// actions#manual-confirmation). Status requires_action becomes PAYMENT_REQUIRES_3DS1 with the
// challenge's URL and the intent's id as transactionId and mdMerchantData; the retry confirms that
// intent, which succeeds once the customer has authenticated, and only once: Stripe refuses to
// confirm a succeeded intent again under another key, so one challenge pays for one booking. Stripe
// runs the challenge itself, so paResponse is not checked here.
//
// Reconciliation looks a charge up by the key in its metadata (https://docs.stripe.com/api/
// payment_intents/search). Search is eventually consistent (about a minute behind), so for a recent
// attempt that it does not find yet, the charge is replayed under its key instead (Stripe keeps keys
// for 24 hours: it answers the first outcome, or charges now; either is then settled).
import Stripe from 'stripe';
import { CreditCardType } from '../domain/enums';
import {
  PaymentOutcomeUnknownError,
  type ChargeRequest,
  type ChargeResult,
  type PaymentProcessor,
  type RefundRequest,
  type RefundResult,
  type SavedCardChargeRequest,
} from '../domain/payments';
import { toMinorUnits } from './stripe-amounts';

export interface StripeProcessorOptions {
  secretKey: string;
  /** Another base URL for the API (a local stand-in in tests). */
  apiBase?: string;
  timeoutMs?: number;
  /** The SDK retries connection errors, 409s and 5xx itself, with the same idempotency key. */
  maxNetworkRetries?: number;
}

const BRANDS: Record<string, CreditCardType> = {
  visa: CreditCardType.VISA,
  mastercard: CreditCardType.MASTERCARD,
  amex: CreditCardType.AMERICAN_EXPRESS,
  discover: CreditCardType.DISCOVER,
  jcb: CreditCardType.JCB,
};

type Charged = Extract<ChargeResult, { kind: 'charged' }>;

export class StripeProcessor implements PaymentProcessor {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(options: StripeProcessorOptions) {
    const base = options.apiBase ? new URL(options.apiBase) : null;
    const protocol = base?.protocol === 'http:' ? 'http' : 'https';
    this.stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: options.maxNetworkRetries ?? 2,
      timeout: options.timeoutMs ?? 20_000,
      appInfo: { name: 'booking-gateway' },
      ...(base && { host: base.hostname, port: Number(base.port) || (protocol === 'http' ? 80 : 443), protocol }),
    });
  }

  charge(request: ChargeRequest): Promise<ChargeResult> {
    return outcomeOf(() => (request.threeDS1 ? this.afterChallenge(request) : this.chargeCard(request)));
  }

  async findCharge(request: ChargeRequest): Promise<ChargeResult | null> {
    // Keeping a card without a charge moves no money: replaying it is harmless at any age.
    if (request.amount.priceMicros === 0 || request.threeDS1) return this.charge(request);
    const found = await outcomeOf(async () => {
      const page = await this.stripe.paymentIntents.search({ query: `metadata['gateway_charge_key']:'${request.idempotencyKey}'`, limit: 1 });
      const intent = page.data[0];
      if (!intent) return { kind: 'failed', message: 'not found' } as const;
      const savedCard = intent.customer && intent.setup_future_usage ? `${idOf(intent.customer)}/${idOf(intent.payment_method)}` : null;
      return fromIntent(intent, CreditCardType.CREDIT_CARD_TYPE_UNSPECIFIED, savedCard);
    });
    if (!(found.kind === 'failed' && found.message === 'not found')) return found;
    return Date.now() / 1000 - request.attemptedAtSec < SEARCH_LAG_SEC ? this.charge(request) : null;
  }

  chargeSavedCard(request: SavedCardChargeRequest): Promise<ChargeResult> {
    return outcomeOf(async () => {
      const amount = toMinorUnits(request.amount);
      if (amount === null || amount <= 0) return { kind: 'failed', message: `${request.amount.currencyCode} ${request.amount.priceMicros / 1e6} cannot be charged exactly` };
      const [customer, paymentMethod] = request.savedCard.split('/');
      const intent = await this.stripe.paymentIntents.create(
        { amount, currency: request.amount.currencyCode.toLowerCase(), customer, payment_method: paymentMethod, off_session: true, confirm: true, description: request.description },
        { idempotencyKey: request.idempotencyKey },
      );
      return fromIntent(intent, CreditCardType.CREDIT_CARD_TYPE_UNSPECIFIED, request.savedCard);
    });
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    try {
      const refund = await this.stripe.refunds.create({ payment_intent: request.transactionId }, { idempotencyKey: request.idempotencyKey });
      return refund.status === 'failed' || refund.status === 'canceled' ? { kind: 'failed', message: `refund ${refund.status}` } : { kind: 'refunded', refundId: refund.id };
    } catch (error) {
      if (isUnknownOutcome(error)) throw new PaymentOutcomeUnknownError(`Stripe did not answer the refund: ${(error as Error).message}`);
      // Refunded already by other means (the dashboard): the money is back with the customer.
      if (error instanceof Stripe.errors.StripeError && error.code === 'charge_already_refunded') return { kind: 'refunded', refundId: 'refunded-elsewhere' };
      if (error instanceof Stripe.errors.StripeError) return { kind: 'failed', message: error.message };
      throw error;
    }
  }

  private async chargeCard(request: ChargeRequest): Promise<ChargeResult> {
    const amount = toMinorUnits(request.amount);
    if (amount === null) return { kind: 'failed', message: `${request.amount.currencyCode} ${request.amount.priceMicros / 1e6} cannot be charged exactly` };
    const key = request.idempotencyKey;
    const method = await this.stripe.paymentMethods.create({ type: 'card', card: { token: request.token } }, { idempotencyKey: `${key}-pm` });
    const cardType = BRANDS[method.card?.brand ?? ''] ?? CreditCardType.CREDIT_CARD_TYPE_UNSPECIFIED;
    if (request.acceptedCardTypes && !request.acceptedCardTypes.includes(cardType)) return { kind: 'card-type-rejected', cardType };
    const customer = request.keepCardOnFile
      ? (await this.stripe.customers.create({ payment_method: method.id, description: 'booking gateway: card kept for a no-show fee' }, { idempotencyKey: `${key}-customer` })).id
      : undefined;
    const savedCard = customer ? `${customer}/${method.id}` : null;
    if (amount === 0) {
      const setup = await this.stripe.setupIntents.create({ customer, payment_method: method.id, confirm: true, usage: 'off_session' }, { idempotencyKey: key });
      return setup.status === 'succeeded' ? { kind: 'charged', transactionId: null, cardType, savedCard } : { kind: 'failed', message: `the card could not be kept on file (${setup.status})` };
    }
    const intent = await this.stripe.paymentIntents.create(
      {
        amount,
        currency: request.amount.currencyCode.toLowerCase(),
        payment_method: method.id,
        confirm: true,
        confirmation_method: 'manual',
        ...(customer && { customer, setup_future_usage: 'off_session' as const }),
        description: request.description,
        metadata: { gateway_charge_key: key },
      },
      { idempotencyKey: key },
    );
    return fromIntent(intent, cardType, savedCard);
  }

  /** The retry after a challenge: confirms the intent named by mdMerchantData (once; see the top of this file). */
  private async afterChallenge(request: ChargeRequest): Promise<ChargeResult> {
    const intentId = request.threeDS1!.mdMerchantData;
    if (!intentId?.startsWith('pi_')) return { kind: 'failed', message: 'mdMerchantData must be the one PAYMENT_REQUIRES_3DS1 gave' };
    const intent = await this.stripe.paymentIntents.retrieve(intentId);
    if (!intent.metadata?.gateway_charge_key) return { kind: 'failed', message: 'mdMerchantData does not name a payment of this gateway' };
    if (intent.amount !== toMinorUnits(request.amount) || intent.currency !== request.amount.currencyCode.toLowerCase()) {
      return { kind: 'failed', message: 'the challenged payment was for another amount' };
    }
    if (intent.status === 'requires_action') return { kind: 'failed', message: '3-D Secure authentication was not completed' };
    // Also when it has succeeded: under this attempt's key Stripe replays the confirm this attempt made
    // (reconciliation after a crash), and refuses any other (payment_intent_unexpected_state).
    const confirmed = await this.stripe.paymentIntents.confirm(intentId, {}, { idempotencyKey: request.idempotencyKey });
    if (confirmed.status === 'requires_action') return { kind: 'failed', message: '3-D Secure authentication was not completed' };
    return fromIntent(confirmed, CreditCardType.CREDIT_CARD_TYPE_UNSPECIFIED, null);
  }
}

function fromIntent(intent: Stripe.PaymentIntent, cardType: CreditCardType, savedCard: string | null): ChargeResult {
  switch (intent.status) {
    case 'succeeded':
      return { kind: 'charged', transactionId: intent.id, cardType, savedCard } satisfies Charged;
    case 'requires_action': {
      const url = intent.next_action?.redirect_to_url?.url ?? '';
      return { kind: 'requires-3ds1', parameters: { acsUrl: url, paReq: intent.id, transactionId: intent.id, mdMerchantData: intent.id } };
    }
    case 'requires_payment_method':
      return { kind: 'declined', message: intent.last_payment_error?.message ?? 'the card was declined' };
    case 'processing':
      throw new PaymentOutcomeUnknownError('Stripe is still processing the payment');
    default:
      return { kind: 'failed', message: `unexpected payment status ${intent.status}` };
  }
}

/**
 * Timeouts, connection errors, 5xx and rate limits (after the SDK's retries): Stripe may or may not
 * have acted. A refused key too: nothing can be learnt about the payment with it (and the operator
 * must fix the configuration, which the log says).
 */
function isUnknownOutcome(error: unknown): boolean {
  const e = Stripe.errors;
  return [e.StripeConnectionError, e.StripeAPIError, e.StripeRateLimitError, e.StripeAuthenticationError, e.StripePermissionError].some((type) => error instanceof type);
}

const idOf = (value: string | { id: string } | null): string => (typeof value === 'string' ? value : (value?.id ?? ''));

/** How far behind Stripe's search may be: a recent attempt it does not show yet is replayed, not given up. */
const SEARCH_LAG_SEC = 3600;

/** Stripe's errors as outcomes (https://docs.stripe.com/error-codes): a card error is a decline unless it is a processing error. */
async function outcomeOf(act: () => Promise<ChargeResult>): Promise<ChargeResult> {
  try {
    return await act();
  } catch (error) {
    if (isUnknownOutcome(error)) throw new PaymentOutcomeUnknownError(`Stripe did not answer: ${(error as Error).message}`);
    if (error instanceof Stripe.errors.StripeCardError) {
      if (error.code === 'processing_error') return { kind: 'failed', message: error.message };
      if (error.code === 'authentication_required') return { kind: 'failed', message: 'the card needs the customer to authenticate' };
      return { kind: 'declined', message: error.message };
    }
    if (error instanceof Stripe.errors.StripeError) return { kind: 'failed', message: error.message };
    throw error;
  }
}
