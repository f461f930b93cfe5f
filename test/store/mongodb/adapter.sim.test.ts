// The MongoDB adapter's own mechanics, with the real driver against the replica-set simulator: what
// it creates at start-up, how it upgrades an older database, what a refusal writes, how its reads
// stay on one snapshot, and how it maps outcomes the driver cannot resolve. Each of the review's
// findings (issue 10, part 1) has a test here that failed before its fix.
import { MongoClient, MongoServerError } from 'mongodb';
import { DomainError } from '../../../src/domain/errors';
import { slotKeyOf } from '../../../src/domain/slot-key';
import { COLLECTIONS } from '../../../src/store/mongodb/documents';
import { toStoreError } from '../../../src/store/mongodb/errors';
import { INDEXES, SUPERSEDED_INDEXES } from '../../../src/store/mongodb/indexes';
import { MAX_COMMIT_TIME_MS, MongoStartError, MongoStore } from '../../../src/store/mongodb/mongo.store';
import { UnitEndedError, type StoreWriter } from '../../../src/store/store.port';
import { disposeTestStore } from '../../support/mongodb-test-store';
import { startMongoSim, type MongoSim } from '../../support/mongo-sim';
import { T0, booking, idempotency, inventorySlot, lease, merchant } from './fixtures';

let sim: MongoSim;
let raw: MongoClient;
const stores: MongoStore[] = [];
let n = 0;
beforeAll(async () => {
  sim = await startMongoSim();
  raw = new MongoClient(sim.uri, { serverSelectionTimeoutMS: 5000 });
  await raw.connect();
});
afterAll(async () => {
  for (const s of stores) await disposeTestStore(s);
  await raw.close();
  await sim.stop();
});

const dbName = () => `adapter_${process.pid}_${++n}`;
async function connect(name = dbName()): Promise<MongoStore> {
  const store = await MongoStore.connect({ uri: sim.uri, dbName: name, serverSelectionTimeoutMS: 5000 });
  stores.push(store);
  return store;
}
const WRITES = ['insert', 'update', 'delete', 'findAndModify'];
const writesSent = () => WRITES.reduce((sum, name) => sum + (sim.stats.commands[name] ?? 0), 0);

