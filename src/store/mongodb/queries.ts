// Every filter, update and pipeline the adapter sends, built by pure functions so tests can run
// them with mingo against fixture documents (no server needed to check what they select).
import type { Document } from 'mongodb';
import type { InventorySlot } from '../../domain/records';
import type { SlotKey } from '../../domain/slot-key';
import { BookingStatus } from '../../domain/enums';
import type { BookingScope, MerchantBookingsQuery, SlotRangeQuery, UserBookingsQuery } from '../store.port';
import { slotAttributes } from './documents';

export const identityFilter = (k: SlotKey): Document => ({
  merchantId: k.merchantId,
  serviceId: k.serviceId,
  startSec: k.startSec,
  durationSec: k.durationSec,
  staffId: k.staffId,
  roomId: k.roomId,
});

export const slotsByKeyFilter = (slotKeys: readonly string[]): Document => ({ slotKey: { $in: [...slotKeys] } });

/** Upsert of one inventory entry: attributes replaced, counters created once and never reset. */
export function upsertSlotUpdate(slot: InventorySlot): Document {
  return {
    $set: slotAttributes(slot),
    $setOnInsert: { bookedSpots: 0, lockVersion: 0 },
  };
}

/** Bumped by every unit that checks a slot's capacity (or a user's bookings), so concurrent units write-conflict. */
export const lockSlotsUpdate: Document = { $inc: { lockVersion: 1 } };

/** The per-user document lockUser writes: one per (caller, merchant, user), addressed by _id. */
export const userLockFilter = (callerId: string, merchantId: string, userId: string): Document => ({ _id: JSON.stringify([callerId, merchantId, userId]) });

/** A booking write on a slot: its counters move by these deltas, and its lock always (a write even when both are 0). */
export const slotCountersUpdate = (bookedSpots: number, pendingHolds: number): Document => ({
  $inc: { lockVersion: 1, ...(bookedSpots !== 0 && { bookedSpots }), ...(pendingHolds !== 0 && { pendingHolds }) },
});

export function slotRangeFilter(q: SlotRangeQuery): Document {
  return {
    merchantId: q.merchantId,
    ...(q.serviceId ? { serviceId: q.serviceId } : {}),
    startSec: { $gte: q.startSecFrom, $lt: q.startSecTo },
    // Free of bookings alone; live leases are subtracted after the read (they live in another collection).
    ...(q.minFreeSpots !== undefined ? { $expr: { $gte: [{ $subtract: ['$spotsTotal', '$bookedSpots'] }, q.minFreeSpots] } } : {}),
  };
}

/** The order of SlotRangeQuery results (and of the index that serves it). */
export const slotRangeSort: Document = { startSec: 1, serviceId: 1, durationSec: 1, staffId: 1, roomId: 1 };

/** A lease holds spots while unconsumed and `atSec < leaseExpirationTimeSec` (expiry judged at read). */
export const liveLeaseFilter = (atSec: number): Document => ({
  consumedAtSec: null,
  leaseExpirationTimeSec: { $gt: atSec },
});

/** Spots held by live leases, per slot key. */
export function leasedSpotsPipeline(slotKeys: readonly string[], atSec: number): Document[] {
  return [
    { $match: { slotKey: { $in: [...slotKeys] }, ...liveLeaseFilter(atSec) } },
    { $group: { _id: '$slotKey', spots: { $sum: '$spots' } } },
  ];
}

/** A booking document with a confirmation deadline (holdUntil set; absent in documents older than it). */
const HAS_DEADLINE: Document = { $ne: [{ $ifNull: ['$holdUntil', null] }, null] };

/** The counters a slot's active bookings add up to (documents.ts: bookedSpots, pendingHolds), per slot key. */
export function slotCountersPipeline(slotKeys: readonly string[]): Document[] {
  return [
    { $match: { slotKey: { $in: [...slotKeys] }, active: true } },
    {
      $group: {
        _id: '$slotKey',
        bookedSpots: { $sum: { $cond: [HAS_DEADLINE, 0, '$spots'] } },
        pendingHolds: { $sum: { $cond: [HAS_DEADLINE, 1, 0] } },
      },
    },
  ];
}

/** Spots held by pending bookings before their confirmation deadline, per slot key (the counter has the rest). */
export function pendingHoldsPipeline(slotKeys: readonly string[], atSec: number): Document[] {
  return [
    { $match: { slotKey: { $in: [...slotKeys] }, active: true, holdUntil: { $gt: atSec } } },
    { $group: { _id: '$slotKey', spots: { $sum: '$spots' } } },
  ];
}

/** An active booking that still holds at `atSec`: no deadline, or a deadline still ahead. */
const holdingAt = (atSec: number): Document => ({ active: true, $or: [{ holdUntil: null }, { holdUntil: { $gt: atSec } }] });

