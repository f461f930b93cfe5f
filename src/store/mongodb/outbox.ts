// Appending events to the outbox inside a unit of work (StoreWriter.appendEvents). Round trips: one
// findOneAndUpdate per distinct aggregate of the batch (its counter in eventSequences), then one
// insertMany of the events; all in the unit's transaction, so a retried unit (TransientTransaction-
// Error) starts again from the counters as committed, and an aborted one takes no sequence number.
//
// Sequence numbers come from the counter, so they survive purging an aggregate's events. The counter
// is also what makes two units appending to the same aggregate conflict (first writer wins): the
// later one re-runs after the earlier one committed, so numbers follow commit order per aggregate.
//
// Positions order the fan-out (claimEventsToFanOut, "oldest first" in append order, as SQLite's
// rowid does): MongoDB has no commit-ordered counter short of one document that every unit writes,
// which would make all units conflict with each other. A position is this process's clock in µs
// (strictly rising within the process, so one process appends in order), raised per aggregate
// above the aggregate's previous position (a hybrid logical clock kept on the counter), so within
// an aggregate positions follow sequence numbers even when the processes' clocks disagree. Across
// aggregates and processes the order is as good as the clocks.
import type { ClientSession, Collection, Document } from 'mongodb';
import type { NewEvent } from '../../domain/events';
import { COLLECTIONS } from './documents';
import { eventDocument, type SequenceDocument } from './event-documents';
import { nextSequencesUpdate } from './event-queries';

let lastIssued = 0;

/** Reserves `n` consecutive positions at or after now (µs), above every position this process gave out. */
export function reservePositions(n: number, nowMs = Date.now()): number {
  const first = Math.max(nowMs * 1000, lastIssued + 1);
  lastIssued = first + n - 1;
  return first;
}

export async function appendToOutbox(
  collection: (name: string) => Collection,
  session: ClientSession,
  events: readonly NewEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const base = reservePositions(events.length);
  // Each aggregate's events, by their index in the batch (the order given).
  const byAggregate = new Map<string, number[]>();
  events.forEach((e, i) => byAggregate.set(e.aggregateId, [...(byAggregate.get(e.aggregateId) ?? []), i]));

  const sequences: number[] = [];
  const positions: number[] = [];
  // One at a time: operations of one transaction must not run concurrently on its session.
  for (const [aggregateId, indexes] of byAggregate) {
    const first = indexes[0];
    const last = indexes[indexes.length - 1];
    const counter = (await collection(COLLECTIONS.eventSequences).findOneAndUpdate(
      { _id: aggregateId } as Document,
      nextSequencesUpdate(indexes.length, last - first, base + last),
      { session, upsert: true, returnDocument: 'after' },
    )) as SequenceDocument | null;
    if (!counter) throw new Error(`appendEvents: no counter came back for aggregate ${aggregateId}`);
    const offset = counter.lastPosition - (base + last);
    indexes.forEach((i, k) => {
      sequences[i] = counter.last - indexes.length + 1 + k;
      positions[i] = base + i + offset;
    });
  }
  await collection(COLLECTIONS.events).insertMany(
    events.map((e, i) => eventDocument(e, sequences[i], positions[i]) as Document),
    { session, ordered: true },
  );
}
