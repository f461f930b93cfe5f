// Reads of the MongoDB adapter, inside a transaction or in a snapshot session (see mongo.store.ts):
// either way every read of one call sees one snapshot.
import type { ClientSession, Db, Document } from 'mongodb';
import type { PaymentJob, PaymentOptionRecord, UserPaymentOptionRecord } from '../../domain/payments';
import type { BookingRecord, IdempotencyRecord, LeaseRecord, Merchant, ServiceRecord, SlotState } from '../../domain/records';
import { slotKeyString, type SlotKey } from '../../domain/slot-key';
import type { BookingScope, MerchantBookingsQuery, ServiceKey, SlotRangeQuery, StoreReader, UserBookingsQuery } from '../store.port';
import { COLLECTIONS, toBooking, toIdempotency, toInventorySlot, toLease, toMerchant, toService } from './documents';
import * as payments from './payments';
import * as q from './queries';

/** Reads, inside a transaction (session set) or not. */
export class MongoReader implements StoreReader {
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

  /** The collection getter that helper modules (payments.ts) take. */
  protected readonly collections = (name: string) => this.collection(name);

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

  async listBookingsOfUser(userId: string, afterSec: number, limit: number, scope: BookingScope = {}): Promise<BookingRecord[]> {
    const docs = await this.collection(COLLECTIONS.bookings)
      .find(q.userBookingsFilter(userId, afterSec, scope), this.options)
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

  async listMerchantBookings(query: MerchantBookingsQuery, atSec: number): Promise<BookingRecord[]> {
    const docs = await this.collection(COLLECTIONS.bookings)
      .find(q.merchantBookingsFilter(query, atSec, true), this.options)
      .sort(q.merchantBookingsSort)
      .limit(query.limit)
      .toArray();
    return docs.map(toBooking);
  }

  async countMerchantBookings(query: MerchantBookingsQuery, atSec: number): Promise<number> {
    return this.collection(COLLECTIONS.bookings).countDocuments(q.merchantBookingsFilter(query, atSec, false), this.options);
  }

  async listLapsedPendingBookings(atSec: number, limit: number): Promise<BookingRecord[]> {
    const docs = await this.collection(COLLECTIONS.bookings).find(q.lapsedPendingFilter(atSec), this.options).sort(q.lapsedPendingSort).limit(limit).toArray();
    return docs.map(toBooking);
  }

  async listActiveBookingsOfUser(query: UserBookingsQuery, atSec: number, limit: number): Promise<BookingRecord[]> {
    const docs = await this.collection(COLLECTIONS.bookings)
      .find(q.activeBookingsOfUserFilter(query, atSec), this.options)
      .sort(q.merchantBookingsSort)
      .limit(limit)
      .toArray();
    return docs.map(toBooking);
  }

  getPaymentOption(merchantId: string, paymentOptionId: string): Promise<PaymentOptionRecord | null> {
    return payments.getPaymentOption(this.collections, this.options, merchantId, paymentOptionId);
  }

  getUserPaymentOption(userPaymentOptionId: string): Promise<UserPaymentOptionRecord | null> {
    return payments.getUserPaymentOption(this.collections, this.options, userPaymentOptionId);
  }

  getPaymentJob(jobId: string): Promise<PaymentJob | null> {
    return payments.getPaymentJob(this.collections, this.options, jobId);
  }

  listDuePaymentJobs(atSec: number, limit: number): Promise<PaymentJob[]> {
    return payments.listDuePaymentJobs(this.collections, this.options, atSec, limit);
  }

  /** Slot documents with the spots their live leases and pending bookings hold, in the documents' order. */
  private async withLeases(docs: Document[], atSec: number): Promise<SlotState[]> {
    if (docs.length === 0) return [];
    const slotKeys = docs.map((d) => d.slotKey as string);
    const sums = async (collection: string, pipeline: Document[]) =>
      new Map((await this.collection(collection).aggregate(pipeline, this.options).toArray()).map((l) => [l._id as string, l.spots as number]));
    const leased = await sums(COLLECTIONS.leases, q.leasedSpotsPipeline(slotKeys, atSec));
    // Only slots that have had pending bookings with a deadline need the second read (the usual case has none).
    const withHolds = docs.filter((d) => (d.pendingHolds ?? 0) !== 0).map((d) => d.slotKey as string);
    const pending = withHolds.length ? await sums(COLLECTIONS.bookings, q.pendingHoldsPipeline(withHolds, atSec)) : new Map<string, number>();
    return docs.map((d) => ({
      slot: toInventorySlot(d),
      bookedSpots: (d.bookedSpots ?? 0) + (pending.get(d.slotKey) ?? 0),
      leasedSpots: leased.get(d.slotKey) ?? 0,
    }));
  }
}
