// The events half of the store contract (src/store/events.port.ts and StoreWriter.appendEvents): the
// outbox commits with its unit or not at all, sequences per aggregate, claims with expiry that keep
// two workers off one record, per-aggregate delivery order, paging and housekeeping. Every adapter
// runs it; it talks only to the port.
import type { NewEvent, WebhookDelivery, WebhookSubscription } from '../../src/domain/events';
import type { BookingStore } from '../../src/store/store.port';
import { BookingStatus } from '../../src/domain/enums';
import { T0, bookingRecord, freshStorePerTest, inventorySlot, merchantRecord } from './store-contract';

const MS = 1_900_000_000_000;

export function newEvent(id: string, aggregateId: string, overrides: Partial<NewEvent> = {}): NewEvent {
  return { id, type: 'booking.created', aggregateId, merchantId: 'm1', bookingCallerId: 'partner-a', occurredAtMs: MS, data: { bookingId: aggregateId, n: id }, ...overrides };
}

export function subscription(id: string, overrides: Partial<WebhookSubscription> = {}): WebhookSubscription {
  return {
    id,
    ownerId: 'partner-a',
    url: 'https://hooks.example.com/booking',
    eventTypes: ['booking.created'],
    merchantIds: null,
    startsAfterEventId: '00000000-0000-7000-8000-000000000000',
    encryptedSecret: 'v1.sealed',
    createdAtSec: T0,
    ...overrides,
  };
}

export function delivery(subscriptionId: string, eventId: string, aggregateId: string, sequence: number, overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    subscriptionId,
    eventId,
    type: 'booking.created',
    aggregateId,
    sequence,
    status: 'PENDING',
    attempts: 0,
    lastAttemptAtSec: null,
    lastResponseStatus: null,
    lastError: null,
    nextAttemptAtMs: MS,
    createdAtMs: MS,
    ...overrides,
  };
}

