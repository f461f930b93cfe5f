// The transactional outbox (api-contract "Events"): every unit of work runs with a recorder around
// its writer. The recorder turns the unit's writes into events and appends them in the same unit, as
// its last write, so they commit together or not at all: no change without its event, no event for
// a change that was rolled back (a thrown error, or a refusal, which discards the unit's writes).
//
// Booking events come from the booking writes themselves (insertBooking: created; replaceBooking:
// what changed between before and after). Availability events compare each touched slot's count
// before its first write in the unit with its count at the end of the unit, so a lease consumed by
// the booking made from it (−1 +1) reports nothing, and a bulk upsert reports only slots it changed.
import { BookingStatus } from '../../domain/enums';
import type { BookingEventType, NewEvent } from '../../domain/events';
import type { BookingRecord, InventorySlot, SlotState } from '../../domain/records';
import { slotKeyOf, slotKeyString, type SlotKey } from '../../domain/slot-key';
import { delegatingStore } from '../../store/delegating-store';
import type { BookingStore, InsertBookingResult, StoreWriter } from '../../store/store.port';
import { nowMsOf, type Clock } from '../../domain/clock';
import { countAvailable, keyOfShownSlot } from '../slot';
import { newEventId } from './event-id';
import { bookingData, deletedSlotData, slotData } from './payloads';

/** The event a booking's change is, or null when nothing an integrator cares about changed. */
export function bookingChangeType(before: BookingRecord, after: BookingRecord): BookingEventType | null {
  if (before.status !== after.status) {
    switch (after.status) {
      case BookingStatus.CONFIRMED:
        return 'booking.confirmed';
      case BookingStatus.DECLINED_BY_MERCHANT:
        return 'booking.declined';
      case BookingStatus.CANCELED:
        return 'booking.cancelled';
      case BookingStatus.NO_SHOW:
      case BookingStatus.NO_SHOW_PENALIZED:
        return 'booking.no_show';
      default:
        break;
    }
  }
  if (before.slotKey !== after.slotKey || before.spots !== after.spots) return 'booking.rescheduled';
  if (JSON.stringify(before.paymentInformation) !== JSON.stringify(after.paymentInformation)) return 'booking.payment_updated';
  // A no-show fee charged (or failed) changes what the booking's payment holds, not its information.
  if (JSON.stringify(before.payment?.noShowFee ?? null) !== JSON.stringify(after.payment?.noShowFee ?? null) && after.payment?.noShowFee?.state !== 'due') {
    return 'booking.payment_updated';
  }
  return null;
}

class UnitRecorder {
  private readonly bookingEvents: NewEvent[] = [];
  /** Slot states before the unit's first write to them (null: the slot did not exist), by slot key. */
  private readonly before = new Map<string, { key: SlotKey; state: SlotState | null }>();
  /** The slots the unit wrote to (bookings, leases, inventory): the ones whose change is reported. */
  private readonly written = new Set<string>();
  refused = false;
  readonly writer: StoreWriter;
  /** The instant the unit's slot states are judged at, before and after. */
  private readonly atSec: number;

