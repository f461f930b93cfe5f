// Payments end to end on the sandbox processor (api-contract "Payments"): every token's outcome,
// brands, 3-D Secure 1, REQUIRED, refunds by the deposit window, the no-show fee, and exactly-once
// charging under replays, concurrent duplicates and a lost reply. The sandbox's ledger is the truth
// the bookings are checked against.
import { PaymentOutcomeUnknownError, type ChargeRequest, type PaymentProcessor } from '../../src/domain/payments';
import { SandboxProcessor } from '../../src/payments/sandbox';
import { HOUR, M, countAvailable } from '../support/fixtures';
import { FEE, PAID, PAID_START, PQ, REQUIRED, paidBooking, seedPaymentInventory } from '../support/payment-fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

const CHF40 = { priceMicros: 40_000_000, currencyCode: 'CHF' };

let gw: TestGateway;
let sandbox: SandboxProcessor;

async function start(processor?: PaymentProcessor, holdSec = 120) {
  sandbox = new SandboxProcessor();
  gw = await startTestGateway({ payments: { processor: processor ?? sandbox, holdSec } });
  await seedPaymentInventory(gw);
}
afterEach(() => gw?.stop());

const book = async (input: Record<string, unknown>) => ok(await gw.gql(PQ.createBooking, { input })).createBooking;
const free = (serviceId: string) => countAvailable(gw, { serviceId, startSec: PAID_START, durationSec: 3600 });

