// Events (api-contract "Events: webhooks and GraphQL subscriptions"): every committed change of a
// booking or of a slot's availability, written in the same atomic unit as the change (the outbox).

export const BOOKING_EVENT_TYPES = [
  'booking.created',
  'booking.confirmed',
  'booking.declined',
  'booking.cancelled',
  'booking.rescheduled',
  'booking.no_show',
  'booking.payment_updated',
] as const;
export const EVENT_TYPES = [...BOOKING_EVENT_TYPES, 'slot.availability_changed'] as const;

export type BookingEventType = (typeof BOOKING_EVENT_TYPES)[number];
export type EventType = (typeof EVENT_TYPES)[number];

export const isEventType = (value: string): value is EventType => (EVENT_TYPES as readonly string[]).includes(value);

/** An event as the recorder makes it; the store gives it its place in its aggregate's order. */
export interface NewEvent {
  /** Unique and stable: the webhook-id of every delivery attempt. */
  id: string;
  type: EventType;
  /** What the event is about: a bookingId, or a slot key for slot.availability_changed. */
  aggregateId: string;
  merchantId: string;
  /** For a booking event, the caller that made the booking (who else may see it follows access rules); null for slots. */
  bookingCallerId: string | null;
  occurredAtMs: number;
  /** The webhook body's `data` (JSON). */
  data: Record<string, unknown>;
}

export interface OutboxEvent extends NewEvent {
  /** 1, 2, 3 … among the events of one aggregate, in commit order. */
  sequence: number;
}

export interface WebhookSubscription {
  id: string;
  /** The caller (API key) that created it: only it (or an admin) sees and deletes it. */
  ownerId: string;
  url: string;
  eventTypes: readonly EventType[];
  /** Only events of these merchants; all the owner may see when null. */
  merchantIds: readonly string[] | null;
  /**
   * An event id made when the subscription was (ids are time-ordered, UUIDv7): it receives the events
   * with greater ids, those made after it, and none from before it still waiting in the outbox.
   */
  startsAfterEventId: string;
  /** The signing secret, encrypted (services/events/secret-box.ts); never returned after creation. */
  encryptedSecret: string;
  createdAtSec: number;
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** One event for one subscription, with every attempt's outcome folded in. */
export interface WebhookDelivery {
  subscriptionId: string;
  eventId: string;
  type: EventType;
  aggregateId: string;
  sequence: number;
  status: DeliveryStatus;
  attempts: number;
  lastAttemptAtSec: number | null;
  /** The receiver's HTTP status at the last attempt; null when it never answered (network error, timeout). */
  lastResponseStatus: number | null;
  /** Why the last attempt failed, when it did (no response body is kept). */
  lastError: string | null;
  /** When the next attempt is due (ms); null once delivered or failed. */
  nextAttemptAtMs: number | null;
  createdAtMs: number;
}
