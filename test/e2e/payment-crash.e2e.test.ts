// A gateway killed between charge and commit (api-contract "Exactly once"): the real src/main.ts on
// SQLite in a child process, paying through the real Stripe SDK against the local stand-in, which
// SIGKILLs the gateway the moment it records a charge (before it answers). After a restart on the
// same DATA_DIR, reconciliation settles every charge: the ledger and the bookings agree (every kept
// charge has its booking, every booking its charge) and every booking acknowledged before the kill is there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChildGateway, type ChildGateway } from '../support/child-gateway';
import { STAND_IN_API_KEY, startStripeStandIn, type StripeStandIn } from '../support/stripe-stand-in';

const START = Math.floor(Date.now() / 1000) + 2 * 86_400;
const RACERS = 8;
const KILL_AT_CHARGE = 3;

const BOOK = `mutation($i: CreateBookingInput!) { createBooking(input: $i) { booking { bookingId paymentInformation { prepaymentStatus paymentTransactionId } } bookingFailure { cause } } }`;
const BOOKINGS = `query($u: ID!) { bookings(userId: $u) { bookingId status paymentInformation { prepaymentStatus paymentTransactionId } } }`;

async function ok(gw: ChildGateway, query: string, variables?: Record<string, unknown>) {
  const res = await gw.gql(query, variables);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

let dir: string;
let stripe: StripeStandIn;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gateway-payment-crash-'));
  stripe = await startStripeStandIn();
});
afterAll(async () => {
  await stripe.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ STORE: 'sqlite', DATA_DIR: dir, PAYMENT_PROCESSOR: 'stripe', STRIPE_SECRET_KEY: STAND_IN_API_KEY, STRIPE_API_BASE: stripe.url });

it('kill -9 between charge and commit: after restart every charge has its booking and every booking its charge', async () => {
  let gw = await startChildGateway({ env: env() });
  try {
    await ok(gw, 'mutation { upsertMerchant(input: {merchantId: "m", name: "M", timeZone: "UTC"}) { merchantId } }');
    await ok(gw, 'mutation { upsertService(input: {merchantId: "m", serviceId: "s", name: "S", price: {priceMicros: 20000000, currencyCode: "EUR"}, prepayment: REQUIRED}) { serviceId } }');
    await ok(gw, 'mutation($s: Int64!) { upsertAvailability(input: {merchantId: "m", availability: [{serviceId: "s", startSec: $s, durationSec: 1800, spotsTotal: 100}]}) { upsertedCount } }', { s: START });

    const victim = gw;
    let charges = 0;
    const stop = stripe.onCharge(() => {
      if (++charges === KILL_AT_CHARGE) victim.kill('SIGKILL');
    });
    const input = (i: number) => ({
      slot: { merchantId: 'm', serviceId: 's', startSec: START, durationSec: 1800 },
      userInformation: { userId: `u${i}`, givenName: 'A', familyName: 'B', telephone: '+41 44 000 00 00', email: 'a@example.com' },
      paymentInformation: { paymentProcessedBy: 'PROCESSED_BY_PARTNER' },
      paymentProcessingParameters: { unparsedPaymentMethodToken: 'tok_visa' },
      idempotencyToken: `t${i}`,
    });
    // One at a time until the kill, so the killed request is known to have been charged, not committed.
    const acknowledged = new Map<string, string>();
    for (let i = 0; i < RACERS; i++) {
      const answer = await gw.gql(BOOK, { i: input(i) }).catch(() => null);
      if (!answer?.data) break;
      acknowledged.set(`u${i}`, answer.data.createBooking.booking.bookingId);
    }
    await gw.exited;
    stop();
    expect(acknowledged.size).toBe(KILL_AT_CHARGE - 1);
    expect(stripe.ledger.charges).toHaveLength(KILL_AT_CHARGE);

    gw = await startChildGateway({ env: env() });
    await waitFor(() => /payment work reconciled/.test(gw.output()));
    const bookings = [];
    for (let i = 0; i < KILL_AT_CHARGE; i++) bookings.push(...(await ok(gw, BOOKINGS, { u: `u${i}` })).bookings);
    // Every acknowledged booking is still there; the killed one was completed from its charge.
    for (const bookingId of acknowledged.values()) expect(bookings.map((b) => b.bookingId)).toContain(bookingId);
    expect(bookings).toHaveLength(KILL_AT_CHARGE);
    const kept = stripe.ledger.charges.filter((c) => c.refunded === 0).map((c) => c.paymentIntentId).sort();
    expect(bookings.map((b) => b.paymentInformation.paymentTransactionId).sort()).toEqual(kept);
    expect(bookings.every((b) => b.status === 'CONFIRMED' && b.paymentInformation.prepaymentStatus === 'PREPAYMENT_PROVIDED')).toBe(true);
    // The retried request of the killed client replays the completed booking, charging nothing more.
    const retry = await ok(gw, BOOK, { i: input(KILL_AT_CHARGE - 1) });
    expect(retry.createBooking.booking.paymentInformation.paymentTransactionId).toBe(stripe.ledger.charges[KILL_AT_CHARGE - 1].paymentIntentId);
    expect(stripe.ledger.charges).toHaveLength(KILL_AT_CHARGE);
  } finally {
    gw.kill('SIGKILL');
    await gw.exited;
  }
}, 60_000);

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
