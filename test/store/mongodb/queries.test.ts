// What every filter, update and pipeline of src/store/mongodb/queries.ts selects and does, run with
// mingo (MongoDB query language in JS) against the documents the adapter writes, and compared with
// the memory store (src/store/memory/memory-state.ts), the reference semantics.
import { aggregate, find, update, updateMany, updateOne } from 'mingo';
import { ObjectId, type Document } from 'mongodb';
import { BookingStatus, ConfirmationMode } from '../../../src/domain/enums';
import type { BookingRecord, InventorySlot, LeaseRecord, SlotState } from '../../../src/domain/records';
import { slotKeyOf, slotKeyString } from '../../../src/domain/slot-key';
import { MemoryState } from '../../../src/store/memory/memory-state';
import {
  bookingDocument,
  leaseDocument,
  toBooking,
  toIdempotency,
  toInventorySlot,
  toLease,
  type SlotDocument,
} from '../../../src/store/mongodb/documents';
import {
  activeBookingOfUserFilter,
  bookedSpotsUpdate,
  consumeLeaseFilter,
  consumeLeaseUpdate,
  expiredLeasesFilter,
  identityFilter,
  idempotencyFilter,
  leasedSpotsPipeline,
  liveLeaseByReferenceFilter,
  liveLeaseFilter,
  lockSlotsUpdate,
  slotRangeFilter,
  slotRangeSort,
  slotsByKeyFilter,
  upsertSlotUpdate,
  userBookingsFilter,
  userBookingsSort,
} from '../../../src/store/mongodb/queries';
import type { SlotRangeQuery } from '../../../src/store/store.port';
import {
  DAY,
  HOUR,
  T0,
  booking,
  idempotency,
  insertedSlotDocument,
  inventorySlot,
  keyString,
  lease,
} from './fixtures';

/** Fixture set-up outside a test: a refused insert means a broken fixture. */
function mustInsert(result: string): void {
  if (result !== 'inserted') throw new Error(`fixture insert refused: ${result}`);
}

const select = (docs: Document[], filter: Document): Document[] => find(docs, filter).all() as Document[];
const idsOf = (docs: Document[]): string[] => docs.map((d) => d._id as string).sort();
const slotKeysOf = (docs: Document[]): string[] => docs.map((d) => d.slotKey as string).sort();

/** Applies a mingo update to a copy, so fixtures stay untouched. */
function updated<T extends Document>(doc: T, modifier: Document): T {
  const copy = JSON.parse(JSON.stringify(doc)) as T;
  update(copy, modifier);
  return copy;
}

/** leasedSpotsPipeline's answer as a map, the way the adapter reads it (l._id → l.spots). */
function leasedByKey(leaseDocs: Document[], slotKeys: string[], atSec: number): Map<string, number> {
  const rows = aggregate(leaseDocs, leasedSpotsPipeline(slotKeys, atSec));
  for (const row of rows) expect(Object.keys(row).sort()).toEqual(['_id', 'spots']);
  return new Map(rows.map((r) => [r._id as string, r.spots as number]));
}

/** The adapter's withLeases, on mingo: slot documents plus the spots their live leases hold. */
function statesOf(slotDocs: Document[], leaseDocs: Document[], atSec: number): SlotState[] {
  const leased = leasedByKey(leaseDocs, slotDocs.map((d) => d.slotKey), atSec);
  return slotDocs.map((d) => ({ slot: toInventorySlot(d), bookedSpots: d.bookedSpots ?? 0, leasedSpots: leased.get(d.slotKey) ?? 0 }));
}

// ---- slots -------------------------------------------------------------------------------------

describe('slot identity: identityFilter and slotsByKeyFilter', () => {
  const base = inventorySlot({ staffId: 'alex', roomId: 'r1', spotsTotal: 3, availabilityTag: 'morning' });
  const variants: Record<string, InventorySlot> = {
    merchant: { ...base, merchantId: 'm2' },
    service: { ...base, serviceId: 'color' },
    start: { ...base, startSec: base.startSec + 1800 },
    duration: { ...base, durationSec: 3600 },
    staff: { ...base, staffId: '' },
    room: { ...base, roomId: 'r2' },
  };
  const all = [base, ...Object.values(variants)];
  const docs = all.map(insertedSlotDocument);

  it('selects exactly the slot whose six identity components all match', () => {
    expect(slotKeysOf(select(docs, identityFilter(slotKeyOf(base))))).toEqual([keyString(base)]);
    for (const [component, variant] of Object.entries(variants)) {
      const hits = select(docs, identityFilter(slotKeyOf(variant)));
      expect({ component, hits: slotKeysOf(hits) }).toEqual({ component, hits: [keyString(variant)] });
    }
  });

  it('ignores attributes: an inventory entry given as is (the adapter passes one) filters on identity only', () => {
    const sameIdentity = { ...base, spotsTotal: 9, availabilityTag: null, confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS };
    const filter = identityFilter(sameIdentity);
    expect(Object.keys(filter).sort()).toEqual(Object.keys(slotKeyOf(sameIdentity)).sort());
    // The stored document (old attributes) is the one the upsert must update.
    expect(slotKeysOf(select(docs, filter))).toEqual([keyString(base)]);
  });

  it('a staff or room of "" matches the stored "" and not another value', () => {
    const noStaff = inventorySlot();
    const withStaff = inventorySlot({ staffId: 'alex' });
    const pair = [insertedSlotDocument(noStaff), insertedSlotDocument(withStaff)];
    expect(slotKeysOf(select(pair, identityFilter(slotKeyOf(noStaff))))).toEqual([keyString(noStaff)]);
  });

  it('slotsByKeyFilter selects the slots of the given keys only; unknown keys select nothing', () => {
    const wanted = [keyString(variants.staff), keyString(variants.duration), slotKeyString(slotKeyOf(inventorySlot({ merchantId: 'nobody' })))];
    expect(slotKeysOf(select(docs, slotsByKeyFilter(wanted)))).toEqual([keyString(variants.staff), keyString(variants.duration)].sort());
    expect(select(docs, slotsByKeyFilter([]))).toEqual([]);
  });

  it('slotsByKeyFilter copies its input (the caller may reuse the array)', () => {
    const keys = [keyString(base)];
    const filter = slotsByKeyFilter(keys);
    keys.push(keyString(variants.room));
    expect(slotKeysOf(select(docs, filter))).toEqual([keyString(base)]);
  });
});

