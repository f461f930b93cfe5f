// Rows ↔ records. A record is stored whole as JSON in `doc`; the columns beside it are what the
// queries use, and for the fields that change in place (a lease's consumedAtSec, a slot's counters)
// the column is the truth and is read back into the record.
import { ConfirmationMode } from '../../domain/enums';
import type { BookingRecord, IdempotencyRecord, InventorySlot, LeaseRecord, Merchant, ServiceRecord, SlotState } from '../../domain/records';

export interface SlotRow {
  slot_key: string;
  merchant_id: string;
  service_id: string;
  start_sec: number;
  duration_sec: number;
  staff_id: string;
  room_id: string;
  spots_total: number;
  booked_spots: number;
  availability_tag: string | null;
  confirmation_mode: string;
  /** Spots of live leases at the instant asked about (a subquery of the read). */
  leased: number;
}

export interface LeaseRow {
  doc: string;
  consumed_at_sec: number | null;
}

export const docOf = (record: object): string => JSON.stringify(record);

export const toMerchant = (doc: string): Merchant => JSON.parse(doc) as Merchant;

/** A service as stored, with fields added by later versions defaulted (a stored record predates them). */
export function toService(doc: string): ServiceRecord {
  const s = JSON.parse(doc) as Partial<ServiceRecord> & Pick<ServiceRecord, 'merchantId' | 'serviceId' | 'name'>;
  return {
    merchantId: s.merchantId,
    serviceId: s.serviceId,
    name: s.name,
    price: s.price ?? null,
    minAdvanceOnlineCancelingSec: s.minAdvanceOnlineCancelingSec ?? null,
    minAdvanceBookingSec: s.minAdvanceBookingSec ?? null,
    maxAdvanceBookingSec: s.maxAdvanceBookingSec ?? null,
  };
}

export function toInventorySlot(row: SlotRow): InventorySlot {
  return {
    merchantId: row.merchant_id,
    serviceId: row.service_id,
    startSec: row.start_sec,
    durationSec: row.duration_sec,
    staffId: row.staff_id,
    roomId: row.room_id,
    spotsTotal: row.spots_total,
    availabilityTag: row.availability_tag,
    confirmationMode: row.confirmation_mode as ConfirmationMode,
  };
}

export const toSlotState = (row: SlotRow): SlotState => ({ slot: toInventorySlot(row), bookedSpots: row.booked_spots, leasedSpots: row.leased });

export const toLease = (row: LeaseRow): LeaseRecord => ({ ...(JSON.parse(row.doc) as LeaseRecord), consumedAtSec: row.consumed_at_sec });

export const toBooking = (doc: string): BookingRecord => JSON.parse(doc) as BookingRecord;

export const toIdempotency = (doc: string): IdempotencyRecord => JSON.parse(doc) as IdempotencyRecord;
