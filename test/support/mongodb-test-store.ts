// A MongoStore on a fresh database of the replica set found by mongodb-global-setup.ts.
import { MongoStore } from '../../src/store/mongodb/mongo.store';

export const MONGODB_TEST_URI = process.env.MONGODB_TEST_URI;
export const MONGODB_SKIP_REASON = process.env.MONGODB_SKIP_REASON ?? 'MongoDB was not looked for';

let counter = 0;

export function freshDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
}

export async function connectTestStore(dbName = freshDatabaseName('test')): Promise<MongoStore> {
  if (!MONGODB_TEST_URI) throw new Error(`no MongoDB for tests: ${MONGODB_SKIP_REASON}`);
  return MongoStore.connect({ uri: MONGODB_TEST_URI, dbName });
}

/** Drops the test database and closes the client; copes with a store a test closed already. */
export async function disposeTestStore(store: MongoStore): Promise<void> {
  await store.dropDatabase().catch(() => undefined);
  await store.close().catch(() => undefined);
}