describe('upsertSlotUpdate', () => {
  const original = inventorySlot({ spotsTotal: 5, availabilityTag: 'evening', confirmationMode: ConfirmationMode.CONFIRMATION_MODE_SYNCHRONOUS });
  const changed: InventorySlot = { ...original, spotsTotal: 8, availabilityTag: null, confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS };

  it('is an update made of operators only (a plain field would make it a replacement), $set and $setOnInsert not overlapping', () => {
    const upd = upsertSlotUpdate(changed);
    for (const op of Object.keys(upd)) expect(op.startsWith('$')).toBe(true);
    const setPaths = Object.keys(upd.$set);
    const onInsertPaths = Object.keys(upd.$setOnInsert ?? {});
    expect(setPaths.filter((p) => onInsertPaths.includes(p))).toEqual([]);
    // The counters belong to booking writes: the inventory upsert must never $set them.
    expect(setPaths).not.toContain('bookedSpots');
    expect(setPaths).not.toContain('lockVersion');
  });

  it('on insert, builds a complete slot document with counters at 0 (filter fields + $set + $setOnInsert)', () => {
    const doc = insertedSlotDocument(changed);
    const expected: SlotDocument = { ...changed, slotKey: slotKeyString(slotKeyOf(changed)), bookedSpots: 0, lockVersion: 0 };
    expect(doc).toStrictEqual(expected);
    expect(toInventorySlot(doc)).toStrictEqual(changed);
  });

  it('on an existing document, replaces spotsTotal, tag and mode and keeps bookedSpots and lockVersion', () => {
    const existing = updated(updated(insertedSlotDocument(original), bookedSpotsUpdate(3)), lockSlotsUpdate);
    expect(existing.bookedSpots).toBe(3);
    expect(existing.lockVersion).toBe(1);
    // The upsert's filter finds the existing document, so the server applies $set only.
    expect(select([existing], identityFilter(changed))).toHaveLength(1);
    const after = updated(existing, { $set: upsertSlotUpdate(changed).$set });
    expect(toInventorySlot(after)).toStrictEqual(changed);
    expect(after.bookedSpots).toBe(3);
    expect(after.lockVersion).toBe(1);
    expect(after.slotKey).toBe(existing.slotKey);
  });
});

describe('slot counters: lockSlotsUpdate and bookedSpotsUpdate', () => {
  const slots = [inventorySlot(), inventorySlot({ staffId: 'alex' }), inventorySlot({ serviceId: 'class', spotsTotal: 5 })];
  const keys = slots.map(keyString);

  it('lockSlotsUpdate bumps lockVersion of exactly the locked slots, nothing else', () => {
    const docs: Document[] = slots.map(insertedSlotDocument);
    const before = JSON.parse(JSON.stringify(docs)) as Document[];
    expect(updateMany(docs, slotsByKeyFilter([keys[0], keys[2]]), lockSlotsUpdate).matchedCount).toBe(2);
    expect(updateMany(docs, slotsByKeyFilter([keys[0], keys[2]]), lockSlotsUpdate).matchedCount).toBe(2);
    const byKey = new Map(docs.map((d) => [d.slotKey, d]));
    expect(keys.map((k) => byKey.get(k)?.lockVersion)).toEqual([2, 0, 2]);
    for (const old of before) expect({ ...byKey.get(old.slotKey), lockVersion: 0 }).toStrictEqual({ ...old, lockVersion: 0 });
  });

  it('bookedSpotsUpdate adds and removes spots on the one slot named by slotKey', () => {
    const docs: Document[] = slots.map(insertedSlotDocument);
    updateOne(docs, { slotKey: keys[2] }, bookedSpotsUpdate(3));
    updateOne(docs, { slotKey: keys[2] }, bookedSpotsUpdate(-2));
    updateOne(docs, { slotKey: keys[1] }, bookedSpotsUpdate(1));
    const byKey = new Map(docs.map((d) => [d.slotKey, d]));
    expect(keys.map((k) => byKey.get(k)?.bookedSpots)).toEqual([0, 1, 1]);
    expect(keys.map((k) => byKey.get(k)?.lockVersion)).toEqual([0, 0, 0]);
  });
});

