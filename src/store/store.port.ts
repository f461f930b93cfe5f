// The storage port: what the booking domain needs from persistence, nothing more.
// Adapters (memory, mongodb) implement it; services depend only on this file and src/domain.
import type {
  BookingRecord,
  IdempotencyRecord,
  InventorySlot,
  LeaseRecord,
  Merchant,
  ServiceRecord,
  SlotState,
} from '../domain/records';
import type { BookingStatus } from '../domain/enums';
import type { SlotKey } from '../domain/slot-key';
import type { NewEvent } from '../domain/events';
import type { EventStore } from './events.port';
import type { PaymentJob, PaymentOptionRecord, UserPaymentOptionRecord } from '../domain/payments';

export interface ServiceKey {
  merchantId: string;
  serviceId: string;
}

export interface SlotRangeQuery {
  merchantId: string;
  /** Restrict to one service; all services of the merchant when absent. */
  serviceId?: string | null;
  /** Inclusive lower bound on startSec. */
  startSecFrom: number;
  /** Exclusive upper bound on startSec. */
  startSecTo: number;
  /** At most this many slots, soonest first. */
  limit: number;
  /**
   * Only slots with at least this many free spots at the instant asked about (spotsTotal − active
   * bookings − live leases); all slots when absent. The limit counts matching slots only, so the
   * answer does not depend on how many full slots come first.
   */
  minFreeSpots?: number;
}

/** A page of a merchant's bookings (merchantBookings), ordered by (slot.startSec, bookingId). */
export interface MerchantBookingsQuery {
  merchantId: string;
  /** startSecFrom <= slot.startSec < startSecTo. */
  startSecFrom: number;
  startSecTo: number;
  serviceId?: string | null;
  staffId?: string | null;
  /** Statuses as of the instant asked about (a pending booking past its deadline is DECLINED_BY_MERCHANT); all when absent. */
  statuses?: readonly BookingStatus[] | null;
  /** Only bookings after this one in the order (keyset pagination: a page never shifts). */
  after?: { startSec: number; bookingId: string } | null;
  limit: number;
}

/** Narrows a listing of bookings: only these merchants' (null: all), only those one caller made (null: any). */
export interface BookingScope {
  merchantIds?: readonly string[] | null;
  callerId?: string | null;
}

/** One user's bookings at one merchant (the per-user booking rules). Users are per caller. */
export interface UserBookingsQuery {
  callerId: string;
  merchantId: string;
  userId: string;
  /** Exclusive lower bound of slot.startSec. */
  startAfterSec: number;
  /** Exclusive upper bound of slot.startSec; none when absent. */
  startBeforeSec?: number | null;
}

