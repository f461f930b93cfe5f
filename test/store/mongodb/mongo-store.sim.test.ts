// The real MongoStore (src/store/mongodb) and the real driver against the replica-set simulator
// (test/support/mongo-sim): a scripted booking history compared, step by step, with the in-memory SQLite
// store. (The store contract runs in test/store/mongodb.store.test.ts; mechanics in adapter.sim.test.ts.)
import { MongoServerError } from 'mongodb';
import { BookingStatus } from '../../../src/domain/enums';
import { DomainError } from '../../../src/domain/errors';
import type { BookingRecord, InventorySlot } from '../../../src/domain/records';
import { slotKeyOf } from '../../../src/domain/slot-key';
import { SqliteStore } from '../../../src/store/sqlite/sqlite.store';
import { MongoStore } from '../../../src/store/mongodb/mongo.store';
import type { BookingStore, StoreWriter } from '../../../src/store/store.port';
import { disposeTestStore } from '../../support/mongodb-test-store';
import { startMongoSim, type MongoSim } from '../../support/mongo-sim';
import { DAY, HOUR, T0, booking, idempotency, inventorySlot, keyString, lease, merchant, service } from './fixtures';

let sim: MongoSim;
const stores: MongoStore[] = [];
let n = 0;
beforeAll(async () => {
  sim = await startMongoSim();
});
afterAll(async () => {
  for (const s of stores) await disposeTestStore(s);
  await sim.stop();
});
async function freshStore(): Promise<MongoStore> {
  const store = await MongoStore.connect({ uri: sim.uri, dbName: `history_${process.pid}_${++n}`, serverSelectionTimeoutMS: 5000 });
  stores.push(store);
  return store;
}

// ---- a scripted history, played on both stores ---------------------------------------------------

const slotA = inventorySlot({ spotsTotal: 5 });
const slotB = inventorySlot({ serviceId: 'class', durationSec: 3600, spotsTotal: 3 });
const slotC = inventorySlot({ serviceId: 'color', staffId: 'kim', spotsTotal: 2, availabilityTag: 'evening' });
const slotLater = inventorySlot({ startSec: T0 + 2 * DAY, spotsTotal: 1 });
const slotM2 = inventorySlot({ merchantId: 'm2', spotsTotal: 4 });
const missing = inventorySlot({ serviceId: 'nothing' });
const allSlots = [slotA, slotB, slotC, slotLater, slotM2, missing];

const b1 = booking({ bookingId: 'b1', slot: slotA, userId: 'u1', rich: true });
const b2dup = booking({ bookingId: 'b2', slot: slotA, userId: 'u1', status: BookingStatus.PENDING_MERCHANT_CONFIRMATION });
const b3 = booking({ bookingId: 'b3', slot: slotA, userId: 'u2', status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, createdAtSec: T0 + 1 });
const b4 = booking({ bookingId: 'b4', slot: slotA, userId: 'u3', spots: 2, createdAtSec: T0 + 2 });
const b5 = booking({ bookingId: 'b5', slot: slotLater, userId: 'u1', createdAtSec: T0 + 3 });
const moveTo = (b: BookingRecord, slot: InventorySlot, spots = b.spots): BookingRecord => ({
  ...booking({ bookingId: b.bookingId, slot, userId: b.userInformation.userId, spots, createdAtSec: b.createdAtSec, rich: true }),
  updatedAtSec: b.updatedAtSec + 100,
});

type Step = [string, (tx: StoreWriter) => Promise<unknown>];

