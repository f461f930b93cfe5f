// confirmBooking, declineBooking and markNoShow over HTTP: the status rules of the contract, the
// confirmation timeout judged at read time, reschedules into asynchronous slots, and answers racing
// the customer's cancel.
import { ASYNC, CLASS, DAY1, HOUR, M, Q, countAvailable, seedInventory } from '../support/fixtures';
import { MQ, book, bookingSeenBy } from '../support/merchant-fixtures';
import { T0, errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

const CONSULT = { serviceId: ASYNC, startSec: DAY1, durationSec: 2700 };
const TIMED = 'timed';

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway();
  await seedInventory(gw);
  ok(await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: TIMED, name: 'Answered within the hour', pendingConfirmationTimeoutSec: HOUR } }));
  ok(
    await gw.gql(Q.upsertAvailability, {
      input: {
        merchantId: M,
        availability: [
          { serviceId: TIMED, startSec: DAY1, durationSec: 1800, spotsTotal: 1, confirmationMode: 'CONFIRMATION_MODE_ASYNCHRONOUS' },
          { serviceId: TIMED, startSec: T0 + 1800, durationSec: 1800, spotsTotal: 1, confirmationMode: 'CONFIRMATION_MODE_ASYNCHRONOUS' },
          { serviceId: ASYNC, startSec: DAY1 + 2 * HOUR, durationSec: 2700, spotsTotal: 40, confirmationMode: 'CONFIRMATION_MODE_ASYNCHRONOUS' },
          { serviceId: ASYNC, startSec: DAY1 + 4 * HOUR, durationSec: 2700, spotsTotal: 3 },
        ],
      },
    }),
  );
});
afterEach(() => gw.stop());

const answer = async (doc: string, vars: Record<string, unknown>) => {
  const res = await gw.gql(doc, vars);
  const payload = res.data ? (Object.values(res.data)[0] as { booking: any } | null) : null;
  return { res, booking: payload?.booking };
};
const refusedWith = async (doc: string, vars: Record<string, unknown>, code: string, reason?: string) => {
  const error = errorOf(await gw.gql(doc, vars), code);
  if (reason) expect(error.extensions?.reason).toBe(reason);
  return error;
};

describe('confirmBooking', () => {
  it('confirms a pending booking once; a repeat returns it unchanged; its spot stays taken', async () => {
    const id = await book(gw, CONSULT, 'u1');
    expect((await bookingSeenBy(gw, id)).status).toBe('PENDING_MERCHANT_CONFIRMATION');
    gw.clock.advance(60);
    const confirmed = (await answer(MQ.confirm, { id })).booking;
    expect(confirmed).toMatchObject({ bookingId: id, status: 'CONFIRMED', updatedAtSec: T0 + 60 });
    gw.clock.advance(60);
    expect((await answer(MQ.confirm, { id })).booking).toEqual(confirmed);
    expect(await bookingSeenBy(gw, id)).toEqual(confirmed);
    expect(await countAvailable(gw, CONSULT)).toBe(1);
    expect(ok(await gw.gql(Q.bookingStatus, { id })).bookingStatus.bookingStatus).toBe('CONFIRMED');
  });

  it('refuses any booking that is not pending with FAILED_PRECONDITION BOOKING_NOT_PENDING, and changes nothing', async () => {
    const declined = await book(gw, CONSULT, 'u1');
    ok(await gw.gql(MQ.decline, { id: declined }));
    await refusedWith(MQ.confirm, { id: declined }, 'FAILED_PRECONDITION', 'BOOKING_NOT_PENDING');
    expect((await bookingSeenBy(gw, declined)).status).toBe('DECLINED_BY_MERCHANT');
    const cancelled = await book(gw, CONSULT, 'u2');
    ok(await gw.gql(MQ.cancel, { id: cancelled }));
    await refusedWith(MQ.confirm, { id: cancelled }, 'FAILED_PRECONDITION', 'BOOKING_NOT_PENDING');
    // A synchronous booking is confirmed already: confirming it again returns it unchanged.
    const sync = await book(gw, { startSec: DAY1 }, 'u3');
    expect((await answer(MQ.confirm, { id: sync })).booking).toMatchObject({ bookingId: sync, status: 'CONFIRMED', updatedAtSec: T0 });
  });

  it('NOT_FOUND for an unknown booking, INVALID_ARGUMENT for a blank id', async () => {
    for (const doc of [MQ.confirm, MQ.decline, MQ.noShow]) {
      expect((await refusedWith(doc, { id: 'no-such-booking' }, 'NOT_FOUND')).extensions?.field).toBe('input.bookingId');
      expect((await refusedWith(doc, { id: ' ' }, 'INVALID_ARGUMENT')).extensions?.field).toBe('input.bookingId');
    }
  });
});

