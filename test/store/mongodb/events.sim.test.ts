// The MongoDB adapter's events half, with the real driver against the replica-set simulator: what
// appendEvents sends and how it behaves when its unit is retried, the append positions, claims racing
// between workers, fanOut's atomicity, and housekeeping (the shared contract, store-contract.events.ts,
// runs in mongodb.store.test.ts).
import { MongoClient, type Document } from 'mongodb';
import type { NewEvent } from '../../../src/domain/events';
import { COLLECTIONS } from '../../../src/store/mongodb/documents';
import { deliveryDocument, eventDocument } from '../../../src/store/mongodb/event-documents';
import { MongoStore } from '../../../src/store/mongodb/mongo.store';
import { disposeTestStore } from '../../support/mongodb-test-store';
import { startMongoSim, type MongoSim } from '../../support/mongo-sim';
import type { CommandInfo } from '../../support/mongo-sim/faults';
import { delivery, newEvent, subscription } from '../store-contract.events';

const MS = 1_900_000_000_000;
let sim: MongoSim;
let raw: MongoClient;
const stores: MongoStore[] = [];
let n = 0;
beforeAll(async () => {
  sim = await startMongoSim();
  raw = new MongoClient(sim.uri, { serverSelectionTimeoutMS: 5000 });
  await raw.connect();
});
afterAll(async () => {
  for (const s of stores) await disposeTestStore(s);
  await raw.close();
  await sim.stop();
});

async function connect(): Promise<{ store: MongoStore; db: ReturnType<MongoClient['db']> }> {
  const name = `events_${process.pid}_${++n}`;
  const store = await MongoStore.connect({ uri: sim.uri, dbName: name, serverSelectionTimeoutMS: 5000 });
  stores.push(store);
  return { store, db: raw.db(name) };
}
const append = (store: MongoStore, ...events: NewEvent[]) => store.unitOfWork((tx) => tx.appendEvents(events));
const sequences = async (store: MongoStore) =>
  (await store.events.listEventsSince({ occurredAtMs: 0, id: '' }, 1000)).map((e) => `${e.id}:${e.aggregateId}#${e.sequence}`).sort();

