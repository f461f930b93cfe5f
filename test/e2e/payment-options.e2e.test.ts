// Packs and memberships end to end (api-contract "Payments"): a merchant defines an option, issues it
// to a user, bookings spend it atomically (the last count goes to one of two racers), cancels give it
// back, and expired, used-up or someone else's options are refused with their causes.
import { SandboxProcessor } from '../../src/payments/sandbox';
import { HOUR, M, slot, user } from '../support/fixtures';
import { PACKED, PAID_START, PQ, seedPaymentInventory } from '../support/payment-fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
const KEYS = 'partner:pk-partner,widget:wk-widget,merchant:m1:mk-merchant,merchant:other:ok-other-merchant';
beforeEach(async () => {
  gw = await startTestGateway({ apiKeys: KEYS, payments: { processor: new SandboxProcessor(), holdSec: 120 } });
  await seedPaymentInventory(as('pk-partner'));
});
afterEach(() => gw.stop());

/** The gateway seen through one API key. */
function as(key: string): TestGateway {
  return { ...gw, gql: (q, v, h = {}) => gw.gql(q, v, { authorization: `Bearer ${key}`, ...h }) };
}

let n = 0;
async function issue(option: Record<string, unknown>, userId: string) {
  const input = { merchantId: M, paymentOptionId: `opt-${++n}`, name: 'Pack', ...option };
  ok(await as('mk-merchant').gql(PQ.upsertPaymentOption, { input }));
  return ok(await as('mk-merchant').gql(PQ.issue, { input: { merchantId: M, userId, paymentOptionId: input.paymentOptionId } })).issueUserPaymentOption.userPaymentOption;
}

/** A booking of `userId` on the k-th packed slot (0…3), paid with the option. */
function withOption(userPaymentOptionId: string, userId: string, k = 0) {
  return {
    slot: slot({ serviceId: PACKED, startSec: PAID_START + k * HOUR, durationSec: 3600 }),
    userInformation: user(userId),
    paymentInformation: { userPaymentOptionId },
    idempotencyToken: `pack-${++n}`,
  };
}

const book = async (input: unknown) => ok(await as('wk-widget').gql(PQ.createBooking, { input })).createBooking;
const cancel = async (id: string) => ok(await as('wk-widget').gql(PQ.cancel, { id })).updateBooking;

it('defines and issues options with merchant and partner keys only', async () => {
  const input = { merchantId: M, paymentOptionId: 'pack-10', name: '10 classes', type: 'PAYMENT_OPTION_MULTI_USE', count: 10, validDurationSec: String(90 * 24 * HOUR) };
  const defined = ok(await as('mk-merchant').gql(PQ.upsertPaymentOption, { input })).upsertPaymentOption.paymentOption;
  expect(defined).toEqual({ paymentOptionId: 'pack-10', name: '10 classes', type: 'PAYMENT_OPTION_MULTI_USE', count: 10, validDurationSec: 90 * 24 * HOUR });
  const issued = ok(await as('pk-partner').gql(PQ.issue, { input: { merchantId: M, userId: 'ada', paymentOptionId: 'pack-10' } })).issueUserPaymentOption.userPaymentOption;
  expect(issued).toMatchObject({ type: 'PAYMENT_OPTION_MULTI_USE', originalCount: 10, currentCount: 10, paymentOptionId: 'pack-10', validStartTimeSec: gw.clock.nowSec(), validEndTimeSec: gw.clock.nowSec() + 90 * 24 * HOUR });
  errorOf(await as('wk-widget').gql(PQ.upsertPaymentOption, { input }), 'PERMISSION_DENIED');
  errorOf(await as('ok-other-merchant').gql(PQ.issue, { input: { merchantId: M, userId: 'ada', paymentOptionId: 'pack-10' } }), 'PERMISSION_DENIED');
  errorOf(await as('mk-merchant').gql(PQ.issue, { input: { merchantId: M, userId: 'ada', paymentOptionId: 'nope' } }), 'NOT_FOUND');
  expect(errorOf(await as('mk-merchant').gql(PQ.upsertPaymentOption, { input: { ...input, count: null } }), 'INVALID_ARGUMENT').extensions?.field).toBe('input.count');
  expect(errorOf(await as('mk-merchant').gql(PQ.upsertPaymentOption, { input: { ...input, type: 'PAYMENT_OPTION_UNLIMITED_USE' } }), 'INVALID_ARGUMENT').extensions?.field).toBe('input.count');
});

