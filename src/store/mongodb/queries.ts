// Every filter, update and pipeline the adapter sends, built by pure functions so tests can run
// them with mingo against fixture documents (no server needed to check what they select).
import type { Document } from 'mongodb';
import type { InventorySlot } from '../../domain/records';
import type { SlotKey } from '../../domain/slot-key';
import type { SlotRangeQuery } from '../store.port';
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

export const lockSlotsUpdate: Document = { $inc: { lockVersion: 1 } };

export const bookedSpotsUpdate = (delta: number): Document => ({ $inc: { bookedSpots: delta } });

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

export function liveLeaseByReferenceFilter(callerId: string, userReference: string, slotKey: string, atSec: number): Document {
  return { callerId, userReference, slotKey, ...liveLeaseFilter(atSec) };
}

export const consumeLeaseFilter = (leaseId: string): Document => ({ _id: leaseId, consumedAtSec: null });
export const consumeLeaseUpdate = (atSec: number): Document => ({ $set: { consumedAtSec: atSec } });

export const activeBookingOfUserFilter = (callerId: string, slotKey: string, userId: string): Document => ({
  slotKey,
  callerId,
  'userInformation.userId': userId,
  active: true,
});

export const userBookingsFilter = (userId: string, afterSec: number): Document => ({
  'userInformation.userId': userId,
  'slot.startSec': { $gt: afterSec },
});

export const userBookingsSort: Document = { 'slot.startSec': 1, createdAtSec: 1, bookingId: 1 };

export const idempotencyFilter = (callerId: string, token: string): Document => ({ callerId, token });

/** Leases that expired before `beforeSec`: what housekeeping may delete (served by the TTL index on expiresAt). */
export const expiredLeasesFilter = (beforeSec: number): Document => ({ expiresAt: { $lt: new Date(beforeSec * 1000) } });
