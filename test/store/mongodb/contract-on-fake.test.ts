// The whole store contract, run by the real MongoStore code on the mingo-backed stand-in driver of
// ./fake-db.ts. Not a substitute for a replica set (the stand-in runs transactions one at a time),
// but every read, write, refusal and rollback path of the adapter runs here on every machine.
import type { Db } from 'mongodb';
import { MongoStore, ensureIndexes } from '../../../src/store/mongodb/mongo.store';
import { describeStoreContract } from '../store-contract';
import { FakeClient, FakeDb } from './fake-db';

async function fakeMongoStore(): Promise<MongoStore> {
  const db = new FakeDb();
  await ensureIndexes(db as unknown as Db);
  const Store = MongoStore as unknown as new (client: FakeClient, db: FakeDb) => MongoStore;
  return new Store(new FakeClient(db), db);
}

describeStoreContract('mongodb adapter on a stand-in driver', fakeMongoStore);