/** Reads. Batch methods answer positionally (one entry per key, null when absent) for DataLoader. */
export interface StoreReader {
  getMerchants(merchantIds: readonly string[]): Promise<Array<Merchant | null>>;
  getServices(keys: readonly ServiceKey[]): Promise<Array<ServiceRecord | null>>;
  /** For each merchant id, its services ordered by serviceId. */
  listServicesOfMerchants(merchantIds: readonly string[]): Promise<ServiceRecord[][]>;
  /** Slot states judged at `atSec` (leases expiring at or before it hold nothing). */
  getSlotStates(keys: readonly SlotKey[], atSec: number): Promise<Array<SlotState | null>>;
  /** Slots of a merchant in a start-time range, ordered by (startSec, serviceId, durationSec, staffId, roomId). */
  findSlotStates(query: SlotRangeQuery, atSec: number): Promise<SlotState[]>;
  getBookings(bookingIds: readonly string[]): Promise<Array<BookingRecord | null>>;
  /** A user's bookings with startSec > afterSec, soonest first, cancelled ones included. */
  listBookingsOfUser(userId: string, afterSec: number, limit: number, scope?: BookingScope): Promise<BookingRecord[]>;
  getLeases(leaseIds: readonly string[]): Promise<Array<LeaseRecord | null>>;
  /** The unconsumed lease a caller holds under `userReference` on a slot, if it is still live at `atSec`. */
  findLiveLease(callerId: string, userReference: string, slotKey: string, atSec: number): Promise<LeaseRecord | null>;
  /** A page of a merchant's bookings, judged at `atSec` (statuses as of then). */
  listMerchantBookings(query: MerchantBookingsQuery, atSec: number): Promise<BookingRecord[]>;
  /** How many bookings the query matches in all (after and limit ignored). */
  countMerchantBookings(query: MerchantBookingsQuery, atSec: number): Promise<number>;
  /**
   * The bookings of one user (of one caller) at a merchant with startAfterSec < slot.startSec <
   * startBeforeSec that hold spots at `atSec` (CONFIRMED, or PENDING before its deadline), soonest
   * first, at most `limit`.
   */
  listActiveBookingsOfUser(query: UserBookingsQuery, atSec: number, limit: number): Promise<BookingRecord[]>;
  /**
   * The user's active (CONFIRMED or PENDING) booking on a slot, if any, a pending one past its deadline
   * included (the caller decides what it counts as). Users are per caller (api-contract "Users are per
   * caller"): only bookings the same caller made count.
   */
  findActiveBookingOfUser(callerId: string, slotKey: string, userId: string): Promise<BookingRecord | null>;
  getIdempotency(callerId: string, token: string): Promise<IdempotencyRecord | null>;
  /**
   * Pending bookings whose confirmation deadline is at or before `atSec` (they count as declined, but
   * their stored status still says pending), earliest deadline first, at most `limit`.
   */
  listLapsedPendingBookings(atSec: number, limit: number): Promise<BookingRecord[]>;
  getPaymentOption(merchantId: string, paymentOptionId: string): Promise<PaymentOptionRecord | null>;
  getUserPaymentOption(userPaymentOptionId: string): Promise<UserPaymentOptionRecord | null>;
  getPaymentJob(jobId: string): Promise<PaymentJob | null>;
  /** Payment work whose dueAtSec is at or before `atSec`, earliest first, at most `limit`. */
  listDuePaymentJobs(atSec: number, limit: number): Promise<PaymentJob[]>;
}

/**
 * A refusal ('user-already-booked', 'token-exists') ends the unit of work, as a unique-index
 * violation ends a MongoDB transaction: the unit's writes are discarded, any further store call in
 * it throws UnitEndedError, and the unit should simply return (its return value is still returned).
 */
export type InsertBookingResult = 'inserted' | 'user-already-booked';
export type InsertIdempotencyResult = 'inserted' | 'token-exists';

export class UnitEndedError extends Error {
  constructor() {
    super('this unit of work ended with a refusal; it may make no further store calls');
    this.name = 'UnitEndedError';
  }
}

/**
 * Reads and writes inside one atomic unit of work.
 *
 * Isolation is what makes a read-check-write safe: two units that read the state of the same slot
 * and then both change what it holds (insertLease, insertBooking, replaceBooking, consumeLease,
 * upsertSlots) never both commit on what they read; one of them runs again on the other's result.
 * Adapters that run units one at a time (memory, SQLite) have it by construction; MongoDB gets it
 * from snapshot reads and a write to the slot's document in each of those writes (writer.ts).
 */
