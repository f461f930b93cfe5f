// The Stripe stand-in, driven by the real `stripe` SDK (so its shapes are the ones the SDK parses, and
// its idempotency holds against the SDK's own retries).
import Stripe from 'stripe';
import { STAND_IN_API_KEY, startStripeStandIn, type StripeStandIn } from './stripe-stand-in';
import { parseForm } from './stripe-stand-in/form';

let standIn: StripeStandIn;
let stripe: Stripe;

beforeEach(async () => {
  standIn = await startStripeStandIn();
  stripe = new Stripe(STAND_IN_API_KEY, standIn.sdkConfig());
});
afterEach(() => standIn.close());

const card = (token: string) => stripe.paymentMethods.create({ type: 'card', card: { token } });
const pay = (paymentMethod: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}, options?: Stripe.RequestOptions) =>
  stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: paymentMethod, confirm: true, allowed_payment_method_types: ['card'], ...extra }, options);
const requestsTo = (path: string) => standIn.requests.filter((r) => r.method === 'POST' && r.path === path);

describe('charges', () => {
  it.each([
    ['tok_visa', 'visa', '4242'],
    ['tok_mastercard', 'mastercard', '4444'],
    ['tok_amex', 'amex', '8431'],
    ['tok_discover', 'discover', '1117'],
    ['tok_jcb', 'jcb', '0505'],
  ])('%s: a payment method of brand %s, charged and succeeded', async (token, brand, last4) => {
    const pm = await card(token);
    expect(pm).toMatchObject({ object: 'payment_method', type: 'card', customer: null, card: { brand, last4, funding: 'credit' } });
    expect(pm.id).toMatch(/^pm_/);

    const pi = await pay(pm.id);
    expect(pi).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 2500, amount_received: 2500, currency: 'usd', payment_method: pm.id });
    expect(pi.latest_charge).toMatch(/^ch_/);
    expect(pi.lastResponse.requestId).toMatch(/^req_/);
    expect(standIn.ledger.charges).toEqual([expect.objectContaining({ id: pi.latest_charge, paymentIntentId: pi.id, amount: 2500, currency: 'usd', refunded: 0, offSession: false })]);
  });

  it('an unknown token is a 400 resource_missing on card[token]', async () => {
    const error = await card('tok_nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'card[token]' });
  });

  it('a declined card is a StripeCardError card_declined carrying the failed intent, and no charge', async () => {
    const error = await pay((await card('tok_chargeDeclined')).id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline', payment_intent: { status: 'requires_payment_method' } });
    expect(standIn.ledger.charges).toEqual([]);
  });

  it('a processing error is a StripeCardError processing_error, and no charge', async () => {
    const error = await pay((await card('tok_processingError')).id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code: 'processing_error', payment_intent: { status: 'requires_payment_method' } });
    expect(standIn.ledger.charges).toEqual([]);
  });

  it('a 3D Secure card needs action; once passed, the intent has succeeded and the charge is in the ledger', async () => {
    const pi = await pay((await card('tok_threeDSecureRequired')).id);
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action).toEqual({ type: 'redirect_to_url', redirect_to_url: { url: `${standIn.url}/3ds/${pi.id}`, return_url: null } });
    expect(standIn.ledger.charges).toEqual([]);

    standIn.completeThreeDS(pi.id);
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after).toMatchObject({ status: 'succeeded', amount_received: 2500, next_action: null });
    expect(standIn.ledger.chargesFor({ paymentIntentId: pi.id })).toHaveLength(1);
    expect(() => standIn.completeThreeDS(pi.id)).toThrow(/not awaiting 3D Secure/);
  });

  it('an invalid amount is a 400 on param amount', async () => {
    const pm = await card('tok_visa');
    for (const amount of [0, -5, 12.5]) {
      await expect(pay(pm.id, { amount })).rejects.toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400, param: 'amount' });
    }
    expect(standIn.ledger.charges).toEqual([]);
  });

  it('payment_method_types is refused on the API version stripe@23 pins (2026-10-28.endive), accepted on older ones', async () => {
    const pm = await card('tok_visa');
    const legacy = { amount: 100, currency: 'usd', payment_method: pm.id, confirm: true, payment_method_types: ['card'] } as Stripe.PaymentIntentCreateParams;
    await expect(stripe.paymentIntents.create(legacy)).rejects.toMatchObject({ statusCode: 400, code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' });
    expect(requestsTo('/v1/payment_intents')[0].headers['stripe-version']).toBe('2026-10-28.endive');
    const older = new Stripe(STAND_IN_API_KEY, standIn.sdkConfig({ apiVersion: '2025-03-31.basil' as Stripe.StripeConfig['apiVersion'] }));
    expect(await older.paymentIntents.create(legacy)).toMatchObject({ status: 'succeeded', payment_method_types: ['card'] });
  });

  it('retrieving an unknown intent is a 404 resource_missing', async () => {
    await expect(stripe.paymentIntents.retrieve('pi_nope')).rejects.toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing' });
  });
});

