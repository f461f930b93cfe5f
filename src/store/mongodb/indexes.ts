// Indexes created at start-up (schema.ts). Each says which invariant or query it serves; the unique
// ones are what keep the invariants across any number of gateway processes.
//
// An index's name always means the same key and options: MongoDB refuses createIndexes for an
// existing name with another key (IndexKeySpecsConflict, 86) or other options (IndexOptionsConflict,
// 85), so a database made by older code would stop the gateway from starting. A changed index gets a
// new name (…_v2, …_v3), and the name it replaces goes to SUPERSEDED_INDEXES, which start-up drops
// once the new one exists. Only a TTL's expireAfterSeconds changes in place (collMod).
import type { CreateIndexesOptions, IndexSpecification } from 'mongodb';
import { LEASE_RETENTION_SEC } from '../store.port';
import { COLLECTIONS } from './documents';

export interface IndexPlan {
  collection: string;
  key: IndexSpecification;
  options: CreateIndexesOptions & { name: string };
  /** Why the index exists. */
  why: string;
}


export const ONE_ACTIVE_BOOKING_INDEX = 'one_active_booking_per_caller_user_and_slot';

export const INDEXES: readonly IndexPlan[] = [
  {
    collection: COLLECTIONS.services,
    key: { merchantId: 1, serviceId: 1 },
    options: { name: 'service_identity', unique: true },
    why: 'one service per (merchantId, serviceId); also lists a merchant’s services in order',
  },
  {
    collection: COLLECTIONS.slots,
    key: { merchantId: 1, serviceId: 1, startSec: 1, durationSec: 1, staffId: 1, roomId: 1 },
    options: { name: 'slot_identity', unique: true },
    why: 'slot identity is unique: concurrent upserts of one slot cannot create two',
  },
  {
    collection: COLLECTIONS.slots,
    key: { slotKey: 1 },
    options: { name: 'slot_key', unique: true },
    why: 'batch lookups and capacity locks by slot key',
  },
  {
    collection: COLLECTIONS.slots,
    key: { merchantId: 1, startSec: 1, serviceId: 1, durationSec: 1, staffId: 1, roomId: 1 },
    options: { name: 'slot_range' },
    why: 'availableSlots / findSlotStates: a merchant’s slots by start time, already in result order',
  },
  {
    collection: COLLECTIONS.leases,
    key: { slotKey: 1, consumedAtSec: 1, leaseExpirationTimeSec: 1 },
    options: { name: 'lease_hold' },
    why: 'spots held by live leases of a slot (unconsumed, not yet expired)',
  },
  {
    collection: COLLECTIONS.leases,
    key: { callerId: 1, userReference: 1, slotKey: 1, consumedAtSec: 1, leaseExpirationTimeSec: -1 },
    options: { name: 'lease_reference_v2' },
    why: 'createLease idempotency: the live lease of (caller, userReference, slot)',
  },
  {
    collection: COLLECTIONS.leases,
    key: { expiresAt: 1 },
    options: { name: 'lease_ttl', expireAfterSeconds: LEASE_RETENTION_SEC },
    why: 'housekeeping only: removes long-expired leases (and serves purgeExpiredLeases); expiry itself is judged by time at read',
  },
  {
    collection: COLLECTIONS.bookings,
    key: { slotKey: 1, callerId: 1, 'userInformation.userId': 1 },
    options: { name: ONE_ACTIVE_BOOKING_INDEX, unique: true, partialFilterExpression: { active: true } },
    why: 'SLOT_ALREADY_BOOKED_BY_USER: at most one active booking of a user (of one caller: users are per caller) on a slot, across processes',
  },
  {
    collection: COLLECTIONS.bookings,
    key: { 'userInformation.userId': 1, 'slot.startSec': 1, createdAtSec: 1, bookingId: 1 },
    options: { name: 'bookings_of_user_v2' },
    why: 'bookings(userId): a user’s upcoming bookings, soonest first',
  },
  {
    collection: COLLECTIONS.bookings,
    key: { 'slot.merchantId': 1, 'slot.startSec': 1, bookingId: 1 },
    options: { name: 'merchant_bookings' },
    why: "merchantBookings: a merchant's bookings in a time range, already in page order (no scan of its whole history)",
  },
  {
    collection: COLLECTIONS.bookings,
    key: { callerId: 1, 'userInformation.userId': 1, 'slot.merchantId': 1, 'slot.startSec': 1 },
    options: { name: 'bookings_of_user_at_merchant' },
    why: "maxActiveBookingsPerUser and preventOverlap: a user's upcoming bookings at one merchant",
  },
  {
    collection: COLLECTIONS.bookings,
    key: { slotKey: 1, holdUntil: 1 },
    options: { name: 'pending_holds', partialFilterExpression: { active: true, holdUntil: { $gt: 0 } } },
    why: 'spots held by pending bookings before their confirmation deadline, summed at read time',
  },
  {
    collection: COLLECTIONS.bookings,
    key: { holdUntil: 1 },
    options: { name: 'pending_deadlines', partialFilterExpression: { active: true, holdUntil: { $gt: 0 } } },
    why: 'pending bookings past their confirmation deadline, earliest first (recorded as declined, with an event)',
  },
  {
    collection: COLLECTIONS.idempotency,
    key: { callerId: 1, token: 1 },
    options: { name: 'idempotency_token', unique: true },
    why: 'createBooking idempotency: one success per (caller, token), even for concurrent duplicates',
  },
  // ---- events (event-queries.ts) ----
  {
    collection: COLLECTIONS.events,
    key: { aggregateId: 1, sequence: 1 },
    options: { name: 'event_order', unique: true },
    why: 'one event per (aggregate, sequence), across processes, whatever the counters say',
  },
  {
    collection: COLLECTIONS.events,
    key: { position: 1, _id: 1, claimUntilMs: 1 },
    options: { name: 'events_to_fan_out', partialFilterExpression: { fannedOut: false } },
    why: 'claimEventsToFanOut: the backlog only, in append order, claims checked in the index',
  },
  {
    collection: COLLECTIONS.events,
    key: { occurredAtMs: 1, _id: 1 },
    options: { name: 'events_by_time' },
    why: 'listEventsSince (live subscribers) in (occurredAtMs, id) order; purgeEvents scans it up to the cutoff',
  },
  {
    collection: COLLECTIONS.webhookSubscriptions,
    key: { ownerId: 1, createdAtSec: 1, _id: 1 },
    options: { name: 'subscriptions_of_owner' },
    why: "listSubscriptions(owner): a caller's subscriptions, oldest first",
  },
  {
    collection: COLLECTIONS.webhookDeliveries,
    key: { nextAttemptAtMs: 1, claimUntilMs: 1 },
    options: { name: 'deliveries_due', partialFilterExpression: { status: 'PENDING' } },
    why: 'claimDueDeliveries: pending deliveries only, soonest due first, claims checked in the index',
  },
  {
    collection: COLLECTIONS.webhookDeliveries,
    // Neither partial nor multikey: the $lookup of dueDeliveriesPipeline asks it with $expr.
    key: { subscriptionId: 1, aggregateId: 1, status: 1, sequence: 1 },
    options: { name: 'deliveries_in_order' },
    why: 'claimDueDeliveries: is there an earlier pending delivery of the same (subscription, aggregate)',
  },
  {
    collection: COLLECTIONS.webhookDeliveries,
    key: { subscriptionId: 1, createdAtMs: 1, eventId: 1 },
    options: { name: 'deliveries_page' },
    why: "webhookDeliveries: a subscription's deliveries in page order; deleteSubscription removes them by it",
  },
  {
    collection: COLLECTIONS.webhookDeliveries,
    key: { eventId: 1, status: 1 },
    options: { name: 'deliveries_of_event' },
    why: 'purgeEvents: which events still have a pending delivery, and the deliveries of purged events',
  },
  // ---- payments (payments.ts) ----
  {
    collection: COLLECTIONS.paymentJobs,
    // _id (the jobId) breaks ties, so a page of due jobs comes out of the index in order, no sort in memory.
    key: { dueAtSec: 1, _id: 1 },
    options: { name: 'payment_jobs_due' },
    why: 'listDuePaymentJobs: payment work due by a time, earliest first (reconciliation, refunds, no-show fees)',
  },
];

/**
 * Indexes earlier versions created, by collection: dropped at start-up once their replacements exist.
 * - lease_reference: { callerId, userReference, slotKey, leaseExpirationTimeSec: -1 } (fe208c8), then
 *   with consumedAtSec (302b1bd), under one name; now lease_reference_v2.
 * - bookings_of_user: { userId, startSec } (fe208c8), then + createdAtSec, bookingId (302b1bd); now
 *   bookings_of_user_v2.
 * - one_active_booking_per_user_and_slot: { slotKey, userId } over active bookings; users are now per
 *   caller, so one_active_booking_per_caller_user_and_slot keys callerId too.
 */
export const SUPERSEDED_INDEXES: Readonly<Record<string, readonly string[]>> = {
  [COLLECTIONS.leases]: ['lease_reference'],
  [COLLECTIONS.bookings]: ['bookings_of_user', 'one_active_booking_per_user_and_slot'],
};
