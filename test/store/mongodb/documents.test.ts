// The record ⇄ document converters of src/store/mongodb/documents.ts: round trips (also through
// BSON, as the driver stores them), the storage fields, and that documents are plain data.
import { BSON, ObjectId, type Document } from 'mongodb';
import { BookingStatus, isActiveStatus } from '../../../src/domain/enums';
import type { BookingRecord, InventorySlot, LeaseRecord, ServiceRecord } from '../../../src/domain/records';
import {
  bookingDocument,
  leaseDocument,
  merchantDocument,
  slotAttributes,
  toBooking,
  toIdempotency,
  toInventorySlot,
  toLease,
  toMerchant,
  toService,
} from '../../../src/store/mongodb/documents';
import { HOUR, T0, booking, idempotency, insertedSlotDocument, inventorySlot, keyString, lease, merchant, service } from './fixtures';

/** What a document looks like after the driver stored it and read it back. */
const throughBson = (doc: Document): Document => BSON.deserialize(BSON.serialize(doc));

const bookings: BookingRecord[] = [
  booking({ bookingId: 'b-min' }),
  booking({ bookingId: 'b-rich', rich: true, spots: 3, slot: inventorySlot({ staffId: 'alex', roomId: 'r1', availabilityTag: 'evening' }) }),
  ...Object.values(BookingStatus).map((status) => booking({ bookingId: `b-${status}`, status, userId: `u-${status}` })),
];

const leases: LeaseRecord[] = [
  lease({ leaseId: 'l-live' }),
  lease({ leaseId: 'l-consumed', consumedAtSec: T0 + 30, spots: 2 }),
  lease({ leaseId: 'l-staff', slot: inventorySlot({ staffId: 'kim' }), leaseExpirationTimeSec: T0 + HOUR }),
];

const slots: InventorySlot[] = [
  inventorySlot(),
  inventorySlot({ staffId: 'alex', roomId: 'r1', availabilityTag: 'evening', spotsTotal: 4 }),
  inventorySlot({ serviceId: 'class', durationSec: 3600, spotsTotal: 12 }),
];

/** Every value is JSON data (string, finite number, boolean, null, array, plain object), except the allowed paths. */
function nonPlainValues(value: unknown, path = '', allowed: Record<string, unknown> = {}): string[] {
  if (path in allowed) return value instanceof (allowed[path] as new () => unknown) ? [] : [`${path}: not a ${(allowed[path] as { name: string }).name}`];
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return [];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path}: ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonPlainValues(v, `${path}[${i}]`, allowed));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value as object).flatMap(([k, v]) => nonPlainValues(v, path ? `${path}.${k}` : k, allowed));
  }
  return [`${path}: ${typeof value} ${Object.prototype.toString.call(value)}`];
}

describe('bookings', () => {
  it.each(bookings.map((b) => [b.bookingId, b] as const))('%s: toBooking(bookingDocument(b)) is b, directly and through BSON', (_id, b) => {
    expect(toBooking(bookingDocument(b))).toStrictEqual(b);
    expect(toBooking(throughBson(bookingDocument(b)))).toStrictEqual(b);
  });

  it('the document is the record plus _id = bookingId and active; reading back drops both', () => {
    const b = bookings[1];
    const doc = bookingDocument(b);
    expect(doc._id).toBe(b.bookingId);
    expect(Object.keys(doc).sort()).toEqual([...Object.keys(b), '_id', 'active', 'holdUntil'].sort());
    expect(toBooking(doc)).not.toHaveProperty('_id');
    expect(toBooking(doc)).not.toHaveProperty('active');
  });

  it('active is true exactly for CONFIRMED and PENDING_MERCHANT_CONFIRMATION', () => {
    const active = Object.values(BookingStatus).filter((status) => bookingDocument(booking({ bookingId: 'b', status })).active);
    expect(active.sort()).toEqual([BookingStatus.CONFIRMED, BookingStatus.PENDING_MERCHANT_CONFIRMATION].sort());
    for (const status of Object.values(BookingStatus)) expect(bookingDocument(booking({ bookingId: 'b', status })).active).toBe(isActiveStatus(status));
  });

  it('does not share or change the record it was made from', () => {
    const b = booking({ bookingId: 'b-x', rich: true });
    const copy = JSON.parse(JSON.stringify(b)) as BookingRecord;
    const doc = bookingDocument(b);
    expect(b).toStrictEqual(copy);
    expect(b).not.toHaveProperty('_id');
    (doc as { spots: number }).spots = 99;
    expect(b.spots).toBe(copy.spots);
  });

  it('money, times and counts are numbers; the rest strings, booleans, null or plain objects', () => {
    for (const b of bookings) expect(nonPlainValues(bookingDocument(b))).toEqual([]);
    const rich = throughBson(bookingDocument(bookings[1]));
    expect(typeof rich.paymentInformation.price.priceMicros).toBe('number');
    expect(rich.paymentInformation.price.priceMicros).toBe(3_250_000_000);
    for (const field of ['createdAtSec', 'updatedAtSec', 'spots']) expect(typeof rich[field]).toBe('number');
    for (const field of ['startSec', 'durationSec']) expect(typeof rich.slot[field]).toBe('number');
  });
});

