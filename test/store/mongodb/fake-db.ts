// A stand-in for the MongoDB driver (MongoClient, Db, Collection, ClientSession), small enough to
// read, with MongoDB's query language from mingo. It lets the real MongoStore run without a server.
//
// What it models, and how:
//  - documents go through BSON on every write and read, as with a server (copies, BSON types);
//  - unique indexes (partial ones included) from the createIndexes calls of ensureIndexes; a
//    violation throws the server's MongoServerError 11000 with its message format;
//  - transactions: withTransaction runs units one at a time (what write conflicts plus retries
//    amount to for units that lock the same slots) on a private copy of the data, committed when
//    the callback returns and discarded when it throws or the unit calls abortTransaction;
//  - after abortTransaction, later operations of the session run outside any transaction, each
//    committed on its own (the driver's behaviour for a session whose transaction has ended);
//  - failNext: the next operation rejects with the given error (e.g. a MongoNetworkError).
// What it does not model: concurrency between transactions (they are serialised), read concerns,
// write conflicts, retries, the planner, sessions' causal consistency, collations.
import { Query, aggregate, find, update, updateMany as mingoUpdateMany } from 'mingo';
import { BSON, MongoServerError, ObjectId, type Document } from 'mongodb';

type Collections = Map<string, Document[]>;

const bsonCopy = (doc: Document): Document => BSON.deserialize(BSON.serialize(doc));
const sameBson = (a: unknown, b: unknown): boolean => Buffer.from(BSON.serialize({ v: a })).equals(Buffer.from(BSON.serialize({ v: b })));
const copyAll = (data: Collections): Collections => new Map([...data].map(([name, docs]) => [name, docs.map(bsonCopy)]));

interface UniqueIndex {
  name: string;
  fields: string[];
  partial: Query | null;
}

function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value === undefined ? null : value;
}

/** Equality fields of a filter, as an upsert copies them into the document it inserts. */
function equalityFields(filter: Document): Document {
  const out: Document = {};
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$')) continue;
    const isOperator = condition !== null && typeof condition === 'object' && !(condition instanceof ObjectId) && Object.keys(condition).some((k) => k.startsWith('$'));
    if (!isOperator) out[field] = condition;
  }
  return out;
}

function applyUpdate(doc: Document, modifier: Document, inserting: boolean): void {
  const { $setOnInsert, ...rest } = modifier;
  for (const op of Object.keys(rest)) if (!op.startsWith('$')) throw new Error(`fake-db: update with a plain field ${op}`);
  if (Object.keys(rest).length) update(doc, rest);
  if (inserting && $setOnInsert) update(doc, { $set: $setOnInsert });
}

export class FakeSession {
  state: 'none' | 'active' | 'aborted' | 'committed' = 'none';
  working: Collections | null = null;
  abortCalls = 0;

  constructor(private readonly db: FakeDb) {}

  async withTransaction<T>(fn: () => Promise<T>, _options?: unknown): Promise<T> {
    return this.db.serialise(async () => {
      this.state = 'active';
      this.working = copyAll(this.db.committed);
      try {
        const result = await fn();
        if (this.state === 'active') {
          this.db.committed = this.working;
          this.state = 'committed';
        }
        return result;
      } catch (error) {
        this.state = 'aborted';
        throw error;
      } finally {
        this.working = null;
      }
    });
  }

  async abortTransaction(): Promise<void> {
    this.abortCalls++;
    if (this.state !== 'active') throw new Error('fake-db: abortTransaction without an active transaction');
    this.state = 'aborted';
    this.working = null;
  }

  async endSession(): Promise<void> {}
}

class FakeCursor {
  private sortSpec: Document | null = null;
  private limitN = 0;
  private skipN = 0;

  constructor(private readonly run: (sort: Document | null, limit: number, skip: number) => Document[]) {}

  sort(spec: Document): this {
    this.sortSpec = spec;
    return this;
  }

  limit(n: number): this {
    this.limitN = n;
    return this;
  }

  skip(n: number): this {
    this.skipN = n;
    return this;
  }

  async toArray(): Promise<Document[]> {
    return this.run(this.sortSpec, this.limitN, this.skipN);
  }
}

interface Options {
  session?: FakeSession;
  upsert?: boolean;
  sort?: Document;
}

export class FakeCollection {
  constructor(
    private readonly db: FakeDb,
    private readonly name: string,
  ) {}

