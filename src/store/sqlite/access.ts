// Reads and writes of the SQLite adapter on one connection. SqliteStore decides when they run: every
// unit of work is one transaction, and units and reads take turns (serial-queue.ts), so a read never
// sees a unit half-done and the one connection is never shared by two transactions.
import type { NewEvent } from '../../domain/events';
import type { PaymentJob, PaymentOptionRecord, UserPaymentOptionRecord } from '../../domain/payments';
import type Database from 'libsql';
import type { BookingRecord, IdempotencyRecord, InventorySlot, LeaseRecord, Merchant, ServiceRecord, SlotState } from '../../domain/records';
import { BookingStatus, isActiveStatus } from '../../domain/enums';
import { slotKeyString, type SlotKey } from '../../domain/slot-key';
import {
  UnitEndedError,
  type InsertBookingResult,
  type InsertIdempotencyResult,
  type MerchantBookingsQuery,
  type ServiceKey,
  type BookingScope,
  type SlotRangeQuery,
  type UserBookingsQuery,
  type StoreReader,
  type StoreWriter,
} from '../store.port';
import { docOf, toBooking, toIdempotency, toLease, toMerchant, toService, toSlotState, type LeaseRow, type SlotRow } from './rows';
import type { Statements } from './statements';

type DocRow = { id: string; doc: string };
const json = (values: readonly unknown[]) => JSON.stringify(values);

/** Positional answers for batch reads: one entry per requested id, null when absent. */
function byId<T>(ids: readonly string[], rows: DocRow[], convert: (row: DocRow) => T): Array<T | null> {
  const found = new Map(rows.map((r) => [r.id, convert(r)]));
  return ids.map((id) => found.get(id) ?? null);
}

export class SqliteReader implements StoreReader {
  constructor(protected readonly sql: Statements) {}

  /** Writers end with a refusal (port: InsertBookingResult); readers never end. */
  protected q(name: Parameters<Statements['get']>[0]): Database.Statement {
    return this.sql.get(name);
  }

  /** One record by its key (a one-key form of a batch read), or null. */
  private one<T>(name: Parameters<Statements['get']>[0], params: unknown[], convert: (doc: string) => T): T | null {
    const row = this.q(name).get(...params) as { doc: string } | undefined;
    return row ? convert(row.doc) : null;
  }

  async getMerchants(ids: readonly string[]): Promise<Array<Merchant | null>> {
    if (ids.length === 0) return [];
    if (ids.length === 1) return [this.one('merchant', [ids[0]], toMerchant)];
    return byId(ids, this.q('merchants').all(json(ids)) as DocRow[], (r) => toMerchant(r.doc));
  }

  async getServices(keys: readonly ServiceKey[]): Promise<Array<ServiceRecord | null>> {
    if (keys.length === 0) return [];
    if (keys.length === 1) return [this.one('service', [keys[0].merchantId, keys[0].serviceId], toService)];
    const rows = this.q('services').all(json(keys.map((k) => [k.merchantId, k.serviceId]))) as Array<{ merchant_id: string; service_id: string; doc: string }>;
    const found = new Map(rows.map((r) => [json([r.merchant_id, r.service_id]), toService(r.doc)]));
    return keys.map((k) => found.get(json([k.merchantId, k.serviceId])) ?? null);
  }

  async listServicesOfMerchants(ids: readonly string[]): Promise<ServiceRecord[][]> {
    if (ids.length === 0) return [];
    const rows = this.q('servicesOfMerchants').all(json(ids)) as Array<{ merchant_id: string; doc: string }>;
    return ids.map((id) => rows.filter((r) => r.merchant_id === id).map((r) => toService(r.doc)));
  }

  async listMerchantBookings(query: MerchantBookingsQuery, atSec: number): Promise<BookingRecord[]> {
    // After a cursor the index range starts at the cursor's start, so a deep page costs what the first does.
    const from = query.after ? Math.max(query.startSecFrom, query.after.startSec) : query.startSecFrom;
    const params = merchantBookingsParams({ ...query, startSecFrom: from }, atSec);
    const rows = this.q('merchantBookings').all(...params, query.after?.startSec ?? null, query.after?.bookingId ?? null, query.limit) as Array<{ doc: string }>;
    return rows.map((r) => toBooking(r.doc));
  }

