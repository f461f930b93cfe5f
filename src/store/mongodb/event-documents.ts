// How the events half of the port is stored: like documents.ts, plain documents (each record plus a
// few storage fields, listed here and stripped on the way back). Records are spread, not picked
// field by field, so a field the domain adds to an event, subscription or delivery is kept.
import type { Document } from 'mongodb';
import type { NewEvent, OutboxEvent, WebhookDelivery, WebhookSubscription } from '../../domain/events';

/**
 * A claim on an event or a delivery (events.port.ts): who holds it and until when. A free record has
 * claimedBy null and claimUntilMs 0, so "free at nowMs" is one range, claimUntilMs <= nowMs, that an
 * index can key (no null-or-expired $or).
 */
export interface ClaimFields {
  claimedBy: string | null;
  claimUntilMs: number;
}

export const FREE_CLAIM: ClaimFields = { claimedBy: null, claimUntilMs: 0 };

export interface EventDocument extends OutboxEvent, ClaimFields {
  /** The event id. */
  _id: string;
  /**
   * Append order, the order events are claimed for fan-out in (outbox.ts): microseconds from the
   * appending process's clock, raised per aggregate above its previous event's position.
   */
  position: number;
  fannedOut: boolean;
}

export interface SequenceDocument {
  /** The aggregate id. */
  _id: string;
  /** The last sequence number given to the aggregate's events (kept when they are purged). */
  last: number;
  /** The position of the aggregate's last event (outbox.ts). */
  lastPosition: number;
}

export interface SubscriptionDocument extends WebhookSubscription {
  /** The subscription id. */
  _id: string;
}

export interface DeliveryDocument extends WebhookDelivery, ClaimFields {
  /** deliveryId(subscriptionId, eventId). */
  _id: string;
}

export const eventDocument = (event: NewEvent, sequence: number, position: number): EventDocument => ({
  _id: event.id,
  ...event,
  sequence,
  position,
  fannedOut: false,
  ...FREE_CLAIM,
});

export function toOutboxEvent(d: Document): OutboxEvent {
  const { _id, position, fannedOut, claimedBy, claimUntilMs, ...event } = d;
  return event as OutboxEvent;
}

export const subscriptionDocument = (s: WebhookSubscription): SubscriptionDocument => ({ _id: s.id, ...s });

export function toSubscription(d: Document): WebhookSubscription {
  const { _id, ...subscription } = d;
  return subscription as WebhookSubscription;
}

/** One delivery per (subscription, event): the pair is its _id (JSON, so no two pairs share one). */
export const deliveryId = (subscriptionId: string, eventId: string): string => JSON.stringify([subscriptionId, eventId]);

export const deliveryDocument = (d: WebhookDelivery): DeliveryDocument => ({ _id: deliveryId(d.subscriptionId, d.eventId), ...d, ...FREE_CLAIM });

export function toDelivery(d: Document): WebhookDelivery {
  const { _id, claimedBy, claimUntilMs, ...delivery } = d;
  return delivery as WebhookDelivery;
}