describe('start-up', () => {
  it('creates every collection and every planned index, so no transaction creates a collection', async () => {
    const name = dbName();
    const before = sim.creations().length;
    const store = await connect(name);
    const db = raw.db(name);
    const collections = (await db.listCollections().toArray()).map((c) => c.name).sort();
    expect(collections).toEqual(Object.values(COLLECTIONS).sort());
    for (const collection of Object.values(COLLECTIONS)) {
      const names = (await db.collection(collection).listIndexes().toArray()).map((i) => i.name).sort();
      const planned = INDEXES.filter((p) => p.collection === collection).map((p) => p.options.name);
      expect({ collection, names }).toEqual({ collection, names: ['_id_', ...planned].sort() });
    }
    await store.unitOfWork((tx) => tx.upsertMerchant(merchant('m1')));
    await store.unitOfWork((tx) => tx.insertLease(lease({ leaseId: 'L1' })));
    const created = sim.creations().slice(before).filter((c) => c.ns.startsWith(`${name}.`));
    expect(created.length).toBe(Object.values(COLLECTIONS).length);
    expect(created.filter((c) => c.inTransaction || c.implicit)).toEqual([]);
  });

  it('a second start on the same database changes nothing and succeeds', async () => {
    const name = dbName();
    await connect(name);
    await expect(connect(name)).resolves.toBeInstanceOf(MongoStore);
  });

  it.each([
    ['fe208c8 (first release)', { lease_reference: { callerId: 1, userReference: 1, slotKey: 1, leaseExpirationTimeSec: -1 }, bookings_of_user: { 'userInformation.userId': 1, 'slot.startSec': 1 } }],
    ['302b1bd (covering indexes)', { lease_reference: { callerId: 1, userReference: 1, slotKey: 1, consumedAtSec: 1, leaseExpirationTimeSec: -1 }, bookings_of_user: { 'userInformation.userId': 1, 'slot.startSec': 1, createdAtSec: 1, bookingId: 1 } }],
  ])('upgrades a database made by %s: superseded indexes are replaced, data kept', async (_label, old) => {
    const name = dbName();
    const db = raw.db(name);
    await db.collection(COLLECTIONS.leases).createIndex(old.lease_reference, { name: 'lease_reference' });
    await db.collection(COLLECTIONS.leases).createIndex({ expiresAt: 1 }, { name: 'lease_ttl', expireAfterSeconds: 3600 });
    await db.collection(COLLECTIONS.bookings).createIndex(old.bookings_of_user, { name: 'bookings_of_user' });
    await db
      .collection(COLLECTIONS.bookings)
      .createIndex({ slotKey: 1, 'userInformation.userId': 1 }, { name: 'one_active_booking_per_user_and_slot', unique: true, partialFilterExpression: { active: true } });
    await db.collection(COLLECTIONS.bookings).insertOne({ _id: 'old-booking', bookingId: 'old-booking', active: true } as never);

    const store = await connect(name);
    const names = async (c: string) => (await db.collection(c).listIndexes().toArray()).map((i) => i.name).sort();
    for (const [collection, superseded] of Object.entries(SUPERSEDED_INDEXES)) {
      for (const gone of superseded) expect(await names(collection)).not.toContain(gone);
    }
    expect(await names(COLLECTIONS.leases)).toEqual(['_id_', ...INDEXES.filter((p) => p.collection === COLLECTIONS.leases).map((p) => p.options.name)].sort());
    const ttl = (await db.collection(COLLECTIONS.leases).listIndexes().toArray()).find((i) => i.name === 'lease_ttl');
    expect(ttl?.expireAfterSeconds).toBe(INDEXES.find((p) => p.options.name === 'lease_ttl')!.options.expireAfterSeconds);
    expect(await db.collection(COLLECTIONS.bookings).countDocuments({ _id: 'old-booking' } as never)).toBe(1);
    // And it works: the new per-caller uniqueness is in force.
    const slot = inventorySlot({ spotsTotal: 5 });
    await store.unitOfWork((tx) => tx.upsertSlots([slot]));
    expect(await store.unitOfWork((tx) => tx.insertBooking(booking({ bookingId: 'b1', slot, userId: 'u1', callerId: 'c1' })))).toBe('inserted');
    expect(await store.unitOfWork((tx) => tx.insertBooking(booking({ bookingId: 'b2', slot, userId: 'u1', callerId: 'c2' })))).toBe('inserted');
    expect(await store.unitOfWork((tx) => tx.insertBooking(booking({ bookingId: 'b3', slot, userId: 'u1', callerId: 'c1' })))).toBe('user-already-booked');
  });

  it('a server older than MongoDB 5.0 (no snapshot reads) refuses to start with one clear line', async () => {
    const old = await startMongoSim({ maxWireVersion: 12 });
    try {
      const error = await MongoStore.connect({ uri: old.uri, dbName: 'old', serverSelectionTimeoutMS: 2000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoStartError);
      expect((error as Error).message).toContain('older than MongoDB 5.0');
    } finally {
      await old.stop();
    }
  });

  it('an index of a current name with another definition refuses to start with one clear line', async () => {
    const name = dbName();
    await raw.db(name).collection(COLLECTIONS.idempotency).createIndex({ token: 1 }, { name: 'idempotency_token' });
    const error = await connect(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoStartError);
    expect((error as Error).message).toMatch(/^index idempotency_token on idempotencyKeys exists with another definition/);
  });
});

describe('units of work', () => {
  it('an error thrown after a refusal comes out as itself, not as "Cannot call abortTransaction twice"', async () => {
    const store = await connect();
    const slot = inventorySlot({ spotsTotal: 5 });
    await store.unitOfWork(async (tx) => {
      await tx.upsertSlots([slot]);
      await tx.insertBooking(booking({ bookingId: 'b1', slot, userId: 'u1' }));
      await tx.insertIdempotency(idempotency('c1', 't1', booking({ bookingId: 'b1', slot, userId: 'u1' })));
    });
    // The store call after the refusal throws UnitEndedError.
    const ended = store.unitOfWork(async (tx) => {
      expect(await tx.insertBooking(booking({ bookingId: 'b2', slot, userId: 'u1' }))).toBe('user-already-booked');
      await tx.getBookings(['b1']);
    });
    await expect(ended).rejects.toBeInstanceOf(UnitEndedError);
    // The service's CONCURRENT_DUPLICATE error, thrown after a token refusal, reaches the service.
    const duplicate = new DomainError('ABORTED', 'concurrent duplicate', 'input.idempotencyToken', 'CONCURRENT_DUPLICATE');
    const refused = store.unitOfWork(async (tx) => {
      expect(await tx.insertIdempotency(idempotency('c1', 't1', booking({ bookingId: 'b9', slot })))).toBe('token-exists');
      throw duplicate;
    });
    await expect(refused).rejects.toBe(duplicate);
    expect(await store.reader.getBookings(['b2', 'b9'])).toEqual([null, null]);
  });

  it('a refusal on a full slot sends no write, and concurrent refusals never conflict', async () => {
    const store = await connect();
    const slot = inventorySlot({ spotsTotal: 1 });
    await store.unitOfWork(async (tx) => {
      await tx.upsertSlots([slot]);
      await tx.insertBooking(booking({ bookingId: 'b1', slot, userId: 'u1' }));
    });
    const conflicts = sim.stats.writeConflicts;
    const writes = writesSent();
    const refuse = () =>
      store.unitOfWork(async (tx: StoreWriter) => {
        const [state] = await tx.getSlotStates([slotKeyOf(slot)], T0);
        await new Promise((resolve) => setImmediate(resolve));
        return state!.slot.spotsTotal - state!.bookedSpots - state!.leasedSpots < 1 ? 'full' : 'open';
      });
    expect(await Promise.all(Array.from({ length: 20 }, refuse))).toEqual(Array.from({ length: 20 }, () => 'full'));
    expect(writesSent()).toBe(writes);
    expect(sim.stats.writeConflicts).toBe(conflicts);
  });

  it('a lease write conflicts with a booking taken from the same slot (the lease writes the slot)', async () => {
    const store = await connect();
    const slot = inventorySlot({ spotsTotal: 1 });
    await store.unitOfWork((tx) => tx.upsertSlots([slot]));
    const take = (i: number) =>
      store.unitOfWork(async (tx) => {
        const [state] = await tx.getSlotStates([slotKeyOf(slot)], T0);
        await new Promise((resolve) => setImmediate(resolve));
        if (state!.slot.spotsTotal - state!.bookedSpots - state!.leasedSpots < 1) return 'full';
        if (i % 2 === 0) await tx.insertLease(lease({ leaseId: `L${i}`, slot, userReference: `r${i}`, leaseExpirationTimeSec: T0 + 600 }));
        else await tx.insertBooking(booking({ bookingId: `b${i}`, slot, userId: `u${i}` }));
        return 'taken';
      });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => take(i)));
    expect(results.filter((r) => r === 'taken')).toHaveLength(1);
    const [state] = await store.reader.getSlotStates([slotKeyOf(slot)], T0);
    expect(state!.bookedSpots + state!.leasedSpots).toBe(1);
  });

  it('sets maxCommitTimeMS on every commit', async () => {
    const store = await connect();
    const pause = sim.faults.pauseAt({ name: 'commitTransaction' });
    const unit = store.unitOfWork((tx) => tx.upsertMerchant(merchant('m-commit')));
    const commit = await pause.reached;
    pause.release();
    await unit;
    expect(commit.command.maxTimeMS).toBe(MAX_COMMIT_TIME_MS);
  });

  it('a commit whose reply is lost is retried by the driver and applied once', async () => {
    const store = await connect();
    const slot = inventorySlot({ spotsTotal: 3 });
    await store.unitOfWork((tx) => tx.upsertSlots([slot]));
    sim.faults.loseCommitReply();
    expect(await store.unitOfWork((tx) => tx.insertBooking(booking({ bookingId: 'b1', slot, userId: 'u1' })))).toBe('inserted');
    const [state] = await store.reader.getSlotStates([slotKeyOf(slot)], T0);
    expect(state!.bookedSpots).toBe(1);
  });

  it('a commit whose outcome stays unknown is UNAVAILABLE "retry the same request", not INTERNAL', async () => {
    const store = await connect();
    sim.faults.failCommand({ name: 'commitTransaction' }, { code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'operation exceeded time limit' });
    const error = await store.unitOfWork((tx) => tx.upsertMerchant(merchant('m-unknown'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'COMMIT_OUTCOME_UNKNOWN' });
    expect((error as Error).message).toContain('retry the same request');
    // The server keeps such a transaction open until its lifetime limit (60 s) aborts it.
    expect(sim.openTransactions()).toBe(1);
    sim.runMaintenance(Date.now() + 61_000);
    expect(sim.openTransactions()).toBe(0);
  });

  it('transient errors that outlast the driver\'s retries are ABORTED "retry the same request"', () => {
    const conflict = new MongoServerError({ ok: 0, code: 112, codeName: 'WriteConflict', errmsg: 'Write conflict during plan execution', errorLabels: ['TransientTransactionError'] });
    expect(toStoreError(conflict)).toMatchObject({ code: 'ABORTED', reason: 'TRANSACTION_CONFLICT' });
    const other = new MongoServerError({ ok: 0, code: 2, codeName: 'BadValue', errmsg: 'bad' });
    expect(toStoreError(other)).toBe(other);
  });

  it('a duplicate key on an index the adapter does not expect is not swallowed; a duplicate bookingId is an error', async () => {
    const store = await connect();
    const slot = inventorySlot({ spotsTotal: 5 });
    await store.unitOfWork(async (tx) => {
      await tx.upsertSlots([slot]);
      await tx.insertLease(lease({ leaseId: 'L1', slot }));
      await tx.insertBooking(booking({ bookingId: 'b1', slot, userId: 'u1' }));
    });
    await expect(store.unitOfWork((tx) => tx.insertLease(lease({ leaseId: 'L1', slot })))).rejects.toMatchObject({ code: 11000 });
    await expect(store.unitOfWork((tx) => tx.insertBooking(booking({ bookingId: 'b1', slot, userId: 'u9' })))).rejects.toMatchObject({ code: 11000 });
  });
});