describe('slotRangeFilter + slotRangeSort (findSlotStates)', () => {
  const FROM = T0 + DAY;
  const TO = FROM + 4 * HOUR;
  const named: Record<string, InventorySlot> = {
    before: inventorySlot({ startSec: FROM - 1 }),
    cut: inventorySlot({ startSec: FROM }),
    classAtFrom: inventorySlot({ startSec: FROM, serviceId: 'class', durationSec: 3600, spotsTotal: 5 }),
    cutAlex: inventorySlot({ startSec: FROM, staffId: 'alex' }),
    cutRoom: inventorySlot({ startSec: FROM, roomId: 'room1' }),
    cutAlexRoom: inventorySlot({ startSec: FROM, staffId: 'alex', roomId: 'room1' }),
    cut900: inventorySlot({ startSec: FROM, durationSec: 900 }),
    cut3600: inventorySlot({ startSec: FROM, durationSec: 3600 }),
    colorMid: inventorySlot({ startSec: FROM + HOUR, serviceId: 'color' }),
    cutLast: inventorySlot({ startSec: TO - 1 }),
    cutAtTo: inventorySlot({ startSec: TO }),
    otherMerchant: inventorySlot({ startSec: FROM, merchantId: 'm2' }),
  };
  const nameOf = new Map(Object.entries(named).map(([name, s]) => [keyString(s), name]));
  // Stored in an order unrelated to the expected one.
  const insertionOrder = ['cutAtTo', 'cut3600', 'otherMerchant', 'cutAlexRoom', 'colorMid', 'cut', 'before', 'cutLast', 'cutRoom', 'classAtFrom', 'cut900', 'cutAlex'];
  const docs = insertionOrder.map((n) => insertedSlotDocument(named[n]));
  const memory = new MemoryState();
  for (const n of insertionOrder) memory.upsertSlot(null, named[n]);

  const run = (q: SlotRangeQuery) =>
    (find(docs, slotRangeFilter(q)).sort(slotRangeSort).limit(q.limit).all() as Document[]).map((d) => nameOf.get(d.slotKey));
  const runMemory = (q: SlotRangeQuery) => memory.findSlotStates(q, T0).map((s) => nameOf.get(keyString(s.slot)));

  it('covers from (inclusive) to (exclusive) of one merchant, ordered by startSec, serviceId, durationSec, staffId, roomId', () => {
    const q = { merchantId: 'm1', startSecFrom: FROM, startSecTo: TO, limit: 100 };
    expect(run(q)).toEqual(['classAtFrom', 'cut900', 'cut', 'cutRoom', 'cutAlex', 'cutAlexRoom', 'cut3600', 'colorMid', 'cutLast']);
    expect(run(q)).toEqual(runMemory(q));
  });

  it('filters by serviceId when given, and returns every service when it is null or absent', () => {
    const base = { merchantId: 'm1', startSecFrom: FROM, startSecTo: TO, limit: 100 };
    expect(run({ ...base, serviceId: 'cut' })).toEqual(['cut900', 'cut', 'cutRoom', 'cutAlex', 'cutAlexRoom', 'cut3600', 'cutLast']);
    expect(run({ ...base, serviceId: 'color' })).toEqual(['colorMid']);
    expect(run({ ...base, serviceId: null })).toHaveLength(9);
    expect(run({ ...base, serviceId: undefined })).toHaveLength(9);
    expect(Object.keys(slotRangeFilter({ ...base, serviceId: null }))).not.toContain('serviceId');
    for (const serviceId of ['cut', 'color', 'class', 'nothing', null, undefined, '']) {
      expect(run({ ...base, serviceId })).toEqual(runMemory({ ...base, serviceId }));
    }
  });

  it('limit keeps the soonest slots in that order; other merchants, empty ranges and bounds agree with the memory store', () => {
    const cases: SlotRangeQuery[] = [
      { merchantId: 'm1', startSecFrom: FROM, startSecTo: TO, limit: 3 },
      { merchantId: 'm1', startSecFrom: FROM, startSecTo: FROM, limit: 100 },
      { merchantId: 'm1', startSecFrom: FROM - 1, startSecTo: FROM, limit: 100 },
      { merchantId: 'm1', startSecFrom: FROM + 1, startSecTo: TO + 1, limit: 100 },
      { merchantId: 'm2', startSecFrom: 0, startSecTo: TO * 2, limit: 100 },
      { merchantId: 'm3', startSecFrom: 0, startSecTo: TO * 2, limit: 100 },
    ];
    expect(run(cases[0])).toEqual(['classAtFrom', 'cut900', 'cut']);
    expect(run(cases[1])).toEqual([]);
    expect(run(cases[2])).toEqual(['before']);
    expect(run(cases[3])).toEqual(['colorMid', 'cutLast', 'cutAtTo']);
    expect(run(cases[4])).toEqual(['otherMerchant']);
    for (const q of cases) expect(run(q)).toEqual(runMemory(q));
  });
});

// ---- leases ------------------------------------------------------------------------------------

