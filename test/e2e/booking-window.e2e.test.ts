// "Time gone is gone" and the service's booking window (api-contract "General rules"), and the
// cancellation window guarding the old slot of a reschedule.
import { CLASS, DAY1, HOUR, M, Q, S, bookingInput, countAvailable, seedInventory, slot, user, type SlotSpec } from '../support/fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway();
  await seedInventory(gw);
});
afterEach(() => gw.stop());

const CLASS_SLOT: SlotSpec = { serviceId: CLASS, durationSec: 3600 };
const LATER: SlotSpec = { startSec: DAY1 + 4 * 1800 };
const lease = (spec: SlotSpec = {}) => gw.gql(Q.createLease, { input: { lease: { slot: slot(spec), userReference: `r-${Math.random()}` } } });
const book = (spec: SlotSpec = {}, userId = 'u1') => gw.gql(Q.createBooking, { input: bookingInput({ userInformation: user(userId) }, spec) });
const reschedule = (bookingId: string, spec: SlotSpec) => gw.gql(Q.updateBooking, { input: { booking: { bookingId, slot: slot(spec) } } });
const listed = async (from = DAY1 - HOUR, to = DAY1 + 6 * HOUR, serviceId?: string) =>
  ok(
    await gw.gql(
      `query($m: ID!, $s: ID, $f: Int64!, $t: Int64!) { availableSlots(merchantId: $m, serviceId: $s, startSecFrom: $f, startSecTo: $t) { slot { serviceId startSec } } }`,
      { m: M, s: serviceId ?? null, f: from, t: to },
    ),
  ).availableSlots.map((a: any) => `${a.slot.serviceId}@${a.slot.startSec - DAY1}`);
const batch = async (startSec: number, serviceId = S) =>
  ok(
    await gw.gql(`query($t: [SlotTimeInput!]!) { batchAvailabilityLookup(merchantId: "${M}", slotTime: $t) { slotTimeAvailability { available } } }`, {
      t: [{ serviceId, startSec, durationSec: serviceId === CLASS ? 3600 : 1800 }, { serviceId, startSec }],
    }),
  ).batchAvailabilityLookup.slotTimeAvailability.map((a: any) => a.available);
const failure = (res: any, field: string) => ok<any>(res)[field].bookingFailure?.cause;
const setService = (fields: Record<string, unknown>, serviceId = S) =>
  gw.gql(Q.upsertService, { input: { merchantId: M, serviceId, name: serviceId, ...fields } });

describe('a slot that has started', () => {
  it('is not listed, reads as 0 / unavailable, and cannot be leased, booked or rescheduled into', async () => {
    const b = ok(await book(LATER)).createBooking.booking; // booked while everything lay ahead
    gw.clock.set(DAY1); // the DAY1 slots start now: "at or before now" is gone
    expect(await listed()).not.toContain(`${S}@0`);
    expect(await listed()).toContain(`${S}@1800`);
    expect(await countAvailable(gw)).toBe(0);
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(0);
    expect(await batch(DAY1)).toEqual([false, false]);
    expect(await batch(DAY1 + 1800)).toEqual([true, true]);
    expect(failure(await lease(), 'createLease')).toBe('SLOT_UNAVAILABLE');
    expect(failure(await book(), 'createBooking')).toBe('SLOT_UNAVAILABLE');
    expect(failure(await book(CLASS_SLOT), 'createBooking')).toBe('SLOT_UNAVAILABLE');
    const moved = await reschedule(b.bookingId, { startSec: DAY1 });
    expect(ok(moved).updateBooking).toMatchObject({ booking: null, bookingFailure: { cause: 'SLOT_UNAVAILABLE' } });
    expect(ok(await gw.gql(Q.booking, { id: b.bookingId })).booking.slot.startSec).toBe(LATER.startSec);
  });

  it('one second before its start it is still open', async () => {
    gw.clock.set(DAY1 - 1);
    expect(await countAvailable(gw)).toBe(1);
    expect(await listed()).toContain(`${S}@0`);
    expect(ok(await book()).createBooking.booking.status).toBe('CONFIRMED');
  });

  it('a lease taken before the start cannot be booked through once the slot has started', async () => {
    const held = ok(await lease(CLASS_SLOT)).createLease.lease;
    gw.clock.set(DAY1);
    const res = await gw.gql(Q.createBooking, { input: bookingInput({ leaseRef: { leaseId: held.leaseId } }, CLASS_SLOT) });
    expect(failure(res, 'createBooking')).toBe('SLOT_UNAVAILABLE');
  });
});