  constructor(
    private readonly tx: StoreWriter,
    private readonly clock: Clock,
  ) {
    this.atSec = clock.nowSec();
    const recorder = this;
    this.writer = new Proxy(tx, {
      get(target, property, receiver) {
        const intercepted = (recorder.intercepts as Record<PropertyKey, unknown>)[property];
        if (intercepted) return intercepted;
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  private readonly intercepts: Partial<StoreWriter> = {
    // A slot state the unit reads before writing to that slot is its state before the unit: kept,
    // so the recorder need not read it again (a store call fewer per unit on the hot paths).
    getSlotStates: async (keys, atSec) => {
      const states = await this.tx.getSlotStates(keys, atSec);
      if (atSec === this.atSec) {
        keys.forEach((key, i) => {
          const id = slotKeyString(key);
          if (!this.before.has(id)) this.before.set(id, { key, state: states[i] });
        });
      }
      return states;
    },
    upsertSlots: async (slots: readonly InventorySlot[]) => {
      await this.touch(slots.map(slotKeyOf));
      return this.tx.upsertSlots(slots);
    },
    deleteSlots: async (keys: readonly SlotKey[]) => {
      await this.touch(keys);
      return this.tx.deleteSlots(keys);
    },
    insertLease: async (lease) => {
      await this.touch([keyOfShownSlot(lease.slot)]);
      return this.tx.insertLease(lease);
    },
    consumeLease: async (leaseId, atSec) => {
      await this.touchLease(leaseId);
      return this.tx.consumeLease(leaseId, atSec);
    },
    expireLease: async (leaseId, atSec) => {
      await this.touchLease(leaseId);
      return this.tx.expireLease(leaseId, atSec);
    },
    insertBooking: async (booking) => {
      await this.touch([keyOfShownSlot(booking.slot)]);
      const result = this.noteRefusal(await this.tx.insertBooking(booking));
      if (result === 'inserted') this.bookingEvents.push(this.event('booking.created', booking, bookingData(booking)));
      return result;
    },
    replaceBooking: async (before, after) => {
      await this.touch([keyOfShownSlot(before.slot), keyOfShownSlot(after.slot)]);
      const result = this.noteRefusal(await this.tx.replaceBooking(before, after));
      const type = result === 'inserted' ? bookingChangeType(before, after) : null;
      if (type) this.bookingEvents.push(this.event(type, after, bookingData(after, before)));
      return result;
    },
    insertIdempotency: async (record) => {
      const result = await this.tx.insertIdempotency(record);
      if (result === 'token-exists') this.refused = true;
      return result;
    },
  };

  private noteRefusal(result: InsertBookingResult): InsertBookingResult {
    if (result !== 'inserted') this.refused = true;
    return result;
  }

  private event(type: NewEvent['type'], booking: BookingRecord, data: Record<string, unknown>): NewEvent {
    return { id: newEventId(), type, aggregateId: booking.bookingId, merchantId: booking.slot.merchantId, bookingCallerId: booking.callerId, occurredAtMs: nowMsOf(this.clock), data };
  }

  private async touch(keys: readonly SlotKey[]): Promise<void> {
    const fresh = new Map<string, SlotKey>();
    for (const key of keys) {
      const id = slotKeyString(key);
      this.written.add(id);
      if (!this.before.has(id)) fresh.set(id, key);
    }
    if (fresh.size === 0) return;
    const states = await this.tx.getSlotStates([...fresh.values()], this.atSec);
    let i = 0;
    for (const [id, key] of fresh) this.before.set(id, { key, state: states[i++] });
  }

  private async touchLease(leaseId: string): Promise<void> {
    const [lease] = await this.tx.getLeases([leaseId]);
    if (lease) await this.touch([keyOfShownSlot(lease.slot)]);
  }

  /** Appends the unit's events as its last write; true when there were any. */
  async flush(): Promise<boolean> {
    const events = [...this.bookingEvents];
    if (this.written.size > 0) {
      const touched = [...this.written].map((id) => this.before.get(id)!);
      const after = await this.tx.getSlotStates(
        touched.map((t) => t.key),
        this.atSec,
      );
      touched.forEach(({ key, state: before }, i) => {
        const now = after[i];
        const previous = before ? countAvailable(before) : 0;
        if (now && (countAvailable(now) !== previous || !before || now.slot.spotsTotal !== before.slot.spotsTotal)) {
          events.push(this.slotEvent(key, now.slot.merchantId, slotData(now, previous)));
        } else if (!now && before) {
          events.push(this.slotEvent(key, before.slot.merchantId, deletedSlotData(before)));
        }
      });
    }
    if (events.length > 0) await this.tx.appendEvents(events);
    return events.length > 0;
  }

  private slotEvent(key: SlotKey, merchantId: string, data: Record<string, unknown>): NewEvent {
    return { id: newEventId(), type: 'slot.availability_changed', aggregateId: slotKeyString(key), merchantId, bookingCallerId: null, occurredAtMs: nowMsOf(this.clock), data };
  }
}

/** The store with the outbox on: every unit of work records its events (see the top of this file). */
export function withOutbox(store: BookingStore, clock: Clock, onCommit?: () => void): BookingStore {
  return delegatingStore(store, {
    unitOfWork: async (work) => {
      let appended = false;
      const result = await store.unitOfWork(async (tx) => {
        const recorder = new UnitRecorder(tx, clock);
        const outcome = await work(recorder.writer);
        appended = recorder.refused ? false : await recorder.flush();
        return outcome;
      });
      if (appended) onCommit?.();
      return result;
    },
  });
}
