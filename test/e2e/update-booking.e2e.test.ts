import { ASYNC, CLASS, DAY1, HOUR, Q, bookingInput, countAvailable, seedInventory, slot, user, type SlotSpec } from '../support/fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway();
  await seedInventory(gw);
});
afterEach(() => gw.stop());

const CLASS_SLOT = { serviceId: CLASS, durationSec: 3600 };
const book = async (spec: SlotSpec = {}, userId = 'u1') =>
  ok(await gw.gql(Q.createBooking, { input: bookingInput({ userInformation: user(userId) }, spec) })).createBooking.booking;
const update = (booking: Record<string, unknown>) => gw.gql(Q.updateBooking, { input: { booking } });
const readBooking = async (id: string) => ok(await gw.gql(Q.booking, { id })).booking;

describe('cancel', () => {
  it('cancels, releases the spots, and answers a repeated cancel with the cancelled booking', async () => {
    const b = await book(CLASS_SLOT);
    gw.clock.advance(30);
    const res = ok(await update({ bookingId: b.bookingId, status: 'CANCELED' })).updateBooking;
    expect(res.bookingFailure).toBeNull();
    expect(res.booking).toMatchObject({ bookingId: b.bookingId, status: 'CANCELED', updatedAtSec: gw.clock.nowSec() });
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(5);
    const again = ok(await update({ bookingId: b.bookingId, status: 'CANCELED' })).updateBooking;
    expect(again).toEqual(res);
    expect(ok(await gw.gql(Q.bookingStatus, { id: b.bookingId })).bookingStatus.bookingStatus).toBe('CANCELED');
  });

  it('applies minAdvanceOnlineCancelingSec: allowed up to the deadline, OUTSIDE_CANCELLATION_WINDOW after', async () => {
    const b = await book(); // service "cut": 1 h before the start
    gw.clock.set(DAY1 - HOUR + 1);
    const late = ok(await update({ bookingId: b.bookingId, status: 'CANCELED' })).updateBooking;
    expect(late).toEqual({ booking: null, userPaymentOption: null, bookingFailure: expect.objectContaining({ cause: 'OUTSIDE_CANCELLATION_WINDOW' }) });
    expect((await readBooking(b.bookingId)).status).toBe('CONFIRMED');
    gw.clock.set(DAY1 - HOUR);
    expect(ok(await update({ bookingId: b.bookingId, status: 'CANCELED' })).updateBooking.booking.status).toBe('CANCELED');
  });

  it('without a policy allows cancelling until the start, not after', async () => {
    const b = await book(CLASS_SLOT);
    gw.clock.set(DAY1 + 1);
    expect(ok(await update({ bookingId: b.bookingId, status: 'CANCELED' })).updateBooking.bookingFailure.cause).toBe('OUTSIDE_CANCELLATION_WINDOW');
    gw.clock.set(DAY1);
    expect(ok(await update({ bookingId: b.bookingId, status: 'CANCELED' })).updateBooking.booking.status).toBe('CANCELED');
  });

  it('cancels a pending (asynchronous) booking', async () => {
    const b = await book({ serviceId: ASYNC, durationSec: 2700 });
    expect(b.status).toBe('PENDING_MERCHANT_CONFIRMATION');
    expect(ok(await update({ bookingId: b.bookingId, status: 'CANCELED' })).updateBooking.booking.status).toBe('CANCELED');
  });

  it('unknown booking id is NOT_FOUND; other statuses, both or neither field are INVALID_ARGUMENT', async () => {
    errorOf(await update({ bookingId: 'nope', status: 'CANCELED' }), 'NOT_FOUND');
    const b = await book(CLASS_SLOT);
    errorOf(await update({ bookingId: b.bookingId, status: 'CONFIRMED' }), 'INVALID_ARGUMENT');
    errorOf(await update({ bookingId: b.bookingId, status: 'CANCELED', slot: slot(CLASS_SLOT) }), 'INVALID_ARGUMENT');
    errorOf(await update({ bookingId: b.bookingId }), 'INVALID_ARGUMENT');
    errorOf(await update({ bookingId: b.bookingId, status: 'BOGUS' }), 'INVALID_ARGUMENT');
    expect((await readBooking(b.bookingId)).status).toBe('CONFIRMED');
  });
});