describe('reads outside units', () => {
  it('read one snapshot: a commit between the slot read and the lease read does not show a spot twice', async () => {
    const store = await connect();
    const slot = inventorySlot({ spotsTotal: 2 });
    const held = lease({ leaseId: 'L1', slot, spots: 1, leaseExpirationTimeSec: T0 + 600, callerId: 'c1', userReference: 'r1' });
    await store.unitOfWork(async (tx) => {
      await tx.upsertSlots([slot]);
      await tx.insertLease(held);
    });
    // The reader reads the slot, then pauses before reading its leases; meanwhile the lease becomes a booking.
    const pause = sim.faults.pauseAt({ name: 'aggregate', collection: COLLECTIONS.leases, inTransaction: false });
    const reading = store.reader.getSlotStates([slotKeyOf(slot)], T0);
    await pause.reached;
    await store.unitOfWork(async (tx) => {
      await tx.consumeLease('L1', T0);
      await tx.insertBooking(booking({ bookingId: 'b1', slot, userId: 'u1' }));
    });
    pause.release();
    const [state] = await reading;
    // Before the commit: 0 booked + 1 leased; after: 1 booked + 0 leased. Never 0 + 0 (one spot too many).
    expect(state!.bookedSpots + state!.leasedSpots).toBe(1);
    expect(state).toMatchObject({ bookedSpots: 0, leasedSpots: 1 });
  });

  it('empty batch reads answer [] without a round trip', async () => {
    const store = await connect();
    const before = sim.stats.operations;
    expect(await store.reader.getMerchants([])).toEqual([]);
    expect(await store.reader.getServices([])).toEqual([]);
    expect(await store.reader.listServicesOfMerchants([])).toEqual([]);
    expect(await store.reader.getSlotStates([], T0)).toEqual([]);
    expect(await store.reader.getBookings([])).toEqual([]);
    expect(await store.reader.getLeases([])).toEqual([]);
    expect(sim.stats.operations).toBe(before);
  });
});

describe('a lost server', () => {
  it('reads, units and purges answer UNAVAILABLE without the server\'s address; ping turns false', async () => {
    const own = await startMongoSim();
    const store = await MongoStore.connect({ uri: own.uri, dbName: 'outage', serverSelectionTimeoutMS: 500 });
    try {
      expect(await store.ping()).toBe(true);
      await own.stop();
      const unavailable = { code: 'UNAVAILABLE' };
      await expect(store.reader.getBookings(['b1'])).rejects.toMatchObject(unavailable);
      await expect(store.reader.findSlotStates({ merchantId: 'm1', startSecFrom: 0, startSecTo: T0, limit: 5 }, T0)).rejects.toMatchObject(unavailable);
      await expect(store.unitOfWork((tx) => tx.insertLease(lease({ leaseId: 'L1' })))).rejects.toMatchObject(unavailable);
      await expect(store.purgeExpiredLeases(T0)).rejects.toMatchObject(unavailable);
      const error = await store.reader.getLeases(['L1']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as Error).message).not.toContain('127.0.0.1');
      expect(await store.ping()).toBe(false);
    } finally {
      await store.close();
      await own.stop();
    }
  });
});
