// Every filter, update and pipeline of the events half (events.ts, outbox.ts), as pure functions like
// queries.ts, so tests can run them with mingo and check them against the index plans.
import type { Document } from 'mongodb';
import type { AttemptOutcome, DeliveryCursor } from '../events.port';
import { COLLECTIONS } from './documents';
import { FREE_CLAIM } from './event-documents';

// ---- appending (outbox.ts) ----

/**
 * The counter of one aggregate, for `count` new events whose positions were asked at
 * lastWanted - span … lastWanted: `last` moves up by count, and `lastPosition` to lastWanted, or
 * higher when the aggregate's previous event sits at or above the first wanted position (another
 * process's clock ahead of ours), so positions rise with sequence numbers whatever the clocks.
 * A pipeline, because the new position depends on the stored one ($max of two expressions).
 */
export function nextSequencesUpdate(count: number, span: number, lastWanted: number): Document[] {
  return [
    {
      $set: {
        last: { $add: [{ $ifNull: ['$last', 0] }, count] },
        lastPosition: { $max: [lastWanted, { $add: [{ $ifNull: ['$lastPosition', 0] }, span + 1] }] },
      },
    },
  ];
}

// ---- fan-out ----

/** Events not yet fanned out whose claim is free at `nowMs`. */
export const eventsToFanOutFilter = (nowMs: number): Document => ({ fannedOut: false, claimUntilMs: { $lte: nowMs } });
/** Append order (the events_to_fan_out index's order). */
export const eventsToFanOutSort: Document = { position: 1, _id: 1 };

/** Those of the candidates still free at `nowMs` (another worker may have claimed some since they were found). */
export const claimableEventsFilter = (ids: readonly string[], nowMs: number): Document => ({ _id: { $in: [...ids] }, ...eventsToFanOutFilter(nowMs) });

export const claimUpdate = (worker: string, untilMs: number): Document => ({ $set: { claimedBy: worker, claimUntilMs: untilMs } });

/** Those of the candidates this claim took: `worker`'s, until `untilMs`. */
export const claimedFilter = (ids: readonly string[], worker: string, untilMs: number): Document => ({
  _id: { $in: [...ids] },
  claimedBy: worker,
  claimUntilMs: untilMs,
});

/** The event, if `worker` still holds its claim and it is not fanned out yet. */
export const heldEventFilter = (eventId: string, worker: string): Document => ({ _id: eventId, fannedOut: false, claimedBy: worker });
/** Those of the events `worker` still holds a claim on and that are not fanned out yet. */
export const heldEventsFilter = (eventIds: readonly string[], worker: string): Document => ({ _id: { $in: [...eventIds] }, fannedOut: false, claimedBy: worker });
export const fannedOutUpdate: Document = { $set: { fannedOut: true, ...FREE_CLAIM } };

// ---- deliveries ----

/** PENDING deliveries due at `nowMs` whose claim is free. */
export const dueDeliveriesFilter = (nowMs: number): Document => ({
  status: 'PENDING',
  nextAttemptAtMs: { $lte: nowMs },
  claimUntilMs: { $lte: nowMs },
});
export const dueDeliveriesSort: Document = { nextAttemptAtMs: 1 };

/**
 * A pending delivery of the same (subscription, aggregate) with a lower sequence: while one exists, a
 * delivery is not eligible. The plain form (what the index serves); dueDeliveriesPipeline asks the
 * same with $expr on the candidate's fields.
 */
export const earlierPendingFilter = (subscriptionId: string, aggregateId: string, sequence: number): Document => ({
  subscriptionId,
  aggregateId,
  status: 'PENDING',
  sequence: { $lt: sequence },
});

/**
 * Up to `limit` deliveries that may be claimed at `nowMs`, oldest due first, each with its event and
 * subscription: due and free, the lowest pending sequence of its (subscription, aggregate), and no
 * earlier event of its aggregate still waiting to be fanned out. One
 * round trip; the server skips deliveries that wait behind an earlier one, however many there are.
 * The candidates are claimed afterwards, with the claim condition again in the filter.
 */