describe('live leases: liveLeaseFilter and leasedSpotsPipeline', () => {
  const EXP = T0 + 600;
  const slotA = inventorySlot({ spotsTotal: 10 });
  const slotB = inventorySlot({ serviceId: 'class', durationSec: 3600, spotsTotal: 10 });
  const slotC = inventorySlot({ staffId: 'alex', spotsTotal: 10 });
  const [A, B, C] = [slotA, slotB, slotC].map(keyString);
  const leases: LeaseRecord[] = [
    lease({ leaseId: 'a1', slot: slotA, spots: 1, leaseExpirationTimeSec: EXP }),
    lease({ leaseId: 'a2', slot: slotA, spots: 2, leaseExpirationTimeSec: EXP + 300, userReference: 'ref-2' }),
    lease({ leaseId: 'a3', slot: slotA, spots: 4, leaseExpirationTimeSec: EXP + 300, userReference: 'ref-3' }),
    lease({ leaseId: 'b1', slot: slotB, spots: 3, leaseExpirationTimeSec: EXP + 100 }),
  ];
  const CONSUMED_AT = T0 + 10;
  const leaseDocs: Document[] = leases.map(leaseDocument);
  updateOne(leaseDocs, consumeLeaseFilter('a3'), consumeLeaseUpdate(CONSUMED_AT));
  const memory = new MemoryState();
  for (const s of [slotA, slotB, slotC]) memory.upsertSlot(null, s);
  for (const l of leases) memory.insertLease(null, l);
  memory.consumeLease(null, 'a3', CONSUMED_AT);

  it('a lease is live while unconsumed and atSec < leaseExpirationTimeSec (expired at exactly its expiration)', () => {
    expect(idsOf(select(leaseDocs, liveLeaseFilter(T0 - 1000)))).toEqual(['a1', 'a2', 'b1']);
    expect(idsOf(select(leaseDocs, liveLeaseFilter(EXP - 1)))).toEqual(['a1', 'a2', 'b1']);
    expect(idsOf(select(leaseDocs, liveLeaseFilter(EXP)))).toEqual(['a2', 'b1']);
    expect(idsOf(select(leaseDocs, liveLeaseFilter(EXP + 99)))).toEqual(['a2', 'b1']);
    expect(idsOf(select(leaseDocs, liveLeaseFilter(EXP + 100)))).toEqual(['a2']);
    expect(idsOf(select(leaseDocs, liveLeaseFilter(EXP + 300)))).toEqual([]);
  });

  it('leasedSpotsPipeline sums the live spots per slot key; slots without live leases are absent', () => {
    expect(leasedByKey(leaseDocs, [A, B, C], EXP - 1)).toEqual(new Map([[A, 3], [B, 3]]));
    expect(leasedByKey(leaseDocs, [A, B, C], EXP)).toEqual(new Map([[A, 2], [B, 3]]));
    expect(leasedByKey(leaseDocs, [A, B, C], EXP + 100)).toEqual(new Map([[A, 2]]));
    expect(leasedByKey(leaseDocs, [A, B, C], EXP + 300)).toEqual(new Map());
  });

  it('leasedSpotsPipeline only looks at the slots asked for', () => {
    expect(leasedByKey(leaseDocs, [B], EXP - 1)).toEqual(new Map([[B, 3]]));
    expect(leasedByKey(leaseDocs, [C], EXP - 1)).toEqual(new Map());
    expect(leasedByKey(leaseDocs, [], EXP - 1)).toEqual(new Map());
  });

  it('agrees with the memory store at every instant around the expirations', () => {
    for (const at of [T0 - 1000, T0, CONSUMED_AT, EXP - 1, EXP, EXP + 1, EXP + 99, EXP + 100, EXP + 299, EXP + 300]) {
      const mongo = leasedByKey(leaseDocs, [A, B, C], at);
      const ref = memory.getSlotStates([slotA, slotB, slotC].map(slotKeyOf), at).map((s) => s?.leasedSpots);
      expect({ at, leased: [A, B, C].map((k) => mongo.get(k) ?? 0) }).toEqual({ at, leased: ref });
    }
  });
});

describe('liveLeaseByReferenceFilter (findLiveLease)', () => {
  const EXP = T0 + 600;
  const slotA = inventorySlot({ spotsTotal: 10 });
  const slotB = inventorySlot({ serviceId: 'class', spotsTotal: 10 });
  const [A, B] = [slotA, slotB].map(keyString);
  const expired = lease({ leaseId: 'r-expired', callerId: 'c1', userReference: 'r1', slot: slotA, leaseExpirationTimeSec: T0 + 100, createdAtSec: T0 - 500 });
  const consumed = lease({ leaseId: 'r-consumed', callerId: 'c1', userReference: 'r1', slot: slotA, leaseExpirationTimeSec: EXP + 300, createdAtSec: T0 + 150 });
  const hit = lease({ leaseId: 'r-hit', callerId: 'c1', userReference: 'r1', slot: slotA, leaseExpirationTimeSec: EXP, createdAtSec: T0 + 170 });
  const others = [
    lease({ leaseId: 'r-caller', callerId: 'c2', userReference: 'r1', slot: slotA, leaseExpirationTimeSec: EXP }),
    lease({ leaseId: 'r-ref', callerId: 'c1', userReference: 'r2', slot: slotA, leaseExpirationTimeSec: EXP }),
    lease({ leaseId: 'r-slot', callerId: 'c1', userReference: 'r1', slot: slotB, leaseExpirationTimeSec: EXP }),
  ];
  const leaseDocs: Document[] = [expired, consumed, hit, ...others].map(leaseDocument);
  updateOne(leaseDocs, consumeLeaseFilter('r-consumed'), consumeLeaseUpdate(T0 + 160));
  const memory = new MemoryState();
  memory.insertLease(null, expired);
  memory.insertLease(null, consumed);
  memory.consumeLease(null, 'r-consumed', T0 + 160);
  memory.insertLease(null, hit);
  for (const l of others) memory.insertLease(null, l);

  /** What the adapter's findOne(filter, { sort: { leaseExpirationTimeSec: -1 } }) returns. */
  const findLive = (callerId: string, ref: string, slotKey: string, at: number) => {
    const [doc] = find(leaseDocs, liveLeaseByReferenceFilter(callerId, ref, slotKey, at)).sort({ leaseExpirationTimeSec: -1 }).limit(1).all() as Document[];
    return doc ? toLease(doc) : null;
  };

  it('is scoped by caller, user reference and slot, and finds only unconsumed leases live at atSec', () => {
    const at = T0 + 200;
    expect(idsOf(select(leaseDocs, liveLeaseByReferenceFilter('c1', 'r1', A, at)))).toEqual(['r-hit']);
    expect(idsOf(select(leaseDocs, liveLeaseByReferenceFilter('c2', 'r1', A, at)))).toEqual(['r-caller']);
    expect(idsOf(select(leaseDocs, liveLeaseByReferenceFilter('c1', 'r2', A, at)))).toEqual(['r-ref']);
    expect(idsOf(select(leaseDocs, liveLeaseByReferenceFilter('c1', 'r1', B, at)))).toEqual(['r-slot']);
    expect(idsOf(select(leaseDocs, liveLeaseByReferenceFilter('c3', 'r1', A, at)))).toEqual([]);
    expect(idsOf(select(leaseDocs, liveLeaseByReferenceFilter('c1', 'r1', A, EXP - 1)))).toEqual(['r-hit']);
    expect(idsOf(select(leaseDocs, liveLeaseByReferenceFilter('c1', 'r1', A, EXP)))).toEqual([]);
  });

  it('answers like the memory store for every scope and instant', () => {
    for (const at of [T0 + 200, EXP - 1, EXP, EXP + 300]) {
      for (const [callerId, ref, slotKey] of [['c1', 'r1', A], ['c2', 'r1', A], ['c1', 'r2', A], ['c1', 'r1', B], ['c2', 'r2', B]]) {
        const scope = { at, callerId, ref, slotKey };
        expect({ scope, lease: findLive(callerId, ref, slotKey, at) }).toEqual({ scope, lease: memory.findLiveLease(callerId, ref, slotKey, at) });
      }
    }
  });
});

