// The stand-in's endpoints: the Stripe v1 objects it keeps (payment methods, customers, payment and
// setup intents) and the ledger of charges and refunds actually made. No HTTP here: `handle` takes a
// parsed call and returns a status and a JSON body; ../stripe-stand-in.ts does auth, idempotency,
// faults and the wire. Errors follow https://docs.stripe.com/api/errors.
import { randomBytes } from 'node:crypto';
import type { FormBody, FormValue } from './form';

type Json = Record<string, unknown>;
type Intent = Json & { id: string; status: string };

export interface Reply {
  status: number;
  body: Json;
  /** false: not saved for idempotent replay (Stripe saves nothing when parameters fail validation). */
  store?: boolean;
}

export interface Call {
  method: string;
  path: string;
  query?: FormBody;
  body: FormBody;
  idempotencyKey: string | null;
  /** The Stripe-Version header, e.g. 2026-10-28.endive (what stripe@23 pins). */
  apiVersion: string | null;
  /** http://127.0.0.1:<port>, for next_action URLs. */
  baseUrl: string;
}

/** A charge that moved money (a succeeded PaymentIntent); declined attempts aren't in the ledger. */
export interface LedgerCharge {
  id: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: string;
  offSession: boolean;
  /** The Idempotency-Key of the request that created the PaymentIntent. */
  idempotencyKey: string | null;
  /** Amount refunded so far. */
  refunded: number;
}

export interface LedgerRefund {
  id: string;
  chargeId: string;
  paymentIntentId: string;
  amount: number;
  idempotencyKey: string | null;
}

type Behaviour = 'ok' | 'decline' | 'processing_error' | '3ds';
interface TestCard { brand: string; last4: string; behaviour: Behaviour }

/** Stripe's test tokens (https://docs.stripe.com/testing#cards and #declined-payments). */
export const TEST_TOKENS: Record<string, TestCard> = {
  tok_visa: { brand: 'visa', last4: '4242', behaviour: 'ok' },
  tok_mastercard: { brand: 'mastercard', last4: '4444', behaviour: 'ok' },
  tok_amex: { brand: 'amex', last4: '8431', behaviour: 'ok' },
  tok_discover: { brand: 'discover', last4: '1117', behaviour: 'ok' },
  tok_jcb: { brand: 'jcb', last4: '0505', behaviour: 'ok' },
  tok_chargeDeclined: { brand: 'visa', last4: '0002', behaviour: 'decline' },
  tok_processingError: { brand: 'visa', last4: '0119', behaviour: 'processing_error' },
  tok_threeDSecureRequired: { brand: 'visa', last4: '3063', behaviour: '3ds' },
};

export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = (): number => Math.floor(Date.now() / 1000);
const docUrl = (code: string): string => `https://docs.stripe.com/error-codes/${code.replace(/_/g, '-')}`;
const ok = (body: Json): Reply => ({ status: 200, body: structuredClone(body) });
const fail = (status: number, error: Json, store = true): Reply => ({ status, body: { error }, store });
/** A parameter that fails validation: not saved for idempotent replay. */
const invalidParam = (param: string, message: string, code?: string): Reply =>
  fail(400, { type: 'invalid_request_error', param, message, ...(code && { code, doc_url: docUrl(code) }) }, false);
const missing = (kind: string, id: string, param: string, status = 400): Reply =>
  fail(status, { type: 'invalid_request_error', code: 'resource_missing', doc_url: docUrl('resource_missing'), param, message: `No such ${kind}: '${id}'` });

const str = (v: FormValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: FormValue | undefined): FormValue => (v !== undefined && typeof v !== 'string' ? v : {});
/** Stripe's integer rule for amounts: a positive integer, sent as decimal digits. */
function amountOf(body: FormBody, required: boolean): number | Reply | undefined {
  const raw = str(body.amount);
  if (raw === undefined) return required ? invalidParam('amount', 'Missing required param: amount.', 'parameter_missing') : undefined;
  if (!/^\d+$/.test(raw)) return invalidParam('amount', `Invalid integer: ${raw}`, 'parameter_invalid_integer');
  const n = Number(raw);
  return n >= 1 && Number.isSafeInteger(n) ? n : invalidParam('amount', 'This value must be greater than or equal to 1.', 'parameter_invalid_integer');
}