describe('appendEvents', () => {
  it('sends one findAndModify per distinct aggregate and one insert, all in the unit', async () => {
    const { store } = await connect();
    const sent: CommandInfo[] = [];
    const stop = sim.faults.schedule({ inTransaction: true }, async (c) => void sent.push(c));
    try {
      await append(store, newEvent('e1', 'b1'), newEvent('e2', 'slot-1'), newEvent('e3', 'b1'));
    } finally {
      stop();
    }
    expect(sent.map((c) => `${c.name} ${c.collection ?? ''}`.trim())).toEqual([
      `findAndModify ${COLLECTIONS.eventSequences}`,
      `findAndModify ${COLLECTIONS.eventSequences}`,
      `insert ${COLLECTIONS.events}`,
      'commitTransaction',
    ]);
    expect((sent[2].command.documents as Document[]).map((d) => d._id)).toEqual(['e1', 'e2', 'e3']);
    expect(await sequences(store)).toEqual(['e1:b1#1', 'e2:slot-1#1', 'e3:b1#2']);
  });

  it('an empty batch sends nothing', async () => {
    const { store } = await connect();
    const before = sim.stats.operations;
    await store.unitOfWork(async (tx) => {
      await tx.appendEvents([]);
    });
    expect(sim.stats.operations).toBe(before);
  });

  it('a unit retried after a transient error numbers its events once, from the counters as committed', async () => {
    const { store } = await connect();
    await append(store, newEvent('e1', 'b1'));
    sim.faults.failCommand({ name: 'insert', collection: COLLECTIONS.events, inTransaction: true }, { code: 112, codeName: 'WriteConflict', errmsg: 'injected', errorLabels: ['TransientTransactionError'] });
    let attempts = 0;
    await store.unitOfWork(async (tx) => {
      attempts++;
      await tx.appendEvents([newEvent('e2', 'b1'), newEvent('e3', 'b1')]);
    });
    expect(attempts).toBe(2);
    expect(await sequences(store)).toEqual(['e1:b1#1', 'e2:b1#2', 'e3:b1#3']);
  });

  it('two units appending to one aggregate conflict on its counter: the later runs again and numbers after the earlier', async () => {
    const { store } = await connect();
    const held = sim.faults.pauseAt({ name: 'commitTransaction' });
    const first = append(store, newEvent('first', 'b1'));
    await held.reached;
    const conflicts = sim.stats.writeConflicts;
    let attempts = 0;
    const second = store.unitOfWork(async (tx) => {
      attempts++;
      await tx.appendEvents([newEvent('second', 'b1')]);
    });
    while (sim.stats.writeConflicts === conflicts) await new Promise((resolve) => setTimeout(resolve, 5));
    held.release();
    await Promise.all([first, second]);
    expect(attempts).toBeGreaterThan(1);
    expect(await sequences(store)).toEqual(['first:b1#1', 'second:b1#2']);
  });

  it("positions rise with sequence numbers even when the aggregate's last event came from a clock far ahead", async () => {
    const { store, db } = await connect();
    const ahead = (Date.now() + 3_600_000) * 1000;
    await db.collection(COLLECTIONS.eventSequences).insertOne({ _id: 'b1', last: 4, lastPosition: ahead } as Document);
    await append(store, newEvent('b1-5', 'b1'), newEvent('other', 'b2'), newEvent('b1-6', 'b1'));
    const docs = await db.collection(COLLECTIONS.events).find().toArray();
    const at = (id: string) => docs.find((d) => d._id === (id as unknown))!;
    expect([at('b1-5').sequence, at('b1-6').sequence, at('other').sequence]).toEqual([5, 6, 1]);
    expect(at('b1-5').position).toBeGreaterThan(ahead);
    expect(at('b1-6').position).toBeGreaterThan(at('b1-5').position);
    expect(at('other').position).toBeLessThan(ahead);
    // Fan-out takes them in append order: b2's event, then b1's in sequence order.
    expect((await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 10)).map((e) => e.id)).toEqual(['other', 'b1-5', 'b1-6']);
  });
});

