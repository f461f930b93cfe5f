// A MongoStore on a fresh database of the MongoDB found by mongodb-global-setup.ts: a real server
// when MONGODB_URI (or mongodb-memory-server) gives one, else the replica-set simulator.
import { MongoStore } from '../../src/store/mongodb/mongo.store';

export const MONGODB_TEST_URI = process.env.MONGODB_TEST_URI;
/** What the MongoDB suites run against, for their titles. */
export const MONGODB_TEST_TARGET = process.env.MONGODB_TEST_TARGET ?? 'an unknown MongoDB';

let counter = 0;

export function freshDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
}

export async function connectTestStore(dbName = freshDatabaseName('test')): Promise<MongoStore> {
  if (!MONGODB_TEST_URI) throw new Error('no MongoDB for tests: test/support/mongodb-global-setup.ts did not run');
  return MongoStore.connect({ uri: MONGODB_TEST_URI, dbName });
}

/** Drops the test database and closes the client; copes with a store a test closed already. */
export async function disposeTestStore(store: MongoStore): Promise<void> {
  await store.dropDatabase().catch(() => undefined);
  await store.close().catch(() => undefined);
}
