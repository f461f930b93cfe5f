// The same payment flows through the real `stripe` SDK against a local stand-in of Stripe's API
// (test/support/stripe-stand-in.ts): what the adapter sends (endpoints, form fields, idempotency
// keys), and exactly-once charging across the SDK's retries, duplicates and a lost reply.
import { StripeProcessor } from '../../src/payments/stripe';
import { HOUR, M } from '../support/fixtures';
import { FEE, PAID, PAID_START, PQ, REQUIRED, paidBooking, seedPaymentInventory } from '../support/payment-fixtures';
import { STAND_IN_API_KEY, startStripeStandIn, type StripeStandIn } from '../support/stripe-stand-in';
import { ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let stripe: StripeStandIn;
let gw: TestGateway;

beforeEach(async () => {
  stripe = await startStripeStandIn();
  const processor = new StripeProcessor({ secretKey: STAND_IN_API_KEY, apiBase: stripe.url, timeoutMs: 5000 });
  gw = await startTestGateway({ payments: { processor, holdSec: 120 } });
  await seedPaymentInventory(gw);
});
afterEach(async () => {
  await gw.stop();
  await stripe.close();
});

const book = async (input: Record<string, unknown>) => ok(await gw.gql(PQ.createBooking, { input })).createBooking;
const posts = (path: string) => stripe.requests.filter((r) => r.method === 'POST' && r.path === path);

it('charges through a PaymentMethod and a confirmed PaymentIntent, with keys derived from the charge', async () => {
  const out = await book(paidBooking(PAID, 'tok_visa'));
  expect(out.booking.paymentInformation).toMatchObject({ prepaymentStatus: 'PREPAYMENT_PROVIDED', paymentTransactionId: expect.stringMatching(/^pi_/) });
  const [method] = posts('/v1/payment_methods');
  const [intent] = posts('/v1/payment_intents');
  expect(method.body).toEqual({ type: 'card', card: { token: 'tok_visa' } });
  expect(intent.body).toMatchObject({ amount: '4000', currency: 'chf', confirm: 'true', payment_method: expect.stringMatching(/^pm_/), metadata: { gateway_charge_key: intent.idempotencyKey } });
  expect(intent.idempotencyKey).toMatch(/^bk_[\w-]{32}_[0-9a-f-]{36}$/);
  expect(method.idempotencyKey).toBe(`${intent.idempotencyKey}-pm`);
  expect(stripe.ledger.charges).toEqual([expect.objectContaining({ paymentIntentId: out.booking.paymentInformation.paymentTransactionId, amount: 4000, currency: 'chf', idempotencyKey: intent.idempotencyKey })]);
});

it.each([
  ['tok_chargeDeclined', 'PAYMENT_ERROR_CARD_DECLINED'],
  ['tok_processingError', 'PAYMENT_ERROR'],
  ['tok_nonsense', 'PAYMENT_ERROR'],
])('%s → %s, nothing kept', async (token, cause) => {
  const out = await book(paidBooking(PAID, token));
  expect(out.bookingFailure.cause).toBe(cause);
  expect(stripe.ledger.charges).toEqual([]);
});

it('rejects a brand before asking for any charge', async () => {
  const out = await book(paidBooking(REQUIRED, 'tok_amex'));
  expect(out.bookingFailure).toMatchObject({ cause: 'PAYMENT_ERROR_CARD_TYPE_REJECTED', rejectedCardType: 'AMERICAN_EXPRESS' });
  expect(posts('/v1/payment_intents')).toHaveLength(0);
});

it('maps requires_action to PAYMENT_REQUIRES_3DS1 and books the retry once Stripe reports it succeeded', async () => {
  const first = await book(paidBooking(PAID, 'tok_threeDSecureRequired'));
  const params = first.bookingFailure.paymentFailure.threeds1Parameters;
  expect(first.bookingFailure.cause).toBe('PAYMENT_REQUIRES_3DS1');
  expect(params.acsUrl).toContain('/3ds/');
  expect(params.mdMerchantData).toMatch(/^pi_/);
  const retry = () => book(paidBooking(PAID, 'tok_threeDSecureRequired', { paymentInformation: { paymentProcessedBy: 'PROCESSED_BY_PARTNER', paResponse: 'done', mdMerchantData: params.mdMerchantData } }));
  expect((await retry()).bookingFailure.cause).toBe('PAYMENT_ERROR'); // challenge not completed yet
  stripe.completeThreeDS(params.mdMerchantData);
  const paid = await retry();
  expect(paid.booking.paymentInformation).toMatchObject({ prepaymentStatus: 'PREPAYMENT_PROVIDED', paymentTransactionId: params.mdMerchantData });
  expect(stripe.ledger.charges).toHaveLength(1);
});

it('lets one 3-D Secure payment pay for one booking only, and takes no money for a challenge never retried', async () => {
  const first = await book(paidBooking(PAID, 'tok_threeDSecureRequired'));
  const md = first.bookingFailure.paymentFailure.threeds1Parameters.mdMerchantData;
  stripe.completeThreeDS(md);
  expect(stripe.ledger.charges).toEqual([]); // authenticated, but not confirmed by the gateway yet
  const retry = () => book(paidBooking(PAID, 'tok_threeDSecureRequired', { paymentInformation: { paymentProcessedBy: 'PROCESSED_BY_PARTNER', paResponse: 'done', mdMerchantData: md } }));
  expect((await retry()).booking.paymentInformation.paymentTransactionId).toBe(md);
  const again = await retry();
  expect(again.booking).toBeNull();
  expect(again.bookingFailure.cause).toBe('PAYMENT_ERROR');
  expect(stripe.ledger.charges).toHaveLength(1);
  // A challenge nobody answers moves no money.
  await book(paidBooking(PAID, 'tok_threeDSecureRequired'));
  expect(stripe.ledger.charges).toHaveLength(1);
});

it('reconciles a charge whose replies were all lost by finding it through search, not charging again', async () => {
  stripe.failNext(3, 'lose-reply-after-charge');
  const input = paidBooking(PAID, 'tok_visa');
  const lost = await gw.gql(PQ.createBooking, { input });
  expect(lost.errors?.[0].extensions?.reason).toBe('PAYMENT_OUTCOME_UNKNOWN');
  expect(stripe.ledger.charges).toHaveLength(1);
  gw.clock.advance(121);
  const due = await gw.gateway.services.payments.dueJobs(gw.clock.nowSec());
  expect(due).toHaveLength(1);
  expect(await gw.gateway.services.payments.reconcile(due)).toEqual({ settled: 1, failed: [] });
  expect(stripe.requests.filter((r) => r.method === 'GET' && r.path === '/v1/payment_intents/search')).toHaveLength(1);
  const replay = await book(input);
  expect(replay.booking.paymentInformation.paymentTransactionId).toBe(stripe.ledger.charges[0].paymentIntentId);
  expect(stripe.ledger.charges).toHaveLength(1);
});

it('replays a retried createBooking without asking Stripe again', async () => {
  const input = paidBooking(PAID, 'tok_visa');
  await book(input);
  await book(input);
  expect(posts('/v1/payment_intents')).toHaveLength(1);
  expect(stripe.ledger.charges).toHaveLength(1);
});

it('charges once when Stripe charged but the reply was lost (the SDK retries with the same key)', async () => {
  stripe.failNext(1, 'lose-reply-after-charge');
  const out = await book(paidBooking(PAID, 'tok_visa'));
  expect(out.booking.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_PROVIDED');
  const attempts = posts('/v1/payment_intents');
  expect(attempts.map((a) => [a.replyLost, a.replayed])).toEqual([[true, false], [false, true]]);
  expect(new Set(attempts.map((a) => a.idempotencyKey)).size).toBe(1);
  expect(stripe.ledger.charges).toHaveLength(1);
});

it('charges 50 concurrent identical createBookings once', async () => {
  stripe.setDelay(50);
  const input = paidBooking(PAID, 'tok_visa');
  const answers = await Promise.all(Array.from({ length: 50 }, () => gw.gql(PQ.createBooking, { input })));
  const ids = new Set(answers.map((a) => ok(a).createBooking.booking.bookingId));
  expect(answers).toHaveLength(50);
  expect(ids.size).toBe(1);
  expect(stripe.ledger.charges).toHaveLength(1);
});

it('refunds an early cancel with a key of the booking, once', async () => {
  const { booking } = await book(paidBooking(PAID, 'tok_mastercard'));
  ok(await gw.gql(PQ.cancel, { id: booking.bookingId }));
  ok(await gw.gql(PQ.cancel, { id: booking.bookingId }));
  const refunds = posts('/v1/refunds');
  expect(refunds).toHaveLength(1);
  expect(refunds[0]).toMatchObject({ idempotencyKey: `refund:${booking.bookingId}`, body: { payment_intent: booking.paymentInformation.paymentTransactionId } });
  expect(stripe.ledger.refunds).toHaveLength(1);
});

it('keeps the card on a Customer for a no-show fee and charges it off session', async () => {
  const { booking } = await book(paidBooking(FEE, 'tok_visa', {}, 2));
  expect(posts('/v1/customers')).toHaveLength(1);
  expect(posts('/v1/setup_intents')[0].body).toMatchObject({ confirm: 'true', usage: 'off_session', customer: expect.stringMatching(/^cus_/) });
  expect(stripe.ledger.charges).toEqual([]);
  gw.clock.set(PAID_START + HOUR / 2);
  ok(await gw.gql(PQ.markNoShow, { id: booking.bookingId }));
  const fee = posts('/v1/payment_intents');
  expect(fee).toHaveLength(1);
  expect(fee[0]).toMatchObject({ idempotencyKey: `no-show-fee:${booking.bookingId}`, body: { amount: '3000', currency: 'chf', off_session: 'true', confirm: 'true' } });
  expect(stripe.ledger.charges).toEqual([expect.objectContaining({ amount: 3000, offSession: true })]);
});

it('refunds a pending prepaid booking the merchant declines', async () => {
  const input = paidBooking(PAID, 'tok_visa', { slot: { merchantId: M, serviceId: PAID, startSec: PAID_START + 24 * HOUR, durationSec: 3600 } });
  const { booking } = await book(input);
  const declined = ok(await gw.gql(PQ.decline, { id: booking.bookingId })).declineBooking.booking;
  expect(declined.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_REFUNDED');
  expect(stripe.ledger.refunds).toHaveLength(1);
});
