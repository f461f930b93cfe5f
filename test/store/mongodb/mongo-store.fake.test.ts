// The real MongoStore (src/store/mongodb/mongo.store.ts) on a stand-in driver (./fake-db.ts: mingo
// for the query language, BSON copies, unique indexes from ensureIndexes, serialised transactions).
// Its answers are compared, step by step, with the memory store's. This checks the adapter's own
// logic (positional batch reads, capacity counters, lease sums, typed outcomes, error mapping)
// without a server; it cannot check what only a server does (isolation, write conflicts, retries).
import { MongoNetworkError, type Db } from 'mongodb';
import { BookingStatus } from '../../../src/domain/enums';
import { DomainError } from '../../../src/domain/errors';
import type { BookingRecord, InventorySlot } from '../../../src/domain/records';
import { slotKeyOf } from '../../../src/domain/slot-key';
import { MemoryStore } from '../../../src/store/memory/memory.store';
import { COLLECTIONS } from '../../../src/store/mongodb/documents';
import { INDEXES } from '../../../src/store/mongodb/indexes';
import { MongoStore, ensureIndexes } from '../../../src/store/mongodb/mongo.store';
import type { BookingStore, StoreWriter } from '../../../src/store/store.port';
import { FakeClient, FakeDb } from './fake-db';
import { DAY, HOUR, T0, booking, idempotency, inventorySlot, keyString, lease, merchant, service } from './fixtures';

