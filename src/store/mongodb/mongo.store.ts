// The production store: MongoDB through the official driver. Every unit of work is one
// multi-document transaction (snapshot reads, majority writes) run by session.withTransaction,
// which retries transient errors (write conflicts, failovers) by itself. Unique indexes hold the
// invariants across gateway processes; a duplicate key becomes a typed outcome here.
import { MongoClient, type ClientSession, type Db, type Document, type TransactionOptions } from 'mongodb';
import type { BookingRecord, IdempotencyRecord, InventorySlot, LeaseRecord, Merchant, ServiceRecord, SlotState } from '../../domain/records';
import { slotKeyString, type SlotKey } from '../../domain/slot-key';
import type {
  BookingStore,
  InsertBookingResult,
  InsertIdempotencyResult,
  ServiceKey,
  SlotRangeQuery,
  StoreReader,
  StoreWriter,
} from '../store.port';
import { UnitEndedError } from '../store.port';
import {
  COLLECTIONS,
  bookingDocument,
  leaseDocument,
  merchantDocument,
  toBooking,
  toIdempotency,
  toInventorySlot,
  toLease,
  toMerchant,
  toService,
} from './documents';
import { duplicateIndexName, isDuplicateKey, toStoreError } from './errors';
import { INDEXES, ONE_ACTIVE_BOOKING_INDEX } from './indexes';
import * as q from './queries';

export interface MongoStoreOptions {
  uri: string;
  /** Database name; the URI's, or "booking_gateway". */
  dbName?: string;
  maxPoolSize?: number;
  serverSelectionTimeoutMS?: number;
}

/** Start-up failures: reported as one line by main.ts. */
export class MongoStartError extends Error {}

export const TRANSACTION_OPTIONS: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

const PING_TIMEOUT_MS = 1000;