const history: Step[] = [
  ['merchants', async (tx) => {
    await tx.upsertMerchant(merchant('m1'));
    await tx.upsertMerchant(merchant('m2', { timeZone: 'America/New_York' }));
    await tx.upsertMerchant(merchant('m1', { name: 'Renamed salon' }));
  }],
  ['services', async (tx) => {
    await tx.upsertService(service('m1', 'cut'));
    await tx.upsertService(service('m1', 'class', { price: null, minAdvanceOnlineCancelingSec: null }));
    await tx.upsertService(service('m2', 'cut'));
    await tx.upsertService(service('m1', 'color'));
    await tx.upsertService(service('m1', 'cut', { name: 'Haircut', price: { priceMicros: 3_000_000_001, currencyCode: 'CHF', pricingOptionTag: null } }));
  }],
  ['slots, one identity twice in the batch', (tx) => tx.upsertSlots([slotA, slotB, { ...slotC, spotsTotal: 9 }, slotC, slotLater, slotM2])],
  ['empty slot batch', (tx) => tx.upsertSlots([])],
  ['leases', async (tx) => {
    await tx.insertLease(lease({ leaseId: 'L1', slot: slotA, spots: 2, leaseExpirationTimeSec: T0 + 600, callerId: 'c1', userReference: 'r1' }));
    await tx.insertLease(lease({ leaseId: 'L2', slot: slotB, spots: 1, leaseExpirationTimeSec: T0 + 300, callerId: 'c1', userReference: 'r1' }));
    await tx.insertLease(lease({ leaseId: 'L3', slot: slotC, spots: 1, leaseExpirationTimeSec: T0 + 900, callerId: 'c2', userReference: 'r1' }));
  }],
  ['read in a unit', (tx) => tx.getSlotStates([slotKeyOf(slotA), slotKeyOf(missing), slotKeyOf(slotB)], T0)],
  ['book b1', (tx) => tx.insertBooking(b1)],
  ['book b2, same user and slot', (tx) => tx.insertBooking(b2dup)],
  ['book b3 (pending)', (tx) => tx.insertBooking(b3)],
  ['inactive bookings hold nothing', async (tx) => [
    await tx.insertBooking(booking({ bookingId: 'b7', slot: slotA, userId: 'u1', status: BookingStatus.CANCELED, spots: 2 })),
    await tx.insertBooking(booking({ bookingId: 'b8', slot: slotB, userId: 'u4', status: BookingStatus.NO_SHOW })),
  ]],
  ['book b4 with lease L1 and a token', async (tx) => {
    const lockedBefore = await tx.getSlotStates([slotKeyOf(slotA)], T0 + 10);
    const live = await tx.findLiveLease('c1', 'r1', keyString(slotA), T0 + 10);
    await tx.consumeLease('L1', T0 + 10);
    const outcome = await tx.insertBooking(b4);
    const token = await tx.insertIdempotency(idempotency('c1', 't1', b4));
    const lockedAfter = await tx.getSlotStates([slotKeyOf(slotA)], T0 + 10);
    return { lockedBefore, live, outcome, token, lockedAfter };
  }],
  ['reuse token t1', (tx) => tx.insertIdempotency({ ...idempotency('c1', 't1', b3), fingerprint: 'other' })],
  ['token t1 of another caller', (tx) => tx.insertIdempotency(idempotency('c2', 't1', b3))],
  ['book b5 later', (tx) => tx.insertBooking(b5)],
  ['cancel b3', (tx) => tx.replaceBooking(b3, { ...b3, status: BookingStatus.CANCELED, updatedAtSec: T0 + 200 })],
  ['move b1 to B with 2 spots', (tx) => tx.replaceBooking(b1, moveTo(b1, slotB, 2))],
  ['move b4 (u3) to the later slot', (tx) => tx.replaceBooking(b4, moveTo(b4, slotLater, 1))],
  ['move b5 onto B where u1 already holds b1', (tx) => tx.replaceBooking(b5, moveTo(b5, slotB))],
  ['resize b1 on B', (tx) => tx.replaceBooking(moveTo(b1, slotB, 2), { ...moveTo(b1, slotB, 3), updatedAtSec: T0 + 400 })],
  ['no-show b5', (tx) => tx.replaceBooking(b5, { ...b5, status: BookingStatus.NO_SHOW, updatedAtSec: T0 + 500 })],
  ['capacity change of A keeps counters', (tx) => tx.upsertSlots([{ ...slotA, spotsTotal: 7, availabilityTag: 'more' }])],
  ['book u2 again on A (b3 was cancelled)', (tx) => tx.insertBooking(booking({ bookingId: 'b6', slot: slotA, userId: 'u2', createdAtSec: T0 + 6 }))],
  ['new lease under reference r1 after L2', (tx) => tx.insertLease(lease({ leaseId: 'L4', slot: slotB, spots: 1, leaseExpirationTimeSec: T0 + 1200, callerId: 'c1', userReference: 'r1', createdAtSec: T0 + 350 }))],
];

const INSTANTS = [T0, T0 + 299, T0 + 300, T0 + 600, T0 + 899, T0 + 900, T0 + 1200];

