// The project's MongoDB adapter (src/store/mongodb) on the simulator, through the real driver:
// start-up checks and indexes, a booking, a unique-index refusal, concurrent units on one slot.
// The whole store contract runs from ./contract-run.ts (see README.md, "Adapter findings").
import { MongoClient } from 'mongodb';
import { MongoStore } from '../../../src/store/mongodb/mongo.store';
import { INDEXES } from '../../../src/store/mongodb/indexes';
import { keyOf } from '../../store/store-contract';
import { bookingRecord, inventorySlot, T0 } from '../../store/store-contract';
import { startMongoSim, type MongoSim } from './index';

describe('mongo-sim: the MongoStore adapter', () => {
  let sim: MongoSim;
  let store: MongoStore;
  let inspector: MongoClient;
  const dbName = 'adapter_smoke';

  beforeAll(async () => {
    sim = await startMongoSim();
    store = await MongoStore.connect({ uri: sim.uri, dbName });
    inspector = new MongoClient(sim.uri);
  });
  afterAll(async () => {
    await store?.close();
    await inspector?.close();
    await sim?.stop();
  });

  it('connects, sees a replica set, and creates every planned index up front (outside transactions)', async () => {
    expect(await store.ping()).toBe(true);
    for (const plan of INDEXES) {
      const names = (await inspector.db(dbName).collection(plan.collection).listIndexes().toArray()).map((i) => i.name);
      expect(names).toContain(plan.options.name);
    }
    const created = sim.creations().filter((c) => c.ns.startsWith(`${dbName}.`));
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((c) => !c.inTransaction && !c.implicit)).toBe(true);
  });

  it('books through a unit of work and refuses a second active booking of the user on the slot', async () => {
    const slot = inventorySlot({ spotsTotal: 3 });
    await store.unitOfWork((tx) => tx.upsertSlots([slot]));
    expect(await store.unitOfWork((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, userId: 'u1' })))).toBe('inserted');
    expect(await store.unitOfWork((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b2', slot, userId: 'u1' })))).toBe('user-already-booked');
    const [state] = await store.reader.getSlotStates([keyOf(slot)], T0 - 86_400);
    expect(state).toMatchObject({ bookedSpots: 1, leasedSpots: 0 });
    expect(await store.reader.getBookings(['b2'])).toEqual([null]);
  });

  it('concurrent units locking one slot conflict, are retried by the driver, and never overbook', async () => {
    const slot = inventorySlot({ startSec: T0 + 3600, spotsTotal: 3 });
    await store.unitOfWork((tx) => tx.upsertSlots([slot]));
    const conflicts = sim.stats.writeConflicts;
    const attempt = (i: number) =>
      store.unitOfWork(async (tx) => {
        const [state] = await tx.getSlotStates([keyOf(slot)], T0 - 86_400);
        await new Promise((resolve) => setImmediate(resolve));
        if (!state || state.slot.spotsTotal - state.bookedSpots - state.leasedSpots < 1) return 'full';
        return tx.insertBooking(bookingRecord({ bookingId: `c${i}`, slot, userId: `user-${i}` }));
      });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(i)));
    expect(results.filter((r) => r === 'inserted')).toHaveLength(3);
    expect(results.filter((r) => r === 'full')).toHaveLength(9);
    expect(sim.stats.writeConflicts).toBeGreaterThan(conflicts);
    const [state] = await store.reader.getSlotStates([keyOf(slot)], T0 - 86_400);
    expect(state?.bookedSpots).toBe(3);
  });
});