describe('charging a booking', () => {
  beforeEach(() => start());

  it.each([
    ['tok_visa', 'VISA'],
    ['tok_mastercard', 'MASTERCARD'],
    ['tok_amex', 'AMERICAN_EXPRESS'],
    ['tok_discover', 'DISCOVER'],
    ['tok_jcb', 'JCB'],
  ])('%s charges the deposit once and books (PREPAYMENT_PROVIDED)', async (token) => {
    const out = await book(paidBooking(PAID, token));
    expect(out.bookingFailure).toBeNull();
    expect(out.booking.status).toBe('CONFIRMED');
    expect(out.booking.paymentInformation).toMatchObject({ prepaymentStatus: 'PREPAYMENT_PROVIDED', paymentProcessedBy: 'PROCESSED_BY_PARTNER', price: CHF40 });
    expect(sandbox.ledger).toHaveLength(1);
    expect(sandbox.ledger[0]).toMatchObject({ kind: 'charge', transactionId: out.booking.paymentInformation.paymentTransactionId, amount: { priceMicros: 40_000_000 } });
    expect(await free(PAID)).toBe(2);
  });

  it.each([
    ['tok_chargeDeclined', 'PAYMENT_ERROR_CARD_DECLINED'],
    ['tok_processingError', 'PAYMENT_ERROR'],
    ['tok_unknown', 'PAYMENT_ERROR'],
  ])('%s fails with %s, charges nothing and gives the spot back', async (token, cause) => {
    const out = await book(paidBooking(PAID, token));
    expect(out.booking).toBeNull();
    expect(out.bookingFailure.cause).toBe(cause);
    expect(sandbox.ledger).toEqual([]);
    expect(await free(PAID)).toBe(3);
  });

  it('refuses a brand the merchant does not accept, naming it', async () => {
    const out = await book(paidBooking(REQUIRED, 'tok_amex'));
    expect(out.bookingFailure).toMatchObject({ cause: 'PAYMENT_ERROR_CARD_TYPE_REJECTED', rejectedCardType: 'AMERICAN_EXPRESS' });
    expect(sandbox.ledger).toEqual([]);
    expect(await free(REQUIRED)).toBe(3);
    expect((await book(paidBooking(REQUIRED, 'tok_mastercard'))).booking.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_PROVIDED');
  });

  it('refuses a REQUIRED prepayment without a token with PAYMENT_ERROR, and takes no spot', async () => {
    const out = await book(paidBooking(REQUIRED, null));
    expect(out.bookingFailure.cause).toBe('PAYMENT_ERROR');
    expect(out.bookingFailure.description).toMatch(/unparsedPaymentMethodToken/);
    expect(await free(REQUIRED)).toBe(3);
  });

  it('books without a charge when the prepayment is optional and no token is sent', async () => {
    const out = await book(paidBooking(PAID, null));
    expect(out.booking.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_NOT_PROVIDED');
    expect(sandbox.ledger).toEqual([]);
  });

  it('asks for a 3-D Secure 1 challenge, then books on the retry with paResponse', async () => {
    const first = await book(paidBooking(PAID, 'tok_threeDSecureRequired'));
    expect(first.booking).toBeNull();
    expect(first.bookingFailure.cause).toBe('PAYMENT_REQUIRES_3DS1');
    const params = first.bookingFailure.paymentFailure.threeds1Parameters;
    expect(params).toEqual({ acsUrl: expect.stringMatching(/^https:\/\//), paReq: expect.any(String), transactionId: expect.any(String), mdMerchantData: expect.any(String) });
    expect(sandbox.ledger).toEqual([]);
    expect(await free(PAID)).toBe(3);

    const retry = (paResponse: string) =>
      book(paidBooking(PAID, 'tok_threeDSecureRequired', { paymentInformation: { paymentProcessedBy: 'PROCESSED_BY_PARTNER', paResponse, mdMerchantData: params.mdMerchantData } }));
    expect((await retry('wrong')).bookingFailure.cause).toBe('PAYMENT_ERROR');
    const paid = await retry('sandbox-ok');
    expect(paid.booking.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_PROVIDED');
    expect(sandbox.ledger.filter((e) => e.kind === 'charge')).toHaveLength(1);
  });

  it('unwraps a Google Payments token (JSON) to the processor token it carries', async () => {
    const out = await book(paidBooking(PAID, JSON.stringify({ id: 'tok_visa', object: 'token' })));
    expect(out.booking.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_PROVIDED');
  });

  it('leaves PROCESSED_BY_GOOGLE alone: stored and echoed, nothing charged', async () => {
    const input = paidBooking(PAID, 'tok_visa', { paymentInformation: { paymentProcessedBy: 'PROCESSED_BY_GOOGLE', prepaymentStatus: 'PREPAYMENT_PROVIDED', paymentTransactionId: 'g-1' } });
    const out = await book(input);
    expect(out.booking.paymentInformation).toMatchObject({ prepaymentStatus: 'PREPAYMENT_PROVIDED', paymentTransactionId: 'g-1', paymentProcessedBy: 'PROCESSED_BY_GOOGLE' });
    expect(sandbox.ledger).toEqual([]);
  });
});

describe('exactly once', () => {
  it('replays a retried createBooking without charging again', async () => {
    await start();
    const input = paidBooking(PAID, 'tok_visa');
    const first = await book(input);
    const again = await book(input);
    expect(again.booking).toEqual(first.booking);
    expect(sandbox.ledger).toHaveLength(1);
  });

  it('charges 50 concurrent identical createBookings once, and books once', async () => {
    await start();
    const input = paidBooking(PAID, 'tok_visa');
    const answers = await Promise.all(Array.from({ length: 50 }, () => gw.gql(PQ.createBooking, { input })));
    const ids = new Set(answers.map((a) => ok(a).createBooking.booking?.bookingId));
    expect(answers).toHaveLength(50);
    expect([...ids]).toHaveLength(1);
    expect([...ids][0]).toEqual(expect.any(String));
    expect(sandbox.ledger).toHaveLength(1);
    expect(await free(PAID)).toBe(2);
  });

  it('charges once when the processor charged but its reply was lost, after the client retries', async () => {
    let loseNext = true;
    const inner = new SandboxProcessor();
    const lossy: PaymentProcessor = Object.assign(Object.create(inner) as SandboxProcessor, {
      charge: async (request: ChargeRequest) => {
        const result = await inner.charge(request);
        if (loseNext) {
          loseNext = false;
          throw new PaymentOutcomeUnknownError('reply lost');
        }
        return result;
      },
    });
    await start(lossy);
    const input = paidBooking(PAID, 'tok_visa');
    const first = await gw.gql(PQ.createBooking, { input });
    expect(errorOf(first, 'UNAVAILABLE').extensions?.reason).toBe('PAYMENT_OUTCOME_UNKNOWN');
    // The spot stays held for the retry; the retry joins the same charge.
    expect(await free(PAID)).toBe(2);
    const retried = await book(input);
    expect(retried.booking.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_PROVIDED');
    expect(inner.ledger).toHaveLength(1);
    expect(await free(PAID)).toBe(2);
  });

  it('reconciles a charge whose request gave up: the booking is completed from the charge', async () => {
    const { inner, flaky, reach } = unreachableSandbox();
    await start(flaky);
    const input = paidBooking(PAID, 'tok_visa');
    errorOf(await gw.gql(PQ.createBooking, { input }), 'UNAVAILABLE');
    reach();
    gw.clock.advance(121);
    const due = await gw.gateway.services.payments.dueJobs(gw.clock.nowSec());
    expect(due).toHaveLength(1);
    expect(await gw.gateway.services.payments.reconcile(due)).toEqual({ settled: 1, failed: [] });
    const replay = await book(input);
    expect(replay.booking.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_PROVIDED');
    expect(inner.ledger).toHaveLength(1);
    expect(await gw.store.reader.listDuePaymentJobs(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
  });

  it('refunds a charge whose spot was lost while the card was charged (the hold lapsed)', async () => {
    const inner = new SandboxProcessor();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: PaymentProcessor = Object.assign(Object.create(inner) as SandboxProcessor, {
      charge: async (request: ChargeRequest) => {
        const result = await inner.charge(request);
        if (request.amount.priceMicros > 0 && inner.ledger.length === 1) await gate;
        return result;
      },
    });
    await start(slow, 60);
    // Fill the slot but one spot, then charge for the last one slowly while its hold lapses and
    // another client (no prepayment) takes it.
    for (let i = 0; i < 2; i++) expect((await book(paidBooking(PAID, null))).booking).not.toBeNull();
    const pending = gw.gql(PQ.createBooking, { input: paidBooking(PAID, 'tok_visa') });
    await waitFor(() => inner.ledger.length === 1);
    gw.clock.advance(61);
    expect((await book(paidBooking(PAID, null))).booking).not.toBeNull();
    release();
    const out = ok(await pending).createBooking;
    expect(out.bookingFailure.cause).toBe('SLOT_UNAVAILABLE');
    expect(out.bookingFailure.description).toMatch(/refunded/);
    expect(inner.ledger.map((e) => e.kind)).toEqual(['charge', 'refund']);
    expect(inner.keptCharges()).toEqual([]);
  });
});

describe('reconciliation', () => {
  it('only ever refunds a charge once its booking was given up, even when the first refund failed', async () => {
    const inner = new SandboxProcessor();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let refunds = 0;
    const processor: PaymentProcessor = Object.assign(Object.create(inner) as SandboxProcessor, {
      charge: async (request: ChargeRequest) => {
        const result = await inner.charge(request);
        if (inner.ledger.length === 1) await gate;
        return result;
      },
      refund: async (request: Parameters<SandboxProcessor['refund']>[0]) => (++refunds === 1 ? { kind: 'failed' as const, message: 'processor down' } : inner.refund(request)),
    });
    await start(processor, 60);
    for (let i = 0; i < 2; i++) expect((await book(paidBooking(PAID, null))).booking).not.toBeNull();
    const pending = gw.gql(PQ.createBooking, { input: paidBooking(PAID, 'tok_visa') });
    await waitFor(() => inner.ledger.length === 1);
    gw.clock.advance(61);
    const taker = (await book(paidBooking(PAID, null))).booking;
    release();
    const out = ok(await pending).createBooking;
    expect(out.bookingFailure.description).toMatch(/refund is under way/);
    expect(inner.keptCharges()).toHaveLength(1);
    // The spot frees up again; reconciliation must still refund, not book.
    ok(await gw.gql(PQ.cancel, { id: taker.bookingId }));
    gw.clock.advance(120);
    const due = await gw.gateway.services.payments.dueJobs(gw.clock.nowSec());
    expect(due.map((j) => [j.kind, 'refunding' in j && j.refunding])).toEqual([['booking-charge', true]]);
    expect(await gw.gateway.services.payments.reconcile(due)).toEqual({ settled: 1, failed: [] });
    expect(inner.keptCharges()).toEqual([]);
    expect(await free(PAID)).toBe(1);
    expect(await gw.store.reader.listDuePaymentJobs(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
  });

  it('puts off a job it cannot settle, and settles the ones behind it', async () => {
    const { inner, flaky, reach } = unreachableSandbox();
    await start(flaky);
    errorOf(await gw.gql(PQ.createBooking, { input: paidBooking(PAID, 'tok_visa') }), 'UNAVAILABLE');
    const [left] = await gw.store.reader.listDuePaymentJobs(Number.MAX_SAFE_INTEGER, 10);
    // A job of another processor (PAYMENT_PROCESSOR changed since), due before it.
    const foreign = { ...left, jobId: 'charge:foreign', processor: 'stripe', dueAtSec: left.dueAtSec - 10 };
    await gw.store.unitOfWork((tx) => tx.putPaymentJob(foreign));
    reach();
    gw.clock.advance(121);
    const due = await gw.gateway.services.payments.dueJobs(gw.clock.nowSec());
    expect(due.map((j) => j.jobId)).toEqual(['charge:foreign', left.jobId]);
    const outcome = await gw.gateway.services.payments.reconcile(due);
    expect(outcome.settled).toBe(1);
    expect(outcome.failed.map((f) => f.jobId)).toEqual(['charge:foreign']);
    const remaining = await gw.store.reader.listDuePaymentJobs(Number.MAX_SAFE_INTEGER, 10);
    expect(remaining.map((j) => [j.jobId, j.dueAtSec])).toEqual([['charge:foreign', gw.clock.nowSec() + 60]]);
    expect(inner.ledger).toHaveLength(1);
  });
});

describe('refunds and fees', () => {
  beforeEach(() => start());

  it('refunds a cancel made before the deposit window closes (PREPAYMENT_REFUNDED), once', async () => {
    const booking = (await book(paidBooking(PAID, 'tok_visa'))).booking;
    const cancelled = ok(await gw.gql(PQ.cancel, { id: booking.bookingId })).updateBooking;
    expect(cancelled.booking).toMatchObject({ status: 'CANCELED', paymentInformation: { prepaymentStatus: 'PREPAYMENT_REFUNDED' } });
    const again = ok(await gw.gql(PQ.cancel, { id: booking.bookingId })).updateBooking;
    expect(again.booking.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_REFUNDED');
    expect(sandbox.ledger.map((e) => e.kind)).toEqual(['charge', 'refund']);
    expect(sandbox.keptCharges()).toEqual([]);
  });

  it('keeps the charge of a cancel inside the deposit window', async () => {
    const booking = (await book(paidBooking(PAID, 'tok_visa'))).booking;
    gw.clock.set(PAID_START - 12 * HOUR);
    const cancelled = ok(await gw.gql(PQ.cancel, { id: booking.bookingId })).updateBooking;
    expect(cancelled.booking).toMatchObject({ status: 'CANCELED', paymentInformation: { prepaymentStatus: 'PREPAYMENT_PROVIDED' } });
    expect(sandbox.ledger.map((e) => e.kind)).toEqual(['charge']);
  });

  it('refunds a prepaid booking the merchant declines', async () => {
    const input = paidBooking(PAID, 'tok_visa', { slot: { merchantId: M, serviceId: PAID, startSec: PAID_START + 24 * HOUR, durationSec: 3600 } });
    const booking = (await book(input)).booking;
    expect(booking.status).toBe('PENDING_MERCHANT_CONFIRMATION');
    const declined = ok(await gw.gql(PQ.decline, { id: booking.bookingId })).declineBooking.booking;
    expect(declined).toMatchObject({ status: 'DECLINED_BY_MERCHANT', paymentInformation: { prepaymentStatus: 'PREPAYMENT_REFUNDED' } });
    expect(sandbox.keptCharges()).toEqual([]);
  });

  it('keeps the card of a no-show-fee service and charges the fee (per person) when marked penalized, once', async () => {
    const out = await book(paidBooking(FEE, 'tok_visa', {}, 2));
    expect(out.booking.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_NOT_PROVIDED');
    expect(sandbox.ledger).toEqual([]);
    gw.clock.set(PAID_START + 600);
    const marked = ok(await gw.gql(PQ.markNoShow, { id: out.booking.bookingId })).markNoShow.booking;
    expect(marked.status).toBe('NO_SHOW_PENALIZED');
    ok(await gw.gql(PQ.markNoShow, { id: out.booking.bookingId }));
    expect(sandbox.ledger).toEqual([expect.objectContaining({ kind: 'charge', offSession: true, amount: { priceMicros: 30_000_000, currencyCode: 'CHF', pricingOptionTag: null } })]);
    const [stored] = await gw.store.reader.getBookings([out.booking.bookingId]);
    expect(stored!.payment!.noShowFee).toMatchObject({ state: 'charged', transactionId: sandbox.ledger[0].transactionId });
  });
});

describe('events', () => {
  beforeEach(() => start());
  const eventsOf = async (bookingId: string) =>
    (await gw.store.events.listEventsSince({ occurredAtMs: 0, id: '' }, 1000)).filter((e) => e.aggregateId === bookingId);

  it('reports a refund and a no-show fee as booking.payment_updated, without the card kept on file', async () => {
    const paid = (await book(paidBooking(PAID, 'tok_visa'))).booking;
    ok(await gw.gql(PQ.cancel, { id: paid.bookingId }));
    const refundEvents = await eventsOf(paid.bookingId);
    expect(refundEvents.map((e) => e.type)).toEqual(['booking.created', 'booking.cancelled', 'booking.payment_updated']);
    expect((refundEvents[2].data.booking as { paymentInformation: { prepaymentStatus: string } }).paymentInformation.prepaymentStatus).toBe('PREPAYMENT_REFUNDED');

    const fee = (await book(paidBooking(FEE, 'tok_visa'))).booking;
    gw.clock.set(PAID_START + 60);
    ok(await gw.gql(PQ.markNoShow, { id: fee.bookingId }));
    const feeEvents = await eventsOf(fee.bookingId);
    expect(feeEvents.map((e) => e.type)).toEqual(['booking.created', 'booking.no_show', 'booking.payment_updated']);
    expect(feeEvents[2].data.noShowFee).toEqual({ state: 'charged', amount: { priceMicros: 15_000_000, currencyCode: 'CHF' }, transactionId: expect.stringMatching(/^sandbox_ch_/) });
    const text = JSON.stringify([...refundEvents, ...feeEvents]);
    expect(text).not.toContain('sandbox_card_');
    expect(text).not.toContain('tok_visa');
  });
});

/** A sandbox that charges but whose replies are lost (timeouts) until reach() is called. */
function unreachableSandbox() {
  const inner = new SandboxProcessor();
  let reachable = false;
  const flaky: PaymentProcessor = Object.assign(Object.create(inner) as SandboxProcessor, {
    charge: async (request: ChargeRequest) => {
      const result = await inner.charge(request);
      if (!reachable) throw new PaymentOutcomeUnknownError('timeout');
      return result;
    },
  });
  return { inner, flaky, reach: () => (reachable = true) };
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('service payment policy', () => {
  beforeEach(() => start());
  const upsert = (fields: Record<string, unknown>) => gw.gql(PQ.upsertService, { input: { merchantId: M, serviceId: 'x', name: 'X', ...fields } });

  it('shows the policy as set', async () => {
    const service = ok(await upsert({ price: { priceMicros: '10000000', currencyCode: 'EUR' }, prepayment: 'REQUIRED', acceptedCardTypes: ['VISA', 'VISA', 'JCB'], deposit: { deposit: { priceMicros: '5000000', currencyCode: 'EUR' }, depositType: 'PER_PERSON' }, noShowFee: { fee: { priceMicros: '1000000', currencyCode: 'EUR' } } })).upsertService;
    expect(service).toEqual({
      serviceId: 'x',
      prepayment: 'REQUIRED',
      acceptedCardTypes: ['VISA', 'JCB'],
      deposit: { deposit: { priceMicros: 5_000_000, currencyCode: 'EUR' }, minAdvanceCancellationSec: null, depositType: 'PER_PERSON' },
      noShowFee: { fee: { priceMicros: 1_000_000 }, feeType: 'FIXED_RATE_DEFAULT' },
    });
  });

  it.each([
    [{ prepayment: 'REQUIRED' }, 'input.prepayment'],
    [{ acceptedCardTypes: [] }, 'input.acceptedCardTypes'],
    [{ acceptedCardTypes: ['CREDIT_CARD_TYPE_UNSPECIFIED'] }, 'input.acceptedCardTypes'],
    [{ noShowFee: { fee: { priceMicros: '0', currencyCode: 'EUR' } } }, 'input.noShowFee.fee.priceMicros'],
    [{ deposit: { deposit: { priceMicros: '5', currencyCode: 'eur' } } }, 'input.deposit.deposit.currencyCode'],
    [{ deposit: { deposit: { priceMicros: '5', currencyCode: 'EUR' }, minAdvanceCancellationSec: '-1' } }, 'input.deposit.minAdvanceCancellationSec'],
  ])('refuses %j naming %s', async (fields, field) => {
    expect(errorOf(await upsert(fields), 'INVALID_ARGUMENT').extensions?.field).toBe(field);
  });
});
