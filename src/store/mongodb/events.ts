// The events half of the port on MongoDB: subscriptions, the outbox as the dispatcher reads it, and
// deliveries, shared by any number of gateway processes. Claims are conditional updates (the claim
// condition is in the filter, and the server checks it on each document as it writes it), so two
// processes never both claim one record; fanOut is one transaction (deliveries and the fanned-out
// mark), conditional on the claim. Events are appended by units of work (outbox.ts).
import type { ClientSession, Db, Document, MongoClient } from 'mongodb';
import type { OutboxEvent, WebhookDelivery, WebhookSubscription } from '../../domain/events';
import type { AttemptOutcome, DeliveryClaim, DeliveryCursor, EventStore } from '../events.port';
import { COLLECTIONS } from './documents';
import { toStoreError } from './errors';
import { deliveryDocument, deliveryId, subscriptionDocument, toDelivery, toOutboxEvent, toSubscription } from './event-documents';
import * as q from './event-queries';
import { TRANSACTION_OPTIONS } from './transaction-options';

/** Events examined per round trip of purgeEvents. */
const PURGE_BATCH = 500;

export class MongoEventStore implements EventStore {
  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  private get events() {
    return this.db.collection(COLLECTIONS.events);
  }
  private get subscriptions() {
    return this.db.collection(COLLECTIONS.webhookSubscriptions);
  }
  private get deliveries() {
    return this.db.collection(COLLECTIONS.webhookDeliveries);
  }

  insertSubscription(subscription: WebhookSubscription): Promise<void> {
    return guard(async () => {
      await this.subscriptions.insertOne(subscriptionDocument(subscription) as Document);
    });
  }

  /**
   * The subscription first (its answer), then its deliveries, without a transaction: a subscription
   * may have more deliveries than one transaction should hold. Deliveries left behind (a crash in
   * between, or a fan-out that read the subscription before it went) are removed by
   * claimDueDeliveries while pending and by purgeEvents once final.
   */
  deleteSubscription(id: string): Promise<boolean> {
    return guard(async () => {
      const { deletedCount } = await this.subscriptions.deleteOne({ _id: id } as Document);
      await this.deliveries.deleteMany({ subscriptionId: id });
      return deletedCount > 0;
    });
  }

  getSubscription(id: string): Promise<WebhookSubscription | null> {
    return guard(async () => {
      const doc = await this.subscriptions.findOne({ _id: id } as Document);
      return doc ? toSubscription(doc) : null;
    });
  }

  listSubscriptions(ownerId: string | null): Promise<WebhookSubscription[]> {
    return guard(async () => {
      const docs = await this.subscriptions.find(q.subscriptionsFilter(ownerId)).sort(q.subscriptionsSort).toArray();
      return docs.map(toSubscription);
    });
  }

  /**
   * Three round trips whatever the batch: the oldest free events (in append order), then one updateMany
   * claiming those still free (the claim condition is in its filter and checked per document, so two
   * workers never both take one), then the ones taken read back. Workers polling at once find the same
   * candidates; one that lost some looks again (those are claimed now, so it finds others), so it comes
   * back with `limit` events whenever that many are free. (A worker running two claims at once with
   * the same untilMs could read back the other's: both would hold the event as the same worker, and
   * the second fanOut answers false.)
   */
  claimEventsToFanOut(worker: string, nowMs: number, untilMs: number, limit: number): Promise<OutboxEvent[]> {
    return guard(async () => {
      const claimed: Document[] = [];
      for (;;) {
        const wanted = limit - claimed.length;
        const found = await this.events.find(q.eventsToFanOutFilter(nowMs), { projection: { _id: 1 } }).sort(q.eventsToFanOutSort).limit(wanted).toArray();
        const ids = found.map((d) => d._id as unknown as string);
        if (ids.length === 0) break;
        const { matchedCount } = await this.events.updateMany(q.claimableEventsFilter(ids, nowMs), q.claimUpdate(worker, untilMs));
        if (matchedCount > 0) claimed.push(...(await this.events.find(q.claimedFilter(ids, worker, untilMs)).toArray()));
        if (claimed.length >= limit || ids.length < wanted || matchedCount === ids.length) break;
      }
      return claimed.sort(byPosition).map(toOutboxEvent);
    });
  }

