// Delivers the outbox to webhook subscribers (api-contract "Events"), at least once, from any number
// of gateway processes. Two steps, each on records claimed with an expiry (store/events.port.ts):
//   1. fan-out: an event not yet fanned out becomes one PENDING delivery per subscription that wants it;
//   2. delivery: a due delivery is signed (Standard Webhooks, the `standardwebhooks` package) and
//      POSTed; the attempt is recorded, and a failure is scheduled again (retry-schedule.ts) until the
//      schedule runs out (FAILED).
// A process that dies mid-step leaves its claims to expire; another process (or itself, restarted)
// then takes the record over, so nothing is lost, and a receiver may see an event twice (same
// webhook-id and body: receivers deduplicate on it). The body is made from the event alone, so it is
// identical on every attempt; only webhook-timestamp and the signature change.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { OutboxEvent, WebhookDelivery, WebhookSubscription } from '../domain/events';
import type { Logger } from '../http/logger';
import type { SecretBox } from '../services/events/secret-box';
import { subscriptionWants } from '../services/events/webhook-subscriptions.service';
import type { DeliveryClaim, EventStore } from '../store/events.port';
import { nextAttemptAtMs } from './retry-schedule';
import { keepAliveAgents, sendWebhook, type SendResult } from './sender';

export interface DispatcherOptions {
  events: EventStore;
  /** Null without a key: events are still fanned out and purged, and an attempt fails saying why. */
  secrets: SecretBox | null;
  logger: Logger;
  retrySchedule: readonly number[];
  timeoutMs: number;
  allowPrivate: boolean;
  /** How often the outbox is polled when nothing wakes the dispatcher (other processes' commits, retries). */
  pollMs: number;
  /** Delivered events are purged this long after they occurred. */
  retentionSec: number;
  /** Attempts in flight at once. */
  concurrency?: number;
  workerId?: string;
  send?: (url: string, headers: Record<string, string>, body: string) => Promise<SendResult>;
}

// A fan-out takes a few store calls; a process that dies holding a batch leaves it to the others
// after this. A live one that is slower loses nothing: its fanOut then answers false, the other's stands.
const FAN_OUT_CLAIM_MS = 5_000;
const FAN_OUT_BATCH = 200;
const PURGE_EVERY_MS = 10 * 60_000;
const WAKE_DELAY_MS = 5;

/** The webhook body: `{ type, timestamp, data }`, the same bytes on every attempt. */
export const webhookBody = (event: OutboxEvent): string =>
  JSON.stringify({ type: event.type, timestamp: new Date(event.occurredAtMs).toISOString(), data: { ...event.data, sequence: event.sequence } });

export class WebhookDispatcher {
  readonly workerId: string;
  private readonly concurrency: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private lastPurgeMs = 0;
  private nudged = false;
  private readonly agents;
  /** Attempts under way: at most `concurrency`. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: DispatcherOptions) {
    this.workerId = o.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.concurrency = o.concurrency ?? 32;
    this.agents = keepAliveAgents(this.concurrency);
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /**
   * A local commit appended events: a pass soon. Commits within WAKE_DELAY_MS share one pass (a pass
   * per commit would cost the store several calls per booking under load), so this adds at most that
   * much to a delivery's latency.
   */
  nudge(): void {
    if (this.stopped || this.nudged) return;
    this.nudged = true;
    setTimeout(() => {
      this.nudged = false;
      this.wake();
    }, WAKE_DELAY_MS).unref();
  }

  /** Runs a pass now (coalesced with one already running). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.pass()
      .catch((err) => this.o.logger.error({ err }, 'webhook dispatch pass failed'))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          setImmediate(() => this.wake());
        } else {
          this.timer = setTimeout(() => this.wake(), this.o.pollMs);
          this.timer.unref();
        }
      });
  }

  /** Stops polling and waits for the attempts in flight (their outcomes are recorded; none starts after). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** One pass: fan out what is new, start what is due, purge now and then; again while work may remain. */
  private async pass(): Promise<void> {
    let busy = true;
    while (busy && !this.stopped) {
      // Events are claimed before the subscriptions are read: a subscription created meanwhile then
      // is in the list, or was created after the events (and does not want them).
      const now = Date.now();
      const events = await this.o.events.claimEventsToFanOut(this.workerId, now, now + FAN_OUT_CLAIM_MS, FAN_OUT_BATCH);
      const subscriptions = await this.o.events.listSubscriptions(null);
      const fanned = await this.fanOut(events, subscriptions, now);
      // No subscription, no delivery: deleting a subscription deletes its deliveries.
      const free = subscriptions.length > 0 ? this.concurrency - this.inFlight.size : 0;
      const started = await this.deliverDue(free);
      busy = fanned >= FAN_OUT_BATCH || (free > 0 && started >= free);
    }
    const now = Date.now();
    if (now - this.lastPurgeMs >= PURGE_EVERY_MS) {
      this.lastPurgeMs = now;
      const purged = await this.o.events.purgeEvents(now - this.o.retentionSec * 1000);
      if (purged > 0) this.o.logger.info({ purged }, 'delivered events purged');
    }
  }