describe('declineBooking', () => {
  it('declines a pending booking with its reason and frees its spots at once; a repeat returns it unchanged', async () => {
    const id = await book(gw, CONSULT, 'u1');
    expect(await countAvailable(gw, CONSULT)).toBe(1);
    gw.clock.advance(5);
    const declined = (await answer(MQ.decline, { id, reason: 'Fully booked that morning' })).booking;
    expect(declined).toMatchObject({ status: 'DECLINED_BY_MERCHANT', declineReason: 'Fully booked that morning', updatedAtSec: T0 + 5 });
    expect(await countAvailable(gw, CONSULT)).toBe(2);
    gw.clock.advance(5);
    expect((await answer(MQ.decline, { id, reason: 'another reason' })).booking).toEqual(declined);
    // The customer sees the answer, and cannot cancel what was declined.
    expect(ok(await gw.gql(MQ.cancel, { id })).updateBooking.bookingFailure.cause).toBe('BOOKING_NOT_CANCELLABLE');
    // The user may book the slot again.
    await book(gw, CONSULT, 'u1');
  });

  it('refuses a confirmed, cancelled or no-show booking with BOOKING_NOT_PENDING', async () => {
    const sync = await book(gw, { startSec: DAY1 }, 'u1');
    await refusedWith(MQ.decline, { id: sync }, 'FAILED_PRECONDITION', 'BOOKING_NOT_PENDING');
    const cancelled = await book(gw, CONSULT, 'u2');
    ok(await gw.gql(MQ.cancel, { id: cancelled }));
    await refusedWith(MQ.decline, { id: cancelled }, 'FAILED_PRECONDITION', 'BOOKING_NOT_PENDING');
    expect(await countAvailable(gw, CONSULT)).toBe(2);
  });

  it('refuses an over-long or control-character reason naming input.reason, and changes nothing', async () => {
    const id = await book(gw, CONSULT, 'u1');
    expect((await refusedWith(MQ.decline, { id, reason: 'x'.repeat(1001) }, 'INVALID_ARGUMENT')).extensions?.field).toBe('input.reason');
    expect((await refusedWith(MQ.decline, { id, reason: 'bad\u0000' }, 'INVALID_ARGUMENT')).extensions?.field).toBe('input.reason');
    expect((await bookingSeenBy(gw, id)).status).toBe('PENDING_MERCHANT_CONFIRMATION');
  });
});

describe('markNoShow', () => {
  it('marks a confirmed booking once its slot has started, NO_SHOW or NO_SHOW_PENALIZED; a repeat returns it unchanged', async () => {
    const a = await book(gw, { startSec: DAY1 }, 'u1');
    const b = await book(gw, { startSec: DAY1 + 1800 }, 'u2');
    await refusedWith(MQ.noShow, { id: a }, 'FAILED_PRECONDITION', 'SLOT_NOT_STARTED');
    gw.clock.set(DAY1);
    const marked = (await answer(MQ.noShow, { id: a })).booking;
    expect(marked).toMatchObject({ status: 'NO_SHOW', updatedAtSec: DAY1 });
    gw.clock.advance(10);
    expect((await answer(MQ.noShow, { id: a, penalized: false })).booking).toEqual(marked);
    // Another mark on a marked booking is refused: the first answer stands.
    await refusedWith(MQ.noShow, { id: a, penalized: true }, 'FAILED_PRECONDITION', 'BOOKING_NOT_CONFIRMED');
    gw.clock.set(DAY1 + 1800);
    expect((await answer(MQ.noShow, { id: b, penalized: true })).booking.status).toBe('NO_SHOW_PENALIZED');
    expect((await answer(MQ.noShow, { id: b, penalized: true })).booking.status).toBe('NO_SHOW_PENALIZED');
    await refusedWith(MQ.noShow, { id: b }, 'FAILED_PRECONDITION', 'BOOKING_NOT_CONFIRMED');
  });

  it('refuses pending and cancelled bookings with BOOKING_NOT_CONFIRMED, even after the start', async () => {
    const pending = await book(gw, CONSULT, 'u1');
    const cancelled = await book(gw, { serviceId: CLASS, startSec: DAY1, durationSec: 3600 }, 'u2');
    ok(await gw.gql(MQ.cancel, { id: cancelled }));
    gw.clock.set(DAY1 + 60);
    await refusedWith(MQ.noShow, { id: pending }, 'FAILED_PRECONDITION', 'BOOKING_NOT_CONFIRMED');
    await refusedWith(MQ.noShow, { id: cancelled }, 'FAILED_PRECONDITION', 'BOOKING_NOT_CONFIRMED');
  });
});

