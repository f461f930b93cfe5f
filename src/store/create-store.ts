// Picks the storage adapter from configuration: memory by default, MongoDB when asked for.
import { MemoryStore } from './memory/memory.store';
import { MongoStore } from './mongodb/mongo.store';
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
  return MongoStore.connect({
    uri: config.mongodbUri,
    dbName: config.mongodbDb,
    maxPoolSize: config.mongodbPoolSize,
    serverSelectionTimeoutMS: config.mongodbServerSelectionTimeoutMs,
  });
}
