// The live feed and its per-subscriber streams, on an in-memory store: live only (no history), each
// event once, and a failed read ends that subscription with the error instead of the process.
import { ManualClock } from '../../../src/domain/clock';
import type { NewEvent } from '../../../src/domain/events';
import { EventFeed, eventStream } from '../../../src/services/events/event-feed';
import { newEventId } from '../../../src/services/events/event-id';
import { SqliteStore } from '../../../src/store/sqlite/sqlite.store';

const MS = 1_900_000_000_000;
const event = (aggregateId: string): NewEvent => ({ id: newEventId(), type: 'booking.created', aggregateId, merchantId: 'm', bookingCallerId: 'c', occurredAtMs: MS, data: {} });

let store: SqliteStore;
let feed: EventFeed;
beforeEach(() => {
  store = SqliteStore.inMemory();
  feed = new EventFeed(store.events, new ManualClock(MS / 1000), { pollMs: 10 });
  feed.start();
});
afterEach(async () => {
  await feed.stop();
  await store.close();
});

it('hands each new event to the streams that want it, once, and nothing from before they listened', async () => {
  await store.unitOfWork((tx) => tx.appendEvents([event('old')]));
  const stream = eventStream(feed, (e) => e.aggregateId !== 'other', async (e) => e.aggregateId);
  const first = stream.next();
  await store.unitOfWork((tx) => tx.appendEvents([event('b1'), event('other'), event('b2')]));
  feed.nudge();
  expect(await first).toEqual({ value: 'b1', done: false });
  expect(await stream.next()).toEqual({ value: 'b2', done: false });
  await stream.return!();
  expect(await stream.next()).toEqual({ value: undefined, done: true });
  expect(feed.listenerCount).toBe(0);
});

it('a read that fails ends that subscription with the error; the process and other streams go on', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const broken = eventStream(feed, () => true, async () => Promise.reject(new Error('store unavailable')));
    const healthy = eventStream(feed, () => true, async (e) => e.aggregateId);
    const failing = broken.next();
    const fine = healthy.next();
    await store.unitOfWork((tx) => tx.appendEvents([event('b1')]));
    feed.nudge();
    await expect(failing).rejects.toThrow('store unavailable');
    expect(await fine).toEqual({ value: 'b1', done: false });
    await expect(broken.next()).rejects.toThrow('store unavailable');
    await new Promise((r) => setTimeout(r, 20));
    expect(unhandled).toEqual([]);
    await healthy.return!();
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