describe('claims between workers', () => {
  it('a batch of events is claimed in three round trips; a fan-out with no delivery is one update, without a transaction', async () => {
    const { store } = await connect();
    await append(store, ...Array.from({ length: 50 }, (_, i) => newEvent(`e${i}`, `b${i % 7}`)));
    const sent: string[] = [];
    const stop = sim.faults.schedule({}, async (c) => void sent.push(`${c.name}${c.inTransaction ? ' (txn)' : ''}`));
    try {
      const events = await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 50);
      expect(events.map((e) => e.id)).toEqual(Array.from({ length: 50 }, (_, i) => `e${i}`));
      expect(sent).toEqual(['find', 'update', 'find']);
      sent.length = 0;
      expect(await store.events.fanOut(events[0].id, 'w1', [])).toBe(true);
      expect(sent).toEqual(['update']);
    } finally {
      stop();
    }
  });

  it('concurrent claims of events and of deliveries never hand one record to two workers', async () => {
    const { store } = await connect();
    await store.events.insertSubscription(subscription('s1'));
    await append(store, ...Array.from({ length: 20 }, (_, i) => newEvent(`e${i}`, `b${i}`)));
    const claimEvents = async (worker: string) => (await store.events.claimEventsToFanOut(worker, MS, MS + 1000, 3)).map((event) => ({ worker, event }));
    const events = (await Promise.all(Array.from({ length: 10 }, (_, w) => claimEvents(`w${w}`)))).flat();
    expect(events.map((c) => c.event.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `e${i}`).sort());
    for (const { worker, event: e } of events) expect(await store.events.fanOut(e.id, worker, [delivery('s1', e.id, e.aggregateId, e.sequence)])).toBe(true);
    const claims = (await Promise.all(Array.from({ length: 8 }, (_, w) => store.events.claimDueDeliveries(`w${w}`, MS, MS + 1000, 5)))).flat();
    expect(claims.map((c) => c.event.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `e${i}`).sort());
  });

  it('fanOut keeps one delivery per subscription, and writes nothing when its insert fails', async () => {
    const { store } = await connect();
    await store.events.insertSubscription(subscription('s1'));
    await append(store, newEvent('e1', 'b1'), newEvent('e2', 'b2'));
    await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 10);
    const twice = [delivery('s1', 'e1', 'b1', 1), delivery('s1', 'e1', 'b1', 1, { createdAtMs: MS + 5 })];
    expect(await store.events.fanOut('e1', 'w1', twice)).toBe(true);
    expect(await store.events.listDeliveries('s1', null, 10)).toEqual([delivery('s1', 'e1', 'b1', 1)]);

    sim.faults.failCommand({ name: 'insert', collection: COLLECTIONS.webhookDeliveries, inTransaction: true }, { code: 2, codeName: 'BadValue', errmsg: 'injected' });
    await expect(store.events.fanOut('e2', 'w1', [delivery('s1', 'e2', 'b2', 1)])).rejects.toMatchObject({ code: 2 });
    expect(await store.events.listDeliveries('s1', null, 10)).toHaveLength(1);
    // Still w1's to fan out, and nobody else's.
    expect(await store.events.claimEventsToFanOut('w2', MS + 10, MS + 1000, 10)).toEqual([]);
    expect(await store.events.fanOut('e2', 'w1', [delivery('s1', 'e2', 'b2', 1)])).toBe(true);
  });

  it('a pending delivery whose subscription is gone is deleted, not claimed; its event can then be purged', async () => {
    const { store } = await connect();
    await store.events.insertSubscription(subscription('s1'));
    await append(store, newEvent('e1', 'b1'));
    await store.events.claimEventsToFanOut('w1', MS, MS + 1000, 10);
    // The dispatcher read the subscriptions before 'gone' was deleted.
    await store.events.fanOut('e1', 'w1', [delivery('s1', 'e1', 'b1', 1), delivery('gone', 'e1', 'b1', 1)]);
    const claims = await store.events.claimDueDeliveries('w1', MS, MS + 1000, 10);
    expect(claims.map((c) => c.subscription.id)).toEqual(['s1']);
    expect(await store.events.listDeliveries('gone', null, 10)).toEqual([]);
    await store.events.recordAttempt('s1', 'e1', 'w1', { status: 'DELIVERED', attempts: 1, lastAttemptAtSec: 1, lastResponseStatus: 200, lastError: null, nextAttemptAtMs: null });
    expect(await store.events.purgeEvents(MS + 1)).toBe(1);
  });
});

describe('purgeEvents', () => {
  it('pages past more than a batch of events that must stay, and ends', async () => {
    const { store, db } = await connect();
    const kept = 550;
    const events = Array.from({ length: 600 }, (_, i) => ({ ...eventDocument(newEvent(`e${String(i).padStart(3, '0')}`, `b${i}`), 1, i), fannedOut: true }));
    await db.collection(COLLECTIONS.events).insertMany(events as Document[]);
    await db.collection(COLLECTIONS.webhookDeliveries).insertMany(
      events.map((e, i) => deliveryDocument(delivery('s1', e._id, e.aggregateId, 1, i < kept ? {} : { status: 'DELIVERED', nextAttemptAtMs: null }))) as Document[],
    );
    expect(await store.events.purgeEvents(MS + 1)).toBe(600 - kept);
    expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(kept);
    expect(await db.collection(COLLECTIONS.webhookDeliveries).countDocuments()).toBe(kept);
  });
});