describe('pendingConfirmationTimeoutSec, judged whenever the booking is read', () => {
  const timed = { serviceId: TIMED, startSec: DAY1, durationSec: 1800 };

  it('a booking not answered in time reads as DECLINED_BY_MERCHANT and holds no spot, with no job having run', async () => {
    const id = await book(gw, timed, 'u1');
    expect(await countAvailable(gw, timed)).toBe(0);
    gw.clock.set(T0 + HOUR - 1);
    expect((await bookingSeenBy(gw, id)).status).toBe('PENDING_MERCHANT_CONFIRMATION');
    gw.clock.set(T0 + HOUR);
    expect((await bookingSeenBy(gw, id)).status).toBe('DECLINED_BY_MERCHANT');
    expect(ok(await gw.gql(Q.bookingStatus, { id })).bookingStatus.bookingStatus).toBe('DECLINED_BY_MERCHANT');
    expect(await countAvailable(gw, timed)).toBe(1);
    const listed = ok(await gw.gql(MQ.merchantBookings, { m: M, from: DAY1, to: DAY1 + 1, status: ['DECLINED_BY_MERCHANT'] })).merchantBookings;
    // Listed as of now too: the node shows the status the filter matched.
    expect(listed.edges.map((e: any) => [e.node.bookingId, e.node.status])).toEqual([[id, 'DECLINED_BY_MERCHANT']]);
    // Too late to confirm; declining it again returns it as it is; the same user may book again.
    await refusedWith(MQ.confirm, { id }, 'FAILED_PRECONDITION', 'BOOKING_NOT_PENDING');
    expect((await answer(MQ.decline, { id })).booking.status).toBe('DECLINED_BY_MERCHANT');
    const again = await book(gw, timed, 'u1');
    expect((await bookingSeenBy(gw, again)).status).toBe('PENDING_MERCHANT_CONFIRMATION');
    expect((await bookingSeenBy(gw, id)).status).toBe('DECLINED_BY_MERCHANT');
  });

  it('a booking answered in time keeps its spot past the timeout', async () => {
    const id = await book(gw, timed, 'u1');
    gw.clock.set(T0 + HOUR - 1);
    ok(await gw.gql(MQ.confirm, { id }));
    gw.clock.set(T0 + 2 * HOUR);
    expect((await bookingSeenBy(gw, id)).status).toBe('CONFIRMED');
    expect(await countAvailable(gw, timed)).toBe(0);
  });

  it('a booking still pending when its slot starts counts as declined from the start, even before the timeout', async () => {
    const soon = { serviceId: TIMED, startSec: T0 + 1800, durationSec: 1800 };
    const id = await book(gw, soon, 'u1');
    gw.clock.set(T0 + 1799);
    expect((await bookingSeenBy(gw, id)).status).toBe('PENDING_MERCHANT_CONFIRMATION');
    gw.clock.set(T0 + 1800);
    expect((await bookingSeenBy(gw, id)).status).toBe('DECLINED_BY_MERCHANT');
  });
});

