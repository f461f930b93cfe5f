// The index plans of src/store/mongodb/indexes.ts, checked without a server: which invariants the
// unique ones hold (the store contract on the simulator plays them for real), what the partial and TTL indexes
// include, and that every hot-path query of queries.ts has an index serving it.
import { Query } from 'mingo';
import { ObjectId, type Document } from 'mongodb';
import { BookingStatus, isActiveStatus } from '../../../src/domain/enums';
import type { BookingRecord, IdempotencyRecord, InventorySlot } from '../../../src/domain/records';
import { slotKeyOf } from '../../../src/domain/slot-key';
import { COLLECTIONS, bookingDocument, leaseDocument } from '../../../src/store/mongodb/documents';
import { deliveryDocument, eventDocument, subscriptionDocument } from '../../../src/store/mongodb/event-documents';
import { INDEXES, type IndexPlan } from '../../../src/store/mongodb/indexes';
import { dueJobsFilter, dueJobsSort, paymentJobDocument } from '../../../src/store/mongodb/payments';
import {
  activeBookingOfUserFilter,
  activeBookingsOfUserFilter,
  expireLeaseFilter,
  merchantBookingsFilter,
  merchantBookingsSort,
  pendingHoldsPipeline,
  userLockFilter,
  identityFilter,
  idempotencyFilter,
  leasedSpotsPipeline,
  liveLeaseByReferenceFilter,
  slotRangeFilter,
  slotRangeSort,
  slotsByKeyFilter,
  userBookingsFilter,
} from '../../../src/store/mongodb/queries';
import {
  T0,
  booking,
  idempotency,
  insertedSlotDocument,
  inventorySlot,
  keyFields,
  keyString,
  lease,
  service,
  uniqueCollision,
} from './fixtures';
import { delivery, newEvent, subscription } from '../store-contract.events';
import { indexServes, type Served } from './index-analysis';

const plan = (name: string): IndexPlan => {
  const found = INDEXES.find((p) => p.options.name === name);
  if (!found) throw new Error(`no index named ${name}`);
  return found;
};
const fieldsOf = (p: IndexPlan) => keyFields(p).map(([field]) => field);

/** A document of each collection exactly as the adapter writes it. */
const SAMPLE_DOCUMENTS: Record<string, Document> = {
  [COLLECTIONS.merchants]: { _id: 'm1', merchantId: 'm1', name: 'Salon', timeZone: 'Europe/Zurich' },
  [COLLECTIONS.services]: { _id: new ObjectId(), ...service() },
  [COLLECTIONS.slots]: insertedSlotDocument(inventorySlot({ staffId: 'alex' })),
  [COLLECTIONS.leases]: leaseDocument(lease({ leaseId: 'l1' })),
  [COLLECTIONS.bookings]: bookingDocument(booking({ bookingId: 'b1', rich: true })),
  [COLLECTIONS.idempotency]: { _id: new ObjectId(), ...idempotency('c1', 't1', booking({ bookingId: 'b1' })) },
  [COLLECTIONS.events]: eventDocument(newEvent('e1', 'b1'), 1, 1_800_000_000_000_000),
  [COLLECTIONS.eventSequences]: { _id: 'b1', last: 1, lastPosition: 1_800_000_000_000_000 },
  [COLLECTIONS.webhookSubscriptions]: subscriptionDocument(subscription('s1', { merchantIds: ['m1'] })),
  [COLLECTIONS.webhookDeliveries]: deliveryDocument(delivery('s1', 'e1', 'b1', 1)),
  [COLLECTIONS.paymentJobs]: paymentJobDocument({ jobId: 'j1', kind: 'refund', dueAtSec: T0, createdAtSec: T0, bookingId: 'b1' }),
};

function hasPath(doc: Document, path: string): boolean {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !(part in (value as object))) return false;
    value = (value as Record<string, unknown>)[part];
  }
  return true;
}

describe('index plans: well formed', () => {
  it('every plan has a unique name and says why it exists', () => {
    const names = INDEXES.map((p) => p.options.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of INDEXES) {
      expect(p.options.name).toMatch(/^\S+$/);
      expect(p.why.trim().length).toBeGreaterThan(10);
    }
  });

  it('every plan names a collection the adapter writes, and keys fields its documents actually have', () => {
    const collections = Object.values(COLLECTIONS) as string[];
    for (const p of INDEXES) {
      expect(collections).toContain(p.collection);
      const sample = SAMPLE_DOCUMENTS[p.collection];
      for (const field of fieldsOf(p)) expect({ index: p.options.name, field, present: hasPath(sample, field) }).toEqual({ index: p.options.name, field, present: true });
      for (const [, direction] of keyFields(p)) expect([1, -1]).toContain(direction);
      for (const field of Object.keys(p.options.partialFilterExpression ?? {})) expect(hasPath(sample, field)).toBe(true);
    }
  });
});