it('spends one count per booking, refuses when used up, and gives a count back on cancel', async () => {
  const option = await issue({ type: 'PAYMENT_OPTION_MULTI_USE', count: 2 }, 'ada');
  const first = await book(withOption(option.userPaymentOptionId, 'ada', 0));
  expect(first.booking.paymentInformation.userPaymentOptionId).toBe(option.userPaymentOptionId);
  expect(first.userPaymentOption).toMatchObject({ userPaymentOptionId: option.userPaymentOptionId, type: 'PAYMENT_OPTION_MULTI_USE', originalCount: 2, currentCount: 1 });
  expect((await book(withOption(option.userPaymentOptionId, 'ada', 1))).userPaymentOption.currentCount).toBe(0);
  const usedUp = await book(withOption(option.userPaymentOptionId, 'ada', 2));
  expect(usedUp.booking).toBeNull();
  expect(usedUp.bookingFailure.cause).toBe('PAYMENT_OPTION_NOT_VALID');
  const cancelled = await cancel(first.booking.bookingId);
  expect(cancelled.userPaymentOption).toEqual({ userPaymentOptionId: option.userPaymentOptionId, currentCount: 1 });
  expect((await book(withOption(option.userPaymentOptionId, 'ada', 2))).userPaymentOption.currentCount).toBe(0);
});

it('gives the last count to exactly one of two concurrent bookings', async () => {
  const option = await issue({ type: 'PAYMENT_OPTION_SINGLE_USE' }, 'ada');
  expect(option.currentCount).toBe(1);
  const outcomes = await Promise.all([1, 2].map((k) => book(withOption(option.userPaymentOptionId, 'ada', k))));
  const booked = outcomes.filter((o) => o.booking);
  expect(booked).toHaveLength(1);
  expect(outcomes.find((o) => !o.booking)!.bookingFailure.cause).toBe('PAYMENT_OPTION_NOT_VALID');
  expect(booked[0].userPaymentOption.currentCount).toBe(0);
});

it('refuses an expired option, another user\'s, and an unknown one', async () => {
  const short = await issue({ type: 'PAYMENT_OPTION_UNLIMITED_USE', validDurationSec: String(HOUR) }, 'ada');
  expect(short.currentCount).toBeNull();
  // Valid now, but it ends before the slot starts.
  expect((await book(withOption(short.userPaymentOptionId, 'ada'))).bookingFailure.cause).toBe('PAYMENT_OPTION_NOT_VALID');
  const unlimited = await issue({ type: 'PAYMENT_OPTION_UNLIMITED_USE' }, 'ada');
  for (const k of [0, 1, 2]) expect((await book(withOption(unlimited.userPaymentOptionId, 'ada', k))).userPaymentOption.currentCount).toBeNull();
  expect((await book(withOption(unlimited.userPaymentOptionId, 'grace'))).bookingFailure.cause).toBe('USER_CANNOT_USE_PAYMENT_OPTION');
  expect((await book(withOption('no-such-option', 'ada', 3))).bookingFailure.cause).toBe('PAYMENT_OPTION_NOT_VALID');
  // Valid past the slot: still not another user's. Then one that has ended by now.
  const fourDays = await issue({ type: 'PAYMENT_OPTION_UNLIMITED_USE', validDurationSec: String(4 * 24 * HOUR) }, 'ada');
  expect((await book(withOption(fourDays.userPaymentOptionId, 'grace', 3))).bookingFailure.cause).toBe('USER_CANNOT_USE_PAYMENT_OPTION');
  gw.clock.advance(2 * 24 * HOUR);
  const monthly = await issue({ type: 'PAYMENT_OPTION_UNLIMITED_USE', validDurationSec: String(HOUR) }, 'ada');
  gw.clock.advance(2 * HOUR);
  expect((await book(withOption(monthly.userPaymentOptionId, 'ada', 3))).bookingFailure.cause).toBe('PAYMENT_OPTION_NOT_VALID');
});

it('replays the option as the first answer showed it', async () => {
  const option = await issue({ type: 'PAYMENT_OPTION_MULTI_USE', count: 5 }, 'ada');
  const input = withOption(option.userPaymentOptionId, 'ada');
  const first = await book(input);
  const again = await book(input);
  expect(again).toEqual(first);
  expect(again.userPaymentOption.currentCount).toBe(4);
});

it('without a processor, spends issued options the same way and echoes an id that names none, as before packs', async () => {
  await gw.stop();
  gw = await startTestGateway({ apiKeys: KEYS });
  await seedPaymentInventory(as('pk-partner'));
  const option = await issue({ type: 'PAYMENT_OPTION_SINGLE_USE' }, 'ada');
  expect((await book(withOption(option.userPaymentOptionId, 'ada'))).userPaymentOption.currentCount).toBe(0);
  expect((await book(withOption(option.userPaymentOptionId, 'ada', 1))).bookingFailure.cause).toBe('PAYMENT_OPTION_NOT_VALID');
  const echoed = await book(withOption('partner-side-pack-7', 'ada', 2));
  expect(echoed.booking.paymentInformation.userPaymentOptionId).toBe('partner-side-pack-7');
  expect(echoed.userPaymentOption).toBeNull();
});