export interface StoreWriter extends StoreReader {
  upsertMerchant(merchant: Merchant): Promise<void>;
  upsertService(service: ServiceRecord): Promise<void>;
  upsertSlots(slots: readonly InventorySlot[]): Promise<void>;
  /** Deletes these slots from the inventory (bookings and leases that name them stay); answers how many existed. */
  deleteSlots(keys: readonly SlotKey[]): Promise<number>;
  insertLease(lease: LeaseRecord): Promise<void>;
  consumeLease(leaseId: string, atSec: number): Promise<void>;
  /** Ends a lease at `atSec` (its expiration moves there when it was later): it holds nothing from then on. */
  expireLease(leaseId: string, atSec: number): Promise<void>;
  /**
   * Makes concurrent units that lock the same user (of one caller, at one merchant) conflict, for the
   * per-user booking limit and overlap rules (MongoDB: a write to a per-user document).
   */
  lockUser(callerId: string, merchantId: string, userId: string): Promise<void>;
  /** Unique (callerId, slotKey, userId) over active bookings is enforced here, as a typed outcome (a refusal). */
  insertBooking(booking: BookingRecord): Promise<InsertBookingResult>;
  /** Replaces a booking (status change or reschedule); the adapter keeps its capacity counts in step. */
  replaceBooking(before: BookingRecord, after: BookingRecord): Promise<InsertBookingResult>;
  /** Unique (callerId, token) is enforced here, as a typed outcome (a refusal). */
  insertIdempotency(record: IdempotencyRecord): Promise<InsertIdempotencyResult>;
  /**
   * Appends events to the outbox in this unit (they commit with it or not at all), each given the
   * next sequence number of its aggregate, in the order given.
   */
  appendEvents(events: readonly NewEvent[]): Promise<void>;
  upsertPaymentOption(option: PaymentOptionRecord): Promise<void>;
  /**
   * Inserts or replaces a user's payment option. Two units that read the same option and both write
   * it never both commit (its count is spent with a booking, atomically).
   */
  putUserPaymentOption(option: UserPaymentOptionRecord): Promise<void>;
  /** Inserts or replaces; two units writing the same job never both commit. */
  putPaymentJob(job: PaymentJob): Promise<void>;
  deletePaymentJob(jobId: string): Promise<void>;
}

// Every port method by name (decorators wrap them; the MongoDB adapter opens a snapshot per read),
// checked against the interfaces at compile time: a new method must be listed here.
export const STORE_READER_METHODS = [
  'getMerchants',
  'getServices',
  'listServicesOfMerchants',
  'getSlotStates',
  'findSlotStates',
  'getBookings',
  'listBookingsOfUser',
  'getLeases',
  'findLiveLease',
  'findActiveBookingOfUser',
  'getIdempotency',
  'listMerchantBookings',
  'countMerchantBookings',
  'listActiveBookingsOfUser',
  'listLapsedPendingBookings',
  'getPaymentOption',
  'getUserPaymentOption',
  'getPaymentJob',
  'listDuePaymentJobs',
] as const satisfies ReadonlyArray<keyof StoreReader>;
export const STORE_WRITER_METHODS = [
  ...STORE_READER_METHODS,
  'upsertMerchant',
  'upsertService',
  'upsertSlots',
  'deleteSlots',
  'insertLease',
  'consumeLease',
  'expireLease',
  'lockUser',
  'insertBooking',
  'replaceBooking',
  'insertIdempotency',
  'appendEvents',
  'upsertPaymentOption',
  'putUserPaymentOption',
  'putPaymentJob',
  'deletePaymentJob',
] as const satisfies ReadonlyArray<keyof StoreWriter>;
type UnlistedReader = Exclude<keyof StoreReader, (typeof STORE_READER_METHODS)[number]>;
type UnlistedWriter = Exclude<keyof StoreWriter, (typeof STORE_WRITER_METHODS)[number]>;
const allListed: [UnlistedReader | UnlistedWriter] extends [never] ? true : { unlisted: UnlistedReader | UnlistedWriter } = true;
void allListed;

export type StoreKind = 'memory' | 'sqlite' | 'mongodb';

/** Expired leases stay readable (lease(leaseId)) this long before housekeeping may delete them. */
export const LEASE_RETENTION_SEC = 24 * 3600;

export interface BookingStore {
  readonly kind: StoreKind;
  /** Reads outside a unit of work; each call sees a consistent state. */
  readonly reader: StoreReader;
  /** Webhook subscriptions, the outbox as the dispatcher reads it, and deliveries. */
  readonly events: EventStore;
  /**
   * Runs `work` as one atomic unit: isolated from every concurrent unit, all of its writes or none.
   * An error thrown by `work` rolls the unit back and is rethrown unchanged.
   */
  unitOfWork<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /** True while the store can serve requests. */
  ping(): Promise<boolean>;
  /** True when the store holds no merchant (the demo seed goes only into an empty store). */
  isEmpty(): Promise<boolean>;
  /** Housekeeping: forget leases that expired before `beforeSec` (correctness never depends on it). */
  purgeExpiredLeases(beforeSec: number): Promise<number>;
  close(): Promise<void>;
}