export function dueDeliveriesPipeline(nowMs: number, limit: number): Document[] {
  return [
    { $match: dueDeliveriesFilter(nowMs) },
    { $sort: dueDeliveriesSort },
    {
      // An earlier event of the aggregate not fanned out yet (another worker holds it) may still
      // become a delivery ahead of this one: wait for it too. Looked up BEFORE the earlier pending
      // deliveries: a fan-out commits its deliveries and its fanned-out mark together, so an event
      // seen fanned out here has its deliveries visible to the lookup below (the pipeline does not read
      // at one instant; the other order could miss both).
      $lookup: {
        from: COLLECTIONS.events,
        let: { aggregateId: '$aggregateId', sequence: '$sequence' },
        pipeline: [
          { $match: { fannedOut: false, $expr: { $and: [{ $eq: ['$aggregateId', '$$aggregateId'] }, { $lt: ['$sequence', '$$sequence'] }] } } },
          { $limit: 1 },
          { $project: { _id: 1 } },
        ],
        as: 'unfanned',
      },
    },
    {
      $lookup: {
        from: COLLECTIONS.webhookDeliveries,
        let: { subscriptionId: '$subscriptionId', aggregateId: '$aggregateId', sequence: '$sequence' },
        // $eq and $lt in $expr use the deliveries_in_order index, as long as it is neither partial nor
        // multikey (manual, "$expr": "$expr in $lookup Operations").
        pipeline: [
          {
            $match: {
              status: 'PENDING',
              $expr: {
                $and: [
                  { $eq: ['$subscriptionId', '$$subscriptionId'] },
                  { $eq: ['$aggregateId', '$$aggregateId'] },
                  { $lt: ['$sequence', '$$sequence'] },
                ],
              },
            },
          },
          { $limit: 1 },
          { $project: { _id: 1 } },
        ],
        as: 'earlier',
      },
    },
    { $match: { earlier: { $size: 0 }, unfanned: { $size: 0 } } },
    { $limit: limit },
    { $lookup: { from: COLLECTIONS.events, localField: 'eventId', foreignField: '_id', as: 'event' } },
    { $lookup: { from: COLLECTIONS.webhookSubscriptions, localField: 'subscriptionId', foreignField: '_id', as: 'subscription' } },
    { $project: { _id: 1, event: 1, subscription: 1 } },
  ];
}

/** Those of the candidates of dueDeliveriesPipeline still due and free (another worker may have claimed some). */
export const claimableDeliveriesFilter = (ids: readonly string[], nowMs: number): Document => ({ _id: { $in: [...ids] }, ...dueDeliveriesFilter(nowMs) });

/** The later pending deliveries of a (subscription, aggregate) due before `atMs` (deliveries_in_order). */
export const followersFilter = (subscriptionId: string, aggregateId: string, sequence: number, atMs: number): Document => ({
  subscriptionId,
  aggregateId,
  status: 'PENDING',
  sequence: { $gt: sequence },
  nextAttemptAtMs: { $lt: atMs },
});
export const deferUpdate = (atMs: number): Document => ({ $set: { nextAttemptAtMs: atMs } });

/** A delivery `worker` holds a claim on. */
export const heldDeliveryFilter = (id: string, worker: string): Document => ({ _id: id, claimedBy: worker });
export const attemptUpdate = (outcome: AttemptOutcome): Document => ({ $set: { ...outcome, ...FREE_CLAIM } });

/** A subscription's deliveries after the cursor (deliveries_page); the scan starts at the cursor's createdAtMs. */
export function deliveriesPageFilter(subscriptionId: string, after: DeliveryCursor | null): Document {
  if (!after) return { subscriptionId };
  return {
    subscriptionId,
    createdAtMs: { $gte: after.createdAtMs },
    $or: [{ createdAtMs: { $gt: after.createdAtMs } }, { eventId: { $gt: after.eventId } }],
  };
}
export const deliveriesPageSort: Document = { createdAtMs: 1, eventId: 1 };

// ---- reading the outbox, housekeeping ----

/** Events after a position in (occurredAtMs, id) order (events_by_time). */
export function eventsSinceFilter(after: { occurredAtMs: number; id: string }): Document {
  return {
    occurredAtMs: { $gte: after.occurredAtMs },
    $or: [{ occurredAtMs: { $gt: after.occurredAtMs } }, { _id: { $gt: after.id } }],
  };
}
export const eventsByTimeSort: Document = { occurredAtMs: 1, _id: 1 };

/**
 * Fanned-out events that occurred before `beforeMs`, after a position of the scan (purgeEvents pages
 * through them, skipping those with pending deliveries, so it ends however many of those there are).
 */
export function purgeCandidatesFilter(beforeMs: number, after: { occurredAtMs: number; id: string } | null): Document {
  return {
    occurredAtMs: after ? { $gte: after.occurredAtMs, $lt: beforeMs } : { $lt: beforeMs },
    fannedOut: true,
    ...(after && { $or: [{ occurredAtMs: { $gt: after.occurredAtMs } }, { _id: { $gt: after.id } }] }),
  };
}

export const pendingDeliveriesOfEventsFilter = (eventIds: readonly string[]): Document => ({ eventId: { $in: [...eventIds] }, status: 'PENDING' });
export const deliveriesOfEventsFilter = (eventIds: readonly string[]): Document => ({ eventId: { $in: [...eventIds] } });

// ---- subscriptions ----

/** Subscriptions of one owner (subscriptions_of_owner), or all of them. */
export const subscriptionsFilter = (ownerId: string | null): Document => (ownerId === null ? {} : { ownerId });
export const subscriptionsSort: Document = { createdAtSec: 1, _id: 1 };