  /** The documents an operation with these options sees, and where its writes go. */
  private docs(options?: Options): Document[] {
    const data = options?.session?.state === 'active' && options.session.working ? options.session.working : this.db.committed;
    if (!data.has(this.name)) data.set(this.name, []);
    return data.get(this.name)!;
  }

  private query(filter: Document, options: Options | undefined, sort: Document | null, limit: number, skip = 0): Document[] {
    let cursor = find(this.docs(options), filter);
    if (sort) cursor = cursor.sort(sort);
    if (skip > 0) cursor = cursor.skip(skip);
    if (limit > 0) cursor = cursor.limit(limit);
    return (cursor.all() as Document[]).map(bsonCopy);
  }

  private checkUnique(docs: Document[], doc: Document, except?: Document): void {
    for (const index of this.db.uniqueIndexes.get(this.name) ?? []) {
      if (index.partial && !index.partial.test(doc)) continue;
      const key = JSON.stringify(index.fields.map((f) => valueAt(doc, f)));
      const clash = docs.find((d) => d !== except && (!index.partial || index.partial.test(d)) && JSON.stringify(index.fields.map((f) => valueAt(d, f))) === key);
      if (clash) {
        const dupKey = index.fields.map((f) => `${f}: ${JSON.stringify(valueAt(doc, f))}`).join(', ');
        throw new MongoServerError({
          ok: 0,
          code: 11000,
          codeName: 'DuplicateKey',
          errmsg: `E11000 duplicate key error collection: ${this.db.name}.${this.name} index: ${index.name} dup key: { ${dupKey} }`,
          keyPattern: Object.fromEntries(index.fields.map((f) => [f, 1])),
        });
      }
    }
    if (doc._id !== undefined && docs.some((d) => d !== except && sameBson(d._id, doc._id))) {
      throw new MongoServerError({ ok: 0, code: 11000, codeName: 'DuplicateKey', errmsg: `E11000 duplicate key error collection: ${this.db.name}.${this.name} index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }` });
    }
  }

  private async op<T>(body: () => T): Promise<T> {
    await Promise.resolve();
    this.db.operations++;
    const failure = this.db.failNext;
    if (failure) {
      this.db.failNext = null;
      throw failure;
    }
    if (this.db.closed) throw new Error('fake-db: client is closed');
    return body();
  }

  find(filter: Document, options?: Options): FakeCursor {
    return new FakeCursor((sort, limit, skip) => {
      this.db.operations++;
      if (this.db.failNext) {
        const failure = this.db.failNext;
        this.db.failNext = null;
        throw failure;
      }
      return this.query(filter, options, sort, limit, skip);
    });
  }

  findOne(filter: Document, options?: Options): Promise<Document | null> {
    return this.op(() => this.query(filter, options, options?.sort ?? null, 1)[0] ?? null);
  }

  aggregate(pipeline: Document[], options?: Options): { toArray: () => Promise<Document[]> } {
    return { toArray: () => this.op(() => aggregate(this.docs(options), pipeline).map(bsonCopy)) };
  }

  insertOne(doc: Document, options?: Options): Promise<{ insertedId: unknown }> {
    return this.op(() => {
      if (doc._id === undefined) doc._id = new ObjectId();
      const stored = bsonCopy(doc);
      const docs = this.docs(options);
      this.checkUnique(docs, stored);
      docs.push(stored);
      return { insertedId: stored._id };
    });
  }

  replaceOne(filter: Document, replacement: Document, options?: Options): Promise<{ matchedCount: number; upsertedCount: number }> {
    return this.op(() => {
      const docs = this.docs(options);
      const [current] = find(docs, filter).all() as Document[];
      if (current) {
        const next = bsonCopy({ ...replacement, _id: current._id });
        this.checkUnique(docs, next, current);
        docs[docs.indexOf(current)] = next;
        return { matchedCount: 1, upsertedCount: 0 };
      }
      if (!options?.upsert) return { matchedCount: 0, upsertedCount: 0 };
      const inserted = bsonCopy({ ...equalityFields(filter), ...replacement });
      if (inserted._id === undefined) inserted._id = new ObjectId();
      this.checkUnique(docs, inserted);
      docs.push(inserted);
      return { matchedCount: 0, upsertedCount: 1 };
    });
  }

