// The simulator as the real driver sees it: replica-set discovery, CRUD, cursors, the wire codec.
import { Long, MongoServerError } from 'mongodb';
import { RawClient } from './raw-client';
import { useSim } from './sim-fixture';

describe('mongo-sim: driver basics', () => {
  const f = useSim();

  it('is discovered as the writable primary of replica set rs0', async () => {
    const hello = await f.client.db('admin').command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, setName: 'rs0', hosts: [`127.0.0.1:${f.sim.port}`], me: `127.0.0.1:${f.sim.port}`, logicalSessionTimeoutMinutes: 30 });
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
    expect(hello.topologyVersion.counter).toBeDefined();
    expect(hello.operationTime).toBeDefined();
    expect(await f.client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    expect(f.sim.stats.commands.ismaster).toBeGreaterThanOrEqual(1); // the legacy OP_QUERY handshake
  });

  it('inserts, finds with filter/sort/skip/limit/projection, and pages through getMore', async () => {
    const c = f.client.db(f.dbName()).collection<{ _id: number; n: number; tag?: string }>('items');
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, n: 250 - i, tag: i % 2 ? 'odd' : 'even' })));
    const before = f.sim.stats.commands.getMore ?? 0;
    const all = await c.find({}, { batchSize: 40 }).toArray();
    expect(all).toHaveLength(250);
    expect((f.sim.stats.commands.getMore ?? 0) - before).toBe(6); // 40 + 6 x 40 (the last partial)
    const page = await c.find({ tag: 'odd' }).sort({ n: 1 }).skip(2).limit(3).project({ tag: 0 }).toArray();
    expect(page).toEqual([
      { _id: 245, n: 5 },
      { _id: 243, n: 7 },
      { _id: 241, n: 9 },
    ]);
    expect(await c.countDocuments({ tag: 'even' })).toBe(125);
    expect(await c.estimatedDocumentCount()).toBe(250);
    expect((await c.distinct('tag')).sort()).toEqual(['even', 'odd']);
  });

  it('updates (operator, replacement, upsert, many), deletes and findOneAndUpdate', async () => {
    const c = f.client.db(f.dbName()).collection('things');
    await c.insertMany([{ _id: 'a', v: 1 }, { _id: 'b', v: 2 }, { _id: 'c', v: 3 }] as never[]);
    expect(await c.updateMany({ v: { $gte: 2 } }, { $inc: { v: 10 } })).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    expect(await c.updateOne({ _id: 'a' } as never, { $set: { v: 1 } })).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    await c.replaceOne({ _id: 'a' } as never, { w: 'replaced' });
    expect(await c.findOne({ _id: 'a' } as never)).toEqual({ _id: 'a', w: 'replaced' });
    const up = await c.updateOne({ _id: 'z', kind: 'new' } as never, { $set: { v: 0 }, $setOnInsert: { created: true } }, { upsert: true });
    expect(up).toMatchObject({ upsertedCount: 1, upsertedId: 'z' });
    expect(await c.findOne({ _id: 'z' } as never)).toEqual({ _id: 'z', kind: 'new', created: true, v: 0 });
    const after = await c.findOneAndUpdate({ _id: 'b' } as never, { $inc: { v: 1 } }, { returnDocument: 'after' });
    expect(after).toEqual({ _id: 'b', v: 13 });
    expect((await c.deleteMany({ v: { $gt: 12 } })).deletedCount).toBe(2);
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', w: 'replaced' },
      { _id: 'z', kind: 'new', created: true, v: 0 },
    ]);
  });

  it('aggregates with $match/$group/$sort and counts', async () => {
    const c = f.client.db(f.dbName()).collection('leases');
    await c.insertMany([
      { slot: 'x', spots: 1, live: true },
      { slot: 'x', spots: 2, live: true },
      { slot: 'y', spots: 4, live: true },
      { slot: 'x', spots: 8, live: false },
    ]);
    const grouped = await c.aggregate([{ $match: { live: true } }, { $group: { _id: '$slot', spots: { $sum: '$spots' } } }, { $sort: { _id: 1 } }]).toArray();
    expect(grouped).toEqual([
      { _id: 'x', spots: 3 },
      { _id: 'y', spots: 4 },
    ]);
    expect(await c.aggregate([{ $count: 'n' }]).toArray()).toEqual([{ n: 4 }]);
  });

  it('lists databases, collections and indexes; drops collections and databases', async () => {
    const name = f.dbName();
    const db = f.client.db(name);
    await db.collection('one').insertOne({ a: 1 });
    await db.collection('two').createIndex({ b: 1 }, { name: 'b_1' });
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(['one', 'two']);
    expect((await db.collection('two').listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'b_1']);
    expect((await f.client.db('admin').admin().listDatabases()).databases.map((d) => d.name)).toContain(name);
    expect(await db.collection('one').drop()).toBe(true);
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(['two']);
    await db.dropDatabase();
    expect(await db.listCollections().toArray()).toEqual([]);
  });

  it('answers unknown commands like the server', async () => {
    const error = await f.client.db('admin').command({ noSuchThing: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });
});

describe('mongo-sim: streaming hello', () => {
  const f = useSim({}, { heartbeatFrequencyMS: 100 });

  it('keeps the monitor streaming across maxAwaitTimeMS cycles without losing the primary', async () => {
    let unknown = 0;
    f.client.on('serverDescriptionChanged', (e) => {
      if (e.newDescription.type === 'Unknown') unknown++;
    });
    const before = f.sim.stats.commands.hello ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((f.sim.stats.commands.hello ?? 0) - before).toBeGreaterThanOrEqual(3);
    expect(unknown).toBe(0);
    await f.client.db('stream').collection('c').insertOne({ ok: true });
  });
});

describe('mongo-sim: wire protocol', () => {
  const f = useSim();

  it('reads OP_MSG document sequences (kind 1) and tolerates the checksum flag', async () => {
    const raw = await RawClient.connect(f.sim.port);
    try {
      const reply = await raw.command('wire', { insert: 'seq' }, { sequences: { documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] }, checksum: true });
      expect(reply).toMatchObject({ ok: 1, n: 3 });
      const found = await raw.command('wire', { find: 'seq', filter: {}, batchSize: 2 });
      expect(found.cursor.firstBatch).toEqual([{ _id: 1 }, { _id: 2 }]);
      expect(Long.isLong(found.cursor.id) && !found.cursor.id.isZero()).toBe(true);
      const more = await raw.command('wire', { getMore: found.cursor.id, collection: 'seq' });
      expect(more.cursor).toMatchObject({ nextBatch: [{ _id: 3 }] });
      expect(more.cursor.id.isZero()).toBe(true);
      expect(reply.$clusterTime.clusterTime).toBeDefined();
    } finally {
      raw.close();
    }
  });
});