describe('leases', () => {
  it.each(leases.map((l) => [l.leaseId, l] as const))('%s: toLease(leaseDocument(l)) is l, directly and through BSON', (_id, l) => {
    expect(toLease(leaseDocument(l))).toStrictEqual(l);
    expect(toLease(throughBson(leaseDocument(l)))).toStrictEqual(l);
  });

  it('the document adds _id = leaseId and expiresAt, a Date of leaseExpirationTimeSec, that survives BSON as a Date', () => {
    for (const l of leases) {
      const doc = leaseDocument(l);
      expect(doc._id).toBe(l.leaseId);
      expect(Object.keys(doc).sort()).toEqual([...Object.keys(l), '_id', 'expiresAt'].sort());
      expect(doc.expiresAt).toBeInstanceOf(Date);
      expect(doc.expiresAt.getTime()).toBe(l.leaseExpirationTimeSec * 1000);
      const stored = throughBson(doc);
      expect(stored.expiresAt).toBeInstanceOf(Date);
      expect(stored.expiresAt.getTime()).toBe(l.leaseExpirationTimeSec * 1000);
    }
  });

  it('is plain data except expiresAt', () => {
    for (const l of leases) {
      expect(nonPlainValues(leaseDocument(l), '', { expiresAt: Date })).toEqual([]);
      // And expiresAt really is checked: a lease document without a Date there is reported.
      expect(nonPlainValues({ ...leaseDocument(l), expiresAt: l.leaseExpirationTimeSec }, '', { expiresAt: Date })).not.toEqual([]);
    }
  });
});

describe('idempotency records', () => {
  it('read back from the document insertOne({ ...record }) stores (with the _id the driver adds)', () => {
    const record = idempotency('c1', 'tok-1', bookings[1]);
    const stored = throughBson({ _id: new ObjectId(), ...record });
    expect(toIdempotency(stored)).toStrictEqual(record);
    expect(nonPlainValues({ ...record })).toEqual([]);
  });
});

describe('merchants and services', () => {
  it('toMerchant(merchantDocument(m)) is m; the document is keyed by merchantId', () => {
    const m = merchant('m-7', { name: 'Coiffure «Zürich»', timeZone: 'America/New_York' });
    const doc = merchantDocument(m);
    expect(doc._id).toBe('m-7');
    expect(toMerchant(doc)).toStrictEqual(m);
    expect(toMerchant(throughBson(doc))).toStrictEqual(m);
    expect(nonPlainValues(doc)).toEqual([]);
  });

  it('toService reads back the document replaceOne({ ...service }, { upsert }) stores, with and without price and policy', () => {
    const cases: ServiceRecord[] = [service(), service('m1', 'free', { price: null, minAdvanceOnlineCancelingSec: null }), service('m2', 'late', { minAdvanceOnlineCancelingSec: 0 })];
    for (const s of cases) {
      const stored = throughBson({ _id: new ObjectId(), ...s });
      expect(toService(stored)).toStrictEqual(s);
      expect(nonPlainValues({ ...s })).toEqual([]);
    }
  });

  it('toService gives null for optional fields a stored document lacks', () => {
    const { price: _price, minAdvanceOnlineCancelingSec: _policy, ...bare } = service();
    expect(toService({ _id: new ObjectId(), ...bare })).toStrictEqual({ ...bare, price: null, minAdvanceOnlineCancelingSec: null });
  });
});

describe('slots', () => {
  it.each(slots.map((s) => [keyString(s), s] as const))('%s: toInventorySlot of the upserted document is the slot, directly and through BSON', (_key, s) => {
    const doc = insertedSlotDocument(s);
    expect(toInventorySlot(doc)).toStrictEqual(s);
    expect(toInventorySlot(throughBson({ _id: new ObjectId(), ...doc }))).toStrictEqual(s);
    expect(nonPlainValues(doc)).toEqual([]);
  });

  it('slotAttributes carries the slot key and the attributes, not the counters', () => {
    const s = slots[1];
    expect(slotAttributes(s)).toStrictEqual({ slotKey: keyString(s), spotsTotal: 4, availabilityTag: 'evening', confirmationMode: s.confirmationMode, staffName: null, roomName: null });
  });

  it('toInventorySlot drops the storage fields and turns a missing tag into null', () => {
    const doc = insertedSlotDocument(slots[0]);
    const { availabilityTag: _tag, ...withoutTag } = { ...doc, bookedSpots: 4, lockVersion: 9 };
    expect(toInventorySlot(withoutTag)).toStrictEqual(slots[0]);
    expect(Object.keys(toInventorySlot(doc)).sort()).toEqual(Object.keys(slots[0]).sort());
  });
});