  async countMerchantBookings(query: MerchantBookingsQuery, atSec: number): Promise<number> {
    return (this.q('countMerchantBookings').get(...merchantBookingsParams(query, atSec)) as { n: number }).n;
  }

  async listActiveBookingsOfUser(query: UserBookingsQuery, atSec: number, limit: number): Promise<BookingRecord[]> {
    const { callerId, userId, merchantId, startAfterSec, startBeforeSec } = query;
    const rows = this.q('activeBookingsOfUser').all(callerId, userId, merchantId, startAfterSec, startBeforeSec ?? null, atSec, limit) as Array<{ doc: string }>;
    return rows.map((r) => toBooking(r.doc));
  }

  async getSlotStates(keys: readonly SlotKey[], atSec: number): Promise<Array<SlotState | null>> {
    if (keys.length === 0) return [];
    if (keys.length === 1) {
      const row = this.q('slotState').get(atSec, slotKeyString(keys[0])) as SlotRow | undefined;
      return [row ? toSlotState(row) : null];
    }
    const slotKeys = keys.map(slotKeyString);
    const rows = this.q('slotStates').all(atSec, json(slotKeys)) as SlotRow[];
    const found = new Map(rows.map((r) => [r.slot_key, toSlotState(r)]));
    return slotKeys.map((k) => found.get(k) ?? null);
  }

  async findSlotStates(query: SlotRangeQuery, atSec: number): Promise<SlotState[]> {
    const rows = this.q('slotRange').all(
      atSec,
      query.merchantId,
      query.serviceId ?? null,
      query.startSecFrom,
      query.startSecTo,
      query.minFreeSpots ?? null,
      query.limit,
    ) as SlotRow[];
    return rows.map(toSlotState);
  }

  async getBookings(ids: readonly string[]): Promise<Array<BookingRecord | null>> {
    if (ids.length === 0) return [];
    return byId(ids, this.q('bookings').all(json(ids)) as DocRow[], (r) => toBooking(r.doc));
  }

  async listBookingsOfUser(userId: string, afterSec: number, limit: number, scope: BookingScope = {}): Promise<BookingRecord[]> {
    const merchants = scope.merchantIds ? json(scope.merchantIds) : null;
    const rows = this.q('bookingsOfUser').all(userId, afterSec, merchants, limit, scope.callerId ?? null) as Array<{ doc: string }>;
    return rows.map((r) => toBooking(r.doc));
  }

  async getLeases(ids: readonly string[]): Promise<Array<LeaseRecord | null>> {
    if (ids.length === 0) return [];
    const rows = this.q('leases').all(json(ids)) as Array<LeaseRow & { id: string }>;
    const found = new Map(rows.map((r) => [r.id, toLease(r)]));
    return ids.map((id) => found.get(id) ?? null);
  }

  async findLiveLease(callerId: string, userReference: string, slotKey: string, atSec: number): Promise<LeaseRecord | null> {
    const row = this.q('liveLease').get(callerId, userReference, slotKey, atSec) as LeaseRow | undefined;
    return row ? toLease(row) : null;
  }

  async findActiveBookingOfUser(callerId: string, slotKey: string, userId: string): Promise<BookingRecord | null> {
    const row = this.q('activeBooking').get(slotKey, callerId, userId) as { doc: string } | undefined;
    return row ? toBooking(row.doc) : null;
  }

  async getIdempotency(callerId: string, token: string): Promise<IdempotencyRecord | null> {
    const row = this.q('idempotency').get(callerId, token) as { doc: string } | undefined;
    return row ? toIdempotency(row.doc) : null;
  }

