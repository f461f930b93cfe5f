// Writes of the MongoDB adapter, inside one transaction. Isolation between units comes from
// snapshot reads and first-writer-wins write conflicts: every write that changes what a slot holds
// also writes that slot's document (bookedSpots, or lockVersion for a lease), so two units that
// read the same slot and both take spots from it conflict, and the later one re-runs on fresh data.
// A unit that only reads and refuses writes nothing, and so never waits behind a conflict.
import type { ClientSession, Db, Document } from 'mongodb';
import type { NewEvent } from '../../domain/events';
import type { PaymentJob, PaymentOptionRecord, UserPaymentOptionRecord } from '../../domain/payments';
import type { BookingRecord, IdempotencyRecord, InventorySlot, LeaseRecord, Merchant, ServiceRecord } from '../../domain/records';
import { slotKeyString, type SlotKey } from '../../domain/slot-key';
import type { InsertBookingResult, InsertIdempotencyResult, StoreWriter } from '../store.port';
import { UnitEndedError } from '../store.port';
import { COLLECTIONS, bookingDocument, holdsUntilDeadline, inCounter, leaseDocument, merchantDocument } from './documents';
import { duplicateIndexName, isDuplicateKey } from './errors';
import { ONE_ACTIVE_BOOKING_INDEX } from './indexes';
import { appendToOutbox } from './outbox';
import * as payments from './payments';
import * as q from './queries';
import { MongoReader } from './reader';

/** Reads and writes inside one transaction. */
export class MongoWriter extends MongoReader implements StoreWriter {
  /** Set by a refusal (the transaction is aborted already): see MongoStore.unitOfWork. */
  ended = false;

  constructor(db: Db, private readonly tx: ClientSession) {
    super(db, tx);
  }

  protected override assertOpen(): void {
    // After an abort the session would run later operations outside any transaction: refuse them.
    if (this.ended) throw new UnitEndedError();
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
    const result = await this.collection(COLLECTIONS.slots).bulkWrite(
      slots.map((slot) => ({ updateOne: { filter: q.identityFilter(slot), update: q.upsertSlotUpdate(slot), upsert: true } })),
      { ...this.options, ordered: true },
    );
    // A slot created anew (also one deleted and created again) counts the bookings that already name
    // its key, as the counters of an existing slot do: without this, a booking left on a deleted slot
    // would be missing from the counters of its successor.
    const created = Object.keys(result.upsertedIds ?? {}).map((i) => slotKeyString(slots[Number(i)]));
    if (created.length === 0) return;
    const counts = await this.collection(COLLECTIONS.bookings).aggregate(q.slotCountersPipeline(created), this.options).toArray();
    if (counts.length === 0) return;
    await this.collection(COLLECTIONS.slots).bulkWrite(
      counts.map((c) => ({ updateOne: { filter: { slotKey: c._id }, update: { $set: { bookedSpots: c.bookedSpots, pendingHolds: c.pendingHolds } } } })),
      { ...this.options, ordered: true },
    );
  }

  async deleteSlots(keys: readonly SlotKey[]): Promise<number> {
    if (keys.length === 0) return 0;
    const result = await this.collection(COLLECTIONS.slots).deleteMany(q.slotsByKeyFilter(keys.map(slotKeyString)), this.options);
    return result.deletedCount;
  }

  async expireLease(leaseId: string, atSec: number): Promise<void> {
    await this.collection(COLLECTIONS.leases).updateOne(q.expireLeaseFilter(leaseId, atSec), q.expireLeaseUpdate(atSec), this.options);
  }

  async lockUser(callerId: string, merchantId: string, userId: string): Promise<void> {
    // The counted bookings live in many documents; this one is what two units booking for the same user write.
    await this.collection(COLLECTIONS.users).updateOne(q.userLockFilter(callerId, merchantId, userId), q.lockSlotsUpdate, {
      ...this.options,
      upsert: true,
    });
  }

  async insertLease(lease: LeaseRecord): Promise<void> {
    // A lease's spots live in the leases collection; the write to the slot is what makes a concurrent
    // unit that took spots from the same slot conflict with this one.
    await this.collection(COLLECTIONS.slots).updateOne({ slotKey: lease.slotKey }, q.lockSlotsUpdate, this.options);
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
    await this.adjustSlots(slotChanges(null, doc));
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
    await this.adjustSlots(slotChanges(current, doc));
    return 'inserted';
  }

  async insertIdempotency(record: IdempotencyRecord): Promise<InsertIdempotencyResult> {
    const inserted = await this.uniquely(
      () => this.collection(COLLECTIONS.idempotency).insertOne({ ...record }, this.options),
      'idempotency_token',
    );
    return inserted ? 'inserted' : 'token-exists';
  }

  /** Sequence numbers from per-aggregate counters, in this transaction (outbox.ts). */
  async appendEvents(events: readonly NewEvent[]): Promise<void> {
    await appendToOutbox((name) => this.collection(name), this.tx, events);
  }

  async upsertPaymentOption(option: PaymentOptionRecord): Promise<void> {
    await payments.upsertPaymentOption(this.collections, this.options, option);
  }

  /** One document per option: two units spending the same count write it, and the later one conflicts. */
  async putUserPaymentOption(option: UserPaymentOptionRecord): Promise<void> {
    await payments.putUserPaymentOption(this.collections, this.options, option);
  }

  async putPaymentJob(job: PaymentJob): Promise<void> {
    await payments.putPaymentJob(this.collections, this.options, job);
  }

  async deletePaymentJob(jobId: string): Promise<void> {
    await payments.deletePaymentJob(this.collections, this.options, jobId);
  }

  private async adjustSlots(changes: SlotChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.collection(COLLECTIONS.slots).bulkWrite(
      changes.map((c) => ({ updateOne: { filter: { slotKey: c.slotKey }, update: q.slotCountersUpdate(c.bookedSpots, c.pendingHolds) } })),
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

/** What a booking write changes on a slot document: its counters, or only its lock when it takes spots without them. */
interface SlotChange {
  slotKey: string;
  bookedSpots: number;
  pendingHolds: number;
}

/**
 * The slot writes of a booking going from `before` to `after` (either may be null). bookedSpots counts
 * active bookings without a deadline; pendingHolds counts pending ones with a deadline (their spots are
 * summed at read time, and only for slots where this is above 0). A booking that takes spots on a slot
 * always writes it, counters changed or not, so that concurrent units taking spots there conflict.
 */
function slotChanges(before: Document | null, after: Document | null): SlotChange[] {
  const bySlot = new Map<string, SlotChange>();
  const at = (slotKey: string) => bySlot.get(slotKey) ?? bySlot.set(slotKey, { slotKey, bookedSpots: 0, pendingHolds: 0 }).get(slotKey)!;
  if (before && inCounter(before)) at(before.slotKey).bookedSpots -= before.spots;
  if (before && holdsUntilDeadline(before)) at(before.slotKey).pendingHolds -= 1;
  if (after && inCounter(after)) at(after.slotKey).bookedSpots += after.spots;
  if (after && holdsUntilDeadline(after)) at(after.slotKey).pendingHolds += 1;
  // The slot the booking holds spots on is written even when nothing changed there (a lock).
  const takes = after?.active ? after.slotKey : null;
  return [...bySlot.values()].filter((c) => c.bookedSpots !== 0 || c.pendingHolds !== 0 || c.slotKey === takes);
}
