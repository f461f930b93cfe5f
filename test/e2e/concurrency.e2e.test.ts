// Real concurrent HTTP requests against one gateway: capacity is never oversold and duplicates
// resolve to one booking. The store (memory, or MongoDB with E2E_STORE=mongodb) yields to the event
// loop on every call, as a networked store does, so these tests fail against a store whose units of
// work are not isolated.
import { withLatency } from '../support/latency.store';
import { CLASS, DAY1, Q, bookingInput, countAvailable, seedInventory, slot, user } from '../support/fixtures';
import { ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({ wrapStore: withLatency });
  await seedInventory(gw);
});
afterEach(() => gw.stop());

const CLASS_SLOT = { serviceId: CLASS, durationSec: 3600 };
const activeBookingsOf = async (userIds: string[]) => {
  let n = 0;
  for (const id of userIds) {
    n += ok(await gw.gql(Q.bookings, { userId: id })).bookings.filter((b: any) => b.status !== 'CANCELED').length;
  }
  return n;
};

it('40 concurrent bookers on a 5-spot slot: exactly 5 confirmed, 35 SLOT_UNAVAILABLE', async () => {
  const users = Array.from({ length: 40 }, (_, i) => `racer-${i}`);
  const results = await Promise.all(
    users.map((u) => gw.gql(Q.createBooking, { input: bookingInput({ userInformation: user(u) }, CLASS_SLOT) })),
  );
  const payloads = results.map((r) => ok(r).createBooking);
  expect(payloads.filter((p) => p.booking?.status === 'CONFIRMED')).toHaveLength(5);
  expect(payloads.filter((p) => p.bookingFailure?.cause === 'SLOT_UNAVAILABLE')).toHaveLength(35);
  expect(await countAvailable(gw, CLASS_SLOT)).toBe(0);
  expect(await activeBookingsOf(users)).toBe(5);
});

it('20 concurrent duplicates of one request make one booking and all get the same payload', async () => {
  const input = bookingInput({ idempotencyToken: 'dup-token' }, CLASS_SLOT);
  const results = await Promise.all(Array.from({ length: 20 }, () => gw.gql(Q.createBooking, { input })));
  const ids = new Set(results.map((r) => ok(r).createBooking.booking.bookingId));
  expect(ids.size).toBe(1);
  expect(await countAvailable(gw, CLASS_SLOT)).toBe(4);
  expect(await activeBookingsOf(['u1'])).toBe(1);
});

it('concurrent leases and bookings together never exceed spotsTotal', async () => {
  const requests = Array.from({ length: 30 }, (_, i) =>
    i % 2 === 0
      ? gw.gql(Q.createLease, { input: { lease: { slot: slot(CLASS_SLOT), userReference: `ref-${i}` } } }).then((r) => ok(r).createLease.lease !== null)
      : gw.gql(Q.createBooking, { input: bookingInput({ userInformation: user(`mix-${i}`) }, CLASS_SLOT) }).then((r) => ok(r).createBooking.booking !== null),
  );
  const granted = (await Promise.all(requests)).filter(Boolean).length;
  expect(granted).toBe(5);
  expect(await countAvailable(gw, CLASS_SLOT)).toBe(0);
});

it('concurrent reschedules into one free spot: exactly one moves, the others stay put', async () => {
  // Five bookings at DAY1+1d's class are moved towards DAY1's class which has 1 free spot left.
  const target = { ...CLASS_SLOT };
  for (let i = 0; i < 4; i++) ok(await gw.gql(Q.createBooking, { input: bookingInput({ userInformation: user(`stay-${i}`) }, target) }));
  const movers: string[] = [];
  for (let i = 0; i < 5; i++) {
    const b = ok(await gw.gql(Q.createBooking, { input: bookingInput({ userInformation: user(`move-${i}`) }, { ...CLASS_SLOT, startSec: DAY1 + 86400 }) }));
    movers.push(b.createBooking.booking.bookingId);
  }
  const results = await Promise.all(
    movers.map((id) => gw.gql(Q.updateBooking, { input: { booking: { bookingId: id, slot: slot(target) } } }).then((r) => ok(r).updateBooking)),
  );
  expect(results.filter((r) => r.booking)).toHaveLength(1);
  expect(results.filter((r) => r.bookingFailure?.cause === 'SLOT_UNAVAILABLE')).toHaveLength(4);
  expect(await countAvailable(gw, target)).toBe(0);
  expect(await countAvailable(gw, { ...CLASS_SLOT, startSec: DAY1 + 86400 })).toBe(1);
});
