// The embedded durable store: SQLite (through libsql, whose native binaries ship as npm packages, so
// it installs from the registry with no compiler and no install script). One file in DATA_DIR, WAL
// journal, synchronous=FULL by default: a unit of work returns only after its COMMIT is on disk, so
// every acknowledged booking survives kill -9. Units are BEGIN IMMEDIATE … COMMIT, one at a time on
// one connection (serial-queue.ts); reads take their turn in the same queue. Unique indexes hold
// the idempotency and one-active-booking invariants; a violation becomes a typed refusal (access.ts).
import Database from 'libsql';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { STORE_READER_METHODS, type BookingStore, type StoreReader, type StoreWriter } from '../store.port';
import { SerialQueue } from '../serial-queue';
import { SqliteReader, SqliteWriter } from './access';
import { SqliteEventStore } from './events';
import type { EventStore } from '../events.port';
import { migrate, pragmaValue } from './schema';
import { Statements } from './statements';
import { lockDataDir, type WriterLock } from './writer-lock';

export type Synchronous = 'FULL' | 'NORMAL' | 'OFF';

export interface SqliteStoreOptions {
  /** Directory of the database file (created when missing); null: an in-memory database (kept nothing). */
  dataDir: string | null;
  /** PRAGMA synchronous: FULL (default) syncs the WAL at every commit; NORMAL may lose the last commits on power loss (never on a crash of the process). */
  synchronous?: Synchronous;
}

export const DATABASE_FILE = 'gateway.db';

export class SqliteStore implements BookingStore {
  readonly kind: 'sqlite' | 'memory';
  readonly reader: StoreReader;
  readonly events: EventStore;
  private readonly queue = new SerialQueue();
  private readonly sql: Statements;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly lock: WriterLock | null,
  ) {
    this.kind = lock ? 'sqlite' : 'memory';
    this.sql = new Statements(db);
    const reader = new SqliteReader(this.sql);
    const queued = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of STORE_READER_METHODS) {
      const read = (reader[method] as (...a: unknown[]) => Promise<unknown>).bind(reader);
      queued[method] = (...args: unknown[]) => this.queue.run(() => read(...args));
    }
    this.reader = queued as unknown as StoreReader;
    this.events = new SqliteEventStore(this.sql, db, this.queue);
  }

  /** An in-memory database: what STORE=memory runs on (tests, benchmarks); it keeps nothing. */
  static inMemory(): SqliteStore {
    return SqliteStore.open({ dataDir: null });
  }

  /** Opens (creating and migrating when needed) the database of `dataDir`, or an in-memory one. */
  static open(options: SqliteStoreOptions): SqliteStore {
    if (options.dataDir === null) {
      const db = new Database(':memory:');
      migrate(db);
      return new SqliteStore(db, null);
    }
    mkdirSync(options.dataDir, { recursive: true });
    const lock = lockDataDir(options.dataDir);
    try {
      const db = new Database(path.join(options.dataDir, DATABASE_FILE), { timeout: 5000 });
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      db.pragma('foreign_keys = OFF');
      migrate(db);
      return new SqliteStore(db, lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  unitOfWork<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      if (this.closed) throw new Error('the SQLite store is closed');
      this.db.exec('BEGIN IMMEDIATE');
      const writer = new SqliteWriter(this.sql, this.db);
      try {
        const result = await work(writer);
        // A refusal rolled the transaction back already; the unit still returns its outcome.
        if (!writer.ended) this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (!writer.ended && this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      } finally {
        writer.ended = true;
      }
    });
  }

  async ping(): Promise<boolean> {
    return !this.closed && this.db.open;
  }

  /** True when no merchant exists yet (the demo seed goes only into an empty store). */
  isEmpty(): Promise<boolean> {
    return this.queue.run(() => !this.sql.get('anyMerchant').get());
  }

  purgeExpiredLeases(beforeSec: number): Promise<number> {
    return this.queue.run(() => this.sql.get('purgeLeases').run(beforeSec).changes);
  }

  close(): Promise<void> {
    return this.queue.run(() => {
      if (this.closed) return;
      this.closed = true;
      this.db.close();
      this.lock?.release();
    });
  }

  /** The connection's durability settings, as SQLite reports them (journal_mode, synchronous: 2 FULL, 1 NORMAL, 0 OFF). */
  durability(): Promise<{ journalMode: string; synchronous: number }> {
    return this.queue.run(() => ({
      journalMode: String(pragmaValue(this.db, 'journal_mode')),
      synchronous: Number(pragmaValue(this.db, 'synchronous')),
    }));
  }
}