describe('consumeLeaseFilter + consumeLeaseUpdate', () => {
  const live = lease({ leaseId: 'x', spots: 2 });
  const alreadyConsumed = lease({ leaseId: 'y', userReference: 'ref-y', consumedAtSec: T0 + 5 });

  it('matches only the unconsumed lease with that id', () => {
    const docs: Document[] = [live, alreadyConsumed].map(leaseDocument);
    expect(idsOf(select(docs, consumeLeaseFilter('x')))).toEqual(['x']);
    expect(select(docs, consumeLeaseFilter('y'))).toEqual([]);
    expect(select(docs, consumeLeaseFilter('zz'))).toEqual([]);
  });

  it('records when the lease was consumed, stops it holding, and a second consume changes nothing (like the memory store)', () => {
    const docs: Document[] = [live, alreadyConsumed].map(leaseDocument);
    const memory = new MemoryState();
    memory.upsertSlot(null, inventorySlot({ spotsTotal: 5 }));
    memory.insertLease(null, live);

    expect(select(docs, liveLeaseFilter(T0))).toHaveLength(1);
    expect(updateOne(docs, consumeLeaseFilter('x'), consumeLeaseUpdate(T0 + 20)).matchedCount).toBe(1);
    memory.consumeLease(null, 'x', T0 + 20);
    expect(select(docs, liveLeaseFilter(T0))).toEqual([]);
    expect(leasedByKey(docs, [live.slotKey], T0)).toEqual(new Map());

    expect(updateOne(docs, consumeLeaseFilter('x'), consumeLeaseUpdate(T0 + 99)).matchedCount).toBe(0);
    memory.consumeLease(null, 'x', T0 + 99);
    const stored = docs.find((d) => d._id === 'x') as Document;
    expect(toLease(stored)).toStrictEqual({ ...live, consumedAtSec: T0 + 20 });
    expect(toLease(stored)).toEqual(memory.getLeases(['x'])[0]);
    expect(toLease(docs.find((d) => d._id === 'y') as Document)).toStrictEqual(alreadyConsumed);
  });
});

describe('expiredLeasesFilter (purgeExpiredLeases)', () => {
  const leases = [
    lease({ leaseId: 'e100', leaseExpirationTimeSec: T0 + 100 }),
    lease({ leaseId: 'e200c', leaseExpirationTimeSec: T0 + 200, consumedAtSec: T0 + 50, userReference: 'ref-2' }),
    lease({ leaseId: 'e300', leaseExpirationTimeSec: T0 + 300, userReference: 'ref-3' }),
  ];
  const docs = leases.map(leaseDocument);

  it('selects leases that expired strictly before beforeSec, consumed or not', () => {
    expect(idsOf(select(docs, expiredLeasesFilter(T0 + 100)))).toEqual([]);
    expect(idsOf(select(docs, expiredLeasesFilter(T0 + 101)))).toEqual(['e100']);
    expect(idsOf(select(docs, expiredLeasesFilter(T0 + 200)))).toEqual(['e100']);
    expect(idsOf(select(docs, expiredLeasesFilter(T0 + 201)))).toEqual(['e100', 'e200c']);
    expect(idsOf(select(docs, expiredLeasesFilter(T0 + 1000)))).toEqual(['e100', 'e200c', 'e300']);
  });

  it('deletes what the memory store purges', () => {
    for (const before of [T0, T0 + 100, T0 + 101, T0 + 200, T0 + 250, T0 + 301]) {
      const memory = new MemoryState();
      for (const l of leases) memory.insertLease(null, l);
      const purged = memory.purgeExpiredLeases(before);
      const kept = memory.getLeases(leases.map((l) => l.leaseId)).filter((l) => l !== null).map((l) => l!.leaseId);
      const selected = idsOf(select(docs, expiredLeasesFilter(before)));
      expect({ before, count: selected.length, kept: leases.map((l) => l.leaseId).filter((id) => !selected.includes(id)) }).toEqual({
        before,
        count: purged,
        kept,
      });
    }
  });
});