describe('unique indexes: exactly the invariants', () => {
  const uniques = INDEXES.filter((p) => p.options.unique);

  it('exist for service identity, slot identity, slot key, one active booking per (slot, caller, user), (caller, token) and (aggregate, sequence) only', () => {
    const described = uniques.map((p) => ({ collection: p.collection, fields: fieldsOf(p), partial: p.options.partialFilterExpression ?? null }));
    const identityFields = Object.keys(slotKeyOf(inventorySlot()));
    expect(described).toHaveLength(6);
    expect(described).toEqual(
      expect.arrayContaining([
        { collection: COLLECTIONS.services, fields: ['merchantId', 'serviceId'], partial: null },
        { collection: COLLECTIONS.slots, fields: identityFields, partial: null },
        { collection: COLLECTIONS.slots, fields: ['slotKey'], partial: null },
        { collection: COLLECTIONS.bookings, fields: ['slotKey', 'callerId', 'userInformation.userId'], partial: expect.any(Object) },
        { collection: COLLECTIONS.idempotency, fields: ['callerId', 'token'], partial: null },
        { collection: COLLECTIONS.events, fields: ['aggregateId', 'sequence'], partial: null },
      ]),
    );
    // Slot identity in the order of the domain's SlotKey.
    expect(fieldsOf(plan('slot_identity'))).toEqual(['merchantId', 'serviceId', 'startSec', 'durationSec', 'staffId', 'roomId']);
  });

  it('the adapter relies on two of them by name: those names exist and are unique indexes', () => {
    // mongo.store.ts turns a duplicate on exactly these into typed outcomes.
    expect(plan('one_active_booking_per_caller_user_and_slot').options.unique).toBe(true);
    expect(plan('idempotency_token').options.unique).toBe(true);
  });

  it('slot_identity and slot_key collide for exactly the same pairs of slots: those with equal SlotKeys', () => {
    const slots: InventorySlot[] = [
      inventorySlot(),
      inventorySlot({ spotsTotal: 7, availabilityTag: 'x' }), // same identity, other attributes
      inventorySlot({ merchantId: 'm2' }),
      inventorySlot({ serviceId: 'color' }),
      inventorySlot({ startSec: T0 + 1 }),
      inventorySlot({ durationSec: 900 }),
      inventorySlot({ staffId: 'alex' }),
      inventorySlot({ roomId: 'alex' }),
      // Components that a naive joined key could confuse.
      inventorySlot({ serviceId: 'a', staffId: 'b,c' }),
      inventorySlot({ serviceId: 'a,b', staffId: 'c' }),
      inventorySlot({ staffId: 'x","y' }),
      inventorySlot({ staffId: 'x', roomId: 'y' }),
    ];
    const docs: Document[] = slots.map(insertedSlotDocument);
    for (let i = 0; i < slots.length; i++) {
      for (let j = i + 1; j < slots.length; j++) {
        const same = JSON.stringify(slotKeyOf(slots[i])) === JSON.stringify(slotKeyOf(slots[j]));
        const pair = { i, j };
        expect({ pair, identity: !!uniqueCollision(plan('slot_identity'), [docs[i]], docs[j]) }).toEqual({ pair, identity: same });
        expect({ pair, key: !!uniqueCollision(plan('slot_key'), [docs[i]], docs[j]) }).toEqual({ pair, key: same });
        // The upsert filter finds the stored slot exactly when the unique index would collide.
        expect(new Query(identityFilter(slotKeyOf(slots[j]))).test(docs[i])).toBe(same);
      }
    }
  });

  it('service_identity tells services apart by (merchantId, serviceId) only', () => {
    const docs = [service('m1', 'cut'), service('m2', 'cut'), service('m1', 'color')].map((s) => ({ _id: new ObjectId(), ...s }));
    expect(uniqueCollision(plan('service_identity'), docs, { ...service('m1', 'cut', { name: 'renamed', price: null }) })).toBe(docs[0]);
    expect(uniqueCollision(plan('service_identity'), docs, { ...service('m2', 'color') })).toBeUndefined();
  });

  it('event_order refuses a second event with the same (aggregate, sequence), and only that', () => {
    const docs = [eventDocument(newEvent('e1', 'b1'), 1, 10), eventDocument(newEvent('e2', 'b1'), 2, 11), eventDocument(newEvent('e3', 'b2'), 1, 12)];
    expect(uniqueCollision(plan('event_order'), docs, eventDocument(newEvent('e4', 'b1'), 2, 13))).toBe(docs[1]);
    expect(uniqueCollision(plan('event_order'), docs, eventDocument(newEvent('e4', 'b2'), 2, 13))).toBeUndefined();
  });

});

