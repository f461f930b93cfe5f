// Fixtures for the server-less MongoDB adapter tests: domain records, the documents the adapter
// writes for them (through the real converters of src/store/mongodb/documents.ts), and small
// helpers that play the server's part with mingo (upsert inserts, unique indexes).
import { Query, update } from 'mingo';
import type { Document } from 'mongodb';
import { BookingStatus, ConfirmationMode, PaymentProcessedBy, PrepaymentStatus } from '../../../src/domain/enums';
import type {
  BookingRecord,
  IdempotencyRecord,
  InventorySlot,
  LeaseRecord,
  Merchant,
  ServiceRecord,
  Slot,
} from '../../../src/domain/records';
import { slotKeyOf, slotKeyString } from '../../../src/domain/slot-key';
import { NO_SERVICE_POLICY } from '../../../src/domain/records';
import type { SlotDocument } from '../../../src/store/mongodb/documents';
import type { IndexPlan } from '../../../src/store/mongodb/indexes';
import { identityFilter, upsertSlotUpdate } from '../../../src/store/mongodb/queries';
import { shownSlot } from '../store-contract';

/** 2030-01-01T00:00:00Z: far from the wall clock, so nothing depends on it. */
export const T0 = 1_893_456_000;
export const HOUR = 3600;
export const DAY = 24 * HOUR;

export function merchant(merchantId = 'm1', overrides: Partial<Merchant> = {}): Merchant {
  return { merchantId, name: `Salon ${merchantId}`, timeZone: 'Europe/Zurich', ...overrides };
}

export function service(merchantId = 'm1', serviceId = 'cut', overrides: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    merchantId,
    serviceId,
    name: `Service ${serviceId}`,
    price: { priceMicros: 45_000_000, currencyCode: 'CHF', pricingOptionTag: 'standard' },
    ...NO_SERVICE_POLICY,
    minAdvanceOnlineCancelingSec: HOUR,
    ...overrides,
  };
}

export function inventorySlot(overrides: Partial<InventorySlot> = {}): InventorySlot {
  return {
    merchantId: 'm1',
    serviceId: 'cut',
    startSec: T0 + DAY,
    durationSec: 1800,
    staffId: '',
    roomId: '',
    spotsTotal: 1,
    availabilityTag: null,
    confirmationMode: ConfirmationMode.CONFIRMATION_MODE_SYNCHRONOUS,
    staffName: null,
    roomName: null,
    ...overrides,
  };
}

export const keyString = (slot: InventorySlot): string => slotKeyString(slotKeyOf(slot));

/** The slot as a booking or lease shows it. */
export { shownSlot };

export interface BookingSpec {
  bookingId: string;
  slot?: InventorySlot;
  userId?: string;
  spots?: number;
  status?: BookingStatus;
  callerId?: string;
  createdAtSec?: number;
  /** A pending booking's confirmation deadline (PENDING only). */
  confirmationDeadlineSec?: number | null;
  /** A fully filled payment and address instead of the minimal one. */
  rich?: boolean;
}