// ---- bookings ----------------------------------------------------------------------------------

describe('activeBookingOfUserFilter (findActiveBookingOfUser)', () => {
  const slotA = inventorySlot({ spotsTotal: 5 });
  const slotB = inventorySlot({ serviceId: 'class', spotsTotal: 5 });
  const slotC = inventorySlot({ staffId: 'alex', spotsTotal: 5 });
  const [A, B, C] = [slotA, slotB, slotC].map(keyString);
  const bookings = [
    booking({ bookingId: 'b5-old-cancelled', slot: slotA, userId: 'u1', status: BookingStatus.CANCELED, createdAtSec: T0 - 100 }),
    booking({ bookingId: 'b1', slot: slotA, userId: 'u1', status: BookingStatus.CONFIRMED }),
    booking({ bookingId: 'b2', slot: slotB, userId: 'u1', status: BookingStatus.CANCELED }),
    booking({ bookingId: 'b3', slot: slotA, userId: 'u2', status: BookingStatus.PENDING_MERCHANT_CONFIRMATION }),
    booking({ bookingId: 'b4', slot: slotC, userId: 'u1', status: BookingStatus.PENDING_MERCHANT_CONFIRMATION }),
    booking({ bookingId: 'b6', slot: slotB, userId: 'u2', status: BookingStatus.NO_SHOW }),
    booking({ bookingId: 'b7', slot: slotC, userId: 'u2', status: BookingStatus.DECLINED_BY_MERCHANT }),
  ];
  const docs: Document[] = bookings.map(bookingDocument);
  const memory = new MemoryState();
  for (const b of bookings) mustInsert(memory.insertBooking(null, b));

  const scopes: Array<[string, string]> = [[A, 'u1'], [B, 'u1'], [C, 'u1'], [A, 'u2'], [B, 'u2'], [C, 'u2'], [A, 'u3']];

  it('selects the user\'s CONFIRMED or PENDING booking on that slot only', () => {
    expect(idsOf(select(docs, activeBookingOfUserFilter('caller-1', A, 'u1')))).toEqual(['b1']);
    expect(idsOf(select(docs, activeBookingOfUserFilter('caller-1', B, 'u1')))).toEqual([]);
    expect(idsOf(select(docs, activeBookingOfUserFilter('caller-1', C, 'u1')))).toEqual(['b4']);
    expect(idsOf(select(docs, activeBookingOfUserFilter('caller-1', A, 'u2')))).toEqual(['b3']);
    expect(idsOf(select(docs, activeBookingOfUserFilter('caller-1', B, 'u2')))).toEqual([]);
    expect(idsOf(select(docs, activeBookingOfUserFilter('caller-1', C, 'u2')))).toEqual([]);
    expect(idsOf(select(docs, activeBookingOfUserFilter('caller-1', A, 'u3')))).toEqual([]);
  });

  it('agrees with the memory store, also after the active booking is cancelled', () => {
    const check = (docsNow: Document[]) => {
      for (const [slotKey, userId] of scopes) {
        const [doc] = select(docsNow, activeBookingOfUserFilter('caller-1', slotKey, userId));
        expect({ slotKey, userId, found: doc ? toBooking(doc) : null }).toEqual({ slotKey, userId, found: memory.findActiveBookingOfUser('caller-1', slotKey, userId) });
      }
    };
    check(docs);
    const cancelled: BookingRecord = { ...bookings[1], status: BookingStatus.CANCELED, updatedAtSec: T0 + 500 };
    expect(memory.replaceBooking(null, cancelled)).toBe('inserted');
    check(docs.map((d) => (d._id === cancelled.bookingId ? bookingDocument(cancelled) : d)));
    expect(memory.findActiveBookingOfUser('caller-1', A, 'u1')).toBeNull();
  });
});