  async listLapsedPendingBookings(atSec: number, limit: number): Promise<BookingRecord[]> {
    return (this.q('lapsedPending').all(atSec, limit) as DocRow[]).map((r) => toBooking(r.doc));
  }

  async getPaymentOption(merchantId: string, paymentOptionId: string): Promise<PaymentOptionRecord | null> {
    return this.one('paymentOption', [merchantId, paymentOptionId], parseDoc<PaymentOptionRecord>);
  }

  async getUserPaymentOption(userPaymentOptionId: string): Promise<UserPaymentOptionRecord | null> {
    return this.one('userPaymentOption', [userPaymentOptionId], parseDoc<UserPaymentOptionRecord>);
  }

  async getPaymentJob(jobId: string): Promise<PaymentJob | null> {
    return this.one('paymentJob', [jobId], parseDoc<PaymentJob>);
  }

  async listDuePaymentJobs(atSec: number, limit: number): Promise<PaymentJob[]> {
    return (this.q('duePaymentJobs').all(atSec, limit) as DocRow[]).map((r) => parseDoc<PaymentJob>(r.doc));
  }
}

const parseDoc = <T>(doc: string): T => JSON.parse(doc) as T;

/** SQLite's answer to a write that breaks a unique index, naming its columns (e.g. "bookings.slot_key, …"). */
function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; message?: string };
  if (e?.code !== 'SQLITE_CONSTRAINT_UNIQUE' && e?.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return null;
  return /constraint failed: (.+)$/.exec(e.message ?? '')?.[1] ?? '';
}

const ONE_ACTIVE_BOOKING = 'bookings.slot_key, bookings.caller_id, bookings.user_id';
const IDEMPOTENCY_KEY = 'idempotency.caller_id, idempotency.token';

/** Reads and writes inside the unit's transaction. A refusal rolls the transaction back at once. */
export class SqliteWriter extends SqliteReader implements StoreWriter {
  ended = false;

  constructor(
    sql: Statements,
    private readonly db: Database.Database,
  ) {
    super(sql);
  }

  protected override q(name: Parameters<Statements['get']>[0]): Database.Statement {
    if (this.ended) throw new UnitEndedError();
    return super.q(name);
  }

  /** A refusal ends the unit like a unique-index violation ends a MongoDB transaction (port: UnitEndedError). */
  private refused<T>(outcome: T): T {
    this.db.exec('ROLLBACK');
    this.ended = true;
    return outcome;
  }

  async upsertMerchant(merchant: Merchant): Promise<void> {
    this.q('upsertMerchant').run(merchant.merchantId, docOf(merchant));
  }

  async upsertService(service: ServiceRecord): Promise<void> {
    this.q('upsertService').run(service.merchantId, service.serviceId, docOf(service));
  }

  async upsertSlots(slots: readonly InventorySlot[]): Promise<void> {
    const statement = this.q('upsertSlot');
    for (const s of slots) {
      statement.run(slotKeyString(s), s.merchantId, s.serviceId, s.startSec, s.durationSec, s.staffId, s.roomId, s.spotsTotal, s.availabilityTag, s.confirmationMode, s.staffName, s.roomName);
    }
  }

