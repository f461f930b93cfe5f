// Rows ↔ records. A record is stored whole as JSON in `doc`; the columns beside it are what the
// queries use, and for the fields that change in place (a lease's consumedAtSec, a slot's counters)
// the column is the truth and is read back into the record.
import { ConfirmationMode } from '../../domain/enums';
import { NO_SERVICE_POLICY, type BookingRecord, type IdempotencyRecord, type InventorySlot, type LeaseRecord, type Merchant, type ServiceRecord, type SlotState } from '../../domain/records';

export interface SlotRow {
  slot_key: string;
  merchant_id: string;
  service_id: string;
  start_sec: number;
  duration_sec: number;
  staff_id: string;
  room_id: string;
  spots_total: number;
  availability_tag: string | null;
  confirmation_mode: string;
  staff_name: string | null;
  room_name: string | null;
  /** Spots of bookings holding, and of live leases, at the instant asked about (subqueries of the read). */
  booked: number;
  leased: number;
}

export interface LeaseRow {
  doc: string;
  consumed_at_sec: number | null;
  expires_sec: number;
}

export const docOf = (record: object): string => JSON.stringify(record);

/**
 * Parses a stored document once per distinct text: merchants and services are read on every
 * availability answer and change rarely, and the record is a pure function of its document, so a
 * changed record (another text) can never be answered from the cache. The records are frozen: shared.
 */
function parsedOnce<T>(parse: (doc: string) => T, max = 1024): (doc: string) => T {
  const cache = new Map<string, T>();
  return (doc) => {
    let record = cache.get(doc);
    if (record === undefined) {
      record = deepFreeze(parse(doc));
      if (cache.size >= max) cache.clear();
      cache.set(doc, record);
    }
    return record;
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const toMerchant = parsedOnce((doc: string): Merchant => JSON.parse(doc) as Merchant);

/** A service as stored, with rules added by later versions at "none" (a stored record may predate them). */
export const toService = parsedOnce((doc: string): ServiceRecord => ({ ...NO_SERVICE_POLICY, ...(JSON.parse(doc) as ServiceRecord) }));

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
    staffName: row.staff_name,
    roomName: row.room_name,
  };
}

export const toSlotState = (row: SlotRow): SlotState => ({ slot: toInventorySlot(row), bookedSpots: row.booked, leasedSpots: row.leased });

export const toLease = (row: LeaseRow): LeaseRecord => ({
  ...(JSON.parse(row.doc) as LeaseRecord),
  consumedAtSec: row.consumed_at_sec,
  leaseExpirationTimeSec: row.expires_sec,
});

/** Fields added to bookings by later versions, for records stored before them. */
const BOOKING_DEFAULTS = { confirmationDeadlineSec: null, virtualSessionInfo: null, declineReason: null, offerInfo: null, payment: null };

export const toBooking = (doc: string): BookingRecord => ({ ...BOOKING_DEFAULTS, ...(JSON.parse(doc) as BookingRecord) });

export const toIdempotency = (doc: string): IdempotencyRecord => JSON.parse(doc) as IdempotencyRecord;
