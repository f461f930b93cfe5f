// The memory store's data and indexes, with synchronous operations. Writes take an UndoLog so a
// failed unit of work can be rolled back; MemoryStore decides when operations run (one at a time).
import { isActiveStatus } from '../../domain/enums';
import type {
  BookingRecord,
  IdempotencyRecord,
  InventorySlot,
  LeaseRecord,
  Merchant,
  ServiceRecord,
  SlotState,
} from '../../domain/records';
import { joinKey, serviceKeyString, slotKeyString, type SlotKey } from '../../domain/slot-key';
import type { InsertBookingResult, InsertIdempotencyResult, ServiceKey, SlotRangeQuery } from '../store.port';
import { deepFreeze } from './deep-freeze';
import { mapDelete, mapSet, setAdd, setDelete, type UndoLog } from './undo-log';

/** Total order of a merchant's slots: by start first, so range queries are a binary search plus a scan. */
function compareSlots(a: InventorySlot, b: InventorySlot): number {
  return (
    a.startSec - b.startSec ||
    cmp(a.serviceId, b.serviceId) ||
    a.durationSec - b.durationSec ||
    cmp(a.staffId, b.staffId) ||
    cmp(a.roomId, b.roomId)
  );
}
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Stored records are private deep copies, frozen: neither the writer nor a reader can change them. */
const frozenCopy = <T>(record: T): T => deepFreeze(structuredClone(record));