/**
 * Which payment method types an intent may use. From 2026-09-30.endive on, `payment_method_types` is
 * read-only and writing it is a 400 payment_method_types_no_longer_supported; `allowed_payment_method_types`
 * (added 2026-07-29.dahlia) takes its place. https://docs.stripe.com/changelog/endive/2026-09-30/removes-the-payment-method-types-parameter-from-payment-intents-and-setup-intents
 */
function methodTypes(body: FormBody, apiVersion: string | null): Reply | { payment_method_types: FormValue; allowed_payment_method_types: FormValue | null } {
  if (body.payment_method_types !== undefined && apiVersion !== null && apiVersion.slice(0, 10) >= '2026-09-30') {
    return invalidParam('payment_method_types', `payment_method_types is no longer supported on API version ${apiVersion}; use allowed_payment_method_types.`, 'payment_method_types_no_longer_supported');
  }
  const allowed = body.allowed_payment_method_types ?? null;
  return { payment_method_types: body.payment_method_types ?? ['card'], allowed_payment_method_types: allowed };
}

export class StripeState {
  readonly charges: LedgerCharge[] = [];
  readonly refunds: LedgerRefund[] = [];
  private readonly paymentMethods = new Map<string, Json & { id: string; customer: string | null }>();
  private readonly cards = new Map<string, TestCard>();
  private readonly customers = new Map<string, Json>();
  private readonly intents = new Map<string, Intent>();
  /** What a payment intent's confirmation needs to record its charge later (3DS completion). */
  private readonly chargeContext = new Map<string, { offSession: boolean; idempotencyKey: string | null }>();

  constructor(private readonly charged: (charge: LedgerCharge) => void) {}