describe('userBookingsFilter + userBookingsSort (listBookingsOfUser)', () => {
  const AFTER = T0 + DAY;
  const at = (startSec: number, serviceId = 'cut') => inventorySlot({ startSec, serviceId });
  const bookings = [
    booking({ bookingId: 'ub-5', slot: at(AFTER + 3600), userId: 'u1' }),
    booking({ bookingId: 'ub-3', slot: at(AFTER + 1800, 'color'), userId: 'u1', createdAtSec: T0 + 5 }),
    booking({ bookingId: 'ub-at-after', slot: at(AFTER), userId: 'u1' }),
    booking({ bookingId: 'ub-1', slot: at(AFTER + 1), userId: 'u1', createdAtSec: T0 + 50 }),
    booking({ bookingId: 'ub-2c', slot: at(AFTER + 1800), userId: 'u1', status: BookingStatus.CANCELED, createdAtSec: T0 + 5 }),
    booking({ bookingId: 'ub-before', slot: at(AFTER - 1800), userId: 'u1' }),
    booking({ bookingId: 'ub-4', slot: at(AFTER + 1800, 'class'), userId: 'u1', createdAtSec: T0 + 1 }),
    booking({ bookingId: 'other-user', slot: at(AFTER + 1), userId: 'u2' }),
    booking({ bookingId: 'u10', slot: at(AFTER + 1, 'class'), userId: 'u10' }),
  ];
  const docs = bookings.map(bookingDocument);
  const memory = new MemoryState();
  for (const b of bookings) mustInsert(memory.insertBooking(null, b));
  const list = (userId: string, afterSec: number, limit: number) =>
    (find(docs, userBookingsFilter(userId, afterSec)).sort(userBookingsSort).limit(limit).all() as Document[]).map((d) => d._id as string);

  it('lists the user\'s bookings with startSec > afterSec (strictly), cancelled included, by start, creation, id', () => {
    expect(list('u1', AFTER, 100)).toEqual(['ub-1', 'ub-4', 'ub-2c', 'ub-3', 'ub-5']);
    expect(list('u1', AFTER - 1, 100)).toEqual(['ub-at-after', 'ub-1', 'ub-4', 'ub-2c', 'ub-3', 'ub-5']);
    expect(list('u1', AFTER, 2)).toEqual(['ub-1', 'ub-4']);
    expect(list('u2', AFTER, 100)).toEqual(['other-user']);
    expect(list('u', AFTER, 100)).toEqual([]);
  });

  it('returns what the memory store returns, records included', () => {
    for (const [userId, afterSec, limit] of [['u1', AFTER, 100], ['u1', AFTER - 1, 100], ['u1', AFTER + 1800, 100], ['u1', 0, 3], ['u2', AFTER, 100], ['u1', AFTER + 3600, 5]] as const) {
      const mongo = (find(docs, userBookingsFilter(userId, afterSec)).sort(userBookingsSort).limit(limit).all() as Document[]).map(toBooking);
      expect(mongo).toEqual(memory.listBookingsOfUser(userId, afterSec, limit));
    }
  });
});

// ---- idempotency -------------------------------------------------------------------------------

describe('idempotencyFilter', () => {
  const b = booking({ bookingId: 'b1' });
  const records = [idempotency('c1', 't1', b), idempotency('c2', 't1', b), idempotency('c1', 't2', b)];
  // insertOne({ ...record }): the driver adds an ObjectId _id.
  const docs: Document[] = records.map((r) => ({ _id: new ObjectId(), ...r }));
  const memory = new MemoryState();
  for (const r of records) memory.insertIdempotency(null, r);

  it('selects the one record of (callerId, token)', () => {
    for (const [callerId, token] of [['c1', 't1'], ['c2', 't1'], ['c1', 't2'], ['c2', 't2'], ['c3', 't1']]) {
      const hits = select(docs, idempotencyFilter(callerId, token));
      expect(hits.length).toBe(memory.getIdempotency(callerId, token) ? 1 : 0);
      expect(hits.length ? toIdempotency(hits[0]) : null).toEqual(memory.getIdempotency(callerId, token));
    }
    expect(select(docs, idempotencyFilter('c2', 't2'))).toEqual([]);
  });
});

// ---- capacity: the counters and the lease pipeline give the memory store's numbers ---------------