/** First index whose element is not less than `probe` under `less`. */
function lowerBound<T>(items: readonly T[], less: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (less(items[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MemoryState {
  private readonly merchants = new Map<string, Merchant>();
  private readonly services = new Map<string, ServiceRecord>();
  private readonly servicesByMerchant = new Map<string, Map<string, ServiceRecord>>();
  private readonly slots = new Map<string, InventorySlot>();
  /** Per merchant, slots sorted by compareSlots. */
  private readonly slotsByMerchant = new Map<string, InventorySlot[]>();
  /** Spots held by active bookings, per slot key: kept in step by every booking write. */
  private readonly bookedSpots = new Map<string, number>();
  /** Unconsumed leases per slot key; whether each is live is judged at read time. */
  private readonly leasesBySlot = new Map<string, Set<string>>();
  private readonly leases = new Map<string, LeaseRecord>();
  /** (callerId, userReference, slotKey) → the newest unconsumed lease under that reference. */
  private readonly leaseByReference = new Map<string, string>();
  private readonly bookings = new Map<string, BookingRecord>();
  private readonly bookingsByUser = new Map<string, Set<string>>();
  /** (slotKey, userId) → the user's active booking there: "one booking per user per slot". */
  private readonly activeByUserSlot = new Map<string, string>();
  private readonly idempotency = new Map<string, IdempotencyRecord>();

  // ---- reads -------------------------------------------------------------------------------

  getMerchants(ids: readonly string[]): Array<Merchant | null> {
    return ids.map((id) => this.merchants.get(id) ?? null);
  }

  getServices(keys: readonly ServiceKey[]): Array<ServiceRecord | null> {
    return keys.map((k) => this.services.get(serviceKeyString(k.merchantId, k.serviceId)) ?? null);
  }

  listServicesOfMerchants(merchantIds: readonly string[]): ServiceRecord[][] {
    return merchantIds.map((id) =>
      [...(this.servicesByMerchant.get(id)?.values() ?? [])].sort((a, b) => cmp(a.serviceId, b.serviceId)),
    );
  }

  getSlotStates(keys: readonly SlotKey[], atSec: number): Array<SlotState | null> {
    return keys.map((k) => this.slotState(slotKeyString(k), atSec));
  }

  findSlotStates(q: SlotRangeQuery, atSec: number): SlotState[] {
    const sorted = this.slotsByMerchant.get(q.merchantId);
    if (!sorted) return [];
    const out: SlotState[] = [];
    for (let i = lowerBound(sorted, (s) => s.startSec < q.startSecFrom); i < sorted.length; i++) {
      const slot = sorted[i];
      if (slot.startSec >= q.startSecTo || out.length >= q.limit) break;
      if (q.serviceId && slot.serviceId !== q.serviceId) continue;
      out.push(this.stateOf(slot, slotKeyString(slot), atSec));
    }
    return out;
  }

  getBookings(ids: readonly string[]): Array<BookingRecord | null> {
    return ids.map((id) => this.bookings.get(id) ?? null);
  }

  listBookingsOfUser(userId: string, afterSec: number, limit: number): BookingRecord[] {
    const ids = this.bookingsByUser.get(userId);
    if (!ids) return [];
    const upcoming: BookingRecord[] = [];
    for (const id of ids) {
      const b = this.bookings.get(id);
      if (b && b.slot.startSec > afterSec) upcoming.push(b);
    }
    upcoming.sort(
      (a, b) => a.slot.startSec - b.slot.startSec || a.createdAtSec - b.createdAtSec || cmp(a.bookingId, b.bookingId),
    );
    return upcoming.slice(0, limit);
  }

  getLeases(ids: readonly string[]): Array<LeaseRecord | null> {
    return ids.map((id) => this.leases.get(id) ?? null);
  }

  findLiveLease(callerId: string, userReference: string, slotKey: string, atSec: number): LeaseRecord | null {
    const id = this.leaseByReference.get(joinKey(callerId, userReference, slotKey));
    const lease = id ? this.leases.get(id) : undefined;
    return lease && lease.consumedAtSec === null && lease.leaseExpirationTimeSec > atSec ? lease : null;
  }

  findActiveBookingOfUser(slotKey: string, userId: string): BookingRecord | null {
    const id = this.activeByUserSlot.get(joinKey(slotKey, userId));
    return id ? (this.bookings.get(id) ?? null) : null;
  }

  getIdempotency(callerId: string, token: string): IdempotencyRecord | null {
    return this.idempotency.get(joinKey(callerId, token)) ?? null;
  }

  // ---- writes ------------------------------------------------------------------------------

  upsertMerchant(log: UndoLog | null, merchant: Merchant): void {
    mapSet(log, this.merchants, merchant.merchantId, frozenCopy(merchant));
  }

  upsertService(log: UndoLog | null, service: ServiceRecord): void {
    const frozen = frozenCopy(service);
    mapSet(log, this.services, serviceKeyString(service.merchantId, service.serviceId), frozen);
    let ofMerchant = this.servicesByMerchant.get(service.merchantId);
    if (!ofMerchant) {
      ofMerchant = new Map();
      mapSet(log, this.servicesByMerchant, service.merchantId, ofMerchant);
    }
    mapSet(log, ofMerchant, service.serviceId, frozen);
  }

  upsertSlot(log: UndoLog | null, input: InventorySlot): void {
    const slot = frozenCopy(input);
    const key = slotKeyString(slot);
    let sorted = this.slotsByMerchant.get(slot.merchantId);
    if (!sorted) {
      sorted = [];
      mapSet(log, this.slotsByMerchant, slot.merchantId, sorted);
    }
    const list = sorted;
    const index = lowerBound(list, (s) => compareSlots(s, slot) < 0);
    const previous = this.slots.get(key);
    if (previous) {
      list[index] = slot;
      log?.record(() => (list[lowerBound(list, (s) => compareSlots(s, slot) < 0)] = previous));
    } else {
      list.splice(index, 0, slot);
      log?.record(() => list.splice(lowerBound(list, (s) => compareSlots(s, slot) < 0), 1));
    }
    mapSet(log, this.slots, key, slot);
  }

  insertLease(log: UndoLog | null, lease: LeaseRecord): void {
    const frozen = frozenCopy(lease);
    mapSet(log, this.leases, lease.leaseId, frozen);
    setAdd(log, this.indexSet(log, this.leasesBySlot, lease.slotKey), lease.leaseId);
    mapSet(log, this.leaseByReference, joinKey(lease.callerId, lease.userReference, lease.slotKey), lease.leaseId);
  }

  consumeLease(log: UndoLog | null, leaseId: string, atSec: number): void {
    const lease = this.leases.get(leaseId);
    if (!lease || lease.consumedAtSec !== null) return;
    mapSet(log, this.leases, leaseId, frozenCopy({ ...lease, consumedAtSec: atSec }));
    const ofSlot = this.leasesBySlot.get(lease.slotKey);
    if (ofSlot) setDelete(log, ofSlot, leaseId);
    const refKey = joinKey(lease.callerId, lease.userReference, lease.slotKey);
    if (this.leaseByReference.get(refKey) === leaseId) mapDelete(log, this.leaseByReference, refKey);
  }

  insertBooking(log: UndoLog | null, booking: BookingRecord): InsertBookingResult {
    if (this.userSlotTaken(booking)) return 'user-already-booked';
    mapSet(log, this.bookings, booking.bookingId, frozenCopy(booking));
    setAdd(log, this.indexSet(log, this.bookingsByUser, booking.userInformation.userId), booking.bookingId);
    this.applyHold(log, booking, +1);
    return 'inserted';
  }

  replaceBooking(log: UndoLog | null, after: BookingRecord): InsertBookingResult {
    const before = this.bookings.get(after.bookingId);
    if (!before) throw new Error(`replaceBooking: unknown booking ${after.bookingId}`);
    if (this.userSlotTaken(after)) return 'user-already-booked';
    this.applyHold(log, before, -1);
    mapSet(log, this.bookings, after.bookingId, frozenCopy(after));
    this.applyHold(log, after, +1);
    return 'inserted';
  }

  insertIdempotency(log: UndoLog | null, record: IdempotencyRecord): InsertIdempotencyResult {
    const key = joinKey(record.callerId, record.token);
    if (this.idempotency.has(key)) return 'token-exists';
    mapSet(log, this.idempotency, key, frozenCopy(record));
    return 'inserted';
  }

  purgeExpiredLeases(beforeSec: number): number {
    let purged = 0;
    for (const lease of this.leases.values()) {
      if (lease.leaseExpirationTimeSec >= beforeSec) continue;
      this.consumeLease(null, lease.leaseId, lease.leaseExpirationTimeSec);
      this.leases.delete(lease.leaseId);
      purged++;
    }
    return purged;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private slotState(key: string, atSec: number): SlotState | null {
    const slot = this.slots.get(key);
    return slot ? this.stateOf(slot, key, atSec) : null;
  }

  private stateOf(slot: InventorySlot, key: string, atSec: number): SlotState {
    return { slot, bookedSpots: this.bookedSpots.get(key) ?? 0, leasedSpots: this.leasedSpots(key, atSec) };
  }

  private leasedSpots(key: string, atSec: number): number {
    const ids = this.leasesBySlot.get(key);
    if (!ids) return 0;
    let spots = 0;
    for (const id of ids) {
      const lease = this.leases.get(id);
      if (lease && lease.consumedAtSec === null && lease.leaseExpirationTimeSec > atSec) spots += lease.spots;
    }
    return spots;
  }

  /** True when another active booking of the same user already sits on the booking's slot. */
  private userSlotTaken(booking: BookingRecord): boolean {
    if (!isActiveStatus(booking.status)) return false;
    const holder = this.activeByUserSlot.get(joinKey(booking.slotKey, booking.userInformation.userId));
    return holder !== undefined && holder !== booking.bookingId;
  }

  /** Adds (+1) or removes (-1) an active booking's spots and its user/slot uniqueness entry. */
  private applyHold(log: UndoLog | null, booking: BookingRecord, sign: 1 | -1): void {
    if (!isActiveStatus(booking.status)) return;
    const userSlot = joinKey(booking.slotKey, booking.userInformation.userId);
    if (sign > 0) mapSet(log, this.activeByUserSlot, userSlot, booking.bookingId);
    else mapDelete(log, this.activeByUserSlot, userSlot);
    const spots = (this.bookedSpots.get(booking.slotKey) ?? 0) + sign * booking.spots;
    mapSet(log, this.bookedSpots, booking.slotKey, spots);
  }

  private indexSet<K, V>(log: UndoLog | null, index: Map<K, Set<V>>, key: K): Set<V> {
    let set = index.get(key);
    if (!set) {
      set = new Set();
      mapSet(log, index, key, set);
    }
    return set;
  }
}

