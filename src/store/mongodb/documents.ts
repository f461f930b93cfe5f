// How records are stored: plain documents, readable in a MongoDB shell (numbers as numbers, enums
// as their names, no serialized blobs). Each document is its record plus a few storage fields,
// listed here, which the adapter strips when it reads a record back.
import type { Document } from 'mongodb';
import { BookingStatus, isActiveStatus } from '../../domain/enums';
import {
  NO_SERVICE_POLICY,
  type BookingRecord,
  type IdempotencyRecord,
  type InventorySlot,
  type LeaseRecord,
  type Merchant,
  type ServiceRecord,
} from '../../domain/records';
import { slotKeyString } from '../../domain/slot-key';

export const COLLECTIONS = {
  /** One document per (caller, merchant, user) with a booking rule: the write that makes concurrent bookings of the user conflict. */
  users: 'users',
  merchants: 'merchants',
  services: 'services',
  slots: 'slots',
  leases: 'leases',
  bookings: 'bookings',
  idempotency: 'idempotencyKeys',
  /** The outbox (event-documents.ts): appended in the unit of the change it reports. */
  events: 'events',
  /** One document per aggregate: the last sequence number (and append position) given to its events. */
  eventSequences: 'eventSequences',
  webhookSubscriptions: 'webhookSubscriptions',
  /** One document per (subscription, event). */
  webhookDeliveries: 'webhookDeliveries',
  /** A merchant's packs and memberships on offer, one per (merchantId, paymentOptionId) (payments.ts). */
  paymentOptions: 'paymentOptions',
  /** One document per user payment option: the write that makes concurrent spends of its count conflict. */
  userPaymentOptions: 'userPaymentOptions',
  /** Payment work that outlives a request (charges under way, refunds and no-show fees owed), by jobId. */
  paymentJobs: 'paymentJobs',
} as const;

/** A slot document: the inventory entry, its key, and the counters kept in step by booking writes. */
export interface SlotDocument extends InventorySlot {
  slotKey: string;
  /** Spots of active bookings without a confirmation deadline; changed only inside transactions with the bookings. */
  bookedSpots: number;
  /**
   * Pending bookings with a deadline on this slot (absent: 0). Their spots are summed from the bookings
   * at read time, and only for slots where this is above 0, so other slots cost no extra read.
   */
  pendingHolds?: number;
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
  /**
   * A pending booking's confirmation deadline (null otherwise): its spots are held until then, summed at
   * read time like live leases, and bookedSpots counts only the active bookings without one.
   */
  holdUntil: number | null;
}

export type IdempotencyDocument = IdempotencyRecord;

export const merchantDocument = (m: Merchant): Document => ({ _id: m.merchantId, ...m });

export const slotAttributes = (s: InventorySlot) => ({
  slotKey: slotKeyString(s),
  spotsTotal: s.spotsTotal,
  availabilityTag: s.availabilityTag,
  confirmationMode: s.confirmationMode,
  staffName: s.staffName,
  roomName: s.roomName,
});

export function leaseDocument(lease: LeaseRecord): LeaseDocument {
  return { _id: lease.leaseId, ...lease, expiresAt: new Date(lease.leaseExpirationTimeSec * 1000) };
}

export function bookingDocument(booking: BookingRecord): BookingDocument {
  const holdUntil = booking.status === BookingStatus.PENDING_MERCHANT_CONFIRMATION ? booking.confirmationDeadlineSec : null;
  return { _id: booking.bookingId, ...booking, active: isActiveStatus(booking.status), holdUntil };
}

/** Whether a booking document's spots are in its slot's bookedSpots counter: active, with no deadline. */
export const inCounter = (d: Document): boolean => d.active === true && (d.holdUntil ?? null) === null;

/** Whether a booking document is a pending one with a deadline (counted in its slot's pendingHolds). */
export const holdsUntilDeadline = (d: Document): boolean => d.active === true && (d.holdUntil ?? null) !== null;

export const toMerchant = ({ merchantId, name, timeZone }: Document): Merchant => ({ merchantId, name, timeZone });

/** A service, with rules added by later versions at "none" (a stored document may predate them). */
export function toService(d: Document): ServiceRecord {
  const { _id, ...service } = d;
  return { ...NO_SERVICE_POLICY, price: null, ...service } as ServiceRecord;
}

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
  staffName: d.staffName ?? null,
  roomName: d.roomName ?? null,
});

export function toLease(d: Document): LeaseRecord {
  const { _id, expiresAt, ...lease } = d;
  return lease as LeaseRecord;
}

export function toBooking(d: Document): BookingRecord {
  const { _id, active, holdUntil, ...booking } = d;
  // Fields added by later versions, for documents stored before them.
  return { confirmationDeadlineSec: null, virtualSessionInfo: null, declineReason: null, offerInfo: null, payment: null, ...booking } as BookingRecord;
}

export function toIdempotency(d: Document): IdempotencyRecord {
  const { _id, ...record } = d;
  return record as IdempotencyRecord;
}
