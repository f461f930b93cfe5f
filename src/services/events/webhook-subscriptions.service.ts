// Webhook subscriptions (api-contract "Events"): partner and merchant keys manage their own; a merchant
// key (or a partner key restricted to merchants) subscribes to its own merchants only. The signing
// secret is shown once, at creation, and kept sealed (secret-box.ts). Target URLs are checked by the
// target policy (src/webhooks/target-policy.ts): loopback, private and link-local addresses are
// refused unless WEBHOOK_ALLOW_PRIVATE=true, and the same check runs again at every delivery.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../domain/caller';
import type { Clock } from '../../domain/clock';
import { DomainError, invalidArgument, notFound } from '../../domain/errors';
import { EVENT_TYPES, isEventType, type EventType, type WebhookDelivery, type WebhookSubscription } from '../../domain/events';
import type { EventStore } from '../../store/events.port';
import { assertServesMerchant } from '../access';
import { requireId } from '../validate';
import { newEventId } from './event-id';
import { newSigningSecret, type SecretBox } from './secret-box';

/** Decides whether a URL may receive webhooks (resolving its host); throws INVALID_ARGUMENT naming `field`. */
export interface WebhookTargetPolicy {
  assertAllowed(url: URL, field: string): Promise<void>;
}

export const MAX_SUBSCRIPTIONS_PER_KEY = 25;
const MAX_URL_LENGTH = 2048;
const MAX_MERCHANT_IDS = 100;
const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

export interface CreateWebhookSubscriptionRequest {
  url: string;
  eventTypes: readonly string[];
  merchantIds?: readonly string[] | null;
}

/** A delivery as shown: the next attempt in seconds, like every other instant of the API. */
export type DeliveryView = WebhookDelivery & { nextAttemptAtSec: number | null };

