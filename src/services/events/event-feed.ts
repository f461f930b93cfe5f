// The outbox read live, for GraphQL subscriptions: one reader per process follows the events table in
// (occurredAtMs, id) order and hands each event to the listeners that want it. Because it reads the
// store, not an in-process bus, an event committed through any gateway process on the same MongoDB
// reaches this process's subscribers, and a restarted process simply reads on from the outbox.
//
// A unit takes its events' occurredAtMs just before it commits, so an event of another process can
// become visible a little after a later-stamped one (commit latency, clock skew). Each poll therefore
// also re-reads a short window behind the position and skips the ids it has already handed out.
import type { Clock } from '../../domain/clock';
import { nowMsOf } from '../../domain/clock';
import type { OutboxEvent } from '../../domain/events';
import type { EventStore } from '../../store/events.port';
import { newEventId } from './event-id';

export interface EventFeedOptions {
  pollMs: number;
  /** How far behind its position each poll looks again for late commits of other processes. */
  lookbackMs?: number;
}

type Listener = (event: OutboxEvent) => void;

const PAGE = 500;
const LOOK_BACK_EVERY_MS = 2000;

export class EventFeed {
  private readonly listeners = new Set<Listener>();
  private position: { occurredAtMs: number; id: string } | null = null;
  /** Ids handed out within the lookback window, with their occurredAtMs, so a re-read is not a repeat. */
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly lookbackMs: number;
  private lastLookBack = 0;
  /** Events with ids up to this one predate the first listener. */
  private liveFrom = '';

  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
    private readonly options: EventFeedOptions,
  ) {
    // Past the store's commit time limit (MongoDB transactions here: 5 s), so a unit that committed
    // late is still seen; clock skew between processes must stay below the remainder.
    this.lookbackMs = options.lookbackMs ?? 8000;
  }

  start(): void {
    this.stopped = false;
    this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Listens, from now on, until the returned function is called. */
  listen(listener: Listener): () => void {
    if (this.listeners.size === 0) {
      // Live only: what is already in the outbox is history, not news. Ids are time-ordered, so an
      // id made now is below every event made from now on (in this process; others, to their clocks).
      this.liveFrom = newEventId();
      this.position = { occurredAtMs: nowMsOf(this.clock), id: this.liveFrom };
      this.seen.clear();
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** A local commit appended events: read now rather than at the next poll. */
  nudge(): void {
    if (this.listeners.size > 0) this.poll();
  }

  private poll(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = this.read()
      .catch(() => undefined) // a store outage: the next poll tries again from the same position
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          setImmediate(() => this.poll());
        } else {
          this.timer = setTimeout(() => this.poll(), this.options.pollMs);
          this.timer.unref();
        }
      });
  }

  private async read(): Promise<void> {
    if (this.listeners.size === 0 || !this.position) return; // nobody listens: nothing to read
    // Now and then, look a window behind the position again (late commits of other processes).
    const lookBack = Date.now() - this.lastLookBack >= LOOK_BACK_EVERY_MS;
    if (lookBack) this.lastLookBack = Date.now();
    let from = lookBack ? { occurredAtMs: this.position.occurredAtMs - this.lookbackMs, id: '' } : this.position;
    for (;;) {
      const page = await this.events.listEventsSince(from, PAGE);
      for (const event of page) {
        if (this.seen.has(event.id) || event.id <= this.liveFrom) continue;
        this.seen.set(event.id, event.occurredAtMs);
        if (event.occurredAtMs > this.position.occurredAtMs || (event.occurredAtMs === this.position.occurredAtMs && event.id > this.position.id)) {
          this.position = { occurredAtMs: event.occurredAtMs, id: event.id };
        }
        for (const listener of this.listeners) listener(event);
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1];
      from = { occurredAtMs: last.occurredAtMs, id: last.id };
    }
    const horizon = this.position.occurredAtMs - this.lookbackMs;
    for (const [id, at] of this.seen) if (at < horizon) this.seen.delete(id);
  }
}

/**
 * The events a listener wants, as an async iterator for a GraphQL subscription: buffered up to
 * `maxBuffered`, then the subscription ends with an error (a client that cannot keep up).
 */
export function eventStream<T>(
  feed: EventFeed,
  wants: (event: OutboxEvent) => boolean,
  map: (event: OutboxEvent) => Promise<T | null>,
  maxBuffered = 1000,
): AsyncIterableIterator<T> {
  const buffered: OutboxEvent[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let rejectWaiting: ((error: Error) => void) | null = null;
  let failed: Error | null = null;
  let done = false;
  let working = false;

  const finish = () => {
    done = true;
    unlisten();
  };
  const pump = async () => {
    if (working || !waiting) return;
    working = true;
    try {
      while (waiting && buffered.length > 0) {
        const value = await map(buffered.shift()!);
        if (value !== null && waiting) {
          const resolve = waiting;
          waiting = null;
          resolve({ value, done: false });
        }
      }
    } catch (error) {
      // A read that failed (a store outage): the subscription ends with the error; the process goes on.
      failed = error instanceof Error ? error : new Error(String(error));
      buffered.length = 0;
      finish();
    } finally {
      working = false;
    }
    if (waiting && (done || failed)) {
      const settle = waiting;
      waiting = null;
      if (failed) rejectWaiting?.(failed);
      else settle({ value: undefined, done: true });
      rejectWaiting = null;
    }
  };
  const unlisten = feed.listen((event) => {
    if (done || !wants(event)) return;
    if (buffered.length >= maxBuffered) {
      failed = new Error(`more than ${maxBuffered} events waited for this subscriber; subscribe again`);
      finish();
    } else buffered.push(event);
    void pump();
  });

  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (failed && buffered.length === 0) return Promise.reject(failed);
      if (done && buffered.length === 0) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = resolve;
        rejectWaiting = reject;
        void pump();
      });
    },
    return: () => {
      finish();
      buffered.length = 0;
      if (waiting) waiting({ value: undefined, done: true });
      waiting = null;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
