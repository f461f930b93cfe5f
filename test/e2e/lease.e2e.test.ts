import { CLASS, DAY1, Q, bookingInput, countAvailable, seedInventory, slot, user, type SlotSpec } from '../support/fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway();
  await seedInventory(gw);
});
afterEach(() => gw.stop());

const CLASS_SLOT: SlotSpec = { serviceId: CLASS, durationSec: 3600 };
const lease = (ref: string, extra: Record<string, unknown> = {}, spec = CLASS_SLOT) =>
  gw.gql(Q.createLease, { input: { lease: { slot: slot(spec), userReference: ref, ...extra } } });

describe('createLease', () => {
  it('holds spots with the default 10-minute expiry, echoing slot and resources', async () => {
    const res = ok(await lease('ref-1', {}, { ...CLASS_SLOT, partySize: 2 })).createLease;
    expect(res.bookingFailure).toBeNull();
    expect(res.lease).toMatchObject({
      userReference: 'ref-1',
      leaseExpirationTimeSec: gw.clock.nowSec() + 600,
      slot: { serviceId: CLASS, startSec: DAY1, durationSec: 3600, resources: { staffId: null, roomId: null, partySize: 2 } },
    });
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(3);
    const read = ok(await gw.gql(`query($id: ID!) { lease(leaseId: $id) { leaseId userReference } }`, { id: res.lease.leaseId }));
    expect(read.lease).toEqual({ leaseId: res.lease.leaseId, userReference: 'ref-1' });
  });

  it('shortens a request beyond 30 minutes and keeps a shorter one', async () => {
    const now = gw.clock.nowSec();
    expect(ok(await lease('long', { leaseExpirationTimeSec: now + 7200 })).createLease.lease.leaseExpirationTimeSec).toBe(now + 1800);
    expect(ok(await lease('short', { leaseExpirationTimeSec: String(now + 120) })).createLease.lease.leaseExpirationTimeSec).toBe(now + 120);
  });

  it('refuses an expiration in the past with INVALID_ARGUMENT naming the field', async () => {
    const error = errorOf(await lease('past', { leaseExpirationTimeSec: gw.clock.nowSec() - 1 }), 'INVALID_ARGUMENT');
    expect(error.message).toContain('input.lease.leaseExpirationTimeSec');
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(5);
  });

  it('returns the same lease for the same userReference and slot while it lives', async () => {
    const first = ok(await lease('same')).createLease.lease;
    gw.clock.advance(100);
    const again = ok(await lease('same', { leaseExpirationTimeSec: gw.clock.nowSec() + 1500 })).createLease.lease;
    expect(again).toEqual(first);
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(4);
  });

  it('gives SLOT_UNAVAILABLE on a full slot', async () => {
    ok(await lease('big', {}, { ...CLASS_SLOT, partySize: 5 }));
    const res = ok(await lease('late')).createLease;
    expect(res.lease).toBeNull();
    expect(res.bookingFailure.cause).toBe('SLOT_UNAVAILABLE');
  });

  it('frees its spots when it expires, with no background job', async () => {
    const res = ok(await lease('exp', {}, { ...CLASS_SLOT, partySize: 5 })).createLease.lease;
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(0);
    gw.clock.set(res.leaseExpirationTimeSec - 1);
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(0);
    gw.clock.set(res.leaseExpirationTimeSec);
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(5);
    // The same reference after expiry is a new lease.
    const fresh = ok(await lease('exp')).createLease.lease;
    expect(fresh.leaseId).not.toBe(res.leaseId);
  });

  it('refuses a slot that is not in the inventory', async () => {
    errorOf(await lease('x', {}, { ...CLASS_SLOT, startSec: DAY1 + 17 }), 'INVALID_ARGUMENT');
  });
});