  async deleteSlots(keys: readonly SlotKey[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.q('deleteSlots').run(json(keys.map(slotKeyString))).changes;
  }

  async insertLease(lease: LeaseRecord): Promise<void> {
    const { consumedAtSec, ...rest } = lease;
    this.q('insertLease').run(lease.leaseId, lease.callerId, lease.userReference, lease.slotKey, lease.spots, lease.leaseExpirationTimeSec, consumedAtSec, docOf(rest));
  }

  async consumeLease(leaseId: string, atSec: number): Promise<void> {
    this.q('consumeLease').run(atSec, leaseId);
  }

  async expireLease(leaseId: string, atSec: number): Promise<void> {
    this.q('expireLease').run(atSec, leaseId);
  }

  /** Units run one at a time here: nothing can race, so there is nothing to lock. */
  async lockUser(): Promise<void> {
    this.q('anyMerchant'); // a store call after a refusal still ends the unit (UnitEndedError)
  }

  async insertBooking(booking: BookingRecord): Promise<InsertBookingResult> {
    try {
      this.q('insertBooking').run(...bookingColumns(booking));
    } catch (error) {
      if (uniqueViolation(error) === ONE_ACTIVE_BOOKING) return this.refused('user-already-booked');
      throw error;
    }
    if (countsInCounter(booking)) this.q('adjustBooked').run(booking.spots, booking.slotKey);
    return 'inserted';
  }

  async replaceBooking(_before: BookingRecord, after: BookingRecord): Promise<InsertBookingResult> {
    const current = this.q('bookingRow').get(after.bookingId) as { slot_key: string; spots: number; active: number; hold_until: number | null } | undefined;
    if (!current) throw new Error(`replaceBooking: unknown booking ${after.bookingId}`);
    const [bookingId, ...rest] = bookingColumns(after);
    try {
      this.q('updateBooking').run(...rest, bookingId);
    } catch (error) {
      if (uniqueViolation(error) === ONE_ACTIVE_BOOKING) return this.refused('user-already-booked');
      throw error;
    }
    if (current.active && current.hold_until === null) this.q('adjustBooked').run(-current.spots, current.slot_key);
    if (countsInCounter(after)) this.q('adjustBooked').run(after.spots, after.slotKey);
    return 'inserted';
  }

  async appendEvents(events: readonly NewEvent[]): Promise<void> {
    for (const event of events) {
      const { last } = this.q('nextSequence').get(event.aggregateId) as { last: number };
      this.q('insertEvent').run(event.id, event.aggregateId, last, event.occurredAtMs, docOf(event));
    }
  }

  async upsertPaymentOption(option: PaymentOptionRecord): Promise<void> {
    this.q('upsertPaymentOption').run(option.merchantId, option.paymentOptionId, docOf(option));
  }

  async putUserPaymentOption(option: UserPaymentOptionRecord): Promise<void> {
    this.q('putUserPaymentOption').run(option.userPaymentOptionId, docOf(option));
  }

  async putPaymentJob(job: PaymentJob): Promise<void> {
    this.q('putPaymentJob').run(job.jobId, job.dueAtSec, docOf(job));
  }

  async deletePaymentJob(jobId: string): Promise<void> {
    this.q('deletePaymentJob').run(jobId);
  }

  async insertIdempotency(record: IdempotencyRecord): Promise<InsertIdempotencyResult> {
    try {
      this.q('insertIdempotency').run(record.callerId, record.token, docOf(record));
    } catch (error) {
      if (uniqueViolation(error) === IDEMPOTENCY_KEY) return this.refused('token-exists');
      throw error;
    }
    return 'inserted';
  }
}

/** A pending booking's deadline (its spots are then counted at read time, not in booked_spots). */
const holdUntil = (b: BookingRecord): number | null => (b.status === BookingStatus.PENDING_MERCHANT_CONFIRMATION ? b.confirmationDeadlineSec : null);

/** Whether the booking's spots are in its slot's booked_spots counter: active, with no deadline. */
const countsInCounter = (b: BookingRecord): boolean => isActiveStatus(b.status) && holdUntil(b) === null;

function bookingColumns(b: BookingRecord): Array<string | number | null> {
  return [
    b.bookingId,
    b.callerId,
    b.slotKey,
    b.userInformation.userId,
    b.slot.startSec,
    b.createdAtSec,
    b.spots,
    isActiveStatus(b.status) ? 1 : 0,
    docOf(b),
    b.slot.merchantId,
    b.slot.serviceId,
    b.slot.resources?.staffId ?? '',
    b.status,
    holdUntil(b),
  ];
}

function merchantBookingsParams(q: MerchantBookingsQuery, atSec: number): Array<string | number | null> {
  return [q.merchantId, q.startSecFrom, q.startSecTo, q.serviceId ?? null, q.staffId ?? null, q.statuses?.length ? json(q.statuses) : null, atSec];
}
