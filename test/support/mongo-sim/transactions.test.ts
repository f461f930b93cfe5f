// Transactions through the real driver: withTransaction, write conflicts and their retries,
// snapshot isolation, snapshot sessions, non-transactional writes waiting for transactions.
import { MongoServerError, type Collection, type Document } from 'mongodb';
import { settlesWithin, sleep, useSim } from './sim-fixture';

describe('mongo-sim: transactions', () => {
  const f = useSim();
  const txnOptions = { readConcern: { level: 'snapshot' as const }, writeConcern: { w: 'majority' as const } };
  let c: Collection<Document>;

  beforeEach(async () => {
    c = f.client.db(f.dbName()).collection('docs');
    await c.insertOne({ _id: 'd' as never, v: 0 });
  });

  it('withTransaction commits all writes at once', async () => {
    const session = f.client.startSession();
    try {
      await session.withTransaction(async () => {
        await c.updateOne({ _id: 'd' as never }, { $inc: { v: 1 } }, { session });
        await c.insertOne({ _id: 'e' as never, v: 5 }, { session });
        // Own writes are visible inside, invisible outside until the commit.
        expect(await c.countDocuments({}, { session })).toBe(2);
        expect(await c.countDocuments({})).toBe(1);
      }, txnOptions);
    } finally {
      await session.endSession();
    }
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 'd', v: 1 }, { _id: 'e', v: 5 }]);
  });

  it('a callback that throws aborts: nothing is applied', async () => {
    const session = f.client.startSession();
    const aborted = f.sim.stats.transactionsAborted;
    const boom = new Error('boom');
    try {
      await expect(
        session.withTransaction(async () => {
          await c.updateOne({ _id: 'd' as never }, { $inc: { v: 1 } }, { session });
          throw boom;
        }, txnOptions),
      ).rejects.toBe(boom);
    } finally {
      await session.endSession();
    }
    expect(await c.findOne({ _id: 'd' as never })).toEqual({ _id: 'd', v: 0 });
    expect(f.sim.stats.transactionsAborted).toBe(aborted + 1);
  });

  it('two transactions writing one document: the first writer wins, the second is retried by withTransaction', async () => {
    const conflicts = f.sim.stats.writeConflicts;
    const order: string[] = [];
    const pauseA = f.sim.faults.pauseAt({ name: 'commitTransaction' });
    const run = (label: string) => {
      const session = f.client.startSession();
      return session
        .withTransaction(async () => {
          const doc = await c.findOne({ _id: 'd' as never }, { session });
          await c.updateOne({ _id: 'd' as never }, { $set: { v: (doc?.v ?? 0) + 1, by: label } }, { session });
        }, txnOptions)
        .then(() => order.push(label))
        .finally(() => session.endSession());
    };
    const a = run('A');
    await pauseA.reached; // A has written d and is about to commit
    const b = run('B'); // B conflicts with A's uncommitted write, again and again
    await sleep(50);
    expect(f.sim.stats.writeConflicts).toBeGreaterThan(conflicts);
    pauseA.release();
    await Promise.all([a, b]);
    expect(order).toEqual(['A', 'B']);
    // B was re-run on A's committed value: no lost update.
    expect(await c.findOne({ _id: 'd' as never })).toEqual({ _id: 'd', v: 2, by: 'B' });
  });

  it('the losing statement fails with WriteConflict, TransientTransactionError, and the transaction is gone', async () => {
    const s1 = f.client.startSession();
    const s2 = f.client.startSession();
    try {
      s1.startTransaction(txnOptions);
      s2.startTransaction(txnOptions);
      await c.updateOne({ _id: 'd' as never }, { $set: { v: 1 } }, { session: s1 });
      const conflict = await c.updateOne({ _id: 'd' as never }, { $set: { v: 2 } }, { session: s2 }).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(MongoServerError);
      expect(conflict).toMatchObject({ code: 112, codeName: 'WriteConflict' });
      expect((conflict as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
      const after = await c.findOne({}, { session: s2 }).catch((e: unknown) => e);
      expect(after).toMatchObject({ code: 251, codeName: 'NoSuchTransaction' });
      expect((after as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
      await s2.abortTransaction();
      await s1.commitTransaction();
    } finally {
      await s1.endSession();
      await s2.endSession();
    }
    expect(await c.findOne({ _id: 'd' as never })).toEqual({ _id: 'd', v: 1 });
  });

  it('snapshot isolation: a transaction does not see commits made after its snapshot, and may not write over them', async () => {
    const session = f.client.startSession();
    try {
      session.startTransaction(txnOptions);
      expect(await c.findOne({ _id: 'd' as never }, { session })).toEqual({ _id: 'd', v: 0 }); // snapshot taken
      await c.updateOne({ _id: 'd' as never }, { $set: { v: 42 } }); // committed outside
      await c.insertOne({ _id: 'late' as never });
      expect(await c.findOne({ _id: 'd' as never }, { session })).toEqual({ _id: 'd', v: 0 });
      expect(await c.countDocuments({}, { session })).toBe(1);
      const write = await c.updateOne({ _id: 'd' as never }, { $inc: { v: 1 } }, { session }).catch((e: unknown) => e);
      expect(write).toMatchObject({ code: 112 });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await c.findOne({ _id: 'd' as never })).toEqual({ _id: 'd', v: 42 });
  });

  it('a non-transactional write to a document an open transaction wrote waits for its end, then applies', async () => {
    const session = f.client.startSession();
    try {
      session.startTransaction(txnOptions);
      await c.updateOne({ _id: 'd' as never }, { $set: { t: 1 } }, { session });
      const outside = c.updateOne({ _id: 'd' as never }, { $set: { nonTxn: true } });
      expect(await settlesWithin(outside, 50)).toBe(false);
      await session.commitTransaction();
      await outside;
    } finally {
      await session.endSession();
    }
    expect(await c.findOne({ _id: 'd' as never })).toEqual({ _id: 'd', v: 0, t: 1, nonTxn: true });
    expect(f.sim.stats.blockedWrites).toBeGreaterThan(0);
  });

  it('snapshot sessions read at the atClusterTime of their first read', async () => {
    const session = f.client.startSession({ snapshot: true });
    try {
      expect(await c.findOne({ _id: 'd' as never }, { session })).toEqual({ _id: 'd', v: 0 });
      expect((session as unknown as { snapshotTime?: unknown }).snapshotTime).toBeDefined(); // set from cursor.atClusterTime
      await c.updateOne({ _id: 'd' as never }, { $set: { v: 7 } });
      await c.insertOne({ _id: 'new' as never });
      expect(await c.findOne({ _id: 'd' as never }, { session })).toEqual({ _id: 'd', v: 0 });
      expect(await c.aggregate([{ $count: 'n' }], { session }).toArray()).toEqual([{ n: 1 }]);
    } finally {
      await session.endSession();
    }
    expect(await c.findOne({ _id: 'd' as never })).toEqual({ _id: 'd', v: 7 });
  });

  it('an aborted transaction created no collection; a committed one did (and it is logged)', async () => {
    const db = f.client.db(f.dbName());
    const session = f.client.startSession();
    try {
      session.startTransaction(txnOptions);
      await db.collection('made_in_txn').insertOne({ x: 1 }, { session });
      expect((await db.listCollections().toArray()).map((x) => x.name)).toEqual([]);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect((await db.listCollections().toArray()).map((x) => x.name)).toEqual(['made_in_txn']);
    expect(f.sim.stats.implicitCollections.filter((r) => r.ns === `${db.databaseName}.made_in_txn`)).toEqual([
      { ns: `${db.databaseName}.made_in_txn`, inTransaction: true, implicit: true, by: 'insert' },
    ]);
  });
});