describe('one_active_booking_per_caller_user_and_slot: the partial unique index', () => {
  const p = plan('one_active_booking_per_caller_user_and_slot');
  const partial = new Query(p.options.partialFilterExpression ?? {});

  it('has a partial filter that includes CONFIRMED and PENDING_MERCHANT_CONFIRMATION bookings and excludes the others', () => {
    expect(p.options.partialFilterExpression).toBeDefined();
    const included = (status: BookingStatus) => partial.test(bookingDocument(booking({ bookingId: `b-${status}`, status })) as Document);
    expect(included(BookingStatus.CONFIRMED)).toBe(true);
    expect(included(BookingStatus.PENDING_MERCHANT_CONFIRMATION)).toBe(true);
    expect(included(BookingStatus.CANCELED)).toBe(false);
    expect(included(BookingStatus.NO_SHOW)).toBe(false);
    for (const status of Object.values(BookingStatus)) expect({ status, included: included(status) }).toEqual({ status, included: isActiveStatus(status) });
  });

});

describe('lease_ttl: housekeeping of expired leases', () => {
  const ttl = INDEXES.filter((p) => p.options.expireAfterSeconds !== undefined);

  it('is the only TTL index: single field expiresAt on leases, expiring some time after the lease does', () => {
    expect(ttl.map((p) => p.options.name)).toEqual(['lease_ttl']);
    const [p] = ttl;
    expect(p.collection).toBe(COLLECTIONS.leases);
    expect(keyFields(p)).toEqual([['expiresAt', 1]]);
    expect(Number.isInteger(p.options.expireAfterSeconds)).toBe(true);
    expect(p.options.expireAfterSeconds).toBeGreaterThan(0);
    expect(p.options.unique).toBeFalsy();
  });

  it('leaseDocument puts a Date equal to leaseExpirationTimeSec there, so a lease is never deleted while live', () => {
    const [p] = ttl;
    for (const exp of [T0 + 600, T0 + 3601, 2_000_000_000]) {
      const doc = leaseDocument(lease({ leaseId: `l-${exp}`, leaseExpirationTimeSec: exp }));
      expect(doc.expiresAt).toBeInstanceOf(Date);
      expect(doc.expiresAt.getTime()).toBe(exp * 1000);
      const deletedAtSec = doc.expiresAt.getTime() / 1000 + (p.options.expireAfterSeconds ?? 0);
      expect(deletedAtSec).toBeGreaterThan(doc.leaseExpirationTimeSec);
    }
  });
});

