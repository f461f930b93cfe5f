// Slot.merchant and Slot.service resolve through per-request DataLoaders: the store calls of a
// request do not grow with the number of bookings in it.
import { CallCounter, countingStore } from '../../src/store/counting.store';
import { CLASS, DAY1, M, Q, bookingInput, seedInventory, user } from '../support/fixtures';
import { ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
const counter = new CallCounter();
beforeEach(async () => {
  gw = await startTestGateway({ wrapStore: (store) => countingStore(store, counter) });
  await seedInventory(gw);
});
afterEach(() => gw.stop());

const LIST = `query($u: ID!) { bookings(userId: $u) { bookingId slot { merchant { name } service { name } } } }`;

async function bookN(userId: string, n: number) {
  const availability = Array.from({ length: n }, (_, i) => ({ serviceId: CLASS, startSec: DAY1 + 3 * 86400 + i * 3600, durationSec: 3600, spotsTotal: 1 }));
  ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: M, availability } }));
  for (const a of availability) {
    ok(await gw.gql(Q.createBooking, { input: bookingInput({ userInformation: user(userId) }, { serviceId: CLASS, startSec: a.startSec, durationSec: 3600 }) }));
  }
}

async function callsFor(userId: string): Promise<Map<string, number>> {
  counter.reset();
  const list = ok(await gw.gql(LIST, { u: userId })).bookings;
  expect(list.every((b: any) => b.slot.merchant.name === 'Salon' && b.slot.service.name === 'Class')).toBe(true);
  return new Map(counter.calls);
}

it('bookings(userId) { slot { merchant service } } takes 3 store calls for 2 bookings and for 50', async () => {
  await bookN('few', 2);
  await bookN('many', 50);
  const few = await callsFor('few');
  const many = await callsFor('many');
  expect(Object.fromEntries(many)).toEqual({ listBookingsOfUser: 1, getMerchants: 1, getServices: 1 });
  expect(many).toEqual(few);
});

it('batchAvailabilityLookup reads slot times without a duration with one range read per service, not one per time', async () => {
  const times = Array.from({ length: 100 }, (_, i) => ({ serviceId: i % 2 ? CLASS : 'cut', startSec: DAY1 + (i % 10) * 1800 }));
  counter.reset();
  const res = ok(await gw.gql(`query($t: [SlotTimeInput!]!) { batchAvailabilityLookup(merchantId: "${M}", slotTime: $t) { slotTimeAvailability { available } } }`, { t: times }));
  expect(res.batchAvailabilityLookup.slotTimeAvailability).toHaveLength(100);
  expect(Object.fromEntries(counter.calls)).toEqual({ getMerchants: 1, getServices: 1, getSlotStates: 1, findSlotStates: 2 });
});