export function describeEventStoreContract(name: string, makeStore: () => Promise<BookingStore>, cleanup?: (store: BookingStore) => Promise<void>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: BookingStore;
    freshStorePerTest(makeStore, cleanup, (s) => (store = s));

    const append = (...events: NewEvent[]) => store.unitOfWork((tx) => tx.appendEvents(events));
    const since = () => store.events.listEventsSince({ occurredAtMs: 0, id: '' }, 100);

    it('appends events with their unit, numbered 1, 2, 3 … per aggregate in commit order', async () => {
      await append(newEvent('e1', 'b1'), newEvent('e2', 'b2'));
      await append(newEvent('e3', 'b1', { occurredAtMs: MS + 1 }));
      const events = await since();
      expect(events.map((e) => [e.id, e.aggregateId, e.sequence])).toEqual([
        ['e1', 'b1', 1],
        ['e2', 'b2', 1],
        ['e3', 'b1', 2],
      ]);
      expect(events[0]).toEqual({ ...newEvent('e1', 'b1'), sequence: 1 });
    });

    it('a unit that fails after appending leaves no event, and takes no sequence number', async () => {
      await expect(
        store.unitOfWork(async (tx) => {
          await tx.upsertMerchant(merchantRecord('m1'));
          await tx.appendEvents([newEvent('lost', 'b1')]);
          throw new Error('injected after the change');
        }),
      ).rejects.toThrow('injected');
      expect(await since()).toEqual([]);
      expect(await store.reader.getMerchants(['m1'])).toEqual([null]);
      await append(newEvent('kept', 'b1'));
      expect((await since()).map((e) => [e.id, e.sequence])).toEqual([['kept', 1]]);
    });

    it('listEventsSince reads after a position, oldest first', async () => {
      await append(newEvent('a', 'x', { occurredAtMs: MS }), newEvent('b', 'x', { occurredAtMs: MS }), newEvent('c', 'y', { occurredAtMs: MS + 5 }));
      expect((await store.events.listEventsSince({ occurredAtMs: MS, id: 'a' }, 10)).map((e) => e.id)).toEqual(['b', 'c']);
      expect((await store.events.listEventsSince({ occurredAtMs: MS, id: 'a' }, 1)).map((e) => e.id)).toEqual(['b']);
      expect(await store.events.listEventsSince({ occurredAtMs: MS + 5, id: 'c' }, 10)).toEqual([]);
    });

    it('subscriptions: insert, read, list by owner, delete (with their deliveries)', async () => {
      await store.events.insertSubscription(subscription('s1'));
      await store.events.insertSubscription(subscription('s2', { ownerId: 'partner-b', createdAtSec: T0 + 1 }));
      await store.events.insertSubscription(subscription('s3', { createdAtSec: T0 + 2, merchantIds: ['m1'] }));
      expect(await store.events.getSubscription('s3')).toEqual(subscription('s3', { createdAtSec: T0 + 2, merchantIds: ['m1'] }));
      expect(await store.events.getSubscription('nope')).toBeNull();
      expect((await store.events.listSubscriptions('partner-a')).map((s) => s.id)).toEqual(['s1', 's3']);
      expect((await store.events.listSubscriptions(null)).map((s) => s.id)).toEqual(['s1', 's2', 's3']);

      await append(newEvent('e1', 'b1'));
      const [event] = await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 10);
      expect(await store.events.fanOut(event.id, 'w1', [delivery('s1', 'e1', 'b1', 1), delivery('s3', 'e1', 'b1', 1)])).toBe(true);
      expect(await store.events.deleteSubscription('s1')).toBe(true);
      expect(await store.events.deleteSubscription('s1')).toBe(false);
      expect(await store.events.listDeliveries('s1', null, 10)).toEqual([]);
      expect(await store.events.listDeliveries('s3', null, 10)).toHaveLength(1);
      expect((await store.events.claimDueDeliveries('w1', MS, MS + 1000, 10)).map((c) => c.subscription.id)).toEqual(['s3']);
    });

    it('an event is fanned out once: claimed by one worker until its claim expires, then by another', async () => {
      await append(newEvent('e1', 'b1'), newEvent('e2', 'b2'));
      const first = await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 1);
      expect(first.map((e) => e.id)).toEqual(['e1']);
      expect((await store.events.claimEventsToFanOut('w2', MS + 10, MS + 1010, 10)).map((e) => e.id)).toEqual(['e2']);
      expect(await store.events.claimEventsToFanOut('w2', MS + 999, MS + 2000, 10)).toEqual([]);
      // w1 is gone; at the claim's expiry w3 takes e1 over, and w1's late fan-out changes nothing.
      expect((await store.events.claimEventsToFanOut('w3', MS + 1000, MS + 3000, 10)).map((e) => e.id)).toEqual(['e1']);
      expect(await store.events.fanOut('e1', 'w1', [delivery('s1', 'e1', 'b1', 1)])).toBe(false);
      await store.events.insertSubscription(subscription('s1'));
      expect(await store.events.fanOut('e1', 'w3', [delivery('s1', 'e1', 'b1', 1)])).toBe(true);
      expect(await store.events.fanOut('e1', 'w3', [delivery('s1', 'e1', 'b1', 1)])).toBe(false);
      // Only e2 is left: w2 never fanned it out, and its claim has expired too.
      expect((await store.events.claimEventsToFanOut('w4', MS + 10_000, MS + 20_000, 10)).map((e) => e.id)).toEqual(['e2']);
      expect(await store.events.listDeliveries('s1', null, 10)).toHaveLength(1);
    });

    it('fanOutMany fans out a batch, skipping events whose claim was lost', async () => {
      await store.events.insertSubscription(subscription('s1'));
      await append(newEvent('e1', 'b1'), newEvent('e2', 'b2'), newEvent('e3', 'b3'));
      expect(await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 3)).toHaveLength(3);
      // e3's claim expires and w2 takes it over before w1's batch lands.
      expect(await store.events.claimEventsToFanOut('w2', MS + 1000, MS + 2000, 10)).toHaveLength(3);
      expect(await store.events.claimEventsToFanOut('w1', MS + 2000, MS + 3000, 2)).toHaveLength(2);
      const n = await store.events.fanOutMany('w1', [
        { eventId: 'e1', deliveries: [delivery('s1', 'e1', 'b1', 1)] },
        { eventId: 'e2', deliveries: [] },
        { eventId: 'e3', deliveries: [delivery('s1', 'e3', 'b3', 1)] },
      ]);
      expect(n).toBe(2);
      expect((await store.events.listDeliveries('s1', null, 10)).map((d) => d.eventId)).toEqual(['e1']);
      expect(await store.events.fanOutMany('w2', [{ eventId: 'e3', deliveries: [delivery('s1', 'e3', 'b3', 1)] }, { eventId: 'e2', deliveries: [] }])).toBe(1);
      expect((await store.events.listDeliveries('s1', null, 10)).map((d) => d.eventId)).toEqual(['e1', 'e3']);
      expect(await store.events.fanOutMany('w1', [])).toBe(0);
    });

    it('deliveries are due in order per (subscription, aggregate), claimed by one worker at a time', async () => {
      await store.events.insertSubscription(subscription('s1'));
      await store.events.insertSubscription(subscription('s2', { createdAtSec: T0 + 1 }));
      await append(newEvent('e1', 'b1'), newEvent('e2', 'b1'), newEvent('e3', 'b2'));
      const events = await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 10);
      expect(events).toHaveLength(3);
      for (const e of events) {
        const ds = ['s1', 's2'].map((s) => delivery(s, e.id, e.aggregateId, e.sequence, { createdAtMs: MS + e.sequence }));
        expect(await store.events.fanOut(e.id, 'w1', ds)).toBe(true);
      }
      const claimed = await store.events.claimDueDeliveries('w1', MS + 5, MS + 100_000, 10);
      // e2 waits behind e1 for each subscription; e3 (another booking) is due at once.
      expect(claimed.map((c) => `${c.subscription.id}/${c.event.id}`).sort()).toEqual(['s1/e1', 's1/e3', 's2/e1', 's2/e3']);
      const c = claimed.find((x) => x.subscription.id === 's1' && x.event.id === 'e1')!;
      expect(c.event).toEqual({ ...newEvent('e1', 'b1'), sequence: 1 });
      expect(c.delivery.status).toBe('PENDING');
      expect(await store.events.claimDueDeliveries('w2', MS + 6, MS + 1006, 10)).toEqual([]);

      // Another worker may not record an attempt on w1's claim.
      const done = { status: 'DELIVERED' as const, attempts: 1, lastAttemptAtSec: T0, lastResponseStatus: 204, lastError: null, nextAttemptAtMs: null };
      expect(await store.events.recordAttempt('s1', 'e1', 'w2', done)).toBe(false);
      expect(await store.events.recordAttempt('s1', 'e1', 'w1', done)).toBe(true);
      // s1/e2 is now due; s2/e2 still waits behind s2/e1 (claimed, not yet attempted).
      expect((await store.events.claimDueDeliveries('w2', MS + 7, MS + 100_000, 10)).map((x) => `${x.subscription.id}/${x.event.id}`)).toEqual(['s1/e2']);

      // A retry scheduled later is not due before its time, and keeps the order behind it.
      const retry = { status: 'PENDING' as const, attempts: 1, lastAttemptAtSec: T0, lastResponseStatus: 500, lastError: 'HTTP 500', nextAttemptAtMs: MS + 5000 };
      expect(await store.events.recordAttempt('s2', 'e1', 'w1', retry)).toBe(true);
      expect(await store.events.claimDueDeliveries('w3', MS + 4999, MS + 6000, 10)).toEqual([]);
      const later = await store.events.claimDueDeliveries('w3', MS + 5000, MS + 6000, 10);
      expect(later.map((x) => `${x.subscription.id}/${x.event.id}`)).toEqual(['s2/e1']);
      expect(later[0].delivery).toMatchObject({ attempts: 1, lastResponseStatus: 500, lastError: 'HTTP 500', nextAttemptAtMs: MS + 5000 });
    });

    it("a booking's later event waits while an earlier one is still to be fanned out (by another worker)", async () => {
      await store.events.insertSubscription(subscription('s1'));
      await append(newEvent('e1', 'b1'), newEvent('e2', 'b1'));
      const [first] = await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 1);
      const [second] = await store.events.claimEventsToFanOut('w2', MS, MS + 1000, 1);
      expect([first.id, second.id]).toEqual(['e1', 'e2']);
      // w2 is faster: e2's delivery exists first, but is not due while e1 may still become one.
      expect(await store.events.fanOut('e2', 'w2', [delivery('s1', 'e2', 'b1', 2)])).toBe(true);
      expect(await store.events.claimDueDeliveries('w3', MS, MS + 1000, 10)).toEqual([]);
      expect(await store.events.fanOut('e1', 'w1', [delivery('s1', 'e1', 'b1', 1)])).toBe(true);
      expect((await store.events.claimDueDeliveries('w3', MS, MS + 1000, 10)).map((c) => c.event.id)).toEqual(['e1']);
    });

    it('a subscription deleted before the fan-out gets no delivery', async () => {
      await store.events.insertSubscription(subscription('s1'));
      await store.events.insertSubscription(subscription('gone', { createdAtSec: T0 + 1 }));
      await append(newEvent('e1', 'b1'));
      const [e] = await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 1);
      expect(await store.events.deleteSubscription('gone')).toBe(true);
      expect(await store.events.fanOut(e.id, 'w1', [delivery('s1', 'e1', 'b1', 1), delivery('gone', 'e1', 'b1', 1)])).toBe(true);
      expect(await store.events.listDeliveries('gone', null, 10)).toEqual([]);
      expect((await store.events.claimDueDeliveries('w1', MS, MS + 1000, 10)).map((c) => c.subscription.id)).toEqual(['s1']);
    });

    it("a retry moves the deliveries waiting behind it to its time, and a new one behind it too (no rescans while a receiver is down)", async () => {
      await store.events.insertSubscription(subscription('s1'));
      await append(newEvent('e1', 'b1'), newEvent('e2', 'b1'), newEvent('x1', 'other'));
      const events = await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 10);
      expect(await store.events.fanOutMany('w1', events.map((e) => ({ eventId: e.id, deliveries: [delivery('s1', e.id, e.aggregateId, e.sequence)] })))).toBe(3);
      const claimed = await store.events.claimDueDeliveries('w1', MS, MS + 1000, 10);
      expect(claimed.map((c) => c.event.id).sort()).toEqual(['e1', 'x1']);
      const retry = { status: 'PENDING' as const, attempts: 1, lastAttemptAtSec: T0, lastResponseStatus: 503, lastError: 'HTTP 503', nextAttemptAtMs: MS + 60_000 };
      expect(await store.events.recordAttempt('s1', 'e1', 'w1', retry)).toBe(true);
      expect(await store.events.recordAttempt('s1', 'x1', 'w1', { ...retry, nextAttemptAtMs: MS + 10 })).toBe(true);
      const byId = async () => new Map((await store.events.listDeliveries('s1', null, 10)).map((d) => [d.eventId, d.nextAttemptAtMs]));
      expect(await byId()).toEqual(new Map([['e1', MS + 60_000], ['e2', MS + 60_000], ['x1', MS + 10]]));
      // A booking's next event, fanned out while e1 waits, waits as long.
      await append(newEvent('e3', 'b1'));
      const [e3] = await store.events.claimEventsToFanOut('w1', MS + 20, MS + 1000, 10);
      expect(await store.events.fanOut(e3.id, 'w1', [delivery('s1', 'e3', 'b1', e3.sequence, { nextAttemptAtMs: MS + 20 })])).toBe(true);
      expect((await byId()).get('e3')).toBe(MS + 60_000);
      // Nothing of b1 is due before the retry; then e1 alone.
      expect((await store.events.claimDueDeliveries('w2', MS + 59_999, MS + 70_000, 10)).map((c) => c.event.id)).toEqual(['x1']);
      expect((await store.events.claimDueDeliveries('w2', MS + 60_000, MS + 70_000, 10)).map((c) => c.event.id)).toEqual(['e1']);
    });

    it('a claim that expires is taken over (the worker died mid-delivery)', async () => {
      await store.events.insertSubscription(subscription('s1'));
      await append(newEvent('e1', 'b1'));
      const [e] = await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 10);
      await store.events.fanOut(e.id, 'w1', [delivery('s1', 'e1', 'b1', 1)]);
      expect(await store.events.claimDueDeliveries('w1', MS, MS + 1000, 10)).toHaveLength(1);
      expect(await store.events.claimDueDeliveries('w2', MS + 999, MS + 2000, 10)).toHaveLength(0);
      expect(await store.events.claimDueDeliveries('w2', MS + 1000, MS + 2000, 10)).toHaveLength(1);
      const done = { status: 'DELIVERED' as const, attempts: 1, lastAttemptAtSec: T0, lastResponseStatus: 200, lastError: null, nextAttemptAtMs: null };
      expect(await store.events.recordAttempt('s1', 'e1', 'w1', done)).toBe(false);
      expect(await store.events.recordAttempt('s1', 'e1', 'w2', done)).toBe(true);
      expect(await store.events.listDeliveries('s1', null, 10)).toEqual([delivery('s1', 'e1', 'b1', 1, done)]);
      expect(await store.events.claimDueDeliveries('w3', MS + 10_000, MS + 20_000, 10)).toEqual([]);
    });

    it('lists deliveries in (createdAtMs, eventId) pages', async () => {
      await store.events.insertSubscription(subscription('s1'));
      const ids = ['e1', 'e2', 'e3', 'e4', 'e5'];
      await append(...ids.map((id) => newEvent(id, `b-${id}`)));
      const events = await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 10);
      expect(events).toHaveLength(5);
      for (const [i, e] of events.entries()) await store.events.fanOut(e.id, 'w1', [delivery('s1', e.id, e.aggregateId, 1, { createdAtMs: MS + (i < 3 ? 0 : i) })]);
      const page1 = await store.events.listDeliveries('s1', null, 2);
      expect(page1.map((d) => d.eventId)).toEqual(['e1', 'e2']);
      const page2 = await store.events.listDeliveries('s1', { createdAtMs: page1[1].createdAtMs, eventId: page1[1].eventId }, 2);
      expect(page2.map((d) => d.eventId)).toEqual(['e3', 'e4']);
      const page3 = await store.events.listDeliveries('s1', { createdAtMs: page2[1].createdAtMs, eventId: page2[1].eventId }, 2);
      expect(page3.map((d) => d.eventId)).toEqual(['e5']);
    });

    it('lists pending bookings past their deadline, earliest first (the lapsed sweep reads them)', async () => {
      const slot = inventorySlot({ spotsTotal: 10 });
      const pending = (bookingId: string, deadline: number | null, userId: string) =>
        bookingRecord({ bookingId, slot, userId, status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, confirmationDeadlineSec: deadline });
      await store.unitOfWork(async (tx) => {
        await tx.upsertSlots([slot]);
        expect(await tx.insertBooking(pending('late', T0 - 100, 'u1'))).toBe('inserted');
        expect(await tx.insertBooking(pending('later', T0 - 50, 'u2'))).toBe('inserted');
        expect(await tx.insertBooking(pending('no-deadline', null, 'u3'))).toBe('inserted');
        expect(await tx.insertBooking(bookingRecord({ bookingId: 'confirmed', slot, userId: 'u4' }))).toBe('inserted');
      });
      expect(await store.reader.listLapsedPendingBookings(T0 - 101, 10)).toEqual([]);
      expect((await store.reader.listLapsedPendingBookings(T0 - 100, 10)).map((b) => b.bookingId)).toEqual(['late']);
      expect((await store.reader.listLapsedPendingBookings(T0, 10)).map((b) => b.bookingId)).toEqual(['late', 'later']);
      expect((await store.reader.listLapsedPendingBookings(T0, 1)).map((b) => b.bookingId)).toEqual(['late']);
      // Once recorded as declined it is no longer pending, so no longer listed.
      await store.unitOfWork(async (tx) => {
        const [late] = await tx.getBookings(['late']);
        await tx.replaceBooking(late!, { ...late!, status: BookingStatus.DECLINED_BY_MERCHANT });
      });
      expect((await store.reader.listLapsedPendingBookings(T0, 10)).map((b) => b.bookingId)).toEqual(['later']);
    });

    it('purges only fanned-out events older than the cutoff whose deliveries are all final', async () => {
      await store.events.insertSubscription(subscription('s1'));
      await append(newEvent('old-done', 'b1', { occurredAtMs: MS }), newEvent('old-pending', 'b2', { occurredAtMs: MS }), newEvent('new-done', 'b3', { occurredAtMs: MS + 10_000 }));
      await append(newEvent('old-unfanned', 'b4', { occurredAtMs: MS }));
      const events = await store.events.claimEventsToFanOut('w1', MS, MS + 100_000, 3);
      expect(events.map((e) => e.id)).toEqual(['old-done', 'old-pending', 'new-done']);
      for (const e of events) await store.events.fanOut(e.id, 'w1', [delivery('s1', e.id, e.aggregateId, 1)]);
      const claimed = await store.events.claimDueDeliveries('w1', MS, MS + 1000, 10);
      expect(claimed).toHaveLength(3);
      const final = { status: 'DELIVERED' as const, attempts: 1, lastAttemptAtSec: T0, lastResponseStatus: 200, lastError: null, nextAttemptAtMs: null };
      await store.events.recordAttempt('s1', 'old-done', 'w1', final);
      await store.events.recordAttempt('s1', 'new-done', 'w1', { ...final, status: 'FAILED', lastResponseStatus: 500 });

      expect(await store.events.purgeEvents(MS + 5_000)).toBe(1);
      expect((await since()).map((e) => e.id).sort()).toEqual(['new-done', 'old-pending', 'old-unfanned']);
      expect((await store.events.listDeliveries('s1', null, 10)).map((d) => d.eventId).sort()).toEqual(['new-done', 'old-pending']);
      // A purged aggregate's next event still continues its sequence.
      await append(newEvent('after', 'b1', { occurredAtMs: MS + 20_000 }));
      expect((await since()).find((e) => e.id === 'after')?.sequence).toBe(2);
    });
  });
}
