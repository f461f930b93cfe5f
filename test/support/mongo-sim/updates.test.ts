// Update semantics the server enforces and mingo alone would not.
import type { Collection, Document } from 'mongodb';
import { RawClient } from './raw-client';
import { useSim } from './sim-fixture';

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Document);

describe('mongo-sim: update semantics', () => {
  const f = useSim();
  let c: Collection<Document>;

  beforeEach(async () => {
    c = f.client.db(f.dbName()).collection('u');
    await c.insertOne({ _id: 1 as never, a: 5, s: 'text', n: 1 });
  });

  it('$inc on a non-numeric field is 14 TypeMismatch', async () => {
    const error = await failure(c.updateOne({ _id: 1 as never }, { $inc: { s: 1 } }));
    expect(error).toMatchObject({ code: 14 });
    expect(error!.message).toBe("Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 's' of non-numeric type string");
    expect(await failure(c.updateOne({ _id: 1 as never }, { $inc: { n: 'x' as never } }))).toMatchObject({ code: 14 });
  });

  it('$set through a scalar is 28 PathNotViable', async () => {
    const error = await failure(c.updateOne({ _id: 1 as never }, { $set: { 'a.b': 1 } }));
    expect(error).toMatchObject({ code: 28 });
    expect(error!.message).toBe("Cannot create field 'b' in element {a: 5}");
  });

  it('the same path (or a prefix) in two operators is 40 ConflictingUpdateOperators', async () => {
    const error = await failure(c.updateOne({ _id: 1 as never }, { $set: { x: 1 }, $setOnInsert: { x: 2 } }, { upsert: true }));
    expect(error).toMatchObject({ code: 40 });
    expect(error!.message).toBe("Updating the path 'x' would create a conflict at 'x'");
    expect(await failure(c.updateOne({ _id: 1 as never }, { $set: { 'p.q': 1 }, $unset: { p: '' } }))).toMatchObject({ code: 40 });
  });

  it('changing _id is 66 ImmutableField, for operators and replacements', async () => {
    const error = await failure(c.updateOne({ _id: 1 as never }, { $set: { _id: 2 } }));
    expect(error).toMatchObject({ code: 66 });
    expect(error!.message).toBe("Performing an update on the path '_id' would modify the immutable field '_id'");
    expect(await failure(c.replaceOne({ _id: 1 as never }, { _id: 3, z: 1 }))).toMatchObject({ code: 66 });
    await c.updateOne({ _id: 1 as never }, { $set: { _id: 1, kept: true } }); // same value: fine
    expect(await c.findOne({ _id: 1 as never })).toMatchObject({ kept: true });
  });

  it('a replacement keeps only _id; an upsert replacement takes only _id from the filter', async () => {
    await c.replaceOne({ _id: 1 as never }, { only: 'this' });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, only: 'this' });
    await c.replaceOne({ _id: 9, colour: 'red' } as never, { size: 3 }, { upsert: true });
    expect(await c.findOne({ _id: 9 as never })).toEqual({ _id: 9, size: 3 });
    await c.updateOne({ colour: 'blue', 'nested.k': 1 }, { $set: { size: 4 } }, { upsert: true });
    expect(await c.findOne({ colour: 'blue' }, { projection: { _id: 0 } })).toEqual({ colour: 'blue', nested: { k: 1 }, size: 4 });
  });

  it('operators and plain fields cannot mix; "$" fields are refused in replacements; empty $set is accepted', async () => {
    const raw = await RawClient.connect(f.sim.port);
    try {
      const db = c.dbName;
      const mixed = await raw.command(db, { update: 'u', updates: [{ q: { _id: 1 }, u: { $set: { a: 1 }, b: 2 } }] });
      expect(mixed.writeErrors[0]).toMatchObject({ index: 0, code: 9 });
      expect(mixed.writeErrors[0].errmsg).toContain('Unknown modifier: b');
      const dollar = await raw.command(db, { update: 'u', updates: [{ q: { _id: 1 }, u: { b: 2, $set: { a: 1 } } }] });
      expect(dollar.writeErrors[0]).toMatchObject({ code: 52 });
      const empty = await raw.command(db, { update: 'u', updates: [{ q: { _id: 1 }, u: { $set: {} } }] });
      expect(empty).toMatchObject({ ok: 1, n: 1, nModified: 0 });
      const unknown = await raw.command(db, { update: 'u', updates: [{ q: { _id: 1 }, u: { $frobnicate: { a: 1 } } }] });
      expect(unknown.writeErrors[0]).toMatchObject({ code: 9 });
    } finally {
      raw.close();
    }
  });

  it('array and numeric operators behave as on the server', async () => {
    await c.updateOne({ _id: 1 as never }, { $push: { list: { $each: [1, 2, 2] } }, $addToSet: { set: 1 }, $max: { a: 9 }, $min: { n: 0 }, $mul: { m: 2 } } as Document);
    await c.updateOne({ _id: 1 as never }, { $addToSet: { set: { $each: [1, 3] } }, $pull: { list: 2 }, $rename: { s: 'renamed' } } as Document);
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, a: 9, n: 0, list: [1], m: 0, set: [1, 3], renamed: 'text' });
  });
});
