// The transaction protocol at the command level (lsid, txnNumber, autocommit, startTransaction),
// checked against the server's jstests/core/txns expectations, with a raw client.
import { Long, Timestamp, UUID, type Document } from 'mongodb';
import { startMongoSim, type MongoSim } from './index';
import { RawClient } from './raw-client';
import { sleep } from './sim-fixture';

describe('mongo-sim: transaction protocol', () => {
  let sim: MongoSim;
  let raw: RawClient;
  const db = 'proto';
  let lsid: Document;
  let n = 0;

  beforeAll(async () => {
    sim = await startMongoSim({ snapshotHistoryWindowMs: 200, transactionLifetimeLimitMs: 300 });
    raw = await RawClient.connect(sim.port);
  });
  afterAll(async () => {
    raw.close();
    await sim.stop();
  });
  beforeEach(() => {
    lsid = { id: new UUID() };
  });

  const txn = (cmd: Document, txnNumber: number, extra: Document = {}) => raw.command(db, { ...cmd, lsid, txnNumber: Long.fromNumber(txnNumber), autocommit: false, ...extra });
  const start = (cmd: Document, txnNumber: number) => txn(cmd, txnNumber, { startTransaction: true, readConcern: { level: 'snapshot' } });
  const commit = (txnNumber: number, extra: Document = {}) => raw.command('admin', { commitTransaction: 1, lsid, txnNumber: Long.fromNumber(txnNumber), autocommit: false, ...extra });
  const abort = (txnNumber: number) => raw.command('admin', { abortTransaction: 1, lsid, txnNumber: Long.fromNumber(txnNumber), autocommit: false });
  const coll = () => `c${++n}`;

  it('readConcern after the first statement, or writeConcern before commit, is 72 and the transaction goes on', async () => {
    const c = coll();
    expect(await start({ insert: c, documents: [{ _id: 0 }] }, 1)).toMatchObject({ ok: 1 });
    expect(await txn({ insert: c, documents: [{ _id: 1 }] }, 1, { readConcern: { level: 'snapshot' } })).toMatchObject({ ok: 0, code: 72 });
    expect(await txn({ insert: c, documents: [{ _id: 2 }] }, 1, { writeConcern: { w: 'majority' } })).toMatchObject({ ok: 0, code: 72 });
    expect(await commit(1, { writeConcern: { w: 'majority' } })).toMatchObject({ ok: 1 });
    expect((await raw.command(db, { find: c })).cursor.firstBatch).toEqual([{ _id: 0 }]);
  });

  it('commit is retryable; abort after commit is 256; continuing or restarting a finished transaction fails', async () => {
    const c = coll();
    await start({ insert: c, documents: [{ _id: 'x' }] }, 1);
    expect(await commit(1)).toMatchObject({ ok: 1 });
    expect(await commit(1)).toMatchObject({ ok: 1 });
    expect(await abort(1)).toMatchObject({ ok: 0, code: 256, codeName: 'TransactionCommitted' });
    expect(await txn({ insert: c, documents: [{ _id: 'y' }] }, 1)).toMatchObject({ ok: 0, code: 256 });
    expect(await start({ insert: c, documents: [{ _id: 'y' }] }, 1)).toMatchObject({ ok: 0, code: 117, codeName: 'ConflictingOperationInProgress' });
  });

  it('after an abort: commit, abort and statements are 251 NoSuchTransaction (TransientTransactionError)', async () => {
    const c = coll();
    await start({ insert: c, documents: [{ _id: 'x' }] }, 1);
    expect(await abort(1)).toMatchObject({ ok: 1 });
    const commitReply = await commit(1);
    expect(commitReply).toMatchObject({ ok: 0, code: 251, errorLabels: ['TransientTransactionError'] });
    expect(await abort(1)).toMatchObject({ ok: 0, code: 251 });
    expect(await txn({ find: c }, 1)).toMatchObject({ ok: 0, code: 251, errorLabels: ['TransientTransactionError'] });
    expect((await raw.command(db, { find: c })).cursor.firstBatch).toEqual([]);
  });

  it('an older txnNumber is 225 TransactionTooOld; a newer one aborts the open transaction', async () => {
    const c = coll();
    await start({ insert: c, documents: [{ _id: 1 }] }, 5);
    expect(await start({ insert: c, documents: [{ _id: 2 }] }, 4)).toMatchObject({ ok: 0, code: 225 });
    expect(await start({ insert: c, documents: [{ _id: 3 }] }, 6)).toMatchObject({ ok: 1 });
    expect(await commit(5)).toMatchObject({ ok: 0, code: 225 });
    expect(await commit(6)).toMatchObject({ ok: 1 });
    expect((await raw.command(db, { find: c })).cursor.firstBatch).toEqual([{ _id: 3 }]);
  });

  it('a retryable write with the same (lsid, txnNumber) is answered from memory, not applied again', async () => {
    const c = coll();
    await raw.command(db, { insert: c, documents: [{ _id: 1, v: 0 }] });
    const update = { update: c, updates: [{ q: { _id: 1 }, u: { $inc: { v: 1 } } }], lsid, txnNumber: Long.fromNumber(1) };
    expect(await raw.command(db, update)).toMatchObject({ ok: 1, n: 1, nModified: 1 });
    expect(await raw.command(db, update)).toMatchObject({ ok: 1, n: 1, nModified: 1, retriedStmtIds: [0] });
    expect((await raw.command(db, { find: c })).cursor.firstBatch).toEqual([{ _id: 1, v: 1 }]);
    expect(await raw.command(db, { ...update, txnNumber: Long.fromNumber(0) })).toMatchObject({ ok: 0, code: 225 });
  });

  it('a transaction older than the lifetime limit is aborted by the server', async () => {
    const c = coll();
    await start({ insert: c, documents: [{ _id: 1 }] }, 1);
    await sleep(350);
    sim.runMaintenance();
    expect(await txn({ insert: c, documents: [{ _id: 2 }] }, 1)).toMatchObject({ ok: 0, code: 251 });
    expect(sim.openTransactions()).toBe(0);
  });

  it('a snapshot read older than the history window is 239 SnapshotTooOld; a newer one sees that time', async () => {
    const c = coll();
    const first = await raw.command(db, { insert: c, documents: [{ _id: 1, v: 'old' }] });
    const oldTime = first.operationTime as Timestamp;
    await raw.command(db, { update: c, updates: [{ q: { _id: 1 }, u: { $set: { v: 'new' } } }] });
    const atOld = await raw.command(db, { find: c, readConcern: { level: 'snapshot', atClusterTime: oldTime } });
    expect(atOld.cursor.firstBatch).toEqual([{ _id: 1, v: 'old' }]);
    expect(atOld.cursor.atClusterTime).toEqual(oldTime);
    await sleep(250);
    sim.runMaintenance();
    expect(await raw.command(db, { find: c, readConcern: { level: 'snapshot', atClusterTime: oldTime } })).toMatchObject({ ok: 0, code: 239, codeName: 'SnapshotTooOld' });
    const later = await raw.command(db, { find: c, readConcern: { level: 'snapshot' } });
    expect(later.cursor.firstBatch).toEqual([{ _id: 1, v: 'new' }]);
  });

  it('snapshot read concern is refused for writes outside transactions; $out is refused inside them', async () => {
    const c = coll();
    expect(await raw.command(db, { insert: c, documents: [{}], readConcern: { level: 'snapshot' } })).toMatchObject({ ok: 0, code: 72 });
    await start({ find: c }, 1);
    expect(await txn({ aggregate: c, pipeline: [{ $out: 'elsewhere' }], cursor: {} }, 1)).toMatchObject({ ok: 0, code: 263 });
  });
});
