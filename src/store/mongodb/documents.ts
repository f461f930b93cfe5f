// How records are stored: plain documents, readable in a MongoDB shell (numbers as numbers, enums
// as their names, no serialized blobs). Each document is its record plus a few storage fields,
// listed here, which the adapter strips when it reads a record back.
import type { Document } from 'mongodb';
import { isActiveStatus } from '../../domain/enums';
import type {
  BookingRecord,
  IdempotencyRecord,
  InventorySlot,
  LeaseRecord,
  Merchant,
  ServiceRecord,
} from '../../domain/records';
import { slotKeyString } from '../../domain/slot-key';

export const COLLECTIONS = {
  merchants: 'merchants',
  services: 'services',
  slots: 'slots',
  leases: 'leases',
  bookings: 'bookings',
  idempotency: 'idempotencyKeys',
} as const;

/** A slot document: the inventory entry, its key, and the counters kept in step by booking writes. */
export interface SlotDocument extends InventorySlot {
  slotKey: string;
  /** Spots of active bookings on this slot; changed only inside transactions with the bookings. */
  bookedSpots: number;
  /** Bumped by every unit that checks this slot's capacity, so concurrent units write-conflict. */
  lockVersion: number;
}

export interface LeaseDocument extends LeaseRecord {
  _id: string;
  /** leaseExpirationTimeSec as a Date: the TTL index needs a date field. */
  expiresAt: Date;
}

export interface BookingDocument extends BookingRecord {
  _id: string;
  /** true while the booking holds capacity (CONFIRMED or PENDING): the partial unique index keys on it. */
  active: boolean;
}

export type IdempotencyDocument = IdempotencyRecord;

export const merchantDocument = (m: Merchant): Document => ({ _id: m.merchantId, ...m });

export const slotAttributes = (s: InventorySlot) => ({
  slotKey: slotKeyString(s),
  spotsTotal: s.spotsTotal,
  availabilityTag: s.availabilityTag,
  confirmationMode: s.confirmationMode,
});

export function leaseDocument(lease: LeaseRecord): LeaseDocument {
  return { _id: lease.leaseId, ...lease, expiresAt: new Date(lease.leaseExpirationTimeSec * 1000) };
}

export function bookingDocument(booking: BookingRecord): BookingDocument {
  return { _id: booking.bookingId, ...booking, active: isActiveStatus(booking.status) };
}

export const toMerchant = ({ merchantId, name, timeZone }: Document): Merchant => ({ merchantId, name, timeZone });

export const toService = (d: Document): ServiceRecord => ({
  merchantId: d.merchantId,
  serviceId: d.serviceId,
  name: d.name,
  price: d.price ?? null,
  minAdvanceOnlineCancelingSec: d.minAdvanceOnlineCancelingSec ?? null,
  minAdvanceBookingSec: d.minAdvanceBookingSec ?? null,
  maxAdvanceBookingSec: d.maxAdvanceBookingSec ?? null,
});

export const toInventorySlot = (d: Document): InventorySlot => ({
  merchantId: d.merchantId,
  serviceId: d.serviceId,
  startSec: d.startSec,
  durationSec: d.durationSec,
  staffId: d.staffId,
  roomId: d.roomId,
  spotsTotal: d.spotsTotal,
  availabilityTag: d.availabilityTag ?? null,
  confirmationMode: d.confirmationMode,
});

export function toLease(d: Document): LeaseRecord {
  const { _id, expiresAt, ...lease } = d;
  return lease as LeaseRecord;
}

export function toBooking(d: Document): BookingRecord {
  const { _id, active, ...booking } = d;
  return booking as BookingRecord;
}

export function toIdempotency(d: Document): IdempotencyRecord {
  const { _id, ...record } = d;
  return record as IdempotencyRecord;
}