describe('hot-path queries are served by an index', () => {
  const EXP = T0 + 600;
  const check = (served: Served) => {
    expect({ index: served.index, leading: served.leadingEquality.length > 0 }).toEqual({ index: served.index, leading: true });
    expect({ index: served.index, unindexedRanges: served.unindexedRanges }).toEqual({ index: served.index, unindexedRanges: [] });
    return served;
  };

  it('leasedSpotsPipeline $match → lease_hold (slotKey, consumedAtSec, then the expiry range)', () => {
    const [stage] = leasedSpotsPipeline(['k1', 'k2'], EXP);
    const served = check(indexServes(stage.$match, plan('lease_hold')));
    expect(served.uncoveredEquality).toEqual([]);
    expect(served.leadingEquality).toEqual(['slotKey', 'consumedAtSec']);
  });

  it('liveLeaseByReferenceFilter → lease_reference_v2: (callerId, userReference, slotKey, consumedAtSec) prefix, newest-first sort from the index', () => {
    const served = check(indexServes(liveLeaseByReferenceFilter('c1', 'r1', 'k1', EXP), plan('lease_reference_v2'), { leaseExpirationTimeSec: -1 }));
    expect(served.leadingEquality).toEqual(['callerId', 'userReference', 'slotKey', 'consumedAtSec']);
    expect(served.sortFromIndex).toBe(true);
  });

  it('userBookingsFilter → bookings_of_user_v2 (userId, then the start range)', () => {
    const served = check(indexServes(userBookingsFilter('u1', T0), plan('bookings_of_user_v2')));
    expect(served.uncoveredEquality).toEqual([]);
    expect(served.leadingEquality).toEqual(['userInformation.userId']);
  });

  it('slotRangeFilter → slot_range, with or without serviceId, already in slotRangeSort order', () => {
    for (const serviceId of [undefined, null, 'cut']) {
      const served = check(indexServes(slotRangeFilter({ merchantId: 'm1', serviceId, startSecFrom: T0, startSecTo: EXP, limit: 10 }), plan('slot_range'), slotRangeSort));
      expect(served.uncoveredEquality).toEqual([]);
      expect(served.leadingEquality).toEqual(['merchantId']);
      expect(served.sortFromIndex).toBe(true);
    }
  });

  it('idempotencyFilter → idempotency_token', () => {
    const served = check(indexServes(idempotencyFilter('c1', 't1'), plan('idempotency_token')));
    expect(served.uncoveredEquality).toEqual([]);
  });

  it('activeBookingOfUserFilter → the partial unique index (its filter implies the partial filter expression)', () => {
    const served = check(indexServes(activeBookingOfUserFilter('caller-1', 'k1', 'u1'), plan('one_active_booking_per_caller_user_and_slot')));
    expect(served.partialSatisfied).toBe(true);
    expect(served.uncoveredEquality).toEqual([]);
    expect(served.leadingEquality).toEqual(['slotKey', 'callerId', 'userInformation.userId']);
  });

  it('slot lookups and upserts → slot_key and slot_identity; services by merchant → service_identity', () => {
    const slot = inventorySlot();
    expect(check(indexServes(slotsByKeyFilter(['k1']), plan('slot_key'))).uncoveredEquality).toEqual([]);
    expect(check(indexServes({ slotKey: keyString(slot) }, plan('slot_key'))).uncoveredEquality).toEqual([]);
    expect(check(indexServes(identityFilter(slot), plan('slot_identity'))).uncoveredEquality).toEqual([]);
    const services = check(indexServes({ merchantId: { $in: ['m1', 'm2'] } }, plan('service_identity'), { merchantId: 1, serviceId: 1 }));
    expect(services.sortFromIndex).toBe(true);
  });

  it('merchantBookingsFilter → merchant_bookings: merchant, then the start range, already in page order, with any filter and cursor', () => {
    const base = { merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + 30 * 86_400, limit: 51 };
    const variants = [
      base,
      { ...base, serviceId: 'cut', staffId: 'alex' },
      { ...base, statuses: [BookingStatus.CONFIRMED, BookingStatus.PENDING_MERCHANT_CONFIRMATION, BookingStatus.DECLINED_BY_MERCHANT] },
      { ...base, after: { startSec: T0 + 86_400, bookingId: 'b9' } },
    ];
    expect(variants).toHaveLength(4);
    for (const query of variants) {
      for (const withCursor of [true, false]) {
        const filter = merchantBookingsFilter(query, T0, withCursor);
        const served = check(indexServes(filter, plan('merchant_bookings'), merchantBookingsSort));
        expect(served.leadingEquality).toEqual(['slot.merchantId']);
        expect(served.sortFromIndex).toBe(true);
        // Service and staff are checked on the fetched bookings of the range (bounded by merchant and time).
        expect(served.uncoveredEquality.every((f) => ['slot.serviceId', 'slot.resources.staffId'].includes(f))).toBe(true);
        expect(served.residualLogical.every((f) => ['status', 'holdUntil', 'slot.startSec', 'bookingId'].includes(f))).toBe(true);
      }
    }
    // After a cursor the scan starts at the cursor's start, not at the range's.
    expect(merchantBookingsFilter(variants[3], T0, true)['slot.startSec']).toEqual({ $gte: T0 + 86_400, $lt: base.startSecTo });
    expect(merchantBookingsFilter(variants[3], T0, false)['slot.startSec']).toEqual({ $gte: T0, $lt: base.startSecTo });
  });

  it('activeBookingsOfUserFilter → bookings_of_user_at_merchant (caller, user, merchant, then the start range)', () => {
    const served = check(indexServes(activeBookingsOfUserFilter({ callerId: 'c1', merchantId: 'm1', userId: 'u1', startAfterSec: T0, startBeforeSec: T0 + 3600 }, T0), plan('bookings_of_user_at_merchant'), merchantBookingsSort));
    expect(served.leadingEquality).toEqual(['callerId', 'userInformation.userId', 'slot.merchantId']);
    expect(served.uncoveredEquality).toEqual(['active']);
    expect(served.residualLogical).toEqual(['holdUntil']);
  });

  it('pendingHoldsPipeline $match → pending_holds, whose partial filter the match implies', () => {
    const [stage] = pendingHoldsPipeline(['k1', 'k2'], T0);
    const served = check(indexServes(stage.$match, plan('pending_holds')));
    expect(served.partialSatisfied).toBe(true);
    expect(served.leadingEquality).toEqual(['slotKey']);
    expect(served.uncoveredEquality).toEqual([]);
    // Only pending bookings with a deadline are in it: the index stays as small as the open questions.
    const partial = new Query(plan('pending_holds').options.partialFilterExpression ?? {});
    const doc = (status: BookingStatus, confirmationDeadlineSec: number | null) =>
      bookingDocument(booking({ bookingId: `b-${status}-${confirmationDeadlineSec}`, status, confirmationDeadlineSec })) as Document;
    expect(partial.test(doc(BookingStatus.PENDING_MERCHANT_CONFIRMATION, T0))).toBe(true);
    expect(partial.test(doc(BookingStatus.PENDING_MERCHANT_CONFIRMATION, null))).toBe(false);
    expect(partial.test(doc(BookingStatus.CONFIRMED, T0))).toBe(false);
    expect(partial.test(doc(BookingStatus.DECLINED_BY_MERCHANT, T0))).toBe(false);
  });

  it('expireLeaseFilter and userLockFilter address one document by _id; users of other callers or merchants get their own', () => {
    expect(Object.keys(expireLeaseFilter('l1', T0))).toEqual(['_id', 'leaseExpirationTimeSec']);
    const locks = [userLockFilter('c1', 'm1', 'u1'), userLockFilter('c2', 'm1', 'u1'), userLockFilter('c1', 'm2', 'u1'), userLockFilter('c1', 'm1', 'u2'), userLockFilter('c1,m1', 'u', '1')];
    expect(locks.every((f) => Object.keys(f).join() === '_id')).toBe(true);
    expect(new Set(locks.map((f) => f._id)).size).toBe(locks.length);
  });

  it('dueJobsFilter → payment_jobs_due: the due range, already in (dueAtSec, jobId) order', () => {
    const served = indexServes(dueJobsFilter(T0), plan('payment_jobs_due'), dueJobsSort);
    expect(served.unindexedRanges).toEqual([]);
    expect(served.uncoveredEquality).toEqual([]);
    expect(served.sortFromIndex).toBe(true);
  });

  it('the analysis itself tells a served query from an unserved one', () => {
    // An index on other fields, a filter missing the leading key, and a sort the index cannot give.
    expect(indexServes({ token: 't1' }, plan('idempotency_token')).leadingEquality).toEqual([]);
    expect(indexServes({ callerId: 'c1', fingerprint: 'x' }, plan('idempotency_token')).uncoveredEquality).toEqual(['fingerprint']);
    expect(indexServes({ merchantId: 'm1', startSec: { $gt: 1 } }, plan('service_identity')).unindexedRanges).toEqual(['startSec']);
    expect(indexServes({ merchantId: 'm1' }, plan('slot_range'), { serviceId: 1 }).sortFromIndex).toBe(false);
    expect(indexServes({ slotKey: 'k', 'userInformation.userId': 'u' }, plan('one_active_booking_per_caller_user_and_slot')).partialSatisfied).toBe(false);
    // A lower bound implies a looser one, never a tighter one.
    expect(indexServes({ slotKey: 'k', active: true, holdUntil: { $gt: 5 } }, plan('pending_holds')).partialSatisfied).toBe(true);
    expect(indexServes({ slotKey: 'k', active: true, holdUntil: { $gte: 0 } }, plan('pending_holds')).partialSatisfied).toBe(false);
    expect(indexServes({ slotKey: 'k', holdUntil: { $gt: 5 } }, plan('pending_holds')).partialSatisfied).toBe(false);
    expect(indexServes({ 'slot.merchantId': 'm', $or: [{ a: 1 }, { b: { $gt: 1 } }] }, plan('merchant_bookings')).residualLogical).toEqual(['a', 'b']);
  });
});