describe('rescheduling and the merchant’s answer', () => {
  const reschedule = (id: string, startSec: number, partySize?: number) =>
    gw.gql(Q.updateBooking, { input: { booking: { bookingId: id, slot: { merchantId: M, serviceId: ASYNC, startSec, durationSec: 2700, ...(partySize && { resources: { partySize } }) } } } });

  it('a confirmed booking moved into an asynchronous slot waits for the merchant again; into a synchronous one it stays confirmed', async () => {
    const id = await book(gw, CONSULT, 'u1');
    ok(await gw.gql(MQ.confirm, { id }));
    const moved = ok(await reschedule(id, DAY1 + 2 * HOUR)).updateBooking.booking;
    expect(moved).toMatchObject({ bookingId: id, status: 'PENDING_MERCHANT_CONFIRMATION', slot: { startSec: DAY1 + 2 * HOUR } });
    expect(await countAvailable(gw, CONSULT)).toBe(2);
    // Pending again: it cannot be rescheduled until answered.
    errorOf(await reschedule(id, DAY1 + 4 * HOUR), 'INVALID_ARGUMENT');
    ok(await gw.gql(MQ.confirm, { id }));
    expect(ok(await reschedule(id, DAY1 + 4 * HOUR)).updateBooking.booking.status).toBe('CONFIRMED');
  });

  it('a party-size decrease on the same asynchronous slot needs no new answer; an increase does', async () => {
    const id = await book(gw, { ...CONSULT, startSec: DAY1 + 2 * HOUR, partySize: 3 }, 'u1');
    ok(await gw.gql(MQ.confirm, { id }));
    expect(ok(await reschedule(id, DAY1 + 2 * HOUR, 2)).updateBooking.booking.status).toBe('CONFIRMED');
    expect(ok(await reschedule(id, DAY1 + 2 * HOUR, 4)).updateBooking.booking.status).toBe('PENDING_MERCHANT_CONFIRMATION');
  });
});

describe('answers racing the customer’s cancel', () => {
  const RACERS = 15;
  const big = { serviceId: ASYNC, startSec: DAY1 + 2 * HOUR, durationSec: 2700 };

  it('decline vs cancel: exactly one wins each booking, and its spots are released exactly once', async () => {
    const ids = await Promise.all(Array.from({ length: RACERS }, (_, i) => book(gw, big, `racer-${i}`)));
    expect(await countAvailable(gw, big)).toBe(40 - RACERS);
    const outcomes = await Promise.all(
      ids.map(async (id) => {
        const [declined, cancelled] = await Promise.all([gw.gql(MQ.decline, { id }), gw.gql(MQ.cancel, { id })]);
        const declineWon = !declined.errors;
        const cancelWon = !!cancelled.data?.updateBooking?.booking;
        const final = (await bookingSeenBy(gw, id)).status;
        if (declineWon) expect(cancelled.data.updateBooking.bookingFailure.cause).toBe('BOOKING_NOT_CANCELLABLE');
        else expect(declined.errors![0].extensions?.reason).toBe('BOOKING_NOT_PENDING');
        return { one: declineWon !== cancelWon, final, expected: declineWon ? 'DECLINED_BY_MERCHANT' : 'CANCELED' };
      }),
    );
    expect(outcomes).toHaveLength(RACERS);
    for (const o of outcomes) expect(o).toEqual({ one: true, final: o.expected, expected: o.expected });
    expect(await countAvailable(gw, big)).toBe(40);
  });

  it('confirm vs cancel: the booking always ends cancelled with its spots free; a confirm after the cancel is refused', async () => {
    const ids = await Promise.all(Array.from({ length: RACERS }, (_, i) => book(gw, big, `racer-${i}`)));
    const results = await Promise.all(
      ids.map(async (id) => {
        const [confirmed, cancelled] = await Promise.all([gw.gql(MQ.confirm, { id }), gw.gql(MQ.cancel, { id })]);
        expect(cancelled.data.updateBooking.booking.status).toBe('CANCELED');
        if (confirmed.errors) expect(confirmed.errors[0].extensions?.reason).toBe('BOOKING_NOT_PENDING');
        else expect(confirmed.data.confirmBooking.booking.status).toBe('CONFIRMED');
        return (await bookingSeenBy(gw, id)).status;
      }),
    );
    expect(results).toEqual(Array(RACERS).fill('CANCELED'));
    expect(await countAvailable(gw, big)).toBe(40);
  });
});
