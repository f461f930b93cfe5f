// The memory store's data and indexes, with synchronous operations. Writes take an UndoLog so a
// failed unit of work can be rolled back; MemoryStore decides when operations run (one at a time).
//
// Layout (shaped by the profile and the memory benchmark, docs/benchmarks.md):
// - one SlotEntry per slot key holds the inventory slot, its key string, the spots of active bookings
//   and the ids of its unconsumed leases, so a capacity read is one Map lookup and a range scan
//   computes no key strings;
// - per user: booking ids and the active booking per slot key (no composite key strings);
// - idempotency records per caller, then per token;
// - records are frozen copies that share strings and repeated parts (record-copy.ts); an idempotency
//   record shares the booking object stored at the same time instead of holding a second copy.
import { isActiveStatus } from '../../domain/enums';
import type {
  BookingRecord,
  IdempotencyRecord,
  InventorySlot,
  LeaseRecord,
  Merchant,
  PaymentInformation,
  ServiceRecord,
  Slot,
  SlotState,
  UserInformation,
} from '../../domain/records';
import { compareSlotKeys, joinKey, serviceKeyString, slotKeyString, type SlotKey } from '../../domain/slot-key';
import type { InsertBookingResult, InsertIdempotencyResult, ServiceKey, SlotRangeQuery } from '../store.port';
import { Interner, LastValue, deepEqual, flat, frozenCopy, sharedCopy } from './record-copy';
import { mapDelete, mapSet, setAdd, setDelete, type UndoLog } from './undo-log';

// A merchant's slots are kept in compareSlotKeys order (start first), so range queries are a binary search plus a scan.
const compareSlots = compareSlotKeys;
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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

/** Everything known about one slot key. `slot` is null while only bookings or leases name the key. */
interface SlotEntry {
  readonly key: string;
  slot: InventorySlot | null;
  /** Spots held by active bookings: kept in step by every booking write. */
  bookedSpots: number;
  /** Unconsumed leases on the slot; whether each is live is judged at read time. */
  leases: Set<string> | null;
  /** The Slot view bookings and leases of this slot last carried: shared while it stays the same. */
  shown: Slot | null;
}

interface UserEntry {
  /** Every booking of the user, in insertion order (exact-size while short: most users have few). */
  bookingIds: string[];
  /**
   * (caller, slot key) → the user's active booking there ("one booking per user per slot"; users
   * are per caller), once the user has
   * more than ACTIVE_INDEX_FROM bookings; below that a scan of bookingIds answers, without a Map.
   */
  active: Map<string, string> | null;
  /** The user's details as last stored: shared by the user's bookings while they stay the same. */
  details: UserInformation | null;
}

/** Most users hold a few bookings: a per-user Map would cost more than scanning them. */
const ACTIVE_INDEX_FROM = 16;

/** Replaces a field of a mutable index entry, recording how to put it back. */
function setField<T extends object, K extends keyof T>(log: UndoLog | null, target: T, field: K, value: T[K]): void {
  const previous = target[field];
  if (previous === value) return;
  log?.record(() => (target[field] = previous));
  target[field] = value;
}