describe('reschedule', () => {
  it('moves the booking to a new start, keeping its id, releasing the old spot and taking the new one', async () => {
    const b = await book();
    const moved = ok(await update({ bookingId: b.bookingId, slot: slot({ startSec: DAY1 + 1800 }) })).updateBooking.booking;
    expect(moved).toMatchObject({ bookingId: b.bookingId, status: 'CONFIRMED', slot: { startSec: DAY1 + 1800, durationSec: 1800 } });
    expect(await countAvailable(gw)).toBe(1);
    expect(await countAvailable(gw, { startSec: DAY1 + 1800 })).toBe(0);
    expect((await readBooking(b.bookingId)).slot.startSec).toBe(DAY1 + 1800);
  });

  it('into a full slot gives SLOT_UNAVAILABLE and leaves everything untouched', async () => {
    const mine = await book();
    await book({ startSec: DAY1 + 1800 }, 'other');
    const res = ok(await update({ bookingId: mine.bookingId, slot: slot({ startSec: DAY1 + 1800 }) })).updateBooking;
    expect(res).toEqual({ booking: null, userPaymentOption: null, bookingFailure: expect.objectContaining({ cause: 'SLOT_UNAVAILABLE' }) });
    expect((await readBooking(mine.bookingId)).slot.startSec).toBe(DAY1);
    expect(await countAvailable(gw)).toBe(0);
    expect(await countAvailable(gw, { startSec: DAY1 + 1800 })).toBe(0);
  });

  it('changes the party size within the same slot, checking the capacity net of the booking’s own spots', async () => {
    const b = await book({ ...CLASS_SLOT, partySize: 2 });
    await book({ ...CLASS_SLOT, partySize: 2 }, 'other'); // 1 spot left
    const grown = ok(await update({ bookingId: b.bookingId, slot: slot({ ...CLASS_SLOT, partySize: 3 }) })).updateBooking;
    expect(grown.booking.slot.resources.partySize).toBe(3);
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(0);
    const tooBig = ok(await update({ bookingId: b.bookingId, slot: slot({ ...CLASS_SLOT, partySize: 4 }) })).updateBooking;
    expect(tooBig.bookingFailure.cause).toBe('SLOT_UNAVAILABLE');
    const shrunk = ok(await update({ bookingId: b.bookingId, slot: slot({ ...CLASS_SLOT, partySize: 1 }) })).updateBooking;
    expect(shrunk.booking.slot.resources.partySize).toBe(1);
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(2);
  });

  it('keeps the party size when a reschedule leaves resources out', async () => {
    const b = await book({ ...CLASS_SLOT, partySize: 3 });
    const moved = ok(await update({ bookingId: b.bookingId, slot: slot({ ...CLASS_SLOT, startSec: DAY1 + 24 * HOUR }) })).updateBooking.booking;
    expect(moved.slot.resources.partySize).toBe(3);
    expect(await countAvailable(gw, { ...CLASS_SLOT, startSec: DAY1 + 24 * HOUR })).toBe(2);
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(5);
  });

  it('refuses a move onto a slot where the same user already holds a booking', async () => {
    await book({ ...CLASS_SLOT, startSec: DAY1 + 24 * HOUR });
    const b = await book(CLASS_SLOT);
    const res = ok(await update({ bookingId: b.bookingId, slot: slot({ ...CLASS_SLOT, startSec: DAY1 + 24 * HOUR }) })).updateBooking;
    expect(res.bookingFailure.cause).toBe('SLOT_ALREADY_BOOKED_BY_USER');
  });

  it('refuses rescheduling pending, cancelled, cross-service and unknown-slot requests with INVALID_ARGUMENT', async () => {
    const pending = await book({ serviceId: ASYNC, durationSec: 2700 });
    errorOf(await update({ bookingId: pending.bookingId, slot: slot({ serviceId: ASYNC, durationSec: 2700, startSec: DAY1 + 60 }) }), 'INVALID_ARGUMENT');
    const b = await book(CLASS_SLOT);
    expect(errorOf(await update({ bookingId: b.bookingId, slot: slot({ startSec: DAY1 + 1800 }) }), 'INVALID_ARGUMENT').message).toContain('serviceId');
    expect(errorOf(await update({ bookingId: b.bookingId, slot: slot({ ...CLASS_SLOT, startSec: DAY1 + 7 }) }), 'INVALID_ARGUMENT').message).toContain('input.booking.slot');
    ok(await update({ bookingId: b.bookingId, status: 'CANCELED' }));
    errorOf(await update({ bookingId: b.bookingId, slot: slot({ ...CLASS_SLOT, startSec: DAY1 + 24 * HOUR }) }), 'INVALID_ARGUMENT');
    expect((await readBooking(b.bookingId)).slot.startSec).toBe(DAY1);
  });

  it('a reschedule to the same slot and party size changes nothing', async () => {
    const b = await book(CLASS_SLOT);
    gw.clock.advance(10);
    const same = ok(await update({ bookingId: b.bookingId, slot: slot(CLASS_SLOT) })).updateBooking.booking;
    expect(same.updatedAtSec).toBe(b.updatedAtSec);
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(4);
  });
});
