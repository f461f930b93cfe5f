// Picks the storage adapter from configuration: memory by default, MongoDB when asked for.
import { MemoryStore } from './memory/memory.store';
import type { BookingStore, StoreKind } from './store.port';

export interface StoreConfig {
  store: StoreKind;
  mongodbUri?: string;
  mongodbDb?: string;
  mongodbPoolSize?: number;
  mongodbServerSelectionTimeoutMs?: number;
}

export async function createStore(config: StoreConfig): Promise<BookingStore> {
  if (config.store === 'memory') return new MemoryStore();
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
