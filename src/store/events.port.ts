// The events half of the storage port: webhook subscriptions, the outbox as the dispatcher reads it,
// and deliveries. Events themselves are appended inside a unit of work (StoreWriter.appendEvents),
// so that no change commits without its event and no event exists without its change.
//
// Work is shared between gateway processes by claims with an expiry, written on the record itself:
// a process claims an event (to fan it out) or a delivery (to attempt it) until `untilMs`; another
// process may take it over only once that instant has passed, so a process that dies mid-delivery
// leaves the record to the others after at most one claim period.
import type { OutboxEvent, WebhookDelivery, WebhookSubscription } from '../domain/events';

export interface DeliveryClaim {
  delivery: WebhookDelivery;
  event: OutboxEvent;
  subscription: WebhookSubscription;
}

/** What one attempt changed on a delivery. */
export interface AttemptOutcome {
  status: WebhookDelivery['status'];
  attempts: number;
  lastAttemptAtSec: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAtMs: number | null;
}

/** A position in webhookDeliveries' order (createdAtMs, eventId). */
export interface DeliveryCursor {
  createdAtMs: number;
  eventId: string;
}

export interface EventStore {
  insertSubscription(subscription: WebhookSubscription): Promise<void>;
  /** Deletes a subscription and its deliveries; false when there was none. */
  deleteSubscription(id: string): Promise<boolean>;
  getSubscription(id: string): Promise<WebhookSubscription | null>;
  /** The subscriptions one caller owns, oldest first; every subscription when ownerId is null. */
  listSubscriptions(ownerId: string | null): Promise<WebhookSubscription[]>;

  /**
   * Claims up to `limit` events not yet fanned out, oldest first, whose claim is free (none, or
   * expired at `nowMs`), for `worker` until `untilMs`.
   */
  claimEventsToFanOut(worker: string, nowMs: number, untilMs: number, limit: number): Promise<OutboxEvent[]>;
  /**
   * Atomically: inserts the deliveries of a claimed event (one per matching subscription; none is
   * fine) and marks it fanned out. False, and nothing written, when `worker` no longer holds its claim.
   */
  fanOut(eventId: string, worker: string, deliveries: readonly WebhookDelivery[]): Promise<boolean>;
  /**
   * fanOut for a batch of claimed events, in as few round trips as the store allows (most events have
   * no delivery at all). Each event is fanned out atomically with its deliveries, or not at all when
   * `worker` no longer holds its claim. Answers how many were fanned out.
   */
  fanOutMany(worker: string, items: ReadonlyArray<{ eventId: string; deliveries: readonly WebhookDelivery[] }>): Promise<number>;

  /**
   * Claims up to `limit` PENDING deliveries due at `nowMs` whose claim is free, for `worker` until
   * `untilMs`. Per (subscription, aggregate) only the pending delivery with the lowest sequence is
   * eligible, so a receiver gets a booking's events in order.
   */
  claimDueDeliveries(worker: string, nowMs: number, untilMs: number, limit: number): Promise<DeliveryClaim[]>;
  /**
   * Records an attempt and frees the claim; false, and nothing written, when `worker` no longer holds it.
   * When the outcome schedules a retry, the later PENDING deliveries of the same (subscription,
   * aggregate), which cannot go before it anyway, are moved to no earlier than the retry, so the scan for
   * due deliveries does not find them again and again while a receiver is down; fanOut gives a new
   * delivery behind a waiting one the same time.
   */
  recordAttempt(subscriptionId: string, eventId: string, worker: string, outcome: AttemptOutcome): Promise<boolean>;
  /** A subscription's deliveries in (createdAtMs, eventId) order, after the cursor. */
  listDeliveries(subscriptionId: string, after: DeliveryCursor | null, limit: number): Promise<WebhookDelivery[]>;

  /** Events that occurred after `afterMs` (or at it, with a greater id), oldest first: for live subscribers. */
  listEventsSince(after: { occurredAtMs: number; id: string }, limit: number): Promise<OutboxEvent[]>;

  /**
   * Housekeeping: deletes events that occurred before `beforeMs`, were fanned out, and whose deliveries
   * are all final (DELIVERED or FAILED), together with those deliveries. Answers how many events went.
   */
  purgeEvents(beforeMs: number): Promise<number>;
}