export function booking(spec: BookingSpec): BookingRecord {
  const slot = spec.slot ?? inventorySlot();
  const spots = spec.spots ?? 1;
  const createdAtSec = spec.createdAtSec ?? T0;
  const rich = spec.rich ?? false;
  return {
    payment: null,
    bookingId: spec.bookingId,
    callerId: spec.callerId ?? 'caller-1',
    slotKey: keyString(slot),
    slot: shownSlot(slot, spots === 1 ? null : spots),
    spots,
    userInformation: {
      userId: spec.userId ?? 'u1',
      givenName: 'Ada',
      familyName: 'Lovelace',
      address: rich
        ? { country: 'CH', locality: 'Zürich', region: 'ZH', postalCode: '8001', streetAddress: 'Bahnhofstrasse 1' }
        : null,
      telephone: '+41 44 668 18 00',
      email: 'ada@example.com',
      languageCode: rich ? 'de-CH' : null,
    },
    status: spec.status ?? BookingStatus.CONFIRMED,
    paymentInformation: rich
      ? {
          prepaymentStatus: PrepaymentStatus.PREPAYMENT_PROVIDED,
          paymentTransactionId: 'txn-881',
          // Above 2^31: must survive as an exact number, not a Long or a string.
          price: { priceMicros: 3_250_000_000, currencyCode: 'CHF', pricingOptionTag: 'peak' },
          taxAmount: { priceMicros: 250_250_000, currencyCode: 'CHF', pricingOptionTag: null },
          fees: { priceMicros: 0, currencyCode: 'CHF', pricingOptionTag: null },
          feesAndTaxes: { priceMicros: 250_250_000, currencyCode: 'CHF', pricingOptionTag: null },
          paymentProcessedBy: PaymentProcessedBy.PROCESSED_BY_PARTNER,
          paymentOptionId: 'opt-1',
          userPaymentOptionId: 'upo-1',
        }
      : {
          prepaymentStatus: PrepaymentStatus.PREPAYMENT_NOT_PROVIDED,
          paymentTransactionId: null,
          price: null,
          taxAmount: null,
          fees: null,
          feesAndTaxes: null,
          paymentProcessedBy: null,
          paymentOptionId: null,
          userPaymentOptionId: null,
        },
    additionalRequest: rich ? 'window seat, please' : null,
    createdAtSec,
    updatedAtSec: createdAtSec + (rich ? 60 : 0),
    confirmationDeadlineSec: spec.confirmationDeadlineSec ?? null,
    virtualSessionInfo: null,
    declineReason: null,
    offerInfo: null,
  };
}

export interface LeaseSpec {
  leaseId: string;
  slot?: InventorySlot;
  callerId?: string;
  userReference?: string;
  spots?: number;
  leaseExpirationTimeSec?: number;
  createdAtSec?: number;
  consumedAtSec?: number | null;
}

export function lease(spec: LeaseSpec): LeaseRecord {
  const slot = spec.slot ?? inventorySlot();
  const spots = spec.spots ?? 1;
  return {
    leaseId: spec.leaseId,
    callerId: spec.callerId ?? 'caller-1',
    userReference: spec.userReference ?? 'ref-1',
    slotKey: keyString(slot),
    slot: shownSlot(slot, spots === 1 ? null : spots),
    spots,
    leaseExpirationTimeSec: spec.leaseExpirationTimeSec ?? T0 + 600,
    createdAtSec: spec.createdAtSec ?? T0,
    consumedAtSec: spec.consumedAtSec ?? null,
  };
}

export function idempotency(callerId: string, token: string, b: BookingRecord): IdempotencyRecord {
  return { callerId, token, fingerprint: `fp:${callerId}:${token}`, bookingId: b.bookingId, booking: b, createdAtSec: T0 };
}

/**
 * The document an upsert of `slot` creates on a server that has no matching document: the
 * filter's equality fields, then $set, then $setOnInsert (mingo has no $setOnInsert, so its
 * fields are applied with $set, which is what the server does on insert).
 */
export function insertedSlotDocument(slot: InventorySlot): SlotDocument {
  const upd = upsertSlotUpdate(slot);
  const doc: Document = { ...identityFilter(slotKeyOf(slot)) };
  update(doc, { $set: upd.$set });
  update(doc, { $set: upd.$setOnInsert });
  return doc as SlotDocument;
}

/** Reads a dotted path ('userInformation.userId') the way an index key does (missing = null). */
export function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value === undefined ? null : value;
}

export function keyFields(plan: IndexPlan): Array<[string, number]> {
  return Object.entries(plan.key as Record<string, number>);
}

/**
 * What a unique index plan does to an insert: the index key of `doc` collides with the key of an
 * indexed document (one that matches the partial filter, if any). Returns the colliding document.
 */
export function uniqueCollision(plan: IndexPlan, existing: readonly Document[], doc: Document): Document | undefined {
  if (!plan.options.unique) throw new Error(`${plan.options.name} is not unique`);
  const partial = plan.options.partialFilterExpression ? new Query(plan.options.partialFilterExpression) : null;
  const indexed = (d: Document) => !partial || partial.test(d);
  if (!indexed(doc)) return undefined;
  const fields = keyFields(plan).map(([field]) => field);
  const keyOfDoc = (d: Document) => JSON.stringify(fields.map((f) => valueAt(d, f)));
  return existing.find((d) => indexed(d) && keyOfDoc(d) === keyOfDoc(doc));
}
