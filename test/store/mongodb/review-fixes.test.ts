// Issues found in src/store/mongodb by a review with the server-less tests, now fixed; each test
// pins the fix.
import { MongoParseError } from 'mongodb';
import { BookingStatus } from '../../../src/domain/enums';
import { SqliteStore } from '../../../src/store/sqlite/sqlite.store';
import { COLLECTIONS } from '../../../src/store/mongodb/documents';
import { INDEXES, type IndexPlan } from '../../../src/store/mongodb/indexes';
import { MongoStartError, MongoStore } from '../../../src/store/mongodb/mongo.store';
import { expiredLeasesFilter, liveLeaseByReferenceFilter, userBookingsFilter, userBookingsSort } from '../../../src/store/mongodb/queries';
import { UnitEndedError, type BookingStore } from '../../../src/store/store.port';
import { disposeTestStore } from '../../support/mongodb-test-store';
import { startMongoSim, type MongoSim } from '../../support/mongo-sim';
import { T0, booking, inventorySlot, keyFields, lease } from './fixtures';
import { indexServes } from './index-analysis';

const plan = (name: string): IndexPlan => INDEXES.find((p) => p.options.name === name)!;

let sim: MongoSim;
beforeAll(async () => {
  sim = await startMongoSim();
});
afterAll(() => sim.stop());

describe('review fixes in src/store/mongodb', () => {
  it('ISSUE 1 (index): lease_reference should key consumedAtSec, an equality of liveLeaseByReferenceFilter', () => {
    // Today: { callerId, userReference, slotKey, leaseExpirationTimeSec: -1 }; consumedAtSec: null
    // is then checked on every fetched lease of that (caller, reference, slot), consumed ones included.
    // Suggested key: { callerId: 1, userReference: 1, slotKey: 1, consumedAtSec: 1, leaseExpirationTimeSec: -1 }
    // (still gives the { leaseExpirationTimeSec: -1 } sort findLiveLease asks for).
    const served = indexServes(liveLeaseByReferenceFilter('c1', 'r1', 'k1', T0), plan('lease_reference_v2'), { leaseExpirationTimeSec: -1 });
    expect(served.uncoveredEquality).toEqual([]);
    expect(served.sortFromIndex).toBe(true);
  });

  it('ISSUE 2 (index): bookings_of_user should give the whole userBookingsSort', () => {
    // Today: { userInformation.userId, slot.startSec }; listBookingsOfUser sorts by
    // { slot.startSec, createdAtSec, bookingId } so the server sorts all of a user's upcoming
    // bookings in memory before applying the limit. Suggested key:
    // { 'userInformation.userId': 1, 'slot.startSec': 1, createdAtSec: 1, bookingId: 1 }.
    const served = indexServes(userBookingsFilter('u1', T0), plan('bookings_of_user_v2'), userBookingsSort);
    expect(served.sortFromIndex).toBe(true);
  });

  it('ISSUE 3 (index): purgeExpiredLeases (called periodically by main.ts for MongoDB too) should not scan all leases', () => {
    // expiredLeasesFilter is { leaseExpirationTimeSec: { $lt } } and no lease index starts with
    // leaseExpirationTimeSec, so every purge is a collection scan. Either filter on expiresAt
    // (lease_ttl serves it: { expiresAt: { $lt: new Date(beforeSec * 1000) } }) or add an index.
    const filtered = Object.keys(expiredLeasesFilter(T0));
    const usable = INDEXES.filter((p) => p.collection === COLLECTIONS.leases && filtered.includes(keyFields(p)[0][0]));
    expect(usable.map((p) => p.options.name)).not.toEqual([]);
  });

  it('ISSUE 4 (start-up): a malformed MONGODB_URI should fail MongoStore.connect with a MongoStartError', async () => {
    // `new MongoClient(uri)` runs before the try block of connect(), so its MongoParseError escapes
    // unwrapped; main.ts only prints MongoStartError as one line and otherwise dies with a stack trace.
    const error = await MongoStore.connect({ uri: 'mongodb://gateway:pa/ss@db1.internal:27017/booking' }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(MongoParseError);
    expect(error).toBeInstanceOf(MongoStartError);
  });

  it('ISSUE 5 (unit of work semantics): a refusal ends the unit the same way on both stores', async () => {
    // MongoDB aborts a transaction on a duplicate key, so the port makes that the rule everywhere:
    // the refused unit's earlier writes are discarded and any later store call in it throws.
    const slotA = inventorySlot({ spotsTotal: 5 });
    const slotB = inventorySlot({ serviceId: 'class', spotsTotal: 5 });
    const existing = booking({ bookingId: 'b1', slot: slotA, userId: 'u1' });
    const fresh = booking({ bookingId: 'bNew', slot: slotB, userId: 'u5' });
    const duplicate = booking({ bookingId: 'b2', slot: slotA, userId: 'u1', status: BookingStatus.PENDING_MERCHANT_CONFIRMATION });
    const run = async (store: BookingStore) => {
      await store.unitOfWork(async (tx) => {
        await tx.upsertSlots([slotA, slotB]);
        await tx.insertBooking(existing);
      });
      const outcomes = await store.unitOfWork(async (tx) => [await tx.insertBooking(fresh), await tx.insertBooking(duplicate)]);
      const afterRefusal = await store
        .unitOfWork(async (tx) => {
          await tx.insertBooking(duplicate);
          await tx.insertLease(lease({ leaseId: 'L-after-refusal', slot: slotB }));
        })
        .then(
          () => 'completed',
          (e: unknown) => (e instanceof UnitEndedError ? 'UnitEndedError' : e),
        );
      return {
        outcomes,
        afterRefusal,
        bookings: await store.reader.getBookings(['b1', 'bNew', 'b2']),
        leaseWrittenAfterTheRefusal: await store.reader.getLeases(['L-after-refusal']),
      };
    };
    const memory = await run(SqliteStore.inMemory());
    expect(memory).toMatchObject({
      outcomes: ['inserted', 'user-already-booked'],
      afterRefusal: 'UnitEndedError',
      bookings: [expect.objectContaining({ bookingId: 'b1' }), null, null],
      leaseWrittenAfterTheRefusal: [null],
    });
    const mongo = await MongoStore.connect({ uri: sim.uri, dbName: 'review_issue_5' });
    try {
      expect(await run(mongo)).toEqual(memory);
    } finally {
      await disposeTestStore(mongo);
    }
  });
});