  fanOut(eventId: string, worker: string, deliveries: readonly WebhookDelivery[]): Promise<boolean> {
    // One delivery per (subscription, event), the first given (SQLite: ON CONFLICT DO NOTHING). No
    // delivery of the event can exist yet: they are only written here, with fannedOut, atomically.
    const unique = new Map<string, Document>();
    for (const d of deliveries) if (!unique.has(deliveryId(d.subscriptionId, d.eventId))) unique.set(deliveryId(d.subscriptionId, d.eventId), deliveryDocument(d));
    // Nothing to insert (no subscription wants the event, the usual case): the conditional update
    // alone is atomic, one round trip instead of a transaction's two.
    if (unique.size === 0) return guard(async () => (await this.events.updateOne(q.heldEventFilter(eventId, worker), q.fannedOutUpdate)).matchedCount > 0);
    return this.transaction(async (session) => {
      const { matchedCount } = await this.events.updateOne(q.heldEventFilter(eventId, worker), q.fannedOutUpdate, { session });
      if (matchedCount === 0) {
        await session.abortTransaction();
        return false;
      }
      // Only for subscriptions that still exist (one deleted since the dispatcher read them gets none;
      // a deletion racing this transaction leaves at most an orphan, removed when it comes up below).
      const ids = [...new Set([...unique.values()].map((d) => d.subscriptionId as string))];
      const existing = new Set((await this.subscriptions.find({ _id: { $in: ids } } as Document, { session, projection: { _id: 1 } }).toArray()).map((d) => String(d._id)));
      const kept = [...unique.values()].filter((d) => existing.has(d.subscriptionId as string));
      // Behind a pending delivery of the same (subscription, aggregate): due no earlier than it.
      for (const d of kept) {
        const [ahead] = await this.deliveries
          .find(q.earlierPendingFilter(d.subscriptionId as string, d.aggregateId as string, d.sequence as number), { session, projection: { nextAttemptAtMs: 1 } })
          .sort({ nextAttemptAtMs: -1 })
          .limit(1)
          .toArray();
        const due = Math.max(d.nextAttemptAtMs as number, (ahead?.nextAttemptAtMs as number | undefined) ?? 0);
        d.nextAttemptAtMs = due;
      }
      if (kept.length > 0) await this.deliveries.insertMany(kept, { session, ordered: true });
      return true;
    });
  }

  /**
   * The events no subscription wants (most of them) are marked in one conditional updateMany; the
   * others go through fanOut, one transaction each.
   */
  fanOutMany(worker: string, items: ReadonlyArray<{ eventId: string; deliveries: readonly WebhookDelivery[] }>): Promise<number> {
    return guard(async () => {
      const bare = items.filter((i) => i.deliveries.length === 0).map((i) => i.eventId);
      let fanned = 0;
      if (bare.length > 0) fanned += (await this.events.updateMany(q.heldEventsFilter(bare, worker), q.fannedOutUpdate)).modifiedCount;
      for (const item of items) if (item.deliveries.length > 0 && (await this.fanOut(item.eventId, worker, item.deliveries))) fanned++;
      return fanned;
    });
  }

  /**
   * An aggregate finds eligible deliveries with their events and subscriptions, then one updateMany
   * claims those still due and free, and the ones taken are read back (as claimEventsToFanOut does,
   * looking again when another worker took some of them).
   * A pending delivery whose subscription is gone can never be sent: it is deleted, as
   * deleteSubscription would have done had it run after the fan-out that wrote it.
   */
  claimDueDeliveries(worker: string, nowMs: number, untilMs: number, limit: number): Promise<DeliveryClaim[]> {
    return guard(async () => {
      const claims: DeliveryClaim[] = [];
      for (;;) {
        const wanted = limit - claims.length;
        const candidates = await this.deliveries.aggregate(q.dueDeliveriesPipeline(nowMs, wanted)).toArray();
        const orphans = candidates.filter((c) => (c.subscription as Document[]).length === 0).map((c) => c._id as string);
        if (orphans.length > 0) await this.deliveries.deleteMany(q.claimableDeliveriesFilter(orphans, nowMs));
        // Every pending delivery's event exists (purgeEvents keeps those); never claim without one.
        const claimable = new Map(
          candidates.filter((c) => (c.subscription as Document[]).length > 0 && (c.event as Document[]).length > 0).map((c) => [c._id as string, c]),
        );
        let won = 0;
        if (claimable.size > 0) {
          const ids = [...claimable.keys()];
          won = (await this.deliveries.updateMany(q.claimableDeliveriesFilter(ids, nowMs), q.claimUpdate(worker, untilMs))).matchedCount;
          const taken = won > 0 ? await this.deliveries.find(q.claimedFilter(ids, worker, untilMs)).sort(q.dueDeliveriesSort).toArray() : [];
          for (const doc of taken) {
            const c = claimable.get(doc._id as unknown as string)!;
            claims.push({ delivery: toDelivery(doc), event: toOutboxEvent((c.event as Document[])[0]), subscription: toSubscription((c.subscription as Document[])[0]) });
          }
        }
        const lost = orphans.length + claimable.size - won;
        if (claims.length >= limit || candidates.length < wanted || lost === 0) return claims;
      }
    });
  }