/** The statuses as of `atSec`: a pending booking past its deadline counts as DECLINED_BY_MERCHANT. */
function statusesAt(statuses: readonly BookingStatus[], atSec: number): Document[] {
  const clauses: Document[] = [];
  const plain = statuses.filter((s) => s !== BookingStatus.PENDING_MERCHANT_CONFIRMATION);
  if (plain.length) clauses.push({ status: { $in: plain } });
  if (statuses.includes(BookingStatus.PENDING_MERCHANT_CONFIRMATION)) {
    clauses.push({ status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, $or: [{ holdUntil: null }, { holdUntil: { $gt: atSec } }] });
  }
  if (statuses.includes(BookingStatus.DECLINED_BY_MERCHANT)) {
    clauses.push({ status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, holdUntil: { $lte: atSec } });
  }
  return clauses;
}

/** merchantBookings: a merchant's bookings in [from, to), filtered, after the cursor when there is one. */
export function merchantBookingsFilter(q: MerchantBookingsQuery, atSec: number, withCursor: boolean): Document {
  const and: Document[] = [];
  if (q.statuses?.length) and.push({ $or: statusesAt(q.statuses, atSec) });
  if (withCursor && q.after) {
    and.push({ $or: [{ 'slot.startSec': { $gt: q.after.startSec } }, { 'slot.startSec': q.after.startSec, bookingId: { $gt: q.after.bookingId } }] });
  }
  // After a cursor the scan starts at the cursor's start (not the range's), so a deep page costs what
  // the first one does; the $or above only drops the bookings of that same second up to the cursor.
  const from = withCursor && q.after ? Math.max(q.startSecFrom, q.after.startSec) : q.startSecFrom;
  return {
    'slot.merchantId': q.merchantId,
    'slot.startSec': { $gte: from, $lt: q.startSecTo },
    ...(q.serviceId ? { 'slot.serviceId': q.serviceId } : {}),
    ...(q.staffId ? { 'slot.resources.staffId': q.staffId } : {}),
    ...(and.length ? { $and: and } : {}),
  };
}

/** The page order of merchantBookings (and of the index that serves it). */
export const merchantBookingsSort: Document = { 'slot.startSec': 1, bookingId: 1 };

/** Pending bookings whose deadline is at or before `atSec` (pending_deadlines: its partial filter is repeated, so it applies). */
export const lapsedPendingFilter = (atSec: number): Document => ({ active: true, holdUntil: { $gt: 0, $lte: atSec } });
export const lapsedPendingSort: Document = { holdUntil: 1 };

/** A user's bookings at a merchant in the query's start range that hold spots at `atSec`. */
export function activeBookingsOfUserFilter(query: UserBookingsQuery, atSec: number): Document {
  const before = query.startBeforeSec ?? null;
  return {
    callerId: query.callerId,
    'userInformation.userId': query.userId,
    'slot.merchantId': query.merchantId,
    'slot.startSec': before === null ? { $gt: query.startAfterSec } : { $gt: query.startAfterSec, $lt: before },
    ...holdingAt(atSec),
  };
}

export function liveLeaseByReferenceFilter(callerId: string, userReference: string, slotKey: string, atSec: number): Document {
  return { callerId, userReference, slotKey, ...liveLeaseFilter(atSec) };
}

export const consumeLeaseFilter = (leaseId: string): Document => ({ _id: leaseId, consumedAtSec: null });
export const consumeLeaseUpdate = (atSec: number): Document => ({ $set: { consumedAtSec: atSec } });
/** A lease ended early: its expiration (and the TTL's date) move to `atSec` when that is sooner. */
export const expireLeaseFilter = (leaseId: string, atSec: number): Document => ({ _id: leaseId, leaseExpirationTimeSec: { $gt: atSec } });
export const expireLeaseUpdate = (atSec: number): Document => ({ $set: { leaseExpirationTimeSec: atSec, expiresAt: new Date(atSec * 1000) } });

export const activeBookingOfUserFilter = (callerId: string, slotKey: string, userId: string): Document => ({
  slotKey,
  callerId,
  'userInformation.userId': userId,
  active: true,
});

export const userBookingsFilter = (userId: string, afterSec: number, scope: BookingScope = {}): Document => ({
  'userInformation.userId': userId,
  'slot.startSec': { $gt: afterSec },
  ...(scope.merchantIds && { 'slot.merchantId': { $in: [...scope.merchantIds] } }),
  ...(scope.callerId && { callerId: scope.callerId }),
});

export const userBookingsSort: Document = { 'slot.startSec': 1, createdAtSec: 1, bookingId: 1 };

export const idempotencyFilter = (callerId: string, token: string): Document => ({ callerId, token });

/** Leases that expired before `beforeSec`: what housekeeping may delete (served by the TTL index on expiresAt). */
export const expiredLeasesFilter = (beforeSec: number): Document => ({ expiresAt: { $lt: new Date(beforeSec * 1000) } });
