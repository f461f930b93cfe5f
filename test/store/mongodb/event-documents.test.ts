// The events half's record ⇄ document converters (src/store/mongodb/event-documents.ts), also through
// BSON as the driver stores them, and the append positions of outbox.ts.
import { BSON, type Document } from 'mongodb';
import {
  FREE_CLAIM,
  deliveryDocument,
  deliveryId,
  eventDocument,
  subscriptionDocument,
  toDelivery,
  toOutboxEvent,
  toSubscription,
} from '../../../src/store/mongodb/event-documents';
import { reservePositions } from '../../../src/store/mongodb/outbox';
import { delivery, newEvent, subscription } from '../store-contract.events';

const throughBson = (doc: Document): Document => BSON.deserialize(BSON.serialize(doc));
const POSITION = 1_900_000_000_000_123;

describe('event documents', () => {
  it('an event is its record plus sequence; the storage fields are dropped on the way back', () => {
    const event = newEvent('e1', 'b1', { data: { bookingId: 'b1', nested: { n: [1, 'two', null] }, big: 3_250_000_000 } });
    const doc = eventDocument(event, 7, POSITION);
    expect(doc).toEqual({ _id: 'e1', ...event, sequence: 7, position: POSITION, fannedOut: false, ...FREE_CLAIM });
    expect(toOutboxEvent(doc)).toStrictEqual({ ...event, sequence: 7 });
    expect(toOutboxEvent(throughBson(doc))).toStrictEqual({ ...event, sequence: 7 });
    // A position (µs) survives BSON exactly.
    expect(throughBson(doc).position).toBe(POSITION);
  });

  it('a field the domain adds to an event is kept (records are spread, not picked)', () => {
    const event = { ...newEvent('e1', 'b1'), bookingCallerId: 'partner-a' };
    expect(toOutboxEvent(throughBson(eventDocument(event, 1, POSITION)))).toStrictEqual({ ...event, sequence: 1 });
  });

  it('subscriptions and deliveries round-trip; a delivery is addressed by its (subscription, event) pair', () => {
    for (const s of [subscription('s1'), subscription('s2', { merchantIds: ['m1', 'm2'], eventTypes: ['booking.created', 'slot.availability_changed'] })]) {
      expect(toSubscription(throughBson(subscriptionDocument(s)))).toStrictEqual(s);
    }
    const d = delivery('s1', 'e1', 'b1', 3, { status: 'FAILED', attempts: 5, lastError: 'HTTP 500', lastResponseStatus: 500, nextAttemptAtMs: null });
    const doc = deliveryDocument(d);
    expect(doc._id).toBe(deliveryId('s1', 'e1'));
    expect(toDelivery(throughBson({ ...doc, claimedBy: 'w1', claimUntilMs: 5 }))).toStrictEqual(d);
    // No two pairs share an id, whatever the ids contain.
    expect(new Set([deliveryId('a', 'b,c'), deliveryId('a,b', 'c'), deliveryId('a"', 'b'), deliveryId('a', '"b')]).size).toBe(4);
  });
});

describe('reservePositions', () => {
  it('rise strictly within the process, also when the clock stands still or goes back', () => {
    const a = reservePositions(3, 1_000);
    const b = reservePositions(2, 1_000);
    const c = reservePositions(1, 999);
    expect(b).toBeGreaterThanOrEqual(a + 3);
    expect(c).toBeGreaterThanOrEqual(b + 2);
    // A clock ahead of every position given out is used as it is (in µs).
    const t = Date.now() + 60_000;
    expect(reservePositions(1, t)).toBe(t * 1000);
  });
});
