// Injected faults, and what the real driver makes of them.
import { MongoWriteConcernError, type Collection, type Document } from 'mongodb';
import { settlesWithin, sleep, useSim } from './sim-fixture';

describe('mongo-sim: faults', () => {
  const f = useSim({}, { retryWrites: true, retryReads: true });
  let c: Collection<Document>;

  beforeEach(async () => {
    f.sim.faults.clear();
    c = f.client.db(f.dbName()).collection('f');
    await c.insertOne({ _id: 'd' as never, v: 0 });
  });

  it('a retryable write whose reply is lost is retried by the driver and applied once', async () => {
    const before = f.sim.stats.commands.update ?? 0;
    f.sim.faults.loseReply({ name: 'update' });
    await c.updateOne({ _id: 'd' as never }, { $inc: { v: 1 } });
    expect((f.sim.stats.commands.update ?? 0) - before).toBe(2);
    expect(await c.findOne({ _id: 'd' as never })).toEqual({ _id: 'd', v: 1 });
  });

  it('an insertMany whose reply is lost is retried and inserts each document once', async () => {
    f.sim.faults.loseReply({ name: 'insert', collection: 'f' });
    await c.insertMany([{ _id: 'a' }, { _id: 'b' }] as never[]);
    expect(await c.countDocuments()).toBe(3);
  });

  it('a connection closed before a read runs: the driver retries the read', async () => {
    const before = f.sim.stats.commands.find ?? 0;
    f.sim.faults.closeConnection({ name: 'find' });
    expect(await c.findOne({ _id: 'd' as never })).toEqual({ _id: 'd', v: 0 });
    expect((f.sim.stats.commands.find ?? 0) - before).toBe(2);
  });

  it('NotWritablePrimary (with RetryableWriteError) is retried by the driver after rediscovery', async () => {
    const before = f.sim.stats.commands.insert ?? 0;
    f.sim.faults.notWritablePrimary({ name: 'insert' });
    await c.insertOne({ _id: 'n' as never });
    expect((f.sim.stats.commands.insert ?? 0) - before).toBe(2);
    expect(await c.countDocuments({ _id: 'n' as never })).toBe(1);
    const hello = await f.client.db('admin').command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
  });

  it('a step-down with a slow re-election: the driver waits for the new primary and retries', async () => {
    f.sim.faults.notWritablePrimary({ name: 'insert' }, { electionDelayMs: 300 });
    const started = Date.now();
    await c.insertOne({ _id: 'slow' as never });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await c.countDocuments({ _id: 'slow' as never })).toBe(1);
  });

  it('a commit whose reply is lost is retried by withTransaction: one commit', async () => {
    const committed = f.sim.stats.transactionsCommitted;
    const commits = f.sim.stats.commands.commitTransaction ?? 0;
    f.sim.faults.loseCommitReply();
    const session = f.client.startSession();
    try {
      await session.withTransaction(async () => {
        await c.updateOne({ _id: 'd' as never }, { $inc: { v: 1 } }, { session });
      });
    } finally {
      await session.endSession();
    }
    expect(f.sim.stats.transactionsCommitted - committed).toBe(1);
    expect((f.sim.stats.commands.commitTransaction ?? 0) - commits).toBe(2);
    expect(await c.findOne({ _id: 'd' as never })).toEqual({ _id: 'd', v: 1 });
  });

  it('a writeConcernError reaches the application while the write is applied', async () => {
    f.sim.faults.writeConcernError({ name: 'insert' });
    const error = await c.insertOne({ _id: 'w' as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoWriteConcernError);
    expect(error).toMatchObject({ code: 64 });
    expect(await c.countDocuments({ _id: 'w' as never })).toBe(1);
  });

  it('pauseAt holds one transaction at a chosen command while another runs', async () => {
    const pause = f.sim.faults.pauseAt({ name: 'update', inTransaction: true });
    const session = f.client.startSession();
    const seen: Document[] = [];
    const a = session
      .withTransaction(async () => {
        seen.push((await c.findOne({ _id: 'd' as never }, { session }))!); // snapshot taken here
        await c.updateOne({ _id: 'd' as never }, { $set: { a: true } }, { session }); // held here
      })
      .finally(() => session.endSession());
    const reached = await pause.reached;
    expect(reached).toMatchObject({ name: 'update', inTransaction: true, collection: 'f' });
    await c.updateOne({ _id: 'd' as never }, { $set: { v: 5 } }); // B commits between A's read and write
    expect(await settlesWithin(a, 30)).toBe(false);
    pause.release();
    await a; // A's update conflicted with B's commit; withTransaction re-ran A on fresh data
    expect(seen.map((d) => d.v)).toEqual([0, 5]);
    expect(await c.findOne({ _id: 'd' as never })).toEqual({ _id: 'd', v: 5, a: true });
  });

  it('failCommand answers a chosen error', async () => {
    f.sim.faults.failCommand({ name: 'find' }, { code: 2, errmsg: 'injected' });
    await expect(c.findOne({})).rejects.toMatchObject({ code: 2, message: 'injected' });
    await sleep(1);
    expect(f.sim.faults.pending).toBe(0);
  });
});