describe('refunds', () => {
  it('refunds in full once; a second refund is charge_already_refunded', async () => {
    const pi = await pay((await card('tok_visa')).id);
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(refund).toMatchObject({ object: 'refund', status: 'succeeded', amount: 2500, payment_intent: pi.id, charge: pi.latest_charge });
    expect(refund.id).toMatch(/^re_/);
    const again = await stripe.refunds.create({ payment_intent: pi.id }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
    expect(standIn.ledger.charges[0].refunded).toBe(2500);
    expect(standIn.ledger.refundsFor(pi.id)).toHaveLength(1);
  });

  it('partial refunds up to what remains', async () => {
    const pi = await pay((await card('tok_visa')).id);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 2000 })).rejects.toMatchObject({ code: 'charge_already_refunded', param: 'amount' });
    expect(await stripe.refunds.create({ payment_intent: pi.id })).toMatchObject({ amount: 1500 });
    expect(standIn.ledger.charges[0].refunded).toBe(2500);
  });

  it('an unknown intent is a 400 resource_missing', async () => {
    await expect(stripe.refunds.create({ payment_intent: 'pi_nope' })).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_intent' });
  });
});

describe('idempotency', () => {
  it('the same key replays the first answer: one charge, and the replay says so', async () => {
    const pm = await card('tok_visa');
    const first = await pay(pm.id, {}, { idempotencyKey: 'booking-1' });
    const second = await pay(pm.id, {}, { idempotencyKey: 'booking-1' });
    expect(second.id).toBe(first.id);
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(second.lastResponse.idempotencyKey).toBe('booking-1');
    expect(standIn.ledger.charges).toEqual([expect.objectContaining({ paymentIntentId: first.id, idempotencyKey: 'booking-1' })]);
  });

  it('errors are replayed too: a declined key stays declined, with the same intent', async () => {
    const pm = await card('tok_chargeDeclined');
    const [a, b] = [await pay(pm.id, {}, { idempotencyKey: 'k' }).catch((e) => e), await pay(pm.id, {}, { idempotencyKey: 'k' }).catch((e) => e)];
    expect(b).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(b.payment_intent.id).toBe(a.payment_intent.id);
    expect(b.headers['idempotent-replayed']).toBe('true');
  });

  it('a key reused with other parameters is a StripeIdempotencyError', async () => {
    const pm = await card('tok_visa');
    await pay(pm.id, {}, { idempotencyKey: 'booking-2' });
    const error = await pay(pm.id, { amount: 9900 }, { idempotencyKey: 'booking-2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, message: expect.stringContaining('same parameters') });
    expect(standIn.ledger.charges).toHaveLength(1);
  });

  it('a reply lost after the charge: the SDK retries with the same key and gets the saved result, one charge', async () => {
    const pm = await card('tok_visa');
    standIn.failNext(1, 'lose-reply-after-charge');
    const pi = await pay(pm.id);
    expect(pi.status).toBe('succeeded');
    expect(standIn.ledger.charges).toEqual([expect.objectContaining({ paymentIntentId: pi.id })]);
    const attempts = requestsTo('/v1/payment_intents');
    expect(attempts.map((r) => [r.replyLost, r.replayed])).toEqual([[true, false], [false, true]]);
    expect(attempts[1].idempotencyKey).toBe(attempts[0].idempotencyKey); // the SDK's own stripe-node-retry-<uuid>
  });

  it('a closed connection is retried once even with maxNetworkRetries: 0', async () => {
    const noRetries = new Stripe(STAND_IN_API_KEY, standIn.sdkConfig({ maxNetworkRetries: 0 }));
    const pm = await card('tok_visa');
    standIn.failNext(1, 'lose-reply-after-charge');
    const pi = await noRetries.paymentIntents.create({ amount: 700, currency: 'eur', payment_method: pm.id, confirm: true });
    expect(pi.status).toBe('succeeded');
    expect(standIn.ledger.charges).toHaveLength(1);
    standIn.failNext(2, 'lose-reply-after-charge');
    await expect(noRetries.paymentIntents.create({ amount: 700, currency: 'eur', payment_method: pm.id, confirm: true })).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(standIn.ledger.charges).toHaveLength(2); // charged, though the caller only saw a connection error
  });

  it("a '500' fault does nothing; the SDK retries it (unless retries are off)", async () => {
    const pm = await card('tok_visa');
    standIn.failNext(1, '500');
    expect((await pay(pm.id)).status).toBe('succeeded');
    expect(requestsTo('/v1/payment_intents').map((r) => r.status)).toEqual([500, 200]);
    standIn.failNext(1, '500');
    const noRetries = new Stripe(STAND_IN_API_KEY, standIn.sdkConfig({ maxNetworkRetries: 0 }));
    await expect(noRetries.paymentIntents.create({ amount: 1, currency: 'usd', payment_method: pm.id, confirm: true })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(standIn.ledger.charges).toHaveLength(1);
  });

  it('50 concurrent creates with one key: in-flight duplicates get 409, the SDK retries them, all get the one intent', async () => {
    const pm = await card('tok_visa');
    standIn.setDelay(300);
    const results = await Promise.all(Array.from({ length: 50 }, () => pay(pm.id, {}, { idempotencyKey: 'booking-50' })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(standIn.ledger.charges).toHaveLength(1);
    // Each call answered 200 once (the first executed, the rest replayed); the ones that arrived while
    // the first was executing got a 409 first, and the SDK retried them after its 0.5 s back-off.
    const statuses = requestsTo('/v1/payment_intents').map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
  });

  it('without retries, the in-flight duplicate surfaces as a StripeAPIError idempotency_key_in_use (409)', async () => {
    const pm = await card('tok_visa');
    const noRetries = new Stripe(STAND_IN_API_KEY, standIn.sdkConfig({ maxNetworkRetries: 0 }));
    standIn.setDelay(200);
    const create = () => noRetries.paymentIntents.create({ amount: 100, currency: 'usd', payment_method: pm.id, confirm: true }, { idempotencyKey: 'dup' });
    const [a, b] = await Promise.allSettled([create(), create()]);
    expect(a.status).toBe('fulfilled');
    expect(b.status === 'rejected' && b.reason).toMatchObject({ type: 'StripeAPIError', statusCode: 409, code: 'idempotency_key_in_use', rawType: 'idempotency_error' });
  });
});

describe('saved cards and off-session charges', () => {
  it('a setup intent saves the card to the customer; an off-session charge then succeeds', async () => {
    const customer = await stripe.customers.create({ metadata: { userId: 'u1' } });
    expect(customer).toMatchObject({ object: 'customer', metadata: { userId: 'u1' } });
    const pm = await card('tok_mastercard');
    const seti = await stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true, usage: 'off_session', allowed_payment_method_types: ['card'] });
    expect(seti).toMatchObject({ object: 'setup_intent', status: 'succeeded', payment_method: pm.id, customer: customer.id });
    expect(seti.id).toMatch(/^seti_/);

    const pi = await pay(pm.id, { customer: customer.id, off_session: true }, { idempotencyKey: 'no-show-fee-1' });
    expect(pi).toMatchObject({ status: 'succeeded', customer: customer.id });
    expect(standIn.ledger.chargesFor({ customer: customer.id })).toEqual([expect.objectContaining({ offSession: true, idempotencyKey: 'no-show-fee-1' })]);
    // Once saved to the customer, the card is theirs: using it without the customer is refused.
    await expect(pay(pm.id)).rejects.toMatchObject({ statusCode: 400, param: 'payment_method' });
  });

  it('a declined card fails its setup intent with a StripeCardError carrying the setup intent', async () => {
    const customer = await stripe.customers.create({});
    const pm = await card('tok_chargeDeclined');
    const error = await stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true, usage: 'off_session' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: 'card_declined', setup_intent: { object: 'setup_intent', status: 'requires_payment_method' } });
  });

  it('a 3D Secure card charged off-session is authentication_required', async () => {
    const customer = await stripe.customers.create({});
    const pm = await card('tok_threeDSecureRequired');
    const seti = await stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true, usage: 'off_session' });
    expect(seti.status).toBe('requires_action');
    standIn.completeThreeDS(seti.id);
    const error = await pay(pm.id, { customer: customer.id, off_session: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: 'authentication_required', payment_intent: { status: 'requires_payment_method' } });
    expect(standIn.ledger.charges).toEqual([]);
  });

  it('setup_future_usage on a charge saves the card to the customer', async () => {
    const customer = await stripe.customers.create({});
    const pm = await card('tok_visa');
    await pay(pm.id, { customer: customer.id, setup_future_usage: 'off_session' });
    expect((await pay(pm.id, { customer: customer.id, off_session: true })).status).toBe('succeeded');
  });
});