export class MongoStore implements BookingStore {
  readonly kind = 'mongodb' as const;
  readonly reader: StoreReader;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.reader = guardedReader(new MongoReader(db, undefined));
  }

  /**
   * Wraps a client without connecting or checking anything: the driver connects on first use.
   * For tests and tooling; the gateway uses connect().
   */
  static fromClient(client: MongoClient, dbName: string): MongoStore {
    return new MongoStore(client, client.db(dbName));
  }

  /** Connects, checks that the deployment supports transactions, and creates the indexes. */
  static async connect(options: MongoStoreOptions): Promise<MongoStore> {
    let client: MongoClient | undefined;
    try {
      client = new MongoClient(options.uri, {
        maxPoolSize: options.maxPoolSize ?? 20,
        retryWrites: true,
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
        writeConcern: { w: 'majority' },
        readConcern: { level: 'majority' },
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
      await ensureIndexes(db);
      return new MongoStore(client, db);
    } catch (error) {
      await client?.close().catch(() => undefined);
      if (error instanceof MongoStartError) throw error;
      throw new MongoStartError(`cannot use MongoDB at ${redactUri(options.uri)}: ${(error as Error).message}`);
    }
  }

  async unitOfWork<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    const session = this.client.startSession();
    try {
      // The callback rethrows every error: withTransaction aborts, retries TransientTransactionError
      // (e.g. a write conflict with a concurrent unit on the same slot) and rethrows the rest.
      return await session.withTransaction(() => work(new MongoWriter(this.db, session)), TRANSACTION_OPTIONS);
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

export async function ensureIndexes(db: Db): Promise<void> {
  const byCollection = new Map<string, typeof INDEXES[number][]>();
  for (const plan of INDEXES) byCollection.set(plan.collection, [...(byCollection.get(plan.collection) ?? []), plan]);
  for (const [collection, plans] of byCollection) {
    await db.collection(collection).createIndexes(plans.map((p) => ({ key: p.key as Document, ...p.options })));
  }
}

function hasDatabaseInUri(uri: string): boolean {
  return /^mongodb(\+srv)?:\/\/[^/]+\/[^?/]+/.test(uri);
}

/** The URI without its password, for messages. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Reads, inside a transaction (session set) or not. */
class MongoReader implements StoreReader {
  constructor(
    protected readonly db: Db,
    protected readonly session: ClientSession | undefined,
  ) {}

  protected get options() {
    return this.session ? { session: this.session } : {};
  }

  protected collection(name: string) {
    this.assertOpen();
    return this.db.collection(name);
  }

  /** Writers end with a refusal (port: InsertBookingResult); readers never end. */
  protected assertOpen(): void {}

  async getMerchants(ids: readonly string[]): Promise<Array<Merchant | null>> {
    if (ids.length === 0) return [];
    const docs = await this.collection(COLLECTIONS.merchants).find({ _id: { $in: [...ids] } } as Document, this.options).toArray();
    const byId = new Map(docs.map((d) => [d.merchantId as string, toMerchant(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async getServices(keys: readonly ServiceKey[]): Promise<Array<ServiceRecord | null>> {
    if (keys.length === 0) return [];
    const filter = { $or: keys.map((k) => ({ merchantId: k.merchantId, serviceId: k.serviceId })) };
    const docs = await this.collection(COLLECTIONS.services).find(filter, this.options).toArray();
    const byKey = new Map(docs.map((d) => [JSON.stringify([d.merchantId, d.serviceId]), toService(d)]));
    return keys.map((k) => byKey.get(JSON.stringify([k.merchantId, k.serviceId])) ?? null);
  }

  async listServicesOfMerchants(merchantIds: readonly string[]): Promise<ServiceRecord[][]> {
    if (merchantIds.length === 0) return [];
    const docs = await this.collection(COLLECTIONS.services)
      .find({ merchantId: { $in: [...merchantIds] } }, this.options)
      .sort({ merchantId: 1, serviceId: 1 })
      .toArray();
    return merchantIds.map((id) => docs.filter((d) => d.merchantId === id).map(toService));
  }

  async getSlotStates(keys: readonly SlotKey[], atSec: number): Promise<Array<SlotState | null>> {
    if (keys.length === 0) return [];
    const slotKeys = keys.map(slotKeyString);
    const docs = await this.collection(COLLECTIONS.slots).find(q.slotsByKeyFilter(slotKeys), this.options).toArray();
    const states = await this.withLeases(docs, atSec);
    const byKey = new Map(states.map((s) => [slotKeyString(s.slot), s]));
    return slotKeys.map((k) => byKey.get(k) ?? null);
  }

  async findSlotStates(query: SlotRangeQuery, atSec: number): Promise<SlotState[]> {
    const page = (skip: number, limit: number) =>
      this.collection(COLLECTIONS.slots).find(q.slotRangeFilter(query), this.options).sort(q.slotRangeSort).skip(skip).limit(limit).toArray();
    if (query.minFreeSpots === undefined) return this.withLeases(await page(0, query.limit), atSec);
    // The filter already skips slots that bookings alone fill; live leases are subtracted here, and
    // when they fill some of a page, the next page makes up for them.
    const found: SlotState[] = [];
    for (let scanned = 0; found.length < query.limit; ) {
      const wanted = query.limit - found.length;
      const docs = await page(scanned, wanted);
      scanned += docs.length;
      for (const state of await this.withLeases(docs, atSec)) {
        if (state.slot.spotsTotal - state.bookedSpots - state.leasedSpots >= query.minFreeSpots) found.push(state);
      }
      if (docs.length < wanted) break;
    }
    return found;
  }

  async getBookings(ids: readonly string[]): Promise<Array<BookingRecord | null>> {
    if (ids.length === 0) return [];
    const docs = await this.collection(COLLECTIONS.bookings).find({ _id: { $in: [...ids] } } as Document, this.options).toArray();
    const byId = new Map(docs.map((d) => [d.bookingId as string, toBooking(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async listBookingsOfUser(userId: string, afterSec: number, limit: number): Promise<BookingRecord[]> {
    const docs = await this.collection(COLLECTIONS.bookings)
      .find(q.userBookingsFilter(userId, afterSec), this.options)
      .sort(q.userBookingsSort)
      .limit(limit)
      .toArray();
    return docs.map(toBooking);
  }

  async getLeases(ids: readonly string[]): Promise<Array<LeaseRecord | null>> {
    if (ids.length === 0) return [];
    const docs = await this.collection(COLLECTIONS.leases).find({ _id: { $in: [...ids] } } as Document, this.options).toArray();
    const byId = new Map(docs.map((d) => [d.leaseId as string, toLease(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async findLiveLease(callerId: string, userReference: string, slotKey: string, atSec: number): Promise<LeaseRecord | null> {
    const doc = await this.collection(COLLECTIONS.leases).findOne(q.liveLeaseByReferenceFilter(callerId, userReference, slotKey, atSec), {
      ...this.options,
      sort: { leaseExpirationTimeSec: -1 },
    });
    return doc ? toLease(doc) : null;
  }

  async findActiveBookingOfUser(callerId: string, slotKey: string, userId: string): Promise<BookingRecord | null> {
    const doc = await this.collection(COLLECTIONS.bookings).findOne(q.activeBookingOfUserFilter(callerId, slotKey, userId), this.options);
    return doc ? toBooking(doc) : null;
  }

  async getIdempotency(callerId: string, token: string): Promise<IdempotencyRecord | null> {
    const doc = await this.collection(COLLECTIONS.idempotency).findOne(q.idempotencyFilter(callerId, token), this.options);
    return doc ? toIdempotency(doc) : null;
  }

  /** Slot documents with the spots their live leases hold, in the documents' order. */
  private async withLeases(docs: Document[], atSec: number): Promise<SlotState[]> {
    if (docs.length === 0) return [];
    const leased = await this.collection(COLLECTIONS.leases)
      .aggregate(q.leasedSpotsPipeline(docs.map((d) => d.slotKey), atSec), this.options)
      .toArray();
    const spotsByKey = new Map(leased.map((l) => [l._id as string, l.spots as number]));
    return docs.map((d) => ({
      slot: toInventorySlot(d),
      bookedSpots: d.bookedSpots ?? 0,
      leasedSpots: spotsByKey.get(d.slotKey) ?? 0,
    }));
  }
}

/** Reads and writes inside one transaction. */
class MongoWriter extends MongoReader implements StoreWriter {
  private ended = false;

  constructor(db: Db, private readonly tx: ClientSession) {
    super(db, tx);
  }

  protected override assertOpen(): void {
    // After an abort the session would run later operations outside any transaction: refuse them.
    if (this.ended) throw new UnitEndedError();
  }

  async lockSlotStates(keys: readonly SlotKey[], atSec: number): Promise<Array<SlotState | null>> {
    // The write makes every other transaction that locks one of these slots conflict with this
    // one; withTransaction then retries the later one from the start, on fresh data.
    await this.collection(COLLECTIONS.slots).updateMany(q.slotsByKeyFilter(keys.map(slotKeyString)), q.lockSlotsUpdate, this.options);
    return this.getSlotStates(keys, atSec);
  }

  async upsertMerchant(merchant: Merchant): Promise<void> {
    await this.collection(COLLECTIONS.merchants).replaceOne({ _id: merchant.merchantId } as Document, merchantDocument(merchant), {
      ...this.options,
      upsert: true,
    });
  }

  async upsertService(service: ServiceRecord): Promise<void> {
    await this.collection(COLLECTIONS.services).replaceOne({ merchantId: service.merchantId, serviceId: service.serviceId }, { ...service }, {
      ...this.options,
      upsert: true,
    });
  }

  async upsertSlots(slots: readonly InventorySlot[]): Promise<void> {
    if (slots.length === 0) return;
    await this.collection(COLLECTIONS.slots).bulkWrite(
      slots.map((slot) => ({ updateOne: { filter: q.identityFilter(slot), update: q.upsertSlotUpdate(slot), upsert: true } })),
      { ...this.options, ordered: true },
    );
  }

  async insertLease(lease: LeaseRecord): Promise<void> {
    await this.collection(COLLECTIONS.leases).insertOne(leaseDocument(lease) as Document, this.options);
  }

  async consumeLease(leaseId: string, atSec: number): Promise<void> {
    await this.collection(COLLECTIONS.leases).updateOne(q.consumeLeaseFilter(leaseId), q.consumeLeaseUpdate(atSec), this.options);
  }

  async insertBooking(booking: BookingRecord): Promise<InsertBookingResult> {
    const doc = bookingDocument(booking);
    const inserted = await this.uniquely(
      () => this.collection(COLLECTIONS.bookings).insertOne(doc as Document, this.options),
      ONE_ACTIVE_BOOKING_INDEX,
    );
    if (!inserted) return 'user-already-booked';
    if (doc.active) await this.adjustBookedSpots([[booking.slotKey, booking.spots]]);
    return 'inserted';
  }

  async replaceBooking(_before: BookingRecord, after: BookingRecord): Promise<InsertBookingResult> {
    const bookings = this.collection(COLLECTIONS.bookings);
    const current = await bookings.findOne({ _id: after.bookingId } as Document, this.options);
    if (!current) throw new Error(`replaceBooking: unknown booking ${after.bookingId}`);
    const doc = bookingDocument(after);
    const replaced = await this.uniquely(
      () => bookings.replaceOne({ _id: after.bookingId } as Document, doc, this.options),
      ONE_ACTIVE_BOOKING_INDEX,
    );
    if (!replaced) return 'user-already-booked';
    const changes: Array<[string, number]> = [];
    if (current.active) changes.push([current.slotKey, -current.spots]);
    if (doc.active) changes.push([after.slotKey, after.spots]);
    await this.adjustBookedSpots(changes);
    return 'inserted';
  }

  async insertIdempotency(record: IdempotencyRecord): Promise<InsertIdempotencyResult> {
    const inserted = await this.uniquely(
      () => this.collection(COLLECTIONS.idempotency).insertOne({ ...record }, this.options),
      'idempotency_token',
    );
    return inserted ? 'inserted' : 'token-exists';
  }

  private async adjustBookedSpots(changes: Array<[string, number]>): Promise<void> {
    const nonZero = changes.filter(([, delta]) => delta !== 0);
    if (nonZero.length === 0) return;
    await this.collection(COLLECTIONS.slots).bulkWrite(
      nonZero.map(([slotKey, delta]) => ({ updateOne: { filter: { slotKey }, update: q.bookedSpotsUpdate(delta) } })),
      { ...this.options, ordered: true },
    );
  }

  /**
   * Runs a write guarded by a unique index. A duplicate key on that index is a refusal: the server
   * has aborted the transaction already, so we abort our side too, end the unit, and answer false
   * for the unit to return a typed outcome (withTransaction then returns without committing). Any
   * other error propagates unchanged.
   */
  private async uniquely(write: () => Promise<unknown>, indexName: string): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (!isDuplicateKey(error) || duplicateIndexName(error) !== indexName) throw error;
      await this.tx.abortTransaction();
      this.ended = true;
      return false;
    }
  }
}

/** Outside transactions, driver errors become domain errors (UNAVAILABLE when the server is gone). */
function guardedReader(reader: StoreReader): StoreReader {
  return new Proxy(reader, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((error: unknown) => {
          throw toStoreError(error);
        });
    },
  });
}