  private async fanOut(events: readonly OutboxEvent[], subscriptions: readonly WebhookSubscription[], now: number): Promise<number> {
    if (events.length === 0) return 0;
    const items = events.map((event) => ({ eventId: event.id, deliveries: subscriptions.filter((s) => subscriptionWants(s, event)).map((s) => newDelivery(s, event, now)) }));
    await this.o.events.fanOutMany(this.workerId, items);
    return events.length;
  }

  /** Claims up to `free` due deliveries and starts them; each one that ends wakes the next pass. */
  private async deliverDue(free: number): Promise<number> {
    if (free <= 0) return 0;
    const now = Date.now();
    // The claim outlives any attempt (each ends by its timeout), with room for a busy event loop; a
    // process that dies leaves it to the others this long after it was taken.
    const claims = await this.o.events.claimDueDeliveries(this.workerId, now, now + 2 * this.o.timeoutMs + 1000, free);
    for (const claim of claims) {
      const attempt: Promise<void> = this.attempt(claim)
        .catch((err) => this.o.logger.error({ err, eventId: claim.event.id }, 'webhook attempt could not be recorded'))
        .finally(() => {
          this.inFlight.delete(attempt);
          this.wake();
        });
      this.inFlight.add(attempt);
    }
    return claims.length;
  }

  private async attempt({ delivery, event, subscription }: DeliveryClaim): Promise<void> {
    const body = webhookBody(event);
    const attemptAt = new Date();
    let result: SendResult;
    try {
      if (!this.o.secrets) throw new Error('no WEBHOOK_SECRET_KEY to open the signing secret with');
      const secret = this.o.secrets.open(subscription.encryptedSecret, subscription.id);
      const signature = new Webhook(secret).sign(event.id, attemptAt, body);
      const headers = { 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(attemptAt.getTime() / 1000)), 'webhook-signature': signature };
      result = await (this.o.send ?? ((u, h, b) => sendWebhook(u, h, b, { ...this.o, agents: this.agents })))(subscription.url, headers, body);
    } catch (error) {
      result = { status: null, error: error instanceof Error ? error.message : String(error) };
    }
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const attempts = delivery.attempts + 1;
    const next = ok ? null : nextAttemptAtMs(this.o.retrySchedule, attempts, Date.now());
    const status = ok ? 'DELIVERED' : next === null ? 'FAILED' : 'PENDING';
    const lastError = ok ? null : (result.error ?? `HTTP ${result.status}`);
    const recorded = await this.o.events.recordAttempt(subscription.id, event.id, this.workerId, {
      status,
      attempts,
      lastAttemptAtSec: Math.floor(attemptAt.getTime() / 1000),
      lastResponseStatus: result.status,
      lastError,
      nextAttemptAtMs: next,
    });
    const fields = { subscriptionId: subscription.id, eventId: event.id, type: event.type, attempt: attempts, status, responseStatus: result.status, recorded };
    if (ok) this.o.logger.debug(fields, 'webhook delivered');
    else this.o.logger.warn({ ...fields, error: lastError }, status === 'FAILED' ? 'webhook failed for good' : 'webhook attempt failed');
  }
}

function newDelivery(s: WebhookSubscription, e: OutboxEvent, nowMs: number): WebhookDelivery {
  return {
    subscriptionId: s.id,
    eventId: e.id,
    type: e.type,
    aggregateId: e.aggregateId,
    sequence: e.sequence,
    status: 'PENDING',
    attempts: 0,
    lastAttemptAtSec: null,
    lastResponseStatus: null,
    lastError: null,
    nextAttemptAtMs: nowMs,
    createdAtMs: nowMs,
  };
}