describe('capacity: spotsTotal - bookedSpots - leased, against the memory store', () => {
  /** The adapter's writes, played on arrays with the adapter's filters and updates. */
  class MingoCollections {
    slots: Document[] = [];
    leases: Document[] = [];
    bookings: Document[] = [];

    upsertSlot(slot: InventorySlot): void {
      const { matchedCount } = updateOne(this.slots, identityFilter(slot), { $set: upsertSlotUpdate(slot).$set });
      if (matchedCount === 0) this.slots.push(insertedSlotDocument(slot));
    }
    insertLease(l: LeaseRecord): void {
      this.leases.push(leaseDocument(l));
    }
    consumeLease(leaseId: string, atSec: number): void {
      updateOne(this.leases, consumeLeaseFilter(leaseId), consumeLeaseUpdate(atSec));
    }
    insertBooking(b: BookingRecord): void {
      const doc = bookingDocument(b);
      this.bookings.push(doc);
      if (doc.active) this.adjust(b.slotKey, b.spots);
    }
    replaceBooking(after: BookingRecord): void {
      const index = this.bookings.findIndex((d) => d._id === after.bookingId);
      const current = this.bookings[index];
      const doc = bookingDocument(after);
      this.bookings[index] = doc;
      if (current.active) this.adjust(current.slotKey, -current.spots);
      if (doc.active) this.adjust(after.slotKey, after.spots);
    }
    private adjust(slotKey: string, delta: number): void {
      expect(updateOne(this.slots, { slotKey }, bookedSpotsUpdate(delta)).matchedCount).toBe(1);
    }
    states(slots: InventorySlot[], atSec: number): Array<SlotState | null> {
      const keys = slots.map(keyString);
      const found = statesOf(select(this.slots, slotsByKeyFilter(keys)), this.leases, atSec);
      return keys.map((k) => found.find((s) => keyString(s.slot) === k) ?? null);
    }
  }

  const slotA = inventorySlot({ spotsTotal: 5 });
  const slotB = inventorySlot({ serviceId: 'class', durationSec: 3600, spotsTotal: 3 });
  const slotC = inventorySlot({ serviceId: 'color', spotsTotal: 2, staffId: 'kim' });
  const missing = inventorySlot({ serviceId: 'nothing' });
  /** Plays the same writes on the mingo collections and on a MemoryState. */
  function scenario() {
    const mongo = new MingoCollections();
    const memory = new MemoryState();
    const both = {
      upsertSlot: (s: InventorySlot) => (mongo.upsertSlot(s), memory.upsertSlot(null, s)),
      insertLease: (l: LeaseRecord) => (mongo.insertLease(l), memory.insertLease(null, l)),
      consumeLease: (id: string, at: number) => (mongo.consumeLease(id, at), memory.consumeLease(null, id, at)),
      insertBooking: (b: BookingRecord) => (mongo.insertBooking(b), mustInsert(memory.insertBooking(null, b))),
      replaceBooking: (b: BookingRecord) => (mongo.replaceBooking(b), mustInsert(memory.replaceBooking(null, b))),
    };

    for (const s of [slotA, slotB, slotC]) both.upsertSlot(s);
    both.insertLease(lease({ leaseId: 'L1', slot: slotA, spots: 2, leaseExpirationTimeSec: T0 + 600 }));
    both.insertLease(lease({ leaseId: 'L2', slot: slotB, spots: 1, leaseExpirationTimeSec: T0 + 300 }));
    const b1 = booking({ bookingId: 'b1', slot: slotA, userId: 'u1' });
    const b2 = booking({ bookingId: 'b2', slot: slotA, userId: 'u2', spots: 2, status: BookingStatus.PENDING_MERCHANT_CONFIRMATION });
    both.insertBooking(b1);
    both.insertBooking(b2);
    both.insertBooking(booking({ bookingId: 'b3', slot: slotB, userId: 'u1', status: BookingStatus.CANCELED }));
    both.insertLease(lease({ leaseId: 'L3', slot: slotA, spots: 1, leaseExpirationTimeSec: T0 + 900, userReference: 'ref-3' }));
    both.consumeLease('L3', T0 + 50);
    both.insertBooking(booking({ bookingId: 'b4', slot: slotA, userId: 'u3', createdAtSec: T0 + 50 }));
    both.replaceBooking({ ...b2, status: BookingStatus.CANCELED, updatedAtSec: T0 + 60 });
    // b1 rescheduled onto B with 2 spots.
    const moved = booking({ bookingId: 'b1', slot: slotB, userId: 'u1', spots: 2 });
    both.replaceBooking({ ...moved, updatedAtSec: T0 + 70 });
    // Capacity change of A: counters must survive it.
    both.upsertSlot({ ...slotA, spotsTotal: 6, availabilityTag: 'extended' });
    both.insertBooking(booking({ bookingId: 'b5', slot: slotC, userId: 'u1', spots: 2, status: BookingStatus.NO_SHOW }));
    both.insertBooking(booking({ bookingId: 'b6', slot: slotC, userId: 'u2' }));
    both.insertLease(lease({ leaseId: 'L4', slot: slotC, spots: 1, leaseExpirationTimeSec: T0 + 300, userReference: 'ref-4' }));
    return { mongo, memory };
  }

  const asked = [slotA, slotB, slotC, missing];
  const free = (s: SlotState | null) => (s ? s.slot.spotsTotal - s.bookedSpots - s.leasedSpots : null);

  it('gives the expected free spots (the fixture is not trivial)', () => {
    const { mongo } = scenario();
    expect(mongo.states(asked, T0).map(free)).toEqual([6 - 1 - 2, 3 - 2 - 1, 2 - 1 - 1, null]);
    expect(mongo.states(asked, T0 + 300).map(free)).toEqual([6 - 1 - 2, 3 - 2, 2 - 1, null]);
    expect(mongo.states(asked, T0 + 600).map(free)).toEqual([6 - 1, 3 - 2, 2 - 1, null]);
  });

  it('gives the memory store\'s slot states (slot, booked, leased, free) at every instant', () => {
    const { mongo, memory } = scenario();
    for (const at of [T0 - 1, T0, T0 + 50, T0 + 299, T0 + 300, T0 + 599, T0 + 600, T0 + 899, T0 + 900]) {
      const mongoStates = mongo.states(asked, at);
      const memoryStates = memory.getSlotStates(asked.map(slotKeyOf), at);
      expect({ at, states: mongoStates }).toEqual({ at, states: memoryStates });
      expect({ at, free: mongoStates.map(free) }).toEqual({ at, free: memoryStates.map(free) });
    }
  });

  it('findSlotStates gives the memory store\'s states in its order', () => {
    const { mongo, memory } = scenario();
    const q = { merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + 2 * DAY, limit: 10 };
    for (const at of [T0, T0 + 300, T0 + 600]) {
      const docs = find(mongo.slots, slotRangeFilter(q)).sort(slotRangeSort).limit(q.limit).all() as Document[];
      expect(statesOf(docs, mongo.leases, at)).toEqual(memory.findSlotStates(q, at));
    }
  });

  it('bookedSpots counters equal the spots of the active bookings actually stored', () => {
    const { mongo } = scenario();
    const truth = new Map(
      aggregate(mongo.bookings, [{ $match: { active: true } }, { $group: { _id: '$slotKey', spots: { $sum: '$spots' } } }]).map((r) => [
        r._id as string,
        r.spots as number,
      ]),
    );
    expect(truth.size).toBeGreaterThan(0);
    for (const doc of mongo.slots) expect({ slot: doc.slotKey, booked: doc.bookedSpots }).toEqual({ slot: doc.slotKey, booked: truth.get(doc.slotKey) ?? 0 });
  });
});
