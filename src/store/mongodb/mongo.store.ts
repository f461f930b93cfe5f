// The production store: MongoDB through the official driver. Every unit of work is one
// multi-document transaction (snapshot reads, majority writes) run by session.withTransaction,
// which retries transient errors (write conflicts, failovers) by itself. Unique indexes hold the
// invariants across gateway processes; a duplicate key becomes a typed outcome in writer.ts.
import { MongoClient, MongoCompatibilityError, type ClientSession, type Db } from 'mongodb';
import { DomainError } from '../../domain/errors';
import { STORE_READER_METHODS, type BookingStore, type StoreReader, type StoreWriter } from '../store.port';
import type { EventStore } from '../events.port';
import { COLLECTIONS } from './documents';
import { toStoreError } from './errors';
import { MongoEventStore } from './events';
import * as q from './queries';
import { MongoReader } from './reader';
import { IndexConflictError, ensureSchema } from './schema';
import { TRANSACTION_OPTIONS } from './transaction-options';
import { MongoWriter } from './writer';

export { ensureIndexes, ensureSchema } from './schema';

export interface MongoStoreOptions {
  uri: string;
  /** Database name; the URI's, or "booking_gateway". */
  dbName?: string;
  maxPoolSize?: number;
  serverSelectionTimeoutMS?: number;
}

/** Start-up failures: reported as one line by main.ts. */
export class MongoStartError extends Error {}

export { MAX_COMMIT_TIME_MS, TRANSACTION_OPTIONS } from './transaction-options';

const PING_TIMEOUT_MS = 1000;
/** MongoDB 5.0: snapshot reads outside transactions (readConcern "snapshot" with atClusterTime). */
const MIN_WIRE_VERSION = 13;

export class MongoStore implements BookingStore {
  readonly kind = 'mongodb' as const;
  readonly reader: StoreReader;
  readonly events: EventStore;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.reader = snapshotReader(client, db);
    this.events = new MongoEventStore(client, db);
  }

  /**
   * Wraps a client without connecting or checking anything: the driver connects on first use.
   * For tests and tooling; the gateway uses connect().
   */
  static fromClient(client: MongoClient, dbName: string): MongoStore {
    return new MongoStore(client, client.db(dbName));
  }

  /** Connects, checks that the deployment supports transactions, and creates collections and indexes. */
  static async connect(options: MongoStoreOptions): Promise<MongoStore> {
    let client: MongoClient | undefined;
    try {
      client = new MongoClient(options.uri, {
        maxPoolSize: options.maxPoolSize ?? 20,
        retryWrites: true,
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
        writeConcern: { w: 'majority' },
        // No client-wide readConcern: the driver applies a snapshot session's level only to a command
        // without one (src/sessions.ts applySession), so an inherited "majority" would silently turn
        // the reader's snapshot sessions into separate reads. Units use snapshot (TRANSACTION_OPTIONS).
        appName: 'booking-gateway',
      });
      await client.connect();
      const db = client.db(options.dbName ?? (hasDatabaseInUri(options.uri) ? undefined : 'booking_gateway'));
      const hello = await db.admin().command({ hello: 1 });
      if (!hello.setName && hello.msg !== 'isdbgrid') {
        throw new MongoStartError(
          'MONGODB_URI names a standalone server; transactions need a replica set (e.g. mongod --replSet rs0, then rs.initiate())',
        );
      }
      // Reads outside units use snapshot sessions: MongoDB 5.0 (wire version 13) or later.
      if (typeof hello.maxWireVersion === 'number' && hello.maxWireVersion < MIN_WIRE_VERSION) {
        throw new MongoStartError(`MONGODB_URI names a server older than MongoDB 5.0 (wire version ${hello.maxWireVersion}); the gateway needs 5.0 or later`);
      }
      await ensureSchema(db);
      return new MongoStore(client, db);
    } catch (error) {
      await client?.close().catch(() => undefined);
      if (error instanceof MongoStartError) throw error;
      if (error instanceof IndexConflictError) throw new MongoStartError(error.message);
      throw new MongoStartError(`cannot use MongoDB at ${redactUri(options.uri)}: ${(error as Error).message}`);
    }
  }

  async unitOfWork<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    const session = this.client.startSession();
    // An error thrown after a refusal (the writer has aborted the transaction already) must not reach
    // withTransaction: for a non-Mongo error it calls abortTransaction again, which throws
    // MongoTransactionError("Cannot call abortTransaction twice") in place of the real error
    // (driver src/sessions.ts, withTransaction step 7). It is kept here, the callback returns, and
    // withTransaction returns at once for an aborted transaction (step 8); the error is rethrown below.
    let afterRefusal: { error: unknown } | null = null;
    try {
      const result = await session.withTransaction(async () => {
        afterRefusal = null;
        const writer = new MongoWriter(this.db, session);
        try {
          return await work(writer);
        } catch (error) {
          if (!writer.ended) throw error;
          afterRefusal = { error };
          return undefined as T;
        }
      }, TRANSACTION_OPTIONS);
      if (afterRefusal) throw (afterRefusal as { error: unknown }).error;
      return result;
    } catch (error) {
      throw toStoreError(error);
    } finally {
      await session.endSession();
    }
  }

  async ping(): Promise<boolean> {
    const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, PING_TIMEOUT_MS, false).unref());
    const ping = this.db.command({ ping: 1 }).then(
      () => true,
      () => false,
    );
    return Promise.race([ping, timeout]);
  }

  async isEmpty(): Promise<boolean> {
    const one = await this.db.collection(COLLECTIONS.merchants).findOne({}, { projection: { _id: 1 } }).catch((e) => {
      throw toStoreError(e);
    });
    return one === null;
  }

  async purgeExpiredLeases(beforeSec: number): Promise<number> {
    const result = await this.db.collection(COLLECTIONS.leases).deleteMany(q.expiredLeasesFilter(beforeSec)).catch((e) => {
      throw toStoreError(e);
    });
    return result.deletedCount;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** For tests and tooling: drop every collection of this database. */
  async dropDatabase(): Promise<void> {
    await this.db.dropDatabase();
  }
}

function hasDatabaseInUri(uri: string): boolean {
  return /^mongodb(\+srv)?:\/\/[^/]+\/[^?/]+/.test(uri);
}

/** The URI without its password, for messages. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * Reads outside units of work. Each call runs in its own snapshot session
 * (startSession({ snapshot: true }): every read of the call sees the data as of one cluster time), so a
 * call that reads twice (slot documents, then the leases on them) cannot straddle a commit and
 * report a spot twice or not at all. Driver errors become domain errors (UNAVAILABLE when the server
 * is gone).
 */
function snapshotReader(client: MongoClient, db: Db): StoreReader {
  const reader = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of STORE_READER_METHODS) {
    reader[method] = async (...args: unknown[]) => {
      let session: ClientSession | undefined;
      try {
        session = client.startSession({ snapshot: true });
        const inSnapshot = new MongoReader(db, session) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
        return await inSnapshot[method](...args);
      } catch (error) {
        // connect() checked the server supports snapshot reads; the driver still refuses them while it
        // knows no reachable server (its wire version is then unknown): that is an outage.
        if (error instanceof MongoCompatibilityError) throw new DomainError('UNAVAILABLE', 'the booking store is unavailable; retry shortly', undefined, undefined, error);
        throw toStoreError(error);
      } finally {
        await session?.endSession().catch(() => undefined);
      }
    };
  }
  return reader as unknown as StoreReader;
}