describe('createBooking with a lease', () => {
  it('consumes the lease: its spots become the booking’s, and it cannot be used again', async () => {
    const l = ok(await lease('hold', {}, { ...CLASS_SLOT, partySize: 2 })).createLease.lease;
    const input = bookingInput({ leaseRef: { leaseId: l.leaseId } }, { ...CLASS_SLOT, partySize: 2 });
    const booking = ok(await gw.gql(Q.createBooking, { input })).createBooking.booking;
    expect(booking.status).toBe('CONFIRMED');
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(3);
    const reuse = bookingInput({ leaseRef: { leaseId: l.leaseId }, userInformation: user('u2') }, { ...CLASS_SLOT, partySize: 2 });
    errorOf(await gw.gql(Q.createBooking, { input: reuse }), 'NOT_FOUND');
  });

  it('books the last spots through a lease even though the slot looks full to everyone else', async () => {
    const l = ok(await lease('all', {}, { ...CLASS_SLOT, partySize: 5 })).createLease.lease;
    const other = ok(await gw.gql(Q.createBooking, { input: bookingInput({ userInformation: user('other') }, CLASS_SLOT) })).createBooking;
    expect(other.bookingFailure.cause).toBe('SLOT_UNAVAILABLE');
    const mine = ok(await gw.gql(Q.createBooking, { input: bookingInput({ leaseRef: { leaseId: l.leaseId } }, { ...CLASS_SLOT, partySize: 5 }) }));
    expect(mine.createBooking.booking.status).toBe('CONFIRMED');
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(0);
  });

  it('gives LEASE_EXPIRED once the lease has expired, and books nothing', async () => {
    const l = ok(await lease('late')).createLease.lease;
    gw.clock.set(l.leaseExpirationTimeSec);
    const res = ok(await gw.gql(Q.createBooking, { input: bookingInput({ leaseRef: { leaseId: l.leaseId } }, CLASS_SLOT) })).createBooking;
    expect(res).toEqual({ booking: null, userPaymentOption: null, bookingFailure: expect.objectContaining({ cause: 'LEASE_EXPIRED' }) });
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(5);
  });

  it('needs the lease’s slot and party size (INVALID_ARGUMENT) and a known lease (NOT_FOUND)', async () => {
    const l = ok(await lease('m', {}, { ...CLASS_SLOT, partySize: 2 })).createLease.lease;
    const otherSlot = bookingInput({ leaseRef: { leaseId: l.leaseId } }, { ...CLASS_SLOT, startSec: DAY1 + 86400, partySize: 2 });
    expect(errorOf(await gw.gql(Q.createBooking, { input: otherSlot }), 'INVALID_ARGUMENT').message).toContain('input.slot');
    const otherParty = bookingInput({ leaseRef: { leaseId: l.leaseId } }, { ...CLASS_SLOT, partySize: 3 });
    expect(errorOf(await gw.gql(Q.createBooking, { input: otherParty }), 'INVALID_ARGUMENT').message).toContain('partySize');
    const unknown = bookingInput({ leaseRef: { leaseId: 'no-such-lease' } }, CLASS_SLOT);
    expect(errorOf(await gw.gql(Q.createBooking, { input: unknown }), 'NOT_FOUND').message).toContain('input.leaseRef.leaseId');
    expect(await countAvailable(gw, CLASS_SLOT)).toBe(3);
  });

  it('scopes leases per API key: another caller cannot book through or read my lease', async () => {
    await gw.stop();
    gw = await startTestGateway({ apiKeys: 'partner:pk_aaaaaaaaaa,widget:wk_bbbbbbbbbb' });
    const a = { authorization: 'Bearer pk_aaaaaaaaaa' };
    const b = { authorization: 'Bearer wk_bbbbbbbbbb' };
    await seedInventory({ ...gw, gql: (q, v, h) => gw.gql(q, v, { ...a, ...h }) });
    const l = ok(await gw.gql(Q.createLease, { input: { lease: { slot: slot(CLASS_SLOT), userReference: 'r' } } }, a)).createLease.lease;
    const input = bookingInput({ leaseRef: { leaseId: l.leaseId } }, CLASS_SLOT);
    errorOf(await gw.gql(Q.createBooking, { input }, b), 'NOT_FOUND');
    expect(ok(await gw.gql(`query($id: ID!) { lease(leaseId: $id) { leaseId } }`, { id: l.leaseId }, b)).lease).toBeNull();
  });
});
