// The events half's queries (src/store/mongodb/event-queries.ts), checked without a server: every one
// has an index that bounds its scan (index-analysis.ts), and what each selects, run with mingo against
// documents as the adapter writes them.
import { Query, aggregate } from 'mingo';
import type { Document } from 'mongodb';
import { deliveryDocument, eventDocument } from '../../../src/store/mongodb/event-documents';
import * as q from '../../../src/store/mongodb/event-queries';
import { INDEXES, type IndexPlan } from '../../../src/store/mongodb/indexes';
import { delivery, newEvent } from '../store-contract.events';
import { indexServes, type Served } from './index-analysis';

const NOW = 1_900_000_000_000;
const plan = (name: string): IndexPlan => {
  const found = INDEXES.find((p) => p.options.name === name);
  if (!found) throw new Error(`no index named ${name}`);
  return found;
};
const select = (filter: Document, docs: Document[]) => docs.filter((d) => new Query(filter).test(d));
const bounded = (served: Served) => {
  expect({ index: served.index, unindexedRanges: served.unindexedRanges, uncoveredEquality: served.uncoveredEquality }).toEqual({
    index: served.index,
    unindexedRanges: [],
    uncoveredEquality: [],
  });
  return served;
};

describe('events: every query is served by an index', () => {
  it('eventsToFanOutFilter → events_to_fan_out: the backlog only (partial), in append order, claims checked in the index', () => {
    const served = bounded(indexServes(q.eventsToFanOutFilter(NOW), plan('events_to_fan_out'), q.eventsToFanOutSort));
    expect(served.partialSatisfied).toBe(true);
    expect(served.sortFromIndex).toBe(true);
    const partial = new Query(plan('events_to_fan_out').options.partialFilterExpression ?? {});
    expect(partial.test({ ...eventDocument(newEvent('e1', 'b1'), 1, 1) })).toBe(true);
    expect(partial.test({ ...eventDocument(newEvent('e1', 'b1'), 1, 1), fannedOut: true })).toBe(false);
  });

  it('dueDeliveriesPipeline starts on deliveries_due: pending only (partial), soonest due first, claims checked in the index', () => {
    const [match, sort] = q.dueDeliveriesPipeline(NOW, 10);
    expect(sort).toEqual({ $sort: q.dueDeliveriesSort });
    const served = bounded(indexServes(match.$match, plan('deliveries_due'), q.dueDeliveriesSort));
    expect(served.partialSatisfied).toBe(true);
    expect(served.sortFromIndex).toBe(true);
  });

  it('earlierPendingFilter → deliveries_in_order: (subscription, aggregate, status), then the sequence range; neither partial nor multikey', () => {
    const served = bounded(indexServes(q.earlierPendingFilter('s1', 'b1', 3), plan('deliveries_in_order')));
    expect(served.leadingEquality).toEqual(['subscriptionId', 'aggregateId', 'status']);
    // The manual ("$expr in $lookup Operations"): a $lookup's $expr uses no partial, sparse or multikey index.
    expect(plan('deliveries_in_order').options.partialFilterExpression).toBeUndefined();
    expect(plan('deliveries_in_order').options.sparse).toBeUndefined();
  });

  it('deliveriesPageFilter → deliveries_page, in page order, with or without a cursor; deleteSubscription uses it too', () => {
    for (const after of [null, { createdAtMs: NOW, eventId: 'e2' }]) {
      const served = bounded(indexServes(q.deliveriesPageFilter('s1', after), plan('deliveries_page'), q.deliveriesPageSort));
      expect(served.leadingEquality).toEqual(['subscriptionId']);
      expect(served.sortFromIndex).toBe(true);
      expect(served.residualLogical.every((f) => ['createdAtMs', 'eventId'].includes(f))).toBe(true);
    }
    expect(bounded(indexServes({ subscriptionId: 's1' }, plan('deliveries_page'))).leadingEquality).toEqual(['subscriptionId']);
  });

  it('eventsSinceFilter → events_by_time: a range on its first key, already in (occurredAtMs, id) order', () => {
    const served = bounded(indexServes(q.eventsSinceFilter({ occurredAtMs: NOW, id: 'e1' }), plan('events_by_time'), q.eventsByTimeSort));
    expect(served.sortFromIndex).toBe(true);
    expect(served.residualLogical.sort()).toEqual(['_id', 'occurredAtMs']);
  });

  it('purgeCandidatesFilter → events_by_time up to the cutoff (housekeeping: fannedOut is checked on the fetched events)', () => {
    for (const after of [null, { occurredAtMs: NOW - 5, id: 'e1' }]) {
      const served = indexServes(q.purgeCandidatesFilter(NOW, after), plan('events_by_time'), q.eventsByTimeSort);
      expect(served.unindexedRanges).toEqual([]);
      expect(served.uncoveredEquality).toEqual(['fannedOut']);
      expect(served.sortFromIndex).toBe(true);
    }
  });

  it('deliveries of events → deliveries_of_event; subscriptions of an owner → subscriptions_of_owner, in list order', () => {
    expect(bounded(indexServes(q.pendingDeliveriesOfEventsFilter(['e1', 'e2']), plan('deliveries_of_event'))).leadingEquality).toEqual(['eventId', 'status']);
    expect(bounded(indexServes(q.deliveriesOfEventsFilter(['e1']), plan('deliveries_of_event'))).leadingEquality).toEqual(['eventId']);
    const served = bounded(indexServes(q.subscriptionsFilter('partner-a'), plan('subscriptions_of_owner'), q.subscriptionsSort));
    expect(served.sortFromIndex).toBe(true);
  });

  it('claims, fan-outs and attempts address their documents by _id', () => {
    const ids = ['e1', 'e2'];
    for (const filter of [
      q.heldEventFilter('e1', 'w1'),
      q.claimableEventsFilter(ids, NOW),
      q.claimedFilter(ids, 'w1', NOW + 1000),
      q.claimableDeliveriesFilter(['["s1","e1"]'], NOW),
      q.heldDeliveryFilter('["s1","e1"]', 'w1'),
    ]) {
      expect(Object.keys(filter)[0]).toBe('_id');
    }
  });
});