export class MemoryState {
  private readonly interner = new Interner();
  private readonly payments = new LastValue<PaymentInformation>(this.interner);
  private readonly merchants = new Map<string, Merchant>();
  private readonly services = new Map<string, ServiceRecord>();
  private readonly servicesByMerchant = new Map<string, Map<string, ServiceRecord>>();
  /** Slot key → its entry (inventory slot and what holds it). */
  private readonly slots = new Map<string, SlotEntry>();
  /** Per merchant, the entries that have an inventory slot, sorted by compareSlots. */
  private readonly slotsByMerchant = new Map<string, SlotEntry[]>();
  private readonly leases = new Map<string, LeaseRecord>();
  /** (callerId, userReference, slotKey) → the newest unconsumed lease under that reference. */
  private readonly leaseByReference = new Map<string, string>();
  private readonly bookings = new Map<string, BookingRecord>();
  private readonly users = new Map<string, UserEntry>();
  /** callerId → token → record. */
  private readonly idempotency = new Map<string, Map<string, IdempotencyRecord>>();

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
    return keys.map((k) => {
      const entry = this.slots.get(slotKeyString(k));
      return entry?.slot ? this.stateOf(entry, entry.slot, atSec) : null;
    });
  }

  findSlotStates(q: SlotRangeQuery, atSec: number): SlotState[] {
    const sorted = this.slotsByMerchant.get(q.merchantId);
    if (!sorted) return [];
    const out: SlotState[] = [];
    for (let i = lowerBound(sorted, (e) => e.slot!.startSec < q.startSecFrom); i < sorted.length; i++) {
      const entry = sorted[i];
      const slot = entry.slot!;
      if (slot.startSec >= q.startSecTo || out.length >= q.limit) break;
      if (q.serviceId && slot.serviceId !== q.serviceId) continue;
      const state = this.stateOf(entry, slot, atSec);
      if (q.minFreeSpots !== undefined && slot.spotsTotal - state.bookedSpots - state.leasedSpots < q.minFreeSpots) continue;
      out.push(state);
    }
    return out;
  }

  getBookings(ids: readonly string[]): Array<BookingRecord | null> {
    return ids.map((id) => this.bookings.get(id) ?? null);
  }

  listBookingsOfUser(userId: string, afterSec: number, limit: number): BookingRecord[] {
    const user = this.users.get(userId);
    if (!user) return [];
    const upcoming: BookingRecord[] = [];
    for (const id of user.bookingIds) {
      const b = this.bookings.get(id);
      if (b && b.slot.startSec > afterSec && b.userInformation.userId === userId) upcoming.push(b);
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

  findActiveBookingOfUser(callerId: string, slotKey: string, userId: string): BookingRecord | null {
    const user = this.users.get(userId);
    const id = user && this.activeBookingId(user, callerId, userId, slotKey, null);
    return id ? (this.bookings.get(id) ?? null) : null;
  }

  getIdempotency(callerId: string, token: string): IdempotencyRecord | null {
    return this.idempotency.get(callerId)?.get(token) ?? null;
  }

  // ---- writes ------------------------------------------------------------------------------

  upsertMerchant(log: UndoLog | null, merchant: Merchant): void {
    mapSet(log, this.merchants, merchant.merchantId, frozenCopy(merchant, this.interner));
  }

  upsertService(log: UndoLog | null, service: ServiceRecord): void {
    const frozen = frozenCopy(service, this.interner);
    mapSet(log, this.services, serviceKeyString(service.merchantId, service.serviceId), frozen);
    let ofMerchant = this.servicesByMerchant.get(service.merchantId);
    if (!ofMerchant) {
      ofMerchant = new Map();
      mapSet(log, this.servicesByMerchant, service.merchantId, ofMerchant);
    }
    mapSet(log, ofMerchant, service.serviceId, frozen);
  }

  upsertSlot(log: UndoLog | null, input: InventorySlot): void {
    const slot = frozenCopy(input, this.interner);
    const entry = this.entryOf(log, slotKeyString(slot));
    if (entry.slot) {
      // Same identity, so the same place in the order: only the attributes change.
      setField(log, entry, 'slot', slot);
      return;
    }
    let sorted = this.slotsByMerchant.get(slot.merchantId);
    if (!sorted) {
      sorted = [];
      mapSet(log, this.slotsByMerchant, slot.merchantId, sorted);
    }
    const list = sorted;
    setField(log, entry, 'slot', slot);
    const at = (e: SlotEntry) => compareSlots(e.slot!, slot) < 0;
    list.splice(lowerBound(list, at), 0, entry);
    log?.record(() => list.splice(lowerBound(list, at), 1));
  }

  insertLease(log: UndoLog | null, lease: LeaseRecord): void {
    const entry = this.entryOf(log, lease.slotKey);
    const frozen = frozenCopy(lease, this.interner, { slotKey: entry.key, slot: this.shownSlot(entry, lease.slot) });
    mapSet(log, this.leases, lease.leaseId, frozen);
    if (!entry.leases) setField(log, entry, 'leases', new Set());
    setAdd(log, entry.leases!, lease.leaseId);
    mapSet(log, this.leaseByReference, joinKey(lease.callerId, lease.userReference, lease.slotKey), lease.leaseId);
  }

  consumeLease(log: UndoLog | null, leaseId: string, atSec: number): void {
    const lease = this.leases.get(leaseId);
    if (!lease || lease.consumedAtSec !== null) return;
    mapSet(log, this.leases, leaseId, frozenCopy({ ...lease, consumedAtSec: atSec }, this.interner));
    this.release(log, lease);
  }

  insertBooking(log: UndoLog | null, booking: BookingRecord): InsertBookingResult {
    if (this.userSlotTaken(booking)) return 'user-already-booked';
    const user = this.userOf(log, booking.userInformation.userId);
    const isNew = !this.bookings.has(booking.bookingId);
    const stored = this.storedBooking(booking);
    mapSet(log, this.bookings, booking.bookingId, stored);
    if (isNew) this.addToUser(log, user, stored);
    this.applyHold(log, stored, +1);
    return 'inserted';
  }

  replaceBooking(log: UndoLog | null, after: BookingRecord): InsertBookingResult {
    const before = this.bookings.get(after.bookingId);
    if (!before) throw new Error(`replaceBooking: unknown booking ${after.bookingId}`);
    if (this.userSlotTaken(after)) return 'user-already-booked';
    this.applyHold(log, before, -1);
    const stored = this.storedBooking(after);
    mapSet(log, this.bookings, after.bookingId, stored);
    const userId = after.userInformation.userId;
    if (userId !== before.userInformation.userId) this.addToUser(log, this.userOf(log, userId), stored);
    this.applyHold(log, stored, +1);
    return 'inserted';
  }

  insertIdempotency(log: UndoLog | null, record: IdempotencyRecord): InsertIdempotencyResult {
    let ofCaller = this.idempotency.get(record.callerId);
    if (ofCaller?.has(record.token)) return 'token-exists';
    if (!ofCaller) {
      ofCaller = new Map();
      mapSet(log, this.idempotency, this.interner.intern(record.callerId), ofCaller);
    }
    // The snapshot is usually the booking stored by the same unit: share that frozen object.
    const current = this.bookings.get(record.bookingId);
    const booking = current && deepEqual(current, record.booking) ? current : this.storedBooking(record.booking);
    mapSet(log, ofCaller, record.token, frozenCopy(record, this.interner, { booking }));
    return 'inserted';
  }

  purgeExpiredLeases(beforeSec: number): number {
    let purged = 0;
    for (const lease of this.leases.values()) {
      if (lease.leaseExpirationTimeSec >= beforeSec) continue;
      if (lease.consumedAtSec === null) this.release(null, lease);
      this.leases.delete(lease.leaseId);
      purged++;
    }
    return purged;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private stateOf(entry: SlotEntry, slot: InventorySlot, atSec: number): SlotState {
    return { slot, bookedSpots: entry.bookedSpots, leasedSpots: entry.leases ? this.leasedSpots(entry.leases, atSec) : 0 };
  }

  private leasedSpots(ids: Set<string>, atSec: number): number {
    let spots = 0;
    for (const id of ids) {
      const lease = this.leases.get(id);
      if (lease && lease.consumedAtSec === null && lease.leaseExpirationTimeSec > atSec) spots += lease.spots;
    }
    return spots;
  }

  /** The entry of a slot key, created (with no inventory slot) if nothing named the key before. */
  private entryOf(log: UndoLog | null, key: string): SlotEntry {
    let entry = this.slots.get(key);
    if (!entry) {
      entry = { key: flat(key), slot: null, bookedSpots: 0, leases: null, shown: null };
      mapSet(log, this.slots, key, entry);
    }
    return entry;
  }

  private userOf(log: UndoLog | null, userId: string): UserEntry {
    let user = this.users.get(userId);
    if (!user) {
      user = { bookingIds: [], active: null, details: null };
      mapSet(log, this.users, userId, user);
    }
    return user;
  }

  private addToUser(log: UndoLog | null, user: UserEntry, booking: BookingRecord): void {
    let ids = user.bookingIds;
    if (ids.length < ACTIVE_INDEX_FROM) {
      // A pushed-to array reserves room for 17; a short list is copied at its exact size instead.
      ids = [...ids, booking.bookingId];
      setField(log, user, 'bookingIds', ids);
    } else {
      ids.push(booking.bookingId);
      log?.record(() => ids.pop());
    }
    if (!user.active && ids.length > ACTIVE_INDEX_FROM) {
      const userId = booking.userInformation.userId;
      const active = new Map<string, string>();
      for (const id of ids) {
        const b = this.bookings.get(id);
        if (b && b.userInformation.userId === userId && isActiveStatus(b.status)) active.set(joinKey(b.callerId, b.slotKey), id);
      }
      setField(log, user, 'active', active);
    }
  }

  /** The user's active booking on a slot other than `except`, from the index or a scan. */
  private activeBookingId(user: UserEntry, callerId: string, userId: string, slotKey: string, except: string | null): string | undefined {
    if (user.active) {
      const id = user.active.get(joinKey(callerId, slotKey));
      return id === except ? undefined : id;
    }
    for (const id of user.bookingIds) {
      if (id === except) continue;
      const b = this.bookings.get(id);
      if (b && b.slotKey === slotKey && b.callerId === callerId && b.userInformation.userId === userId && isActiveStatus(b.status)) return id;
    }
    return undefined;
  }

  /** The frozen Slot view to store: the entry's last one when equal (bookings of a slot share it). */
  private shownSlot(entry: SlotEntry, slot: Slot): Slot {
    if (entry.shown && deepEqual(entry.shown, slot)) return entry.shown;
    // A cache, not state: a rolled-back unit may leave it set, which changes no answer.
    entry.shown = sharedCopy(slot, this.interner);
    return entry.shown;
  }

  /** The frozen copy of a booking to store, sharing its key, slot view, user details and payment. */
  private storedBooking(booking: BookingRecord): BookingRecord {
    const entry = this.slots.get(booking.slotKey);
    const user = this.users.get(booking.userInformation.userId);
    let details: UserInformation = booking.userInformation;
    if (user) {
      if (!user.details || !deepEqual(user.details, details)) user.details = sharedCopy(details, this.interner);
      details = user.details;
    } else {
      details = sharedCopy(details, this.interner);
    }
    return frozenCopy(booking, this.interner, {
      ...(entry && { slotKey: entry.key, slot: this.shownSlot(entry, booking.slot) }),
      userInformation: details,
      ...(booking.paymentInformation && { paymentInformation: this.payments.get(booking.paymentInformation) }),
    });
  }

  /** Frees an unconsumed lease's hold and its reference entry. */
  private release(log: UndoLog | null, lease: LeaseRecord): void {
    const ofSlot = this.slots.get(lease.slotKey)?.leases;
    if (ofSlot) setDelete(log, ofSlot, lease.leaseId);
    const refKey = joinKey(lease.callerId, lease.userReference, lease.slotKey);
    if (this.leaseByReference.get(refKey) === lease.leaseId) mapDelete(log, this.leaseByReference, refKey);
  }

  /** True when another active booking of the same user already sits on the booking's slot. */
  private userSlotTaken(booking: BookingRecord): boolean {
    if (!isActiveStatus(booking.status)) return false;
    const userId = booking.userInformation.userId;
    const user = this.users.get(userId);
    return user !== undefined && this.activeBookingId(user, booking.callerId, userId, booking.slotKey, booking.bookingId) !== undefined;
  }

  /** Adds (+1) or removes (-1) an active booking's spots and its user/slot uniqueness entry. */
  private applyHold(log: UndoLog | null, booking: BookingRecord, sign: 1 | -1): void {
    if (!isActiveStatus(booking.status)) return;
    const user = this.userOf(log, booking.userInformation.userId);
    if (user.active) {
      const key = joinKey(booking.callerId, booking.slotKey);
      if (sign > 0) mapSet(log, user.active, key, booking.bookingId);
      else mapDelete(log, user.active, key);
    }
    const entry = this.entryOf(log, booking.slotKey);
    setField(log, entry, 'bookedSpots', entry.bookedSpots + sign * booking.spots);
  }
}