export interface DeliveryPage {
  edges: Array<{ cursor: string; node: DeliveryView }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const encodeCursor = (d: WebhookDelivery) => Buffer.from(JSON.stringify([d.createdAtMs, d.eventId])).toString('base64url');
function decodeCursor(cursor: string): { createdAtMs: number; eventId: string } {
  try {
    const [createdAtMs, eventId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (Number.isSafeInteger(createdAtMs) && typeof eventId === 'string') return { createdAtMs: createdAtMs as number, eventId };
  } catch {
    // fall through
  }
  throw invalidArgument('after', 'is not a cursor of webhookDeliveries');
}

export class WebhookSubscriptionsService {
  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
    private readonly targets: WebhookTargetPolicy,
    /** Null when no key to seal secrets with is configured: subscriptions cannot be created then. */
    private readonly secrets: SecretBox | null,
    /** False with EVENTS=false: nothing is recorded, so nothing could be delivered. */
    private readonly enabled = true,
  ) {}

  async create(caller: Caller, input: CreateWebhookSubscriptionRequest): Promise<{ webhookSubscription: WebhookSubscription; secret: string }> {
    if (!this.enabled) throw new DomainError('FAILED_PRECONDITION', 'events are off on this gateway (EVENTS=false)', 'input', 'EVENTS_DISABLED');
    const url = this.parseUrl(input.url);
    const eventTypes = parseEventTypes(input.eventTypes);
    const merchantIds = this.scope(caller, input.merchantIds ?? null);
    if (!this.secrets) {
      throw new DomainError('FAILED_PRECONDITION', 'webhook secrets cannot be stored: set WEBHOOK_SECRET_KEY (32 bytes, base64 or hex)', 'input.url', 'WEBHOOK_SECRET_KEY_MISSING');
    }
    await this.targets.assertAllowed(url, 'input.url');
    const owned = await this.events.listSubscriptions(caller.id);
    if (owned.length >= MAX_SUBSCRIPTIONS_PER_KEY) {
      throw new DomainError('RESOURCE_EXHAUSTED', `a key may hold at most ${MAX_SUBSCRIPTIONS_PER_KEY} webhook subscriptions; delete one first`, 'input');
    }
    const id = randomUUID();
    const secret = newSigningSecret();
    const subscription: WebhookSubscription = {
      id,
      ownerId: caller.id,
      url: url.toString(),
      eventTypes,
      merchantIds,
      startsAfterEventId: newEventId(),
      encryptedSecret: this.secrets.seal(secret, id),
      createdAtSec: this.clock.nowSec(),
    };
    await this.events.insertSubscription(subscription);
    return { webhookSubscription: subscription, secret };
  }

  async delete(caller: Caller, idInput: string): Promise<{ id: string; deleted: boolean }> {
    const id = requireId('input.id', idInput);
    await this.owned(caller, id, 'input.id');
    return { id, deleted: await this.events.deleteSubscription(id) };
  }

  list(caller: Caller): Promise<WebhookSubscription[]> {
    return this.events.listSubscriptions(caller.id);
  }

  async deliveries(caller: Caller, subscriptionIdInput: string, first: number | null | undefined, after: string | null | undefined): Promise<DeliveryPage> {
    const id = requireId('subscriptionId', subscriptionIdInput);
    const limit = first ?? DEFAULT_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw invalidArgument('first', `must be from 1 to ${MAX_PAGE}`);
    const cursor = after ? decodeCursor(after) : null;
    await this.owned(caller, id, 'subscriptionId');
    const rows = await this.events.listDeliveries(id, cursor, limit + 1);
    const page = rows.slice(0, limit);
    return {
      edges: page.map((d) => ({ cursor: encodeCursor(d), node: { ...d, nextAttemptAtSec: d.nextAttemptAtMs === null ? null : Math.ceil(d.nextAttemptAtMs / 1000) } })),
      pageInfo: { hasNextPage: rows.length > limit, endCursor: page.length ? encodeCursor(page[page.length - 1]) : null },
    };
  }

  /** Another key's subscription does not exist for this caller. */
  private async owned(caller: Caller, id: string, field: string): Promise<WebhookSubscription> {
    const subscription = await this.events.getSubscription(id);
    if (!subscription || subscription.ownerId !== caller.id) throw notFound(`no webhook subscription "${id}"`, field);
    return subscription;
  }

  private parseUrl(text: string): URL {
    if (typeof text !== 'string' || text.length === 0) throw invalidArgument('input.url', 'is required');
    if (text.length > MAX_URL_LENGTH) throw invalidArgument('input.url', `must be at most ${MAX_URL_LENGTH} characters`);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw invalidArgument('input.url', 'is not an absolute URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidArgument('input.url', 'must be an https:// (or http://) URL');
    if (url.username || url.password) throw invalidArgument('input.url', 'must not carry credentials; the signature authenticates the gateway');
    url.hash = '';
    return url;
  }

  /** The merchants a subscription covers: those asked for (each one the caller serves), else the caller's own (null: all). */
  private scope(caller: Caller, merchantIds: readonly string[] | null): readonly string[] | null {
    if (merchantIds === null) return caller.merchantIds;
    if (merchantIds.length === 0) throw invalidArgument('input.merchantIds', 'must name at least one merchant, or be omitted for all');
    if (merchantIds.length > MAX_MERCHANT_IDS) throw invalidArgument('input.merchantIds', `must name at most ${MAX_MERCHANT_IDS} merchants`);
    const ids = merchantIds.map((m, i) => requireId(`input.merchantIds[${i}]`, m));
    ids.forEach((m, i) => assertServesMerchant(caller, m, `input.merchantIds[${i}]`));
    return [...new Set(ids)];
  }
}

function parseEventTypes(types: readonly string[]): EventType[] {
  if (!Array.isArray(types) || types.length === 0) throw invalidArgument('input.eventTypes', `must name at least one of ${EVENT_TYPES.join(', ')}`);
  types.forEach((t, i) => {
    if (!isEventType(t)) throw invalidArgument(`input.eventTypes[${i}]`, `"${t}" is not an event type; known: ${EVENT_TYPES.join(', ')}`);
  });
  return [...new Set(types as EventType[])];
}

/** Whether a subscription receives an event: one of its types, of one of its merchants, made after the subscription. */
export function subscriptionWants(s: WebhookSubscription, e: { id: string; type: EventType; merchantId: string }): boolean {
  if (!s.eventTypes.includes(e.type)) return false;
  if (e.id <= s.startsAfterEventId) return false;
  return s.merchantIds === null || s.merchantIds.includes(e.merchantId);
}
