// The embedded default store: everything in process memory, lost on exit. Units of work and reads
// run one at a time through a SerialQueue, so each read-check-write is atomic and isolated; a unit
// that throws is rolled back from its UndoLog before the error goes on.
import type { BookingRecord, IdempotencyRecord, InventorySlot, LeaseRecord, Merchant, ServiceRecord } from '../../domain/records';
import type { SlotKey } from '../../domain/slot-key';
import { UnitEndedError, type BookingStore, type ServiceKey, type SlotRangeQuery, type StoreReader, type StoreWriter } from '../store.port';
import { MemoryState } from './memory-state';
import { SerialQueue } from './serial-queue';
import { UndoLog } from './undo-log';

export class MemoryStore implements BookingStore {
  readonly kind = 'memory' as const;
  readonly reader: StoreReader;
  private readonly state = new MemoryState();
  private readonly queue = new SerialQueue();
  private closed = false;

  constructor() {
    this.reader = queuedReader(this.state, this.queue);
  }

  unitOfWork<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      const log = new UndoLog();
      try {
        return await work(new MemoryWriter(this.state, log));
      } catch (error) {
        log.rollback();
        throw error;
      }
    });
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  purgeExpiredLeases(beforeSec: number): Promise<number> {
    return this.queue.run(() => this.state.purgeExpiredLeases(beforeSec));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function queuedReader(state: MemoryState, queue: SerialQueue): StoreReader {
  return {
    getMerchants: (ids) => queue.run(() => state.getMerchants(ids)),
    getServices: (keys) => queue.run(() => state.getServices(keys)),
    listServicesOfMerchants: (ids) => queue.run(() => state.listServicesOfMerchants(ids)),
    getSlotStates: (keys, at) => queue.run(() => state.getSlotStates(keys, at)),
    findSlotStates: (q, at) => queue.run(() => state.findSlotStates(q, at)),
    getBookings: (ids) => queue.run(() => state.getBookings(ids)),
    listBookingsOfUser: (userId, after, limit) => queue.run(() => state.listBookingsOfUser(userId, after, limit)),
    getLeases: (ids) => queue.run(() => state.getLeases(ids)),
    findLiveLease: (c, r, k, at) => queue.run(() => state.findLiveLease(c, r, k, at)),
    findActiveBookingOfUser: (c, k, u) => queue.run(() => state.findActiveBookingOfUser(c, k, u)),
    getIdempotency: (c, t) => queue.run(() => state.getIdempotency(c, t)),
  };
}

/** The view a unit of work gets: direct access to the state (the unit already holds the queue). */
class MemoryWriter implements StoreWriter {
  private ended = false;

  constructor(
    private readonly state: MemoryState,
    private readonly log: UndoLog,
  ) {}

  /** The state, while the unit is still open (see UnitEndedError). */
  private get live(): MemoryState {
    if (this.ended) throw new UnitEndedError();
    return this.state;
  }

  /** A refusal ends the unit: what it wrote is undone at once (port: InsertBookingResult). */
  private refused<T>(outcome: T): T {
    this.log.rollback();
    this.ended = true;
    return outcome;
  }

  async getMerchants(ids: readonly string[]) {
    return this.live.getMerchants(ids);
  }
  async getServices(keys: readonly ServiceKey[]) {
    return this.live.getServices(keys);
  }
  async listServicesOfMerchants(ids: readonly string[]) {
    return this.live.listServicesOfMerchants(ids);
  }
  async getSlotStates(keys: readonly SlotKey[], atSec: number) {
    return this.live.getSlotStates(keys, atSec);
  }
  async findSlotStates(q: SlotRangeQuery, atSec: number) {
    return this.live.findSlotStates(q, atSec);
  }
  async getBookings(ids: readonly string[]) {
    return this.live.getBookings(ids);
  }
  async listBookingsOfUser(userId: string, afterSec: number, limit: number) {
    return this.live.listBookingsOfUser(userId, afterSec, limit);
  }
  async getLeases(ids: readonly string[]) {
    return this.live.getLeases(ids);
  }
  async findLiveLease(callerId: string, userReference: string, slotKey: string, atSec: number) {
    return this.live.findLiveLease(callerId, userReference, slotKey, atSec);
  }
  async findActiveBookingOfUser(callerId: string, slotKey: string, userId: string) {
    return this.live.findActiveBookingOfUser(callerId, slotKey, userId);
  }
  async getIdempotency(callerId: string, token: string) {
    return this.live.getIdempotency(callerId, token);
  }
  async upsertMerchant(merchant: Merchant) {
    this.live.upsertMerchant(this.log, merchant);
  }
  async upsertService(service: ServiceRecord) {
    this.live.upsertService(this.log, service);
  }
  async upsertSlots(slots: readonly InventorySlot[]) {
    for (const slot of slots) this.live.upsertSlot(this.log, slot);
  }
  async insertLease(lease: LeaseRecord) {
    this.live.insertLease(this.log, lease);
  }
  async consumeLease(leaseId: string, atSec: number) {
    this.live.consumeLease(this.log, leaseId, atSec);
  }
  async insertBooking(booking: BookingRecord) {
    const outcome = this.live.insertBooking(this.log, booking);
    return outcome === 'inserted' ? outcome : this.refused(outcome);
  }
  async replaceBooking(_before: BookingRecord, after: BookingRecord) {
    const outcome = this.live.replaceBooking(this.log, after);
    return outcome === 'inserted' ? outcome : this.refused(outcome);
  }
  async insertIdempotency(record: IdempotencyRecord) {
    const outcome = this.live.insertIdempotency(this.log, record);
    return outcome === 'inserted' ? outcome : this.refused(outcome);
  }
}
