// The events half of the port on SQLite: subscriptions, the outbox as the dispatcher reads it, and
// deliveries. Every call takes its turn in the store's serial queue (one connection), and each write
// that touches several rows is one transaction. One process owns the database file (writer-lock.ts),
// but claims are still written and honoured, so the code path is the one MongoDB runs.
import type Database from 'libsql';
import type { NewEvent, OutboxEvent, WebhookDelivery, WebhookSubscription } from '../../domain/events';
import type { AttemptOutcome, DeliveryClaim, DeliveryCursor, EventStore } from '../events.port';
import type { SerialQueue } from '../serial-queue';
import { docOf } from './rows';
import type { Statements } from './statements';

const json = (value: unknown) => JSON.stringify(value);
const toEvent = (doc: string, sequence: number): OutboxEvent => ({ ...(JSON.parse(doc) as NewEvent), sequence });
const PURGE_BATCH = 500;

export class SqliteEventStore implements EventStore {
  constructor(
    private readonly sql: Statements,
    private readonly db: Database.Database,
    private readonly queue: SerialQueue,
  ) {}

  private transaction<T>(work: () => T): Promise<T> {
    return this.queue.run(() => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  insertSubscription(subscription: WebhookSubscription): Promise<void> {
    return this.queue.run(() => {
      this.sql.get('insertSubscription').run(subscription.id, subscription.ownerId, subscription.createdAtSec, docOf(subscription));
    });
  }

  deleteSubscription(id: string): Promise<boolean> {
    return this.transaction(() => {
      this.sql.get('deleteDeliveriesOf').run(id);
      return this.sql.get('deleteSubscription').run(id).changes > 0;
    });
  }

  getSubscription(id: string): Promise<WebhookSubscription | null> {
    return this.queue.run(() => {
      const row = this.sql.get('subscription').get(id) as { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as WebhookSubscription) : null;
    });
  }

  listSubscriptions(ownerId: string | null): Promise<WebhookSubscription[]> {
    return this.queue.run(() => {
      const rows = (ownerId === null ? this.sql.get('allSubscriptions').all() : this.sql.get('subscriptionsOf').all(ownerId)) as Array<{ doc: string }>;
      return rows.map((r) => JSON.parse(r.doc) as WebhookSubscription);
    });
  }

  claimEventsToFanOut(worker: string, nowMs: number, untilMs: number, limit: number): Promise<OutboxEvent[]> {
    return this.transaction(() => {
      const rows = this.sql.get('eventsToFanOut').all(nowMs, limit) as Array<{ position: number; doc: string; sequence: number }>;
      if (rows.length > 0) this.sql.get('claimEvents').run(worker, untilMs, json(rows.map((r) => r.position)));
      return rows.map((r) => toEvent(r.doc, r.sequence));
    });
  }

  fanOut(eventId: string, worker: string, deliveries: readonly WebhookDelivery[]): Promise<boolean> {
    return this.transaction(() => this.fanOutOne(eventId, worker, deliveries));
  }

  /** One transaction for the whole batch: one commit instead of one per event. */
  fanOutMany(worker: string, items: ReadonlyArray<{ eventId: string; deliveries: readonly WebhookDelivery[] }>): Promise<number> {
    if (items.length === 0) return Promise.resolve(0);
    return this.transaction(() => {
      // Events no subscription wants (most of them): one statement for all.
      const bare = items.filter((i) => i.deliveries.length === 0).map((i) => i.eventId);
      const fanned = bare.length > 0 ? this.sql.get('markManyFannedOut').run(worker, json(bare)).changes : 0;
      return fanned + items.filter((item) => item.deliveries.length > 0 && this.fanOutOne(item.eventId, worker, item.deliveries)).length;
    });
  }

  private fanOutOne(eventId: string, worker: string, deliveries: readonly WebhookDelivery[]): boolean {
    const claim = this.sql.get('eventClaim').get(eventId) as { claimed_by: string | null; fanned_out: number } | undefined;
    if (!claim || claim.fanned_out || claim.claimed_by !== worker) return false;
    for (const d of deliveries) {
      this.sql.get('insertDelivery').run(d.subscriptionId, d.eventId, d.aggregateId, d.sequence, d.status, d.nextAttemptAtMs, d.createdAtMs, docOf(d));
    }
    this.sql.get('markFannedOut').run(eventId);
    return true;
  }

  claimDueDeliveries(worker: string, nowMs: number, untilMs: number, limit: number): Promise<DeliveryClaim[]> {
    return this.transaction(() => {
      const due = this.sql.get('dueDeliveries').all(nowMs, limit) as Array<{ subscription_id: string; event_id: string }>;
      const claims: DeliveryClaim[] = [];
      for (const { subscription_id: subscriptionId, event_id: eventId } of due) {
        this.sql.get('claimDelivery').run(worker, untilMs, subscriptionId, eventId);
        const row = this.sql.get('claimedDelivery').get(subscriptionId, eventId) as { delivery: string; event: string; sequence: number; subscription: string } | undefined;
        if (!row) continue;
        claims.push({
          delivery: JSON.parse(row.delivery) as WebhookDelivery,
          event: toEvent(row.event, row.sequence),
          subscription: JSON.parse(row.subscription) as WebhookSubscription,
        });
      }
      return claims;
    });
  }

  recordAttempt(subscriptionId: string, eventId: string, worker: string, outcome: AttemptOutcome): Promise<boolean> {
    return this.transaction(() => {
      const claim = this.sql.get('deliveryClaim').get(subscriptionId, eventId) as { claimed_by: string | null } | undefined;
      if (!claim || claim.claimed_by !== worker) return false;
      const row = this.sql.get('claimedDelivery').get(subscriptionId, eventId) as { delivery: string } | undefined;
      if (!row) return false;
      const updated: WebhookDelivery = { ...(JSON.parse(row.delivery) as WebhookDelivery), ...outcome };
      this.sql.get('recordAttempt').run(updated.status, updated.nextAttemptAtMs, docOf(updated), subscriptionId, eventId);
      if (updated.status === 'PENDING' && updated.nextAttemptAtMs !== null) {
        this.sql.get('deferFollowers').run(updated.nextAttemptAtMs, subscriptionId, updated.aggregateId, updated.sequence);
      }
      return true;
    });
  }

  listDeliveries(subscriptionId: string, after: DeliveryCursor | null, limit: number): Promise<WebhookDelivery[]> {
    return this.queue.run(() => {
      const rows = this.sql.get('deliveriesPage').all(subscriptionId, after?.createdAtMs ?? null, after?.eventId ?? '', limit) as Array<{ doc: string }>;
      return rows.map((r) => JSON.parse(r.doc) as WebhookDelivery);
    });
  }

  listEventsSince(after: { occurredAtMs: number; id: string }, limit: number): Promise<OutboxEvent[]> {
    return this.queue.run(() => {
      const rows = this.sql.get('eventsSince').all(after.occurredAtMs, after.id, limit) as Array<{ doc: string; sequence: number }>;
      return rows.map((r) => toEvent(r.doc, r.sequence));
    });
  }

  async purgeEvents(beforeMs: number): Promise<number> {
    let purged = 0;
    for (;;) {
      const n = await this.transaction(() => {
        const ids = (this.sql.get('purgeableEvents').all(beforeMs, PURGE_BATCH) as Array<{ event_id: string }>).map((r) => r.event_id);
        if (ids.length === 0) return 0;
        this.sql.get('deleteDeliveriesOfEvents').run(json(ids));
        this.sql.get('deleteEvents').run(json(ids));
        return ids.length;
      });
      purged += n;
      if (n < PURGE_BATCH) return purged;
    }
  }
}
