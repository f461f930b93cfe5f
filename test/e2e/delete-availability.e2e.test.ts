// deleteAvailability over HTTP: slots deleted all or nothing; slots holding active bookings or live
// leases refuse the whole request, naming them; unknown slots count 0.
import { CLASS, DAY1, HOUR, M, Q, S, bookingInput, seedInventory, slot } from '../support/fixtures';
import { MQ } from '../support/merchant-fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway();
  await seedInventory(gw);
});
afterEach(() => gw.stop());

const del = (slots: unknown[], merchantId = M) => gw.gql(MQ.deleteAvailability, { input: { merchantId, slot: slots } });
const cut = (n: number) => ({ serviceId: S, startSec: DAY1 + n * 1800, durationSec: 1800 });
const exists = async (identity: { serviceId: string; startSec: number; durationSec: number; resources?: unknown }) => {
  const res = await gw.gql(Q.check, { slot: { merchantId: M, ...identity } });
  return !res.errors;
};

describe('deleteAvailability', () => {
  it('deletes free slots and answers how many existed; unknown slots count 0', async () => {
    const res = ok(await del([cut(4), cut(5), { ...cut(5), startSec: DAY1 + 99 * HOUR }, cut(4)]));
    expect(res.deleteAvailability.deletedCount).toBe(2);
    expect(await exists(cut(4))).toBe(false);
    expect(await exists(cut(5))).toBe(false);
    expect(await exists(cut(3))).toBe(true);
    // Staff is identity: the staff slot at DAY1 is another slot than cut(0).
    expect(ok(await del([{ ...cut(0), resources: { staffId: 'alex' } }])).deleteAvailability.deletedCount).toBe(1);
    expect(await exists(cut(0))).toBe(true);
    expect(ok(await del([cut(4)])).deleteAvailability.deletedCount).toBe(0);
  });

  it('refuses, all or nothing, when a slot holds an active booking or a live lease, naming those slots', async () => {
    ok(await gw.gql(Q.createBooking, { input: bookingInput({}, cut(1)) }));
    ok(await gw.gql(Q.createLease, { input: { lease: { slot: slot({ serviceId: CLASS, startSec: DAY1, durationSec: 3600 }), userReference: 'r' } } }));
    const res = await del([cut(2), cut(1), { serviceId: CLASS, startSec: DAY1, durationSec: 3600 }]);
    const error = errorOf(res, 'FAILED_PRECONDITION');
    expect(error.extensions?.reason).toBe('SLOT_IN_USE');
    expect(error.extensions?.field).toBe('input.slot[1]');
    expect(error.message).toContain('input.slot[1]');
    expect(error.message).toContain('input.slot[2]');
    expect(await exists(cut(2))).toBe(true);
  });

  it('deletes a slot once its booking is cancelled or its lease expired', async () => {
    const booked = ok(await gw.gql(Q.createBooking, { input: bookingInput({}, cut(1)) })).createBooking.booking;
    const leased = ok(await gw.gql(Q.createLease, { input: { lease: { slot: slot(cut(2)), userReference: 'r' } } })).createLease.lease;
    errorOf(await del([cut(1)]), 'FAILED_PRECONDITION');
    ok(await gw.gql(MQ.cancel, { id: booked.bookingId }));
    gw.clock.set(leased.leaseExpirationTimeSec);
    expect(ok(await del([cut(1), cut(2)])).deleteAvailability.deletedCount).toBe(2);
    // The cancelled booking is still there to read.
    expect(ok(await gw.gql(Q.booking, { id: booked.bookingId })).booking.status).toBe('CANCELED');
  });

  it('refuses bad input naming the field, an unknown merchant, and an empty list', async () => {
    expect(errorOf(await del([{ ...cut(1), durationSec: 0 }]), 'INVALID_ARGUMENT').extensions?.field).toBe('input.slot[0].durationSec');
    expect(errorOf(await del([cut(1)], 'nobody'), 'INVALID_ARGUMENT').extensions?.field).toBe('input.merchantId');
    expect(errorOf(await del([]), 'INVALID_ARGUMENT').extensions?.field).toBe('input.slot');
  });
});