describe('events: what the queries select', () => {
  it('eventsSinceFilter: after (occurredAtMs, id), ties broken by id', () => {
    const docs = [eventDocument(newEvent('a', 'x'), 1, 1), eventDocument(newEvent('b', 'x'), 2, 2), eventDocument(newEvent('0', 'y', { occurredAtMs: NOW + 1 }), 1, 3)];
    const after = (occurredAtMs: number, id: string) => select(q.eventsSinceFilter({ occurredAtMs, id }), docs).map((d) => d._id);
    expect(after(NOW, 'a')).toEqual(['b', '0']);
    expect(after(NOW, '')).toEqual(['a', 'b', '0']);
    expect(after(NOW + 1, '0')).toEqual([]);
  });

  it('deliveriesPageFilter: after (createdAtMs, eventId) of one subscription', () => {
    const docs = [
      deliveryDocument(delivery('s1', 'e1', 'b1', 1)),
      deliveryDocument(delivery('s1', 'e2', 'b1', 2)),
      deliveryDocument(delivery('s1', 'e0', 'b2', 1, { createdAtMs: NOW + 1 })),
      deliveryDocument(delivery('s2', 'e3', 'b1', 3)),
    ];
    expect(select(q.deliveriesPageFilter('s1', { createdAtMs: NOW, eventId: 'e1' }), docs).map((d) => d.eventId)).toEqual(['e2', 'e0']);
    expect(select(q.deliveriesPageFilter('s1', null), docs)).toHaveLength(3);
  });

  it('purgeCandidatesFilter: fanned out, before the cutoff, after the scan position', () => {
    const docs = [
      { ...eventDocument(newEvent('a', 'x', { occurredAtMs: NOW - 10 }), 1, 1), fannedOut: true },
      { ...eventDocument(newEvent('b', 'x', { occurredAtMs: NOW - 10 }), 2, 2), fannedOut: true },
      eventDocument(newEvent('c', 'y', { occurredAtMs: NOW - 5 }), 1, 3),
      { ...eventDocument(newEvent('d', 'z', { occurredAtMs: NOW }), 1, 4), fannedOut: true },
    ];
    expect(select(q.purgeCandidatesFilter(NOW, null), docs).map((d) => d._id)).toEqual(['a', 'b']);
    expect(select(q.purgeCandidatesFilter(NOW, { occurredAtMs: NOW - 10, id: 'a' }), docs).map((d) => d._id)).toEqual(['b']);
  });

  it("dueDeliveriesPipeline's $lookup asks exactly earlierPendingFilter of each candidate", () => {
    const docs: Document[] = [
      deliveryDocument(delivery('s1', 'e1', 'b1', 1)),
      deliveryDocument(delivery('s1', 'e2', 'b1', 2)),
      deliveryDocument(delivery('s1', 'e3', 'b1', 3, { status: 'DELIVERED', nextAttemptAtMs: null })),
      deliveryDocument(delivery('s1', 'e4', 'b1', 4)),
      deliveryDocument(delivery('s2', 'e2', 'b1', 2)),
      deliveryDocument(delivery('s1', 'e5', 'b2', 5)),
    ];
    const lookup = q.dueDeliveriesPipeline(NOW, 10).find((stage) => stage.$lookup?.as === 'earlier')!;
    const joined = aggregate(docs, [lookup], { collectionResolver: () => docs }) as Document[];
    for (const d of joined) {
      const plain = select(q.earlierPendingFilter(d.subscriptionId, d.aggregateId, d.sequence), docs);
      expect({ id: d._id, earlier: (d.earlier as Document[]).length > 0 }).toEqual({ id: d._id, earlier: plain.length > 0 });
    }
    expect(joined.filter((d) => (d.earlier as Document[]).length === 0).map((d) => d._id)).toEqual([docs[0]._id, docs[4]._id, docs[5]._id]);
  });

  it('nextSequencesUpdate: a new counter starts at the wanted position; one ahead of the clock is raised above', () => {
    const run = (doc: Document, count: number, span: number, lastWanted: number) => aggregate([doc], q.nextSequencesUpdate(count, span, lastWanted))[0];
    expect(run({ _id: 'b1' }, 2, 3, 1000)).toEqual({ _id: 'b1', last: 2, lastPosition: 1000 });
    expect(run({ _id: 'b1', last: 2, lastPosition: 500 }, 1, 0, 1000)).toEqual({ _id: 'b1', last: 3, lastPosition: 1000 });
    // The previous event at 5000 (a clock ahead): the batch's first position (lastPosition - span) is 5001.
    expect(run({ _id: 'b1', last: 3, lastPosition: 5000 }, 2, 3, 1000)).toEqual({ _id: 'b1', last: 5, lastPosition: 5004 });
  });
});