  recordAttempt(subscriptionId: string, eventId: string, worker: string, outcome: AttemptOutcome): Promise<boolean> {
    return guard(async () => {
      if (outcome.status !== 'PENDING' || outcome.nextAttemptAtMs === null) {
        const { matchedCount } = await this.deliveries.updateOne(q.heldDeliveryFilter(deliveryId(subscriptionId, eventId), worker), q.attemptUpdate(outcome));
        return matchedCount > 0;
      }
      // A retry: the deliveries behind it wait for it (events.port.ts), so they are not due before it.
      const head = await this.deliveries.findOneAndUpdate(q.heldDeliveryFilter(deliveryId(subscriptionId, eventId), worker), q.attemptUpdate(outcome), {
        projection: { aggregateId: 1, sequence: 1 },
      });
      if (!head) return false;
      await this.deliveries.updateMany(q.followersFilter(subscriptionId, head.aggregateId as string, head.sequence as number, outcome.nextAttemptAtMs), q.deferUpdate(outcome.nextAttemptAtMs));
      return true;
    });
  }

  listDeliveries(subscriptionId: string, after: DeliveryCursor | null, limit: number): Promise<WebhookDelivery[]> {
    return guard(async () => {
      const docs = await this.deliveries.find(q.deliveriesPageFilter(subscriptionId, after)).sort(q.deliveriesPageSort).limit(limit).toArray();
      return docs.map(toDelivery);
    });
  }

  listEventsSince(after: { occurredAtMs: number; id: string }, limit: number): Promise<OutboxEvent[]> {
    return guard(async () => {
      const docs = await this.events.find(q.eventsSinceFilter(after)).sort(q.eventsByTimeSort).limit(limit).toArray();
      return docs.map(toOutboxEvent);
    });
  }

  /**
   * Pages through the fanned-out events before the cutoff; of each page, those without a pending
   * delivery go, deliveries first. No transaction is needed: a fanned-out event gets no new
   * deliveries, and a final delivery never becomes pending again, so what was checked stays true;
   * after a crash between the two deletes, the next purge finds the event with no delivery pending.
   */
  purgeEvents(beforeMs: number): Promise<number> {
    return guard(async () => {
      let purged = 0;
      let after: { occurredAtMs: number; id: string } | null = null;
      for (;;) {
        const page: Document[] = await this.events
          .find(q.purgeCandidatesFilter(beforeMs, after), { projection: { _id: 1, occurredAtMs: 1 } })
          .sort(q.eventsByTimeSort)
          .limit(PURGE_BATCH)
          .toArray();
        if (page.length === 0) return purged;
        const ids = page.map((d) => d._id as unknown as string);
        const pending = new Set(
          (await this.deliveries.find(q.pendingDeliveriesOfEventsFilter(ids), { projection: { eventId: 1 } }).toArray()).map((d) => d.eventId as string),
        );
        const done = ids.filter((id) => !pending.has(id));
        if (done.length > 0) {
          await this.deliveries.deleteMany(q.deliveriesOfEventsFilter(done));
          purged += (await this.events.deleteMany({ _id: { $in: done }, fannedOut: true } as Document)).deletedCount;
        }
        if (page.length < PURGE_BATCH) return purged;
        const last = page[page.length - 1];
        after = { occurredAtMs: last.occurredAtMs as number, id: last._id as unknown as string };
      }
    });
  }

  /** A transaction of its own (withTransaction retries transient errors); driver errors mapped. */
  private transaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    return guard(async () => {
      const session = this.client.startSession();
      try {
        return await session.withTransaction(() => work(session), TRANSACTION_OPTIONS);
      } finally {
        await session.endSession();
      }
    });
  }
}

const byPosition = (a: Document, b: Document): number => a.position - b.position || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** Driver errors become domain errors (UNAVAILABLE when the server is gone), as for every store call. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStoreError(error);
  }
}
