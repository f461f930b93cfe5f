// releaseLease over HTTP: a hold given back frees its spots at once; only the caller's own lease;
// idempotent; a consumed lease's booking is untouched.
import { CLASS, DAY1, Q, bookingInput, countAvailable, seedInventory, slot } from '../support/fixtures';
import { MQ, type Headers } from '../support/merchant-fixtures';
import { T0, errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

const KEYS = 'widget:wk_widget_one_1,widget:wk_widget_two_2,partner:pk_partner_key_1';
const WIDGET: Headers = { authorization: 'Bearer wk_widget_one_1' };
const OTHER: Headers = { authorization: 'Bearer wk_widget_two_2' };
const PARTNER: Headers = { authorization: 'Bearer pk_partner_key_1' };
const CLASS_SLOT = { serviceId: CLASS, startSec: DAY1, durationSec: 3600 };

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({ apiKeys: KEYS });
  await seedInventory({ ...gw, gql: (q, v, h) => gw.gql(q, v, { ...PARTNER, ...h }) });
});
afterEach(() => gw.stop());

const lease = async (headers: Headers, userReference: string, partySize = 1) =>
  ok(await gw.gql(Q.createLease, { input: { lease: { slot: slot({ ...CLASS_SLOT, partySize }), userReference } } }, headers)).createLease.lease;
const free = () => countAvailable({ ...gw, gql: (q, v) => gw.gql(q, v, PARTNER) }, CLASS_SLOT);
const release = (id: string, headers: Headers) => gw.gql(MQ.releaseLease, { id }, headers);

describe('releaseLease', () => {
  it('frees the lease’s spots at once and ends it now; releasing again returns it unchanged', async () => {
    const held = await lease(WIDGET, 'visitor-1', 3);
    expect(await free()).toBe(2);
    gw.clock.advance(42);
    const released = ok(await release(held.leaseId, WIDGET)).releaseLease.lease;
    expect(released).toEqual({ leaseId: held.leaseId, leaseExpirationTimeSec: T0 + 42 });
    expect(await free()).toBe(5);
    gw.clock.advance(10);
    expect(ok(await release(held.leaseId, WIDGET)).releaseLease.lease).toEqual(released);
    // The reference may hold the slot again, as a new lease.
    const again = await lease(WIDGET, 'visitor-1', 3);
    expect(again.leaseId).not.toBe(held.leaseId);
    // Booking through the released lease is too late.
    const booking = ok(await gw.gql(Q.createBooking, { input: bookingInput({ leaseRef: { leaseId: held.leaseId } }, { ...CLASS_SLOT, partySize: 3 }) }, WIDGET)).createBooking;
    expect(booking.bookingFailure.cause).toBe('LEASE_EXPIRED');
  });

  it('a visitor clicking three times and leaving gives all three holds back', async () => {
    const holds = [await lease(WIDGET, 'click-1'), await lease(WIDGET, 'click-2'), await lease(WIDGET, 'click-3')];
    expect(await free()).toBe(2);
    await Promise.all(holds.map((h) => release(h.leaseId, WIDGET).then(ok)));
    expect(await free()).toBe(5);
  });

  it('another caller’s lease and an unknown lease are NOT_FOUND, and the lease keeps holding', async () => {
    const held = await lease(WIDGET, 'mine');
    for (const headers of [OTHER, PARTNER]) expect(errorOf(await release(held.leaseId, headers), 'NOT_FOUND').extensions?.field).toBe('input.leaseId');
    errorOf(await release('no-such-lease', WIDGET), 'NOT_FOUND');
    errorOf(await release('', WIDGET), 'INVALID_ARGUMENT');
    expect(await free()).toBe(4);
  });

  it('releasing a lease already turned into a booking leaves the booking and its spots alone', async () => {
    const held = await lease(WIDGET, 'buyer');
    const booked = ok(await gw.gql(Q.createBooking, { input: bookingInput({ leaseRef: { leaseId: held.leaseId } }, CLASS_SLOT) }, WIDGET)).createBooking.booking;
    expect(booked.status).toBe('CONFIRMED');
    expect(ok(await release(held.leaseId, WIDGET)).releaseLease.lease.leaseId).toBe(held.leaseId);
    expect(await free()).toBe(4);
    expect(ok(await gw.gql(Q.bookingStatus, { id: booked.bookingId }, WIDGET)).bookingStatus.bookingStatus).toBe('CONFIRMED');
  });

  it('an expired lease is returned as it is', async () => {
    const held = await lease(WIDGET, 'late');
    gw.clock.set(held.leaseExpirationTimeSec + 5);
    expect(ok(await release(held.leaseId, WIDGET)).releaseLease.lease.leaseExpirationTimeSec).toBe(held.leaseExpirationTimeSec);
  });
});