async function fakeMongoStore(): Promise<{ store: MongoStore; db: FakeDb; client: FakeClient }> {
  const db = new FakeDb();
  await ensureIndexes(db as unknown as Db);
  const client = new FakeClient(db);
  // MongoStore.connect needs a server; the constructor it calls takes the client and the Db.
  const Store = MongoStore as unknown as new (client: FakeClient, db: FakeDb) => MongoStore;
  return { store: new Store(client, db), db, client };
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
  ['lock and read', (tx) => tx.lockSlotStates([slotKeyOf(slotA), slotKeyOf(missing), slotKeyOf(slotB)], T0)],
  ['book b1', (tx) => tx.insertBooking(b1)],
  ['book b2, same user and slot', (tx) => tx.insertBooking(b2dup)],
  ['book b3 (pending)', (tx) => tx.insertBooking(b3)],
  ['inactive bookings hold nothing', async (tx) => [
    await tx.insertBooking(booking({ bookingId: 'b7', slot: slotA, userId: 'u1', status: BookingStatus.CANCELED, spots: 2 })),
    await tx.insertBooking(booking({ bookingId: 'b8', slot: slotB, userId: 'u4', status: BookingStatus.NO_SHOW })),
  ]],
  ['book b4 with lease L1 and a token', async (tx) => {
    const lockedBefore = await tx.lockSlotStates([slotKeyOf(slotA)], T0 + 10);
    const live = await tx.findLiveLease('c1', 'r1', keyString(slotA), T0 + 10);
    await tx.consumeLease('L1', T0 + 10);
    const outcome = await tx.insertBooking(b4);
    const token = await tx.insertIdempotency(idempotency('c1', 't1', b4));
    const lockedAfter = await tx.lockSlotStates([slotKeyOf(slotA)], T0 + 10);
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

describe('MongoStore on a stand-in driver answers like the memory store', () => {
  it('step by step through a booking history: every unit\'s result and every read afterwards', async () => {
    const memory = new MemoryStore();
    const { store } = await fakeMongoStore();
    for (const [name, step] of history) {
      const expected = await memory.unitOfWork(step);
      const actual = await store.unitOfWork(step);
      expect({ step: name, result: actual }).toEqual({ step: name, result: expected });
      expect({ step: name, reads: await snapshot(store) }).toEqual({ step: name, reads: await snapshot(memory) });
    }
  });

  it('the history is not trivial: refusals happened and capacity moved', async () => {
    const { store } = await fakeMongoStore();
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

  it('purgeExpiredLeases deletes the same leases as the memory store', async () => {
    for (const before of [T0 + 300, T0 + 601, T0 + 5000]) {
      const memory = new MemoryStore();
      const { store } = await fakeMongoStore();
      for (const [, step] of history) {
        await memory.unitOfWork(step);
        await store.unitOfWork(step);
      }
      expect({ before, purged: await store.purgeExpiredLeases(before) }).toEqual({ before, purged: await memory.purgeExpiredLeases(before) });
      expect(await snapshot(store)).toEqual(await snapshot(memory));
    }
  });
});

describe('MongoStore on a stand-in driver: the adapter\'s own mechanics', () => {
  it('creates every planned index through ensureIndexes', async () => {
    const { db } = await fakeMongoStore();
    expect(db.indexSpecs.map((s) => s.name).sort()).toEqual(INDEXES.map((p) => p.options.name).sort());
  });

  it('lockSlotStates writes to the slots it locks (the write that makes concurrent units conflict), only to those', async () => {
    const { store, db } = await fakeMongoStore();
    await store.unitOfWork((tx) => tx.upsertSlots([slotA, slotB]));
    await store.unitOfWork((tx) => tx.lockSlotStates([slotKeyOf(slotA), slotKeyOf(missing)], T0));
    await store.unitOfWork((tx) => tx.lockSlotStates([slotKeyOf(slotA)], T0));
    const versions = Object.fromEntries(db.documents(COLLECTIONS.slots).map((d) => [d.slotKey, d.lockVersion]));
    expect(versions).toEqual({ [keyString(slotA)]: 2, [keyString(slotB)]: 0 });
  });

  it('a refused insert aborts the transaction itself and the unit still returns its typed outcome', async () => {
    const { store, client, db } = await fakeMongoStore();
    await store.unitOfWork((tx) => tx.upsertSlots([slotA]));
    await store.unitOfWork((tx) => tx.insertBooking(b1));
    expect(await store.unitOfWork((tx) => tx.insertBooking(b2dup))).toBe('user-already-booked');
    expect(client.sessions.at(-1)?.abortCalls).toBe(1);
    expect(db.documents(COLLECTIONS.bookings).map((d) => d._id)).toEqual(['b1']);
    expect(db.documents(COLLECTIONS.slots)[0].bookedSpots).toBe(1);
  });

  it('an error thrown by the work rolls back its writes and comes out unchanged', async () => {
    const { store } = await fakeMongoStore();
    const failure = new DomainError('FAILED_PRECONDITION', 'changed my mind');
    const attempt = store.unitOfWork(async (tx) => {
      await tx.upsertSlots([slotA]);
      await tx.insertBooking(b1);
      throw failure;
    });
    await expect(attempt).rejects.toBe(failure);
    expect(await store.reader.getSlotStates([slotKeyOf(slotA)], T0)).toEqual([null]);
    expect(await store.reader.getBookings(['b1'])).toEqual([null]);
  });

  it('a duplicate key on an index the adapter does not expect is not swallowed', async () => {
    const { store } = await fakeMongoStore();
    await store.unitOfWork((tx) => tx.insertLease(lease({ leaseId: 'L1' })));
    const attempt = store.unitOfWork((tx) => tx.insertLease(lease({ leaseId: 'L1' })));
    await expect(attempt).rejects.toMatchObject({ code: 11000 });
  });

  it('only the one-active-booking index gives "user-already-booked": a duplicate bookingId is an error', async () => {
    const { store } = await fakeMongoStore();
    await store.unitOfWork((tx) => tx.upsertSlots([slotA, slotB]));
    await store.unitOfWork((tx) => tx.insertBooking(b1));
    const sameId = booking({ bookingId: 'b1', slot: slotB, userId: 'u9' });
    await expect(store.unitOfWork((tx) => tx.insertBooking(sameId))).rejects.toMatchObject({ code: 11000 });
    expect(await store.reader.getBookings(['b1'])).toEqual([b1]);
  });

  it('empty batch reads answer [] without a round trip', async () => {
    const { store, db } = await fakeMongoStore();
    const before = db.operations;
    expect(await store.reader.getMerchants([])).toEqual([]);
    expect(await store.reader.getServices([])).toEqual([]);
    expect(await store.reader.listServicesOfMerchants([])).toEqual([]);
    expect(await store.reader.getSlotStates([], T0)).toEqual([]);
    expect(await store.reader.getBookings([])).toEqual([]);
    expect(await store.reader.getLeases([])).toEqual([]);
    expect(db.operations).toBe(before);
  });

  it('reads, units and purges turn a lost server into UNAVAILABLE, and leave other errors alone', async () => {
    const { store, db } = await fakeMongoStore();
    const lost = () => new MongoNetworkError('connection 4 to 10.0.0.7:27017 closed');
    const unavailable = { code: 'UNAVAILABLE' };

    db.failNext = lost();
    await expect(store.reader.getBookings(['b1'])).rejects.toMatchObject(unavailable);
    db.failNext = lost();
    await expect(store.reader.findSlotStates({ merchantId: 'm1', startSecFrom: 0, startSecTo: T0, limit: 5 }, T0)).rejects.toMatchObject(unavailable);
    db.failNext = lost();
    await expect(store.unitOfWork((tx) => tx.insertLease(lease({ leaseId: 'L1' })))).rejects.toMatchObject(unavailable);
    db.failNext = lost();
    await expect(store.purgeExpiredLeases(T0)).rejects.toMatchObject(unavailable);
    db.failNext = lost();
    const error = await store.reader.getLeases(['L1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as Error).message).not.toContain('10.0.0.7');

    const other = new Error('a bug');
    db.failNext = other;
    await expect(store.reader.getBookings(['b1'])).rejects.toBe(other);
  });

  it('ping answers true while open and false once closed', async () => {
    const { store } = await fakeMongoStore();
    expect(await store.ping()).toBe(true);
    await store.close();
    expect(await store.ping()).toBe(false);
  });
});