  handle(call: Call): Reply {
    const { method, path } = call;
    if (method === 'POST' && path === '/v1/payment_methods') return this.createPaymentMethod(call.body);
    if (method === 'POST' && path === '/v1/customers') return this.createCustomer(call.body);
    if (method === 'POST' && path === '/v1/payment_intents') return this.createPaymentIntent(call);
    if (method === 'POST' && path === '/v1/setup_intents') return this.createSetupIntent(call);
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(call);
    if (method === 'GET' && path === '/v1/payment_intents/search') return this.searchPaymentIntents(str(call.query?.query) ?? '');
    const confirmed = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(path);
    if (method === 'POST' && confirmed) return this.confirmPaymentIntent(confirmed[1]);
    const retrieve = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === 'GET' && retrieve) {
      // https://docs.stripe.com/api/payment_intents/retrieve
      const pi = this.intents.get(retrieve[1]);
      return pi && pi.object === 'payment_intent' ? ok(pi) : missing('payment_intent', retrieve[1], 'intent', 404);
    }
    return fail(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` }, false);
  }

  /**
   * Completes the 3D Secure challenge of a requires_action payment or setup intent. A payment intent
   * with confirmation_method=manual then waits for the server's confirm (requires_confirmation;
   * https://docs.stripe.com/payments/payment-intents/upgrade-to-handle-actions#manual-confirmation).
   */
  completeThreeDS(id: string): Json {
    const intent = this.intents.get(id);
    if (!intent || intent.status !== 'requires_action') throw new Error(`stripe stand-in: ${id} is not awaiting 3D Secure (${intent?.status ?? 'unknown'})`);
    intent.next_action = null;
    if (intent.object === 'payment_intent' && intent.confirmation_method === 'manual') intent.status = 'requires_confirmation';
    else if (intent.object === 'payment_intent') this.succeed(intent);
    else this.settleSetup(intent);
    return structuredClone(intent);
  }

  // https://docs.stripe.com/api/payment_intents/confirm: only an intent awaiting confirmation can be
  // confirmed; a succeeded one is payment_intent_unexpected_state.
  private confirmPaymentIntent(id: string): Reply {
    const pi = this.intents.get(id);
    if (!pi || pi.object !== 'payment_intent') return missing('payment_intent', id, 'intent', 404);
    if (pi.status === 'requires_action') return ok(pi);
    if (pi.status !== 'requires_confirmation') {
      return fail(400, { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', doc_url: docUrl('payment_intent_unexpected_state'), message: `This PaymentIntent's status is ${pi.status}, but it must be requires_confirmation to be confirmed.`, payment_intent: structuredClone(pi) });
    }
    return ok(this.succeed(pi));
  }

  // https://docs.stripe.com/api/payment_intents/search with the query language's metadata clause
  // (https://docs.stripe.com/search#search-query-language): metadata['key']:'value' only, here.
  private searchPaymentIntents(query: string): Reply {
    const clause = /^metadata\['([^']+)'\]:'([^']*)'$/.exec(query.trim());
    if (!clause) return invalidParam('query', `The stand-in only understands metadata['key']:'value' (got ${query}).`);
    const [, key, value] = clause;
    const data = [...this.intents.values()].filter((i) => i.object === 'payment_intent' && (i.metadata as Record<string, unknown>)?.[key] === value);
    return ok({ object: 'search_result', url: '/v1/payment_intents/search', has_more: false, next_page: null, data: data.map((i) => structuredClone(i)) });
  }

  // https://docs.stripe.com/api/payment_methods/create (card[token]: https://docs.stripe.com/testing?testing-method=tokens)
  private createPaymentMethod(body: FormBody): Reply {
    if (str(body.type) !== 'card') return invalidParam('type', `Invalid type: must be one of card (got ${str(body.type) ?? 'nothing'}).`, 'parameter_invalid_empty');
    const token = str((obj(body.card) as FormBody).token);
    if (!token) return invalidParam('card', 'Missing required param: card[token].', 'parameter_missing');
    const card = TEST_TOKENS[token];
    if (!card) return missing('token', token, 'card[token]');
    const pm = {
      id: newId('pm'), object: 'payment_method', type: 'card', created: now(), livemode: false, customer: null,
      billing_details: { address: null, email: null, name: null, phone: null }, metadata: obj(body.metadata),
      card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: new Date().getFullYear() + 3, funding: 'credit', country: 'US' },
    };
    this.paymentMethods.set(pm.id, pm);
    this.cards.set(pm.id, card);
    return ok(pm);
  }

  // https://docs.stripe.com/api/customers/create
  private createCustomer(body: FormBody): Reply {
    const customer = {
      id: newId('cus'), object: 'customer', created: now(), livemode: false, metadata: obj(body.metadata),
      email: str(body.email) ?? null, name: str(body.name) ?? null, description: str(body.description) ?? null,
      invoice_settings: { default_payment_method: null },
    };
    this.customers.set(customer.id, customer);
    return ok(customer);
  }

  /** Validates customer + payment_method shared by payment and setup intents. */
  private parties(body: FormBody, confirm: boolean): Reply | { customer: string | null; pmId: string | null } {
    const customer = str(body.customer) || null;
    const pmId = str(body.payment_method) || null;
    if (customer && !this.customers.has(customer)) return missing('customer', customer, 'customer');
    if (pmId && !this.paymentMethods.has(pmId)) return missing('PaymentMethod', pmId, 'payment_method');
    if (confirm && !pmId) return invalidParam('payment_method', 'You cannot confirm this intent because it’s missing a payment method.', 'parameter_missing');
    const owner = pmId ? this.paymentMethods.get(pmId)!.customer : null;
    if (owner && owner !== customer) return invalidParam('payment_method', `The provided PaymentMethod is attached to Customer ${owner}; pass customer=${owner} to use it.`);
    return { customer, pmId };
  }

  // https://docs.stripe.com/api/payment_intents/create (with confirm=true: https://docs.stripe.com/api/payment_intents/confirm)
  private createPaymentIntent({ body, idempotencyKey, apiVersion, baseUrl }: Call): Reply {
    const amount = amountOf(body, true);
    if (typeof amount !== 'number') return amount!;
    const currency = str(body.currency);
    if (!currency) return invalidParam('currency', 'Missing required param: currency.', 'parameter_missing');
    if (!/^[a-z]{3}$/i.test(currency)) return invalidParam('currency', `Invalid currency: ${currency}.`);
    const confirm = str(body.confirm) === 'true';
    const offSession = str(body.off_session) === 'true';
    if (offSession && !confirm) return invalidParam('off_session', 'off_session can only be used when confirm=true.');
    const types = methodTypes(body, apiVersion);
    if ('status' in types) return types;
    const parties = this.parties(body, confirm);
    if ('status' in parties) return parties;
    const id = newId('pi');
    const pi: Intent = {
      id, object: 'payment_intent', amount, amount_capturable: 0, amount_received: 0, currency: currency.toLowerCase(),
      customer: parties.customer, description: str(body.description) ?? null, metadata: obj(body.metadata),
      payment_method: parties.pmId, ...types, setup_future_usage: str(body.setup_future_usage) ?? null,
      capture_method: 'automatic', confirmation_method: str(body.confirmation_method) === 'manual' ? 'manual' : 'automatic',
      client_secret: `${id}_secret_${randomBytes(8).toString('hex')}`, created: now(), livemode: false,
      latest_charge: null, last_payment_error: null, next_action: null,
      status: parties.pmId ? 'requires_confirmation' : 'requires_payment_method',
    };
    this.intents.set(id, pi);
    this.chargeContext.set(id, { offSession, idempotencyKey });
    if (!confirm) return ok(pi);
    switch (this.cards.get(parties.pmId!)!.behaviour) {
      case 'decline': return this.cardError(pi, 'card_declined', 'Your card was declined.', 'generic_decline');
      case 'processing_error': return this.cardError(pi, 'processing_error', 'An error occurred while processing your card. Try again in a little bit.');
      case '3ds':
        // Off-session there is no customer to authenticate: https://docs.stripe.com/payments/save-and-reuse#charge-saved-payment-method
        if (offSession) return this.cardError(pi, 'authentication_required', 'Your card was declined. This transaction requires authentication.', 'authentication_required');
        return ok(this.requireAction(pi, baseUrl, str(body.return_url)));
      case 'ok': return ok(this.succeed(pi));
    }
  }

  // https://docs.stripe.com/api/setup_intents/create
  private createSetupIntent({ body, apiVersion, baseUrl }: Call): Reply {
    const confirm = str(body.confirm) === 'true';
    const types = methodTypes(body, apiVersion);
    if ('status' in types) return types;
    const parties = this.parties(body, confirm);
    if ('status' in parties) return parties;
    const id = newId('seti');
    const seti: Intent = {
      id, object: 'setup_intent', customer: parties.customer, payment_method: parties.pmId,
      ...types, usage: str(body.usage) ?? 'off_session',
      metadata: obj(body.metadata), client_secret: `${id}_secret_${randomBytes(8).toString('hex')}`,
      created: now(), livemode: false, last_setup_error: null, next_action: null,
      status: parties.pmId ? 'requires_confirmation' : 'requires_payment_method',
    };
    this.intents.set(id, seti);
    if (!confirm) return ok(seti);
    switch (this.cards.get(parties.pmId!)!.behaviour) {
      case 'decline': return this.cardError(seti, 'card_declined', 'Your card was declined.', 'generic_decline');
      case 'processing_error': return this.cardError(seti, 'processing_error', 'An error occurred while processing your card. Try again in a little bit.');
      case '3ds': return ok(this.requireAction(seti, baseUrl, str(body.return_url)));
      case 'ok': return ok(this.settleSetup(seti));
    }
  }

  // https://docs.stripe.com/api/refunds/create
  private createRefund({ body, idempotencyKey }: Call): Reply {
    const piId = str(body.payment_intent);
    if (!piId) return invalidParam('payment_intent', 'Missing required param: payment_intent.', 'parameter_missing');
    const amount = amountOf(body, false);
    if (amount !== undefined && typeof amount !== 'number') return amount;
    const pi = this.intents.get(piId);
    if (!pi || pi.object !== 'payment_intent') return missing('payment_intent', piId, 'payment_intent');
    const charge = this.charges.find((c) => c.paymentIntentId === piId);
    if (!charge) return fail(400, { type: 'invalid_request_error', param: 'payment_intent', message: `PaymentIntent ${piId} does not have a successful charge to refund.` });
    const remaining = charge.amount - charge.refunded;
    if (remaining === 0) return fail(400, { type: 'invalid_request_error', code: 'charge_already_refunded', doc_url: docUrl('charge_already_refunded'), charge: charge.id, message: `Charge ${charge.id} has already been refunded.` });
    if (amount !== undefined && amount > remaining) {
      return fail(400, { type: 'invalid_request_error', code: 'charge_already_refunded', doc_url: docUrl('charge_already_refunded'), param: 'amount', charge: charge.id, message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining}).` });
    }
    const refund = {
      id: newId('re'), object: 'refund', amount: amount ?? remaining, charge: charge.id, currency: charge.currency,
      payment_intent: piId, status: 'succeeded', reason: str(body.reason) ?? null, metadata: obj(body.metadata), created: now(),
    };
    charge.refunded += refund.amount;
    this.refunds.push({ id: refund.id, chargeId: charge.id, paymentIntentId: piId, amount: refund.amount, idempotencyKey });
    return ok(refund);
  }

  /** https://docs.stripe.com/payments/paymentintents/lifecycle: a succeeded intent has a charge. */
  private succeed(pi: Intent): Intent {
    const chargeId = newId('ch');
    Object.assign(pi, { status: 'succeeded', amount_received: pi.amount, latest_charge: chargeId, next_action: null });
    if (pi.setup_future_usage && pi.customer) this.attach(pi.payment_method as string, pi.customer as string);
    const context = this.chargeContext.get(pi.id)!;
    const charge: LedgerCharge = {
      id: chargeId, paymentIntentId: pi.id, amount: pi.amount as number, currency: pi.currency as string,
      customer: (pi.customer as string | null) ?? null, paymentMethod: pi.payment_method as string,
      offSession: context.offSession, idempotencyKey: context.idempotencyKey, refunded: 0,
    };
    this.charges.push(charge);
    this.charged(charge);
    return pi;
  }

  private settleSetup(seti: Intent): Intent {
    seti.status = 'succeeded';
    if (seti.customer) this.attach(seti.payment_method as string, seti.customer as string);
    return seti;
  }

  private attach(pmId: string, customer: string): void {
    this.paymentMethods.get(pmId)!.customer = customer;
  }

  // https://docs.stripe.com/api/payment_intents/object#payment_intent_object-next_action-redirect_to_url
  private requireAction(intent: Intent, baseUrl: string, returnUrl: string | undefined): Intent {
    intent.status = 'requires_action';
    intent.next_action = { type: 'redirect_to_url', redirect_to_url: { url: `${baseUrl}/3ds/${intent.id}`, return_url: returnUrl ?? null } };
    return intent;
  }

  /** HTTP 402 card_error carrying the failed intent (https://docs.stripe.com/api/errors#errors-payment_intent). */
  private cardError(intent: Intent, code: string, message: string, declineCode?: string): Reply {
    const pm = this.paymentMethods.get(intent.payment_method as string)!;
    const lastError = { type: 'card_error', code, message, doc_url: docUrl(code), ...(declineCode && { decline_code: declineCode }), payment_method: structuredClone(pm) };
    const isPayment = intent.object === 'payment_intent';
    // A declined confirmation leaves the intent needing a new payment method, and detaches the failed one.
    Object.assign(intent, { status: 'requires_payment_method', payment_method: null, [isPayment ? 'last_payment_error' : 'last_setup_error']: lastError });
    const charge = isPayment ? { charge: (intent.latest_charge = newId('ch')) } : {};
    return fail(402, { ...lastError, ...charge, [isPayment ? 'payment_intent' : 'setup_intent']: structuredClone(intent) });
  }
}