  private updateOneNow(docs: Document[], filter: Document, modifier: Document, upsert: boolean): { matchedCount: number; upsertedCount: number } {
    const [current] = find(docs, filter).all() as Document[];
    if (current) {
      const next = bsonCopy(current);
      applyUpdate(next, modifier, false);
      this.checkUnique(docs, next, current);
      docs[docs.indexOf(current)] = next;
      return { matchedCount: 1, upsertedCount: 0 };
    }
    if (!upsert) return { matchedCount: 0, upsertedCount: 0 };
    const inserted: Document = { _id: new ObjectId(), ...equalityFields(filter) };
    applyUpdate(inserted, modifier, true);
    this.checkUnique(docs, inserted);
    docs.push(bsonCopy(inserted));
    return { matchedCount: 0, upsertedCount: 1 };
  }

  updateOne(filter: Document, modifier: Document, options?: Options): Promise<{ matchedCount: number; upsertedCount: number }> {
    return this.op(() => this.updateOneNow(this.docs(options), filter, modifier, options?.upsert ?? false));
  }

  updateMany(filter: Document, modifier: Document, options?: Options): Promise<{ matchedCount: number }> {
    return this.op(() => {
      const { $setOnInsert: _ignored, ...rest } = modifier;
      return { matchedCount: mingoUpdateMany(this.docs(options), filter, rest).matchedCount };
    });
  }

  bulkWrite(operations: Document[], options?: Options): Promise<{ matchedCount: number; upsertedCount: number }> {
    return this.op(() => {
      const docs = this.docs(options);
      let matchedCount = 0;
      let upsertedCount = 0;
      for (const operation of operations) {
        const { filter, update: modifier, upsert } = operation.updateOne ?? {};
        if (!filter) throw new Error(`fake-db: bulkWrite supports updateOne only, got ${Object.keys(operation)}`);
        const result = this.updateOneNow(docs, filter, modifier, upsert ?? false);
        matchedCount += result.matchedCount;
        upsertedCount += result.upsertedCount;
      }
      return { matchedCount, upsertedCount };
    });
  }

  deleteMany(filter: Document, options?: Options): Promise<{ deletedCount: number }> {
    return this.op(() => {
      const docs = this.docs(options);
      const doomed = new Set(find(docs, filter).all() as Document[]);
      const kept = docs.filter((d) => !doomed.has(d));
      docs.splice(0, docs.length, ...kept);
      return { deletedCount: doomed.size };
    });
  }

  createIndexes(specs: Document[]): Promise<string[]> {
    return this.op(() => {
      const unique = specs
        .filter((s) => s.unique)
        .map((s) => ({ name: s.name as string, fields: Object.keys(s.key), partial: s.partialFilterExpression ? new Query(s.partialFilterExpression) : null }));
      this.db.uniqueIndexes.set(this.name, [...(this.db.uniqueIndexes.get(this.name) ?? []), ...unique]);
      this.db.indexSpecs.push(...specs.map((s) => ({ collection: this.name, ...s })));
      return specs.map((s) => s.name as string);
    });
  }
}

export class FakeDb {
  committed: Collections = new Map();
  readonly uniqueIndexes = new Map<string, UniqueIndex[]>();
  readonly indexSpecs: Document[] = [];
  failNext: Error | null = null;
  closed = false;
  operations = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly name = 'booking_gateway') {}

  collection(name: string): FakeCollection {
    return new FakeCollection(this, name);
  }

  async command(command: Document): Promise<Document> {
    if (this.failNext) {
      const failure = this.failNext;
      this.failNext = null;
      throw failure;
    }
    if (this.closed) throw new Error('fake-db: client is closed');
    if (command.ping) return { ok: 1 };
    throw new Error(`fake-db: unsupported command ${JSON.stringify(command)}`);
  }

  async dropDatabase(): Promise<void> {
    this.committed = new Map();
  }

  /** Runs transactions one at a time. */
  serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The committed documents of a collection (copies). */
  documents(name: string): Document[] {
    return (this.committed.get(name) ?? []).map(bsonCopy);
  }
}

export class FakeClient {
  readonly sessions: FakeSession[] = [];

  constructor(readonly db: FakeDb) {}

  startSession(): FakeSession {
    const session = new FakeSession(this.db);
    this.sessions.push(session);
    return session;
  }

  async close(): Promise<void> {
    this.db.closed = true;
  }
}