describe('minAdvanceBookingSec and maxAdvanceBookingSec', () => {
  it('are shown on the service and validated', async () => {
    const saved = ok(await gw.gql(`mutation($i: UpsertServiceInput!) { upsertService(input: $i) { minAdvanceBookingSec maxAdvanceBookingSec } }`, {
      i: { merchantId: M, serviceId: S, name: 'Cut', minAdvanceBookingSec: 2 * HOUR, maxAdvanceBookingSec: '86400' },
    })).upsertService;
    expect(saved).toEqual({ minAdvanceBookingSec: 2 * HOUR, maxAdvanceBookingSec: 86400 });
    const read = ok(await gw.gql(`{ merchant(merchantId: "${M}") { services { serviceId minAdvanceBookingSec maxAdvanceBookingSec } } }`));
    expect(read.merchant.services.find((s: any) => s.serviceId === S)).toEqual({ serviceId: S, minAdvanceBookingSec: 2 * HOUR, maxAdvanceBookingSec: 86400 });
    expect(errorOf(await setService({ minAdvanceBookingSec: -1 }), 'INVALID_ARGUMENT').extensions?.field).toBe('input.minAdvanceBookingSec');
    expect(errorOf(await setService({ maxAdvanceBookingSec: 0 }), 'INVALID_ARGUMENT').extensions?.field).toBe('input.maxAdvanceBookingSec');
    expect(errorOf(await setService({ minAdvanceBookingSec: 7200, maxAdvanceBookingSec: 3600 }), 'INVALID_ARGUMENT').extensions?.field).toBe('input.maxAdvanceBookingSec');
  });

  it('minAdvanceBookingSec: exactly that far ahead is open, one second less is SLOT_UNAVAILABLE everywhere', async () => {
    ok(await setService({ minAdvanceBookingSec: 2 * HOUR, minAdvanceOnlineCancelingSec: 0 }));
    gw.clock.set(DAY1 - 2 * HOUR + 1);
    expect(await countAvailable(gw)).toBe(0);
    expect(await listed()).not.toContain(`${S}@0`);
    expect(await listed()).toContain(`${S}@1800`);
    expect(await batch(DAY1)).toEqual([false, false]);
    expect(failure(await lease(), 'createLease')).toBe('SLOT_UNAVAILABLE');
    const refused = ok(await book()).createBooking.bookingFailure;
    expect(refused.cause).toBe('SLOT_UNAVAILABLE');
    expect(refused.description).toContain('7200 seconds');
    gw.clock.set(DAY1 - 2 * HOUR);
    expect(await countAvailable(gw)).toBe(1);
    expect(ok(await book()).createBooking.booking.status).toBe('CONFIRMED');
  });

  it('maxAdvanceBookingSec: no further ahead than that, also as a reschedule target', async () => {
    ok(await setService({ maxAdvanceBookingSec: 24 * HOUR }));
    // T0 is exactly 24 h before DAY1: DAY1 is open, DAY1 + 30 min not yet.
    expect(await countAvailable(gw)).toBe(1);
    expect(await countAvailable(gw, { startSec: DAY1 + 1800 })).toBe(0);
    expect(await listed(DAY1 - HOUR, DAY1 + 6 * HOUR, S)).toEqual([`${S}@0`, `${S}@0`]); // the plain slot and Alex's
    const b = ok(await book()).createBooking.booking;
    expect(ok(await reschedule(b.bookingId, { startSec: DAY1 + 1800 })).updateBooking.bookingFailure.cause).toBe('SLOT_UNAVAILABLE');
    gw.clock.advance(1800);
    expect(ok(await reschedule(b.bookingId, { startSec: DAY1 + 1800 })).updateBooking.booking.slot.startSec).toBe(DAY1 + 1800);
  });

  it('availableSlots of all services applies each service\'s own window', async () => {
    ok(await setService({ minAdvanceBookingSec: 25 * HOUR }, CLASS)); // the class on DAY1 is too soon, the next one not
    const all = await listed(DAY1 - HOUR, DAY1 + 30 * HOUR);
    expect(all).not.toContain(`${CLASS}@0`);
    expect(all).toContain(`${CLASS}@${24 * HOUR}`);
    expect(all).toContain(`${S}@0`);
    // Still in the store's order: start, then service.
    const starts = all.map((a: string) => Number(a.split('@')[1]));
    expect(starts).toEqual([...starts].sort((x, y) => x - y));
  });
});

describe('rescheduling obeys the cancellation window of the slot it leaves', () => {
  it('inside the window a move elsewhere is OUTSIDE_CANCELLATION_WINDOW and keeps the spot', async () => {
    const b = ok(await book()).createBooking.booking; // "cut": cancel online until 1 h before
    gw.clock.set(DAY1 - HOUR + 1);
    expect(ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: b.bookingId, status: 'CANCELED' } } })).updateBooking.bookingFailure.cause).toBe(
      'OUTSIDE_CANCELLATION_WINDOW',
    );
    const moved = ok(await reschedule(b.bookingId, LATER)).updateBooking;
    expect(moved).toMatchObject({ booking: null, bookingFailure: { cause: 'OUTSIDE_CANCELLATION_WINDOW' } });
    expect(await countAvailable(gw)).toBe(0);
    expect(await countAvailable(gw, LATER)).toBe(1);
    gw.clock.set(DAY1 - HOUR);
    expect(ok(await reschedule(b.bookingId, LATER)).updateBooking.booking.slot.startSec).toBe(LATER.startSec);
  });

  it('inside the window a smaller party gives spots back, which is refused; a larger one is fine', async () => {
    ok(await setService({ minAdvanceOnlineCancelingSec: HOUR }, CLASS));
    const b = ok(await book({ ...CLASS_SLOT, partySize: 3 })).createBooking.booking;
    gw.clock.set(DAY1 - HOUR + 1);
    expect(ok(await reschedule(b.bookingId, { ...CLASS_SLOT, partySize: 2 })).updateBooking.bookingFailure.cause).toBe('OUTSIDE_CANCELLATION_WINDOW');
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(2);
    expect(ok(await reschedule(b.bookingId, { ...CLASS_SLOT, partySize: 4 })).updateBooking.booking.slot.resources.partySize).toBe(4);
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(1);
  });
});
