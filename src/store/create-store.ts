// Picks the storage adapter from configuration: SQLite in DATA_DIR by default, an in-memory SQLite
// database for STORE=memory (keeps nothing), MongoDB when asked for.
import type { Synchronous } from './sqlite/sqlite.store';
import { SqliteStore } from './sqlite/sqlite.store';
import type { BookingStore, StoreKind } from './store.port';

export interface StoreConfig {
  store: StoreKind;
  dataDir?: string;
  sqliteSynchronous?: Synchronous;
  mongodbUri?: string;
  mongodbDb?: string;
  mongodbPoolSize?: number;
  mongodbServerSelectionTimeoutMs?: number;
}

export async function createStore(config: StoreConfig): Promise<BookingStore> {
  if (config.store === 'memory') return SqliteStore.inMemory();
  if (config.store === 'sqlite') return SqliteStore.open({ dataDir: config.dataDir ?? './data', synchronous: config.sqliteSynchronous });
  if (!config.mongodbUri) throw new Error('STORE=mongodb needs MONGODB_URI');
  // Loaded only when used: the driver adds 60–90 ms to every start (docs/benchmarks.md).
  const { MongoStore } = await import('./mongodb/mongo.store');
  return MongoStore.connect({
    uri: config.mongodbUri,
    dbName: config.mongodbDb,
    maxPoolSize: config.mongodbPoolSize,
    serverSelectionTimeoutMS: config.mongodbServerSelectionTimeoutMs,
  });
}