/** Every read of the port, at several instants. */
async function snapshot(store: BookingStore): Promise<unknown> {
  const r = store.reader;
  const keys = allSlots.map(slotKeyOf);
  const bookingIds = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'nope', 'b1'];
  const leaseIds = ['L4', 'L1', 'L2', 'L3', 'nope'];
  const scopes = [
    ['c1', 'r1', keyString(slotA)],
    ['c1', 'r1', keyString(slotB)],
    ['c2', 'r1', keyString(slotC)],
    ['c2', 'r1', keyString(slotB)],
  ];
  const byInstant = [];
  for (const at of INSTANTS) {
    byInstant.push({
      at,
      states: await r.getSlotStates(keys, at),
      range: await r.findSlotStates({ merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + 3 * DAY, limit: 10 }, at),
      rangeOfClass: await r.findSlotStates({ merchantId: 'm1', serviceId: 'class', startSecFrom: T0, startSecTo: T0 + 3 * DAY, limit: 10 }, at),
      rangeLimited: await r.findSlotStates({ merchantId: 'm1', startSecFrom: T0 + DAY, startSecTo: T0 + DAY + HOUR, limit: 2 }, at),
      live: await Promise.all(scopes.map(([c, ref, k]) => r.findLiveLease(c, ref, k, at))),
    });
  }
  return {
    merchants: await r.getMerchants(['m2', 'm1', 'mx', 'm1']),
    services: await r.getServices([
      { merchantId: 'm1', serviceId: 'cut' },
      { merchantId: 'm2', serviceId: 'cut' },
      { merchantId: 'm2', serviceId: 'class' },
      { merchantId: 'm1', serviceId: 'class' },
    ]),
    servicesOf: await r.listServicesOfMerchants(['m1', 'mx', 'm2']),
    bookings: await r.getBookings(bookingIds),
    ofUser: await Promise.all(['u1', 'u2', 'u3', 'u4', 'u9'].map((u) => r.listBookingsOfUser(u, T0, 10))),
    ofUserLimited: await r.listBookingsOfUser('u1', T0 + DAY - 1, 1),
    leases: await r.getLeases(leaseIds),
    active: await Promise.all(
      [slotA, slotB, slotLater].flatMap((s) => ['u1', 'u2', 'u3'].map((u) => r.findActiveBookingOfUser('caller-1', keyString(s), u))),
    ),
    tokens: await Promise.all([['c1', 't1'], ['c2', 't1'], ['c1', 't2']].map(([c, t]) => r.getIdempotency(c, t))),
    byInstant,
  };
}

describe('MongoStore on the simulator answers like the SQLite store', () => {
  it('step by step through a booking history: every unit\'s result and every read afterwards', async () => {
    const reference = SqliteStore.inMemory();
    const store = await freshStore();
    for (const [name, step] of history) {
      const expected = await reference.unitOfWork(step);
      const actual = await store.unitOfWork(step);
      expect({ step: name, result: actual }).toEqual({ step: name, result: expected });
      expect({ step: name, reads: await snapshot(store) }).toEqual({ step: name, reads: await snapshot(reference) });
    }
  });

  it('the history is not trivial: refusals happened and capacity moved', async () => {
    const store = await freshStore();
    const results: Record<string, unknown> = {};
    for (const [name, step] of history) results[name] = await store.unitOfWork(step);
    expect(results['book b2, same user and slot']).toBe('user-already-booked');
    expect(results['move b5 onto B where u1 already holds b1']).toBe('user-already-booked');
    expect(results['reuse token t1']).toBe('token-exists');
    expect(results['token t1 of another caller']).toBe('inserted');
    const [a, b] = await store.reader.getSlotStates([slotKeyOf(slotA), slotKeyOf(slotB)], T0 + 299);
    expect(a).toEqual({ slot: { ...slotA, spotsTotal: 7, availabilityTag: 'more' }, bookedSpots: 1, leasedSpots: 0 });
    expect(b).toEqual({ slot: slotB, bookedSpots: 3, leasedSpots: 2 });
  });

  it('purgeExpiredLeases deletes the same leases as the SQLite store', async () => {
    for (const before of [T0 + 300, T0 + 601, T0 + 5000]) {
      const reference = SqliteStore.inMemory();
      const store = await freshStore();
      for (const [, step] of history) {
        await reference.unitOfWork(step);
        await store.unitOfWork(step);
      }
      expect({ before, purged: await store.purgeExpiredLeases(before) }).toEqual({ before, purged: await reference.purgeExpiredLeases(before) });
      expect(await snapshot(store)).toEqual(await snapshot(reference));
    }
  });
});

