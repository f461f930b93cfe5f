// Unique and partial unique indexes, index-spec conflicts, TTL, index DDL inside transactions.
import { MongoServerError, type Db } from 'mongodb';
import { useSim } from './sim-fixture';

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as MongoServerError);

describe('mongo-sim: indexes', () => {
  const f = useSim();
  let db: Db;

  beforeEach(() => {
    db = f.client.db(f.dbName());
  });

  it('a unique compound index on a dotted path refuses duplicates with the server message, keyPattern and keyValue', async () => {
    const c = db.collection('bookings');
    await c.createIndex({ slotKey: 1, 'user.id': 1 }, { name: 'one_per_user', unique: true });
    await c.insertOne({ _id: 'b1' as never, slotKey: 's', user: { id: 'u' } });
    await c.insertOne({ _id: 'b2' as never, slotKey: 's', user: { id: 'v' } });
    const error = await failure(c.insertOne({ _id: 'b3' as never, slotKey: 's', user: { id: 'u' } }));
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 11000, keyPattern: { slotKey: 1, 'user.id': 1 }, keyValue: { slotKey: 's', 'user.id': 'u' } });
    expect(error!.message).toBe(`E11000 duplicate key error collection: ${db.databaseName}.bookings index: one_per_user dup key: { slotKey: "s", user.id: "u" }`);
    const idError = await failure(c.insertOne({ _id: 'b1' as never }));
    expect(idError).toMatchObject({ code: 11000, keyValue: { _id: 'b1' } });
    expect(idError!.message).toContain('index: _id_ dup key: { _id: "b1" }');
  });

  it('missing fields index as null in a unique index', async () => {
    const c = db.collection('nulls');
    await c.createIndex({ a: 1 }, { name: 'a_1', unique: true });
    await c.insertOne({ b: 1 });
    const error = await failure(c.insertOne({ b: 2 }));
    expect(error).toMatchObject({ code: 11000, keyValue: { a: null } });
    expect(error!.message).toContain('dup key: { a: null }');
  });

  it('a partial unique index only holds documents matching its filter', async () => {
    const c = db.collection('partial');
    await c.createIndex({ k: 1 }, { name: 'active_k', unique: true, partialFilterExpression: { active: true } });
    await c.insertMany([{ k: 1, active: false }, { k: 1, active: false }, { k: 1, active: true }]);
    const error = await failure(c.insertOne({ k: 1, active: true }));
    expect(error).toMatchObject({ code: 11000, keyValue: { k: 1 } });
    expect(error!.message).toContain('index: active_k dup key: { k: 1 }');
    // Leaving the filter frees the key.
    await c.updateOne({ active: true }, { $set: { active: false } });
    await c.insertOne({ k: 1, active: true });
  });

  it('a duplicate key in a transaction is a write error that aborts the transaction', async () => {
    const c = db.collection('txn_unique');
    await c.createIndex({ k: 1 }, { name: 'k_1', unique: true });
    await c.insertOne({ k: 1 });
    const session = f.client.startSession();
    try {
      session.startTransaction();
      await c.insertOne({ k: 2 }, { session });
      const dup = await failure(c.insertOne({ k: 1 }, { session }));
      expect(dup).toMatchObject({ code: 11000 });
      expect(dup!.hasErrorLabel('TransientTransactionError')).toBe(false);
      const next = await failure(c.insertOne({ k: 3 }, { session }));
      expect(next).toMatchObject({ code: 251, codeName: 'NoSuchTransaction' });
      await session.abortTransaction(); // the driver ignores the server's NoSuchTransaction here
    } finally {
      await session.endSession();
    }
    expect(await c.countDocuments()).toBe(1);
  });

  it('createIndexes: same spec is a no-op; same name other key is 86; same name other options or same key other name is 85', async () => {
    const c = db.collection('specs');
    expect(await c.createIndex({ a: 1 }, { name: 'a_1' })).toBe('a_1');
    expect(await c.createIndex({ a: 1 }, { name: 'a_1' })).toBe('a_1');
    expect(await failure(c.createIndex({ a: -1 }, { name: 'a_1' }))).toMatchObject({ code: 86, codeName: 'IndexKeySpecsConflict' });
    expect(await failure(c.createIndex({ a: 1 }, { name: 'a_1', unique: true }))).toMatchObject({ code: 85, codeName: 'IndexOptionsConflict' });
    const renamed = await failure(c.createIndex({ a: 1 }, { name: 'other' }));
    expect(renamed).toMatchObject({ code: 85 });
    expect(renamed!.message).toBe('Index already exists with a different name: a_1');
    await c.createIndex({ t: 1 }, { name: 't_ttl', expireAfterSeconds: 60 });
    expect(await failure(c.createIndex({ t: 1 }, { name: 't_ttl', expireAfterSeconds: 61 }))).toMatchObject({ code: 85 });
    expect(await failure(c.createIndex({ t: 1, u: 1 }, { name: 'tu', expireAfterSeconds: 5 }))).toMatchObject({ code: 67 });
  });

  it('a unique index cannot be built over existing duplicates', async () => {
    const c = db.collection('prebuilt');
    await c.insertMany([{ a: 1 }, { a: 1 }]);
    expect(await failure(c.createIndex({ a: 1 }, { name: 'a_1', unique: true }))).toMatchObject({ code: 11000 });
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('TTL sweep deletes documents whose field holds an expired Date (earliest of an array), and nothing else', async () => {
    const c = db.collection('ttl');
    await c.createIndex({ at: 1 }, { name: 'at_ttl', expireAfterSeconds: 60 });
    const now = Date.now();
    await c.insertMany([
      { _id: 'old-date', at: new Date(now - 120_000) },
      { _id: 'fresh-date', at: new Date(now - 10_000) },
      { _id: 'old-number', at: now - 120_000 },
      { _id: 'string', at: new Date(now - 120_000).toISOString() },
      { _id: 'missing' },
      { _id: 'array', at: [new Date(now + 3_600_000), new Date(now - 120_000)] },
    ] as never[]);
    expect(f.sim.runTtlSweep(now)).toBe(2);
    expect((await c.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['fresh-date', 'missing', 'old-number', 'string']);
    // collMod changes expireAfterSeconds by index name.
    const res = await db.command({ collMod: 'ttl', index: { name: 'at_ttl', expireAfterSeconds: 5 } });
    expect(res).toMatchObject({ expireAfterSeconds_old: 60, expireAfterSeconds_new: 5 });
    expect((await c.listIndexes().toArray()).find((i) => i.name === 'at_ttl')).toMatchObject({ expireAfterSeconds: 5 });
    expect(f.sim.runTtlSweep(now)).toBe(1);
    expect(await c.countDocuments()).toBe(3);
  });

  it('in a transaction: an existing index is fine, a new index on an existing collection is 263 and aborts', async () => {
    const c = db.collection('in_txn');
    await c.createIndex({ a: 1 }, { name: 'a_1' });
    const session = f.client.startSession();
    try {
      session.startTransaction();
      await db.command({ createIndexes: 'in_txn', indexes: [{ key: { a: 1 }, name: 'a_1' }] }, { session });
      const error = await failure(db.command({ createIndexes: 'in_txn', indexes: [{ key: { b: 1 }, name: 'b_1' }] }, { session }));
      expect(error).toMatchObject({ code: 263, codeName: 'OperationNotSupportedInTransaction' });
      expect(await failure(c.findOne({}, { session }))).toMatchObject({ code: 251 });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
  });
});