describe('what the SDK sends, and hooks', () => {
  it('form fields in bracket notation, the Idempotency-Key, and its headers', async () => {
    const customer = await stripe.customers.create({});
    const pm = await card('tok_visa');
    const pi = await pay(pm.id, { customer: customer.id, setup_future_usage: 'off_session', metadata: { bookingId: 'b-1', merchant: 'm 1&2' }, description: 'Haircut' }, { idempotencyKey: 'charge-b-1' });
    const sent = requestsTo('/v1/payment_intents')[0];
    expect(sent.body).toEqual({
      amount: '2500', currency: 'usd', payment_method: pm.id, confirm: 'true', allowed_payment_method_types: ['card'],
      customer: customer.id, setup_future_usage: 'off_session', metadata: { bookingId: 'b-1', merchant: 'm 1&2' }, description: 'Haircut',
    });
    expect(sent.rawBody).toContain('allowed_payment_method_types[0]=card');
    expect(sent.rawBody).toContain('metadata[merchant]=m%201%262');
    expect(sent).toMatchObject({ idempotencyKey: 'charge-b-1', authorized: true, contentType: 'application/x-www-form-urlencoded' });
    expect(sent.headers).toMatchObject({
      authorization: `Bearer ${STAND_IN_API_KEY}`,
      'user-agent': expect.stringMatching(/^Stripe\/v1 NodeBindings\/23\.1\.0/),
      'stripe-version': expect.any(String),
      'x-stripe-client-user-agent': expect.any(String),
    });
    // Every POST without a key of the caller's gets one from the SDK; GETs get none.
    expect(requestsTo('/v1/payment_methods')[0].idempotencyKey).toMatch(/^stripe-node-retry-[0-9a-f-]{36}$/);
    await stripe.paymentIntents.retrieve(pi.id);
    expect(standIn.requests.at(-1)).toMatchObject({ method: 'GET', idempotencyKey: null });
  });

  it('onCharge runs once the charge is in the ledger, before the reply is sent', async () => {
    const pm = await card('tok_visa');
    const seen: Array<{ inLedger: boolean; answered: boolean }> = [];
    const off = standIn.onCharge((charge) => seen.push({ inLedger: standIn.ledger.charges.includes(charge), answered: standIn.requests.at(-1)!.status !== undefined }));
    await pay(pm.id);
    off();
    await pay(pm.id);
    expect(seen).toEqual([{ inLedger: true, answered: false }]);
  });

  it('refuses a missing or non-test API key with 401', async () => {
    const live = new Stripe('sk_live_notallowed', standIn.sdkConfig());
    await expect(live.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const res = await fetch(`${standIn.url}/v1/customers`, { method: 'POST' }); // the SDK can't omit the key
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(standIn.requests.map((r) => r.authorized)).toEqual([false, false]);
  });

  it('parses bracket notation into nested objects and arrays', () => {
    expect(parseForm('a=1&m[k]=v&m[n][x]=y&l[0]=p&l[1]=q&e[]=1&e[]=2&c[token]=tok%5Fvisa&__proto__[x]=1')).toEqual({
      a: '1', m: { k: 'v', n: { x: 'y' } }, l: ['p', 'q'], e: ['1', '2'], c: { token: 'tok_visa' },
    });
  });
});
