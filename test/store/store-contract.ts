// A reusable contract suite for the BookingStore port (src/store/store.port.ts). Every adapter
// (memory, MongoDB, ...) runs it through `describeStoreContract`; it only ever talks to the port,
// never to an adapter's internals, so a passing adapter is interchangeable with any other.
//
// `makeStore` must return an EMPTY store (a fresh database for persistent adapters). It is called
// once per test. After each test the store is handed to `cleanup` when one is given (which then owns
// closing it and must tolerate a store the test already closed), otherwise it is closed.
import {
  BookingStatus,
  ConfirmationMode,
  PrepaymentStatus,
} from '../../src/domain/enums';
import type {
  BookingRecord,
  IdempotencyRecord,
  InventorySlot,
  LeaseRecord,
  Merchant,
  ServiceRecord,
  Slot,
  SlotState,
} from '../../src/domain/records';
import { slotKeyOf, slotKeyString, type SlotKey } from '../../src/domain/slot-key';
import { NO_SERVICE_POLICY } from '../../src/domain/records';
import { UnitEndedError, type BookingStore, type StoreWriter } from '../../src/store/store.port';

/**
 * An empty store for each test of the enclosing describe, handed to `use`; afterwards given to
 * `cleanup` when there is one (it then owns closing it), else closed.
 */
export function freshStorePerTest(makeStore: () => Promise<BookingStore>, cleanup: ((s: BookingStore) => Promise<void>) | undefined, use: (store: BookingStore) => void): void {
  let store: BookingStore;
  beforeEach(async () => {
    store = await makeStore();
    use(store);
  });
  afterEach(async () => {
    if (cleanup) await cleanup(store);
    else await store.close();
  });
}

// ---- factories ---------------------------------------------------------------------------------

/** A start time well in the future (2030-03-17), so nothing here depends on the wall clock. */
export const T0 = 1_900_000_000;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** The "now" most tests judge slot states at: one day before T0. */
const NOW = T0 - DAY;

export function merchantRecord(merchantId: string, overrides: Partial<Merchant> = {}): Merchant {
  return { merchantId, name: `Merchant ${merchantId}`, timeZone: 'Europe/Zurich', ...overrides };
}

export function serviceRecord(merchantId: string, serviceId: string, overrides: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    merchantId,
    serviceId,
    name: `Service ${serviceId}`,
    price: { priceMicros: 42_000_000, currencyCode: 'CHF', pricingOptionTag: null },
    ...NO_SERVICE_POLICY,
    ...overrides,
  };
}

export function inventorySlot(overrides: Partial<InventorySlot> = {}): InventorySlot {
  return {
    merchantId: 'm1',
    serviceId: 's1',
    startSec: T0,
    durationSec: HOUR,
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

export function keyOf(slot: InventorySlot): SlotKey {
  return slotKeyOf(slot);
}

export function keyStringOf(slot: InventorySlot): string {
  return slotKeyString(slotKeyOf(slot));
}

/** The slot a booking or lease shows for an inventory slot. */
export function shownSlot(slot: InventorySlot, partySize: number | null = null): Slot {
  const hasResources = slot.staffId !== '' || slot.roomId !== '' || partySize !== null;
  return {
    merchantId: slot.merchantId,
    serviceId: slot.serviceId,
    startSec: slot.startSec,
    durationSec: slot.durationSec,
    availabilityTag: slot.availabilityTag,
    resources: hasResources ? { staffId: slot.staffId || null, roomId: slot.roomId || null, partySize, staffName: slot.staffName, roomName: slot.roomName } : null,
    confirmationMode: slot.confirmationMode,
  };
}

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
}

export function bookingRecord(spec: BookingSpec): BookingRecord {
  const slot = spec.slot ?? inventorySlot();
  const spots = spec.spots ?? 1;
  return {
    payment: null,
    bookingId: spec.bookingId,
    callerId: spec.callerId ?? 'caller-1',
    slotKey: keyStringOf(slot),
    slot: shownSlot(slot, spots === 1 ? null : spots),
    spots,
    userInformation: {
      userId: spec.userId ?? 'user-1',
      givenName: 'Ada',
      familyName: 'Lovelace',
      address: { country: 'CH', locality: 'Zürich', region: null, postalCode: '8001', streetAddress: 'Bahnhofstrasse 1' },
      telephone: '+41 44 123 45 67',
      email: 'ada@example.com',
      languageCode: 'de',
    },
    status: spec.status ?? BookingStatus.CONFIRMED,
    paymentInformation: {
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
    additionalRequest: null,
    createdAtSec: spec.createdAtSec ?? NOW,
    updatedAtSec: spec.createdAtSec ?? NOW,
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
}

export function leaseRecord(spec: LeaseSpec): LeaseRecord {
  const slot = spec.slot ?? inventorySlot();
  const spots = spec.spots ?? 1;
  return {
    leaseId: spec.leaseId,
    callerId: spec.callerId ?? 'caller-1',
    userReference: spec.userReference ?? 'ref-1',
    slotKey: keyStringOf(slot),
    slot: shownSlot(slot, spots === 1 ? null : spots),
    spots,
    leaseExpirationTimeSec: spec.leaseExpirationTimeSec ?? NOW + 600,
    createdAtSec: spec.createdAtSec ?? NOW,
    consumedAtSec: null,
  };
}

export function idempotencyRecord(callerId: string, token: string, booking: BookingRecord, fingerprint = 'fp-1'): IdempotencyRecord {
  return { callerId, token, fingerprint, bookingId: booking.bookingId, booking, createdAtSec: NOW };
}

/** A promise with its resolve exposed, to hold a unit of work open at a chosen point. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const counts = (s: SlotState | null) => (s ? { bookedSpots: s.bookedSpots, leasedSpots: s.leasedSpots } : null);

// ---- the suite ---------------------------------------------------------------------------------

export function describeStoreContract(
  name: string,
  makeStore: () => Promise<BookingStore>,
  cleanup?: (s: BookingStore) => Promise<void>,
): void {
  describe(`BookingStore contract: ${name}`, () => {
    let store: BookingStore;
    freshStorePerTest(makeStore, cleanup, (s) => (store = s));

    const write = <T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> => store.unitOfWork(work);
    const upsertSlots = (...slots: InventorySlot[]) => write((tx) => tx.upsertSlots(slots));
    const stateOf = async (slot: InventorySlot, atSec = NOW) => (await store.reader.getSlotStates([keyOf(slot)], atSec))[0];

    // ---- merchants and services ----------------------------------------------------------------

    describe('merchants and services', () => {
      it('reads merchants positionally: order of the request, null for unknown ids, duplicates repeated', async () => {
        await write(async (tx) => {
          await tx.upsertMerchant(merchantRecord('m1'));
          await tx.upsertMerchant(merchantRecord('m2', { timeZone: 'America/New_York' }));
        });
        const got = await store.reader.getMerchants(['m2', 'nope', 'm1', 'm2']);
        expect(got).toEqual([
          merchantRecord('m2', { timeZone: 'America/New_York' }),
          null,
          merchantRecord('m1'),
          merchantRecord('m2', { timeZone: 'America/New_York' }),
        ]);
        expect(await store.reader.getMerchants([])).toEqual([]);
      });

      it('upserting a merchant again replaces it', async () => {
        await write((tx) => tx.upsertMerchant(merchantRecord('m1')));
        await write((tx) => tx.upsertMerchant(merchantRecord('m1', { name: 'Renamed', timeZone: 'Asia/Tokyo' })));
        expect(await store.reader.getMerchants(['m1'])).toEqual([merchantRecord('m1', { name: 'Renamed', timeZone: 'Asia/Tokyo' })]);
      });

      it('reads services positionally by (merchantId, serviceId); the same serviceId under two merchants is two services', async () => {
        await write(async (tx) => {
          await tx.upsertService(serviceRecord('m1', 'cut', { name: 'Cut at m1' }));
          await tx.upsertService(serviceRecord('m2', 'cut', { name: 'Cut at m2', minAdvanceOnlineCancelingSec: 3600 }));
        });
        const got = await store.reader.getServices([
          { merchantId: 'm2', serviceId: 'cut' },
          { merchantId: 'm1', serviceId: 'color' },
          { merchantId: 'm3', serviceId: 'cut' },
          { merchantId: 'm1', serviceId: 'cut' },
        ]);
        expect(got).toEqual([
          serviceRecord('m2', 'cut', { name: 'Cut at m2', minAdvanceOnlineCancelingSec: 3600 }),
          null,
          null,
          serviceRecord('m1', 'cut', { name: 'Cut at m1' }),
        ]);
      });

      it('upserting a service again replaces it (price and cancellation policy included)', async () => {
        await write((tx) => tx.upsertService(serviceRecord('m1', 's1')));
        const changed = serviceRecord('m1', 's1', { name: 'New', price: null, minAdvanceOnlineCancelingSec: 7200 });
        await write((tx) => tx.upsertService(changed));
        expect(await store.reader.getServices([{ merchantId: 'm1', serviceId: 's1' }])).toEqual([changed]);
        expect(await store.reader.listServicesOfMerchants(['m1'])).toEqual([[changed]]);
      });

      it('lists services per merchant, ordered by serviceId, one list per requested merchant in request order', async () => {
        await write(async (tx) => {
          for (const id of ['delta', 'alpha', 'charlie', 'bravo']) await tx.upsertService(serviceRecord('m1', id));
          await tx.upsertService(serviceRecord('m2', 'zulu'));
          await tx.upsertService(serviceRecord('m2', 'kilo'));
        });
        const lists = await store.reader.listServicesOfMerchants(['m2', 'unknown', 'm1']);
        expect(lists.map((l) => l.map((s) => `${s.merchantId}/${s.serviceId}`))).toEqual([
          ['m2/kilo', 'm2/zulu'],
          [],
          ['m1/alpha', 'm1/bravo', 'm1/charlie', 'm1/delta'],
        ]);
        expect(lists[2][0]).toEqual(serviceRecord('m1', 'alpha'));
      });
    });

    // ---- slots ---------------------------------------------------------------------------------

    describe('slots', () => {
      it('upserted slots read back with nothing held; unknown keys are null; answers follow request order', async () => {
        const a = inventorySlot({ startSec: T0, spotsTotal: 3, availabilityTag: 'tag-a' });
        const b = inventorySlot({ startSec: T0 + HOUR, spotsTotal: 2 });
        await upsertSlots(a, b);
        const missing = inventorySlot({ startSec: T0 + 2 * HOUR });
        const states = await store.reader.getSlotStates([keyOf(b), keyOf(missing), keyOf(a)], NOW);
        expect(states).toEqual([{ slot: b, bookedSpots: 0, leasedSpots: 0 }, null, { slot: a, bookedSpots: 0, leasedSpots: 0 }]);
        expect(await store.reader.getSlotStates([], NOW)).toEqual([]);
      });

      it('every identity component tells slots apart: merchant, service, start, duration, staff, room', async () => {
        const base = inventorySlot({ spotsTotal: 1 });
        const variants = [
          base,
          inventorySlot({ merchantId: 'm2', spotsTotal: 2 }),
          inventorySlot({ serviceId: 's2', spotsTotal: 3 }),
          inventorySlot({ startSec: T0 + 1, spotsTotal: 4 }),
          inventorySlot({ durationSec: HOUR + 1, spotsTotal: 5 }),
          inventorySlot({ staffId: 'anna', spotsTotal: 6 }),
          inventorySlot({ roomId: 'room-1', spotsTotal: 7 }),
        ];
        await upsertSlots(...variants);
        const states = await store.reader.getSlotStates(variants.map(keyOf), NOW);
        expect(states.map((s) => s?.slot.spotsTotal)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      });

      it('upserting the same identity updates spotsTotal, tag and confirmation mode instead of adding a slot', async () => {
        const first = inventorySlot({ spotsTotal: 2, availabilityTag: 'old' });
        await upsertSlots(first);
        await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b1', slot: first })));
        const second = inventorySlot({
          spotsTotal: 7,
          availabilityTag: 'new',
          confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS,
        });
        await upsertSlots(second);
        // The bookings on the slot are kept: capacity counts survive an inventory update.
        expect(await stateOf(first)).toEqual({ slot: second, bookedSpots: 1, leasedSpots: 0 });
        const listed = await store.reader.findSlotStates(
          { merchantId: 'm1', startSecFrom: T0 - DAY, startSecTo: T0 + DAY, limit: 100 },
          NOW,
        );
        expect(listed).toEqual([{ slot: second, bookedSpots: 1, leasedSpots: 0 }]);
      });

      it('the same identity upserted twice in one batch keeps the last entry', async () => {
        await upsertSlots(inventorySlot({ spotsTotal: 1 }), inventorySlot({ spotsTotal: 9 }));
        const listed = await store.reader.findSlotStates(
          { merchantId: 'm1', startSecFrom: 0, startSecTo: T0 + DAY, limit: 100 },
          NOW,
        );
        expect(listed.map((s) => s.slot.spotsTotal)).toEqual([9]);
      });

      describe('findSlotStates', () => {
        const at = (startSec: number, more: Partial<InventorySlot> = {}) => inventorySlot({ startSec, ...more });

        it('covers startSecFrom <= startSec < startSecTo', async () => {
          await upsertSlots(at(T0 - 1), at(T0), at(T0 + 1), at(T0 + 99), at(T0 + 100), at(T0 + 101));
          const got = await store.reader.findSlotStates(
            { merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + 100, limit: 100 },
            NOW,
          );
          expect(got.map((s) => s.slot.startSec)).toEqual([T0, T0 + 1, T0 + 99]);
        });

        it('an empty range (from = to) finds nothing', async () => {
          await upsertSlots(at(T0));
          const got = await store.reader.findSlotStates({ merchantId: 'm1', startSecFrom: T0, startSecTo: T0, limit: 100 }, NOW);
          expect(got).toEqual([]);
        });

        it('orders by startSec first, then serviceId, durationSec, staffId, roomId, whatever the insertion order', async () => {
          const slots = [
            at(T0 + 2 * HOUR, { serviceId: 'a' }),
            at(T0, { serviceId: 'b', durationSec: 1800 }),
            at(T0, { serviceId: 'b', durationSec: 900, staffId: 'zed' }),
            at(T0, { serviceId: 'b', durationSec: 900, staffId: 'amy', roomId: 'r2' }),
            at(T0, { serviceId: 'b', durationSec: 900, staffId: 'amy', roomId: 'r1' }),
            at(T0, { serviceId: 'a', durationSec: 7200 }),
            at(T0 + HOUR, { serviceId: 'a' }),
          ];
          await upsertSlots(...slots);
          const got = await store.reader.findSlotStates(
            { merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + DAY, limit: 100 },
            NOW,
          );
          expect(got.map((s) => [s.slot.startSec - T0, s.slot.serviceId, s.slot.durationSec, s.slot.staffId, s.slot.roomId])).toEqual([
            [0, 'a', 7200, '', ''],
            [0, 'b', 900, 'amy', 'r1'],
            [0, 'b', 900, 'amy', 'r2'],
            [0, 'b', 900, 'zed', ''],
            [0, 'b', 1800, '', ''],
            [HOUR, 'a', 3600, '', ''],
            [2 * HOUR, 'a', 3600, '', ''],
          ]);
        });

        it('filters by serviceId when given and returns every service when it is null or absent', async () => {
          await upsertSlots(at(T0, { serviceId: 'a' }), at(T0 + 1, { serviceId: 'b' }), at(T0 + 2, { serviceId: 'a' }));
          const base = { merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + DAY, limit: 100 };
          const only = await store.reader.findSlotStates({ ...base, serviceId: 'a' }, NOW);
          expect(only.map((s) => [s.slot.serviceId, s.slot.startSec - T0])).toEqual([
            ['a', 0],
            ['a', 2],
          ]);
          expect((await store.reader.findSlotStates({ ...base, serviceId: null }, NOW)).length).toBe(3);
          expect((await store.reader.findSlotStates(base, NOW)).length).toBe(3);
          expect(await store.reader.findSlotStates({ ...base, serviceId: 'zzz' }, NOW)).toEqual([]);
        });

        it('only returns slots of the asked merchant', async () => {
          await upsertSlots(at(T0, { merchantId: 'm1' }), at(T0 + 1, { merchantId: 'm2' }), at(T0 + 2, { merchantId: 'm10' }));
          const got = await store.reader.findSlotStates(
            { merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + DAY, limit: 100 },
            NOW,
          );
          expect(got.map((s) => s.slot.merchantId)).toEqual(['m1']);
          expect(
            await store.reader.findSlotStates({ merchantId: 'nobody', startSecFrom: 0, startSecTo: T0 + DAY, limit: 100 }, NOW),
          ).toEqual([]);
        });

        it('returns at most `limit` slots, the soonest ones, the limit counting only matching slots', async () => {
          await upsertSlots(
            at(T0 + 5, { serviceId: 'a' }),
            at(T0 + 1, { serviceId: 'b' }),
            at(T0 + 2, { serviceId: 'b' }),
            at(T0 + 3, { serviceId: 'a' }),
            at(T0 + 4, { serviceId: 'a' }),
          );
          const base = { merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + DAY };
          const all = await store.reader.findSlotStates({ ...base, limit: 2 }, NOW);
          expect(all.map((s) => s.slot.startSec - T0)).toEqual([1, 2]);
          const onlyA = await store.reader.findSlotStates({ ...base, serviceId: 'a', limit: 2 }, NOW);
          expect(onlyA.map((s) => s.slot.startSec - T0)).toEqual([3, 4]);
        });

        it('reports held spots like getSlotStates', async () => {
          const slot = at(T0, { spotsTotal: 5 });
          await upsertSlots(slot);
          await write(async (tx) => {
            await tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, spots: 2 }));
            await tx.insertLease(leaseRecord({ leaseId: 'l1', slot, spots: 1, leaseExpirationTimeSec: NOW + 100 }));
          });
          const query = { merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + 1, limit: 10 };
          expect((await store.reader.findSlotStates(query, NOW)).map(counts)).toEqual([{ bookedSpots: 2, leasedSpots: 1 }]);
          expect((await store.reader.findSlotStates(query, NOW + 100)).map(counts)).toEqual([{ bookedSpots: 2, leasedSpots: 0 }]);
        });

        it('minFreeSpots keeps only slots with that many spots free (bookings and live leases both count)', async () => {
          const [booked, leased, partly, open] = [1, 2, 3, 4].map((n) => at(T0 + n, { spotsTotal: 3 }));
          await upsertSlots(booked, leased, partly, open);
          await write(async (tx) => {
            await tx.insertBooking(bookingRecord({ bookingId: 'b1', slot: booked, spots: 3 }));
            await tx.insertLease(leaseRecord({ leaseId: 'l1', slot: leased, spots: 2, leaseExpirationTimeSec: NOW + 100 }));
            await tx.insertBooking(bookingRecord({ bookingId: 'b2', slot: leased, spots: 1 }));
            await tx.insertBooking(bookingRecord({ bookingId: 'b3', slot: partly, spots: 1 }));
          });
          const query = (minFreeSpots: number) => ({ merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + 10, limit: 10, minFreeSpots });
          const starts = async (min: number, at = NOW) => (await store.reader.findSlotStates(query(min), at)).map((s) => s.slot.startSec - T0);
          expect(await starts(1)).toEqual([3, 4]);
          expect(await starts(3)).toEqual([4]);
          expect(await starts(4)).toEqual([]);
          // Once the lease has expired its spots are free again.
          expect(await starts(2, NOW + 100)).toEqual([2, 3, 4]);
        });

        it('with minFreeSpots the limit counts open slots only, however many full slots come first', async () => {
          const full = Array.from({ length: 120 }, (_, i) => at(T0 + i, { spotsTotal: 1 }));
          const later = [at(T0 + 500, { spotsTotal: 1 }), at(T0 + 501, { spotsTotal: 2 })];
          await upsertSlots(...full, ...later);
          await write(async (tx) => {
            for (const [i, slot] of full.entries()) {
              if (i % 2 === 0) await tx.insertBooking(bookingRecord({ bookingId: `b${i}`, slot, userId: `u${i}` }));
              else await tx.insertLease(leaseRecord({ leaseId: `l${i}`, slot, userReference: `r${i}`, leaseExpirationTimeSec: NOW + 100 }));
            }
          });
          const got = await store.reader.findSlotStates({ merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + 1000, limit: 2, minFreeSpots: 1 }, NOW);
          expect(got.map((s) => s.slot.startSec - T0)).toEqual([500, 501]);
          const one = await store.reader.findSlotStates({ merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + 1000, limit: 1, minFreeSpots: 2 }, NOW);
          expect(one.map((s) => s.slot.startSec - T0)).toEqual([501]);
        });
      });
    });

    // ---- leases --------------------------------------------------------------------------------

    describe('leases', () => {
      const slot = inventorySlot({ spotsTotal: 10 });
      const EXP = NOW + 600;

      beforeEach(async () => {
        await upsertSlots(slot);
      });

      it('a lease holds its spots while atSec < leaseExpirationTimeSec and nothing from the expiration on', async () => {
        await write((tx) => tx.insertLease(leaseRecord({ leaseId: 'l1', slot, spots: 3, leaseExpirationTimeSec: EXP })));
        expect(counts(await stateOf(slot, NOW))).toEqual({ bookedSpots: 0, leasedSpots: 3 });
        expect(counts(await stateOf(slot, EXP - 1))).toEqual({ bookedSpots: 0, leasedSpots: 3 });
        expect(counts(await stateOf(slot, EXP))).toEqual({ bookedSpots: 0, leasedSpots: 0 });
        expect(counts(await stateOf(slot, EXP + 1000))).toEqual({ bookedSpots: 0, leasedSpots: 0 });
        // Judged at the instant asked about, not stored: an earlier instant still sees the hold.
        expect(counts(await stateOf(slot, NOW))).toEqual({ bookedSpots: 0, leasedSpots: 3 });
      });

      it('sums the live leases of a slot, each judged by its own expiration, and only on its own slot', async () => {
        const other = inventorySlot({ startSec: T0 + HOUR, spotsTotal: 10 });
        await upsertSlots(other);
        await write(async (tx) => {
          await tx.insertLease(leaseRecord({ leaseId: 'l1', slot, userReference: 'r1', spots: 1, leaseExpirationTimeSec: NOW + 100 }));
          await tx.insertLease(leaseRecord({ leaseId: 'l2', slot, userReference: 'r2', spots: 2, leaseExpirationTimeSec: NOW + 200 }));
          await tx.insertLease(leaseRecord({ leaseId: 'l3', slot: other, userReference: 'r3', spots: 4, leaseExpirationTimeSec: NOW + 300 }));
        });
        expect((await stateOf(slot, NOW))?.leasedSpots).toBe(3);
        expect((await stateOf(slot, NOW + 100))?.leasedSpots).toBe(2);
        expect((await stateOf(slot, NOW + 200))?.leasedSpots).toBe(0);
        expect((await stateOf(other, NOW + 200))?.leasedSpots).toBe(4);
      });

      it('reads leases back positionally (null for unknown ids)', async () => {
        const l1 = leaseRecord({ leaseId: 'l1', slot, userReference: 'r1' });
        const l2 = leaseRecord({ leaseId: 'l2', slot, userReference: 'r2', spots: 2 });
        await write(async (tx) => {
          await tx.insertLease(l1);
          await tx.insertLease(l2);
        });
        expect(await store.reader.getLeases(['l2', 'nope', 'l1'])).toEqual([l2, null, l1]);
      });

      it('consumeLease frees the spots at once and records when it was consumed', async () => {
        await write((tx) => tx.insertLease(leaseRecord({ leaseId: 'l1', slot, spots: 2, leaseExpirationTimeSec: EXP })));
        await write((tx) => tx.consumeLease('l1', NOW + 10));
        expect((await stateOf(slot, NOW + 10))?.leasedSpots).toBe(0);
        expect((await stateOf(slot, NOW))?.leasedSpots).toBe(0);
        const [lease] = await store.reader.getLeases(['l1']);
        expect(lease).toEqual({ ...leaseRecord({ leaseId: 'l1', slot, spots: 2, leaseExpirationTimeSec: EXP }), consumedAtSec: NOW + 10 });
      });

      it('consuming one lease leaves the other leases of the slot holding', async () => {
        await write(async (tx) => {
          await tx.insertLease(leaseRecord({ leaseId: 'l1', slot, userReference: 'r1', spots: 2, leaseExpirationTimeSec: EXP }));
          await tx.insertLease(leaseRecord({ leaseId: 'l2', slot, userReference: 'r2', spots: 3, leaseExpirationTimeSec: EXP }));
        });
        await write((tx) => tx.consumeLease('l1', NOW));
        expect((await stateOf(slot, NOW))?.leasedSpots).toBe(3);
      });

      it('findLiveLease is scoped by callerId, userReference and slotKey', async () => {
        const lease = leaseRecord({ leaseId: 'l1', slot, callerId: 'c1', userReference: 'ref', leaseExpirationTimeSec: EXP });
        await write((tx) => tx.insertLease(lease));
        const key = keyStringOf(slot);
        const otherKey = keyStringOf(inventorySlot({ startSec: T0 + HOUR }));
        expect(await store.reader.findLiveLease('c1', 'ref', key, NOW)).toEqual(lease);
        expect(await store.reader.findLiveLease('c2', 'ref', key, NOW)).toBeNull();
        expect(await store.reader.findLiveLease('c1', 'other-ref', key, NOW)).toBeNull();
        expect(await store.reader.findLiveLease('c1', 'ref', otherKey, NOW)).toBeNull();
      });

      it('findLiveLease finds a lease until it expires and not once consumed', async () => {
        await write((tx) => tx.insertLease(leaseRecord({ leaseId: 'l1', slot, callerId: 'c1', userReference: 'ref', leaseExpirationTimeSec: EXP })));
        const key = keyStringOf(slot);
        expect((await store.reader.findLiveLease('c1', 'ref', key, EXP - 1))?.leaseId).toBe('l1');
        expect(await store.reader.findLiveLease('c1', 'ref', key, EXP)).toBeNull();
        await write((tx) => tx.consumeLease('l1', NOW));
        expect(await store.reader.findLiveLease('c1', 'ref', key, NOW)).toBeNull();
      });

      it('findLiveLease finds a new lease taken under the same reference after the old one expired', async () => {
        await write((tx) => tx.insertLease(leaseRecord({ leaseId: 'old', slot, leaseExpirationTimeSec: NOW + 10 })));
        await write((tx) =>
          tx.insertLease(leaseRecord({ leaseId: 'new', slot, leaseExpirationTimeSec: NOW + 700, createdAtSec: NOW + 20 })),
        );
        const key = keyStringOf(slot);
        expect((await store.reader.findLiveLease('caller-1', 'ref-1', key, NOW + 20))?.leaseId).toBe('new');
        expect((await stateOf(slot, NOW + 20))?.leasedSpots).toBe(1);
      });

      it('purgeExpiredLeases forgets leases that expired before the given time and keeps live ones holding', async () => {
        const B = NOW + 1000;
        await write(async (tx) => {
          await tx.insertLease(leaseRecord({ leaseId: 'gone-1', slot, userReference: 'r1', leaseExpirationTimeSec: B - 500 }));
          await tx.insertLease(leaseRecord({ leaseId: 'gone-2', slot, userReference: 'r2', leaseExpirationTimeSec: B - 10 }));
          await tx.insertLease(leaseRecord({ leaseId: 'kept', slot, userReference: 'r3', spots: 4, leaseExpirationTimeSec: B + 10 }));
        });
        expect(await store.purgeExpiredLeases(B)).toBe(2);
        expect(await store.reader.getLeases(['gone-1', 'gone-2', 'kept'])).toEqual([
          null,
          null,
          leaseRecord({ leaseId: 'kept', slot, userReference: 'r3', spots: 4, leaseExpirationTimeSec: B + 10 }),
        ]);
        expect((await stateOf(slot, B))?.leasedSpots).toBe(4);
        expect((await store.reader.findLiveLease('caller-1', 'r3', keyStringOf(slot), B))?.leaseId).toBe('kept');
        expect(await store.purgeExpiredLeases(B)).toBe(0);
      });
    });

    // ---- bookings ------------------------------------------------------------------------------

    describe('bookings', () => {
      const slot = inventorySlot({ spotsTotal: 10 });
      const other = inventorySlot({ startSec: T0 + HOUR, spotsTotal: 10 });

      beforeEach(async () => {
        await upsertSlots(slot, other);
      });

      it('insertBooking stores the record and adds its spots for CONFIRMED and PENDING_MERCHANT_CONFIRMATION', async () => {
        const confirmed = bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 2 });
        const pending = bookingRecord({ bookingId: 'b2', slot, userId: 'u2', spots: 3, status: BookingStatus.PENDING_MERCHANT_CONFIRMATION });
        expect(await write((tx) => tx.insertBooking(confirmed))).toBe('inserted');
        expect(counts(await stateOf(slot))).toEqual({ bookedSpots: 2, leasedSpots: 0 });
        expect(await write((tx) => tx.insertBooking(pending))).toBe('inserted');
        expect(counts(await stateOf(slot))).toEqual({ bookedSpots: 5, leasedSpots: 0 });
        expect(counts(await stateOf(other))).toEqual({ bookedSpots: 0, leasedSpots: 0 });
        expect(await store.reader.getBookings(['b2', 'nope', 'b1'])).toEqual([pending, null, confirmed]);
      });

      it('a booking in an inactive status holds no spots and does not count as the user\'s active booking', async () => {
        for (const [i, status] of [BookingStatus.CANCELED, BookingStatus.FAILED, BookingStatus.DECLINED_BY_MERCHANT].entries()) {
          expect(await write((tx) => tx.insertBooking(bookingRecord({ bookingId: `x${i}`, slot, userId: 'u1', status })))).toBe('inserted');
        }
        expect((await stateOf(slot))?.bookedSpots).toBe(0);
        expect(await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u1')).toBeNull();
        expect(await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, userId: 'u1' })))).toBe('inserted');
        expect((await stateOf(slot))?.bookedSpots).toBe(1);
      });

      it('a second active booking of the same user on the same slot is refused and leaves no trace', async () => {
        await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 2 })));
        const second = bookingRecord({ bookingId: 'b2', slot, userId: 'u1', spots: 1, status: BookingStatus.PENDING_MERCHANT_CONFIRMATION });
        expect(await write((tx) => tx.insertBooking(second))).toBe('user-already-booked');
        expect(await store.reader.getBookings(['b2'])).toEqual([null]);
        expect((await stateOf(slot))?.bookedSpots).toBe(2);
        expect((await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u1'))?.bookingId).toBe('b1');
        expect((await store.reader.listBookingsOfUser('u1', 0, 10)).map((b) => b.bookingId)).toEqual(['b1']);
      });

      it('the same user on another slot, or another user on the same slot, books fine', async () => {
        await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, userId: 'u1' })));
        expect(await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b2', slot: other, userId: 'u1' })))).toBe('inserted');
        expect(await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b3', slot, userId: 'u2' })))).toBe('inserted');
        expect((await stateOf(slot))?.bookedSpots).toBe(2);
        expect((await stateOf(other))?.bookedSpots).toBe(1);
      });

      it('users are per caller: another caller\'s user of the same id neither blocks nor is found', async () => {
        await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, userId: 'u1', callerId: 'caller-1' })));
        expect(await store.reader.findActiveBookingOfUser('caller-2', keyStringOf(slot), 'u1')).toBeNull();
        const theirs = bookingRecord({ bookingId: 'b2', slot, userId: 'u1', callerId: 'caller-2' });
        expect(await write((tx) => tx.insertBooking(theirs))).toBe('inserted');
        expect((await store.reader.findActiveBookingOfUser('caller-2', keyStringOf(slot), 'u1'))?.bookingId).toBe('b2');
        expect((await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u1'))?.bookingId).toBe('b1');
        // Still one active booking per (caller, user, slot).
        const again = bookingRecord({ bookingId: 'b3', slot, userId: 'u1', callerId: 'caller-2' });
        expect(await write((tx) => tx.insertBooking(again))).toBe('user-already-booked');
        expect((await stateOf(slot))?.bookedSpots).toBe(2);
      });

      it('findActiveBookingOfUser finds the active booking by (callerId, slotKey, userId) only', async () => {
        const b1 = bookingRecord({ bookingId: 'b1', slot, userId: 'u1' });
        await write((tx) => tx.insertBooking(b1));
        expect(await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u1')).toEqual(b1);
        expect(await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u2')).toBeNull();
        expect(await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(other), 'u1')).toBeNull();
      });

      it('replaceBooking to CANCELED releases the spots and lets the user book that slot again', async () => {
        const b1 = bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 3 });
        await write((tx) => tx.insertBooking(b1));
        const cancelled: BookingRecord = { ...b1, status: BookingStatus.CANCELED, updatedAtSec: NOW + 5 };
        expect(await write((tx) => tx.replaceBooking(b1, cancelled))).toBe('inserted');
        expect((await stateOf(slot))?.bookedSpots).toBe(0);
        expect(await store.reader.getBookings(['b1'])).toEqual([cancelled]);
        expect(await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u1')).toBeNull();

        const again = bookingRecord({ bookingId: 'b2', slot, userId: 'u1', spots: 1 });
        expect(await write((tx) => tx.insertBooking(again))).toBe('inserted');
        expect((await stateOf(slot))?.bookedSpots).toBe(1);
        expect((await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u1'))?.bookingId).toBe('b2');
      });

      it('replaceBooking onto another slot moves the spots and the user\'s active booking there', async () => {
        const b1 = bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 2 });
        await write((tx) => tx.insertBooking(b1));
        const moved: BookingRecord = { ...bookingRecord({ bookingId: 'b1', slot: other, userId: 'u1', spots: 2 }), updatedAtSec: NOW + 5 };
        expect(await write((tx) => tx.replaceBooking(b1, moved))).toBe('inserted');
        expect((await stateOf(slot))?.bookedSpots).toBe(0);
        expect((await stateOf(other))?.bookedSpots).toBe(2);
        expect(await store.reader.getBookings(['b1'])).toEqual([moved]);
        expect(await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u1')).toBeNull();
        expect((await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(other), 'u1'))?.bookingId).toBe('b1');
        // The old slot is free for the user again.
        expect(await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b2', slot, userId: 'u1' })))).toBe('inserted');
      });

      it('replaceBooking on the same slot with a new party size adjusts the held spots', async () => {
        const b1 = bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 2 });
        await write((tx) => tx.insertBooking(b1));
        const bigger = bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 5 });
        expect(await write((tx) => tx.replaceBooking(b1, bigger))).toBe('inserted');
        expect((await stateOf(slot))?.bookedSpots).toBe(5);
        const smaller = bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 1 });
        expect(await write((tx) => tx.replaceBooking(bigger, smaller))).toBe('inserted');
        expect((await stateOf(slot))?.bookedSpots).toBe(1);
      });

      it('replaceBooking onto a slot where the user already holds an active booking is refused and changes nothing', async () => {
        const b1 = bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 2 });
        const b2 = bookingRecord({ bookingId: 'b2', slot: other, userId: 'u1', spots: 1 });
        await write(async (tx) => {
          await tx.insertBooking(b1);
          await tx.insertBooking(b2);
        });
        const moved = bookingRecord({ bookingId: 'b1', slot: other, userId: 'u1', spots: 2 });
        expect(await write((tx) => tx.replaceBooking(b1, moved))).toBe('user-already-booked');
        expect(await store.reader.getBookings(['b1', 'b2'])).toEqual([b1, b2]);
        expect((await stateOf(slot))?.bookedSpots).toBe(2);
        expect((await stateOf(other))?.bookedSpots).toBe(1);
        expect((await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u1'))?.bookingId).toBe('b1');
        expect((await store.reader.findActiveBookingOfUser('caller-1', keyStringOf(other), 'u1'))?.bookingId).toBe('b2');
      });

      it('listBookingsOfUser: only startSec > afterSec, soonest first, cancelled included, at most `limit`, only that user', async () => {
        const s = (startSec: number) => inventorySlot({ startSec, spotsTotal: 10 });
        const slots = [s(T0 + 3 * HOUR), s(T0), s(T0 + 2 * HOUR), s(T0 + HOUR), s(T0 - HOUR)];
        await upsertSlots(...slots);
        await write(async (tx) => {
          await tx.insertBooking(bookingRecord({ bookingId: 'late', slot: slots[0], userId: 'u1' }));
          await tx.insertBooking(bookingRecord({ bookingId: 'at-t0', slot: slots[1], userId: 'u1' }));
          await tx.insertBooking(bookingRecord({ bookingId: 'cancelled', slot: slots[2], userId: 'u1', status: BookingStatus.CANCELED }));
          await tx.insertBooking(bookingRecord({ bookingId: 'someone-else', slot: slots[3], userId: 'u2' }));
          await tx.insertBooking(bookingRecord({ bookingId: 'past', slot: slots[4], userId: 'u1' }));
          await tx.insertBooking(bookingRecord({ bookingId: 'pending', slot: slots[3], userId: 'u1', status: BookingStatus.PENDING_MERCHANT_CONFIRMATION }));
        });
        const ids = async (afterSec: number, limit: number) =>
          (await store.reader.listBookingsOfUser('u1', afterSec, limit)).map((b) => b.bookingId);
        expect(await ids(T0 - 2 * HOUR, 100)).toEqual(['past', 'at-t0', 'pending', 'cancelled', 'late']);
        // afterSec is exclusive: a booking starting exactly at afterSec is not "after" it.
        expect(await ids(T0, 100)).toEqual(['pending', 'cancelled', 'late']);
        expect(await ids(T0 - 1, 100)).toEqual(['at-t0', 'pending', 'cancelled', 'late']);
        expect(await ids(T0 - 1, 2)).toEqual(['at-t0', 'pending']);
        expect(await ids(T0 + 3 * HOUR, 100)).toEqual([]);
        expect(await store.reader.listBookingsOfUser('nobody', 0, 100)).toEqual([]);
        const [first] = await store.reader.listBookingsOfUser('u1', T0 - 1, 1);
        expect(first).toEqual(bookingRecord({ bookingId: 'at-t0', slot: slots[1], userId: 'u1' }));
      });

      it('listBookingsOfUser sees a rescheduled booking at its new time', async () => {
        const b1 = bookingRecord({ bookingId: 'b1', slot, userId: 'u1' });
        const b2 = bookingRecord({ bookingId: 'b2', slot: other, userId: 'u1' });
        await write(async (tx) => {
          await tx.insertBooking(b1);
          await tx.insertBooking(b2);
        });
        const later = inventorySlot({ startSec: T0 + 5 * HOUR, spotsTotal: 10 });
        await upsertSlots(later);
        await write((tx) => tx.replaceBooking(b1, bookingRecord({ bookingId: 'b1', slot: later, userId: 'u1' })));
        expect((await store.reader.listBookingsOfUser('u1', 0, 10)).map((b) => [b.bookingId, b.slot.startSec - T0])).toEqual([
          ['b2', HOUR],
          ['b1', 5 * HOUR],
        ]);
      });
    });

    // ---- idempotency ---------------------------------------------------------------------------

    describe('idempotency records', () => {
      const booking = bookingRecord({ bookingId: 'b1' });

      it('stores a record per (callerId, token) and reads it back; unknown pairs are null', async () => {
        const rec = idempotencyRecord('c1', 'tok', booking, 'fp-a');
        expect(await write((tx) => tx.insertIdempotency(rec))).toBe('inserted');
        expect(await store.reader.getIdempotency('c1', 'tok')).toEqual(rec);
        expect(await store.reader.getIdempotency('c1', 'other')).toBeNull();
        expect(await store.reader.getIdempotency('c2', 'tok')).toBeNull();
      });

      it('a duplicate (callerId, token) is "token-exists" and keeps the first record', async () => {
        const first = idempotencyRecord('c1', 'tok', booking, 'fp-a');
        await write((tx) => tx.insertIdempotency(first));
        const second = idempotencyRecord('c1', 'tok', bookingRecord({ bookingId: 'b2' }), 'fp-b');
        expect(await write((tx) => tx.insertIdempotency(second))).toBe('token-exists');
        expect(await store.reader.getIdempotency('c1', 'tok')).toEqual(first);
      });

      it('the same token under another callerId is a different record', async () => {
        const a = idempotencyRecord('c1', 'tok', booking, 'fp-a');
        const b = idempotencyRecord('c2', 'tok', bookingRecord({ bookingId: 'b2' }), 'fp-b');
        expect(await write((tx) => tx.insertIdempotency(a))).toBe('inserted');
        expect(await write((tx) => tx.insertIdempotency(b))).toBe('inserted');
        expect(await store.reader.getIdempotency('c1', 'tok')).toEqual(a);
        expect(await store.reader.getIdempotency('c2', 'tok')).toEqual(b);
      });

      it('the stored booking snapshot does not follow later changes of the booking', async () => {
        const slot = inventorySlot({ spotsTotal: 3 });
        await upsertSlots(slot);
        const b = bookingRecord({ bookingId: 'b1', slot });
        await write(async (tx) => {
          await tx.insertBooking(b);
          await tx.insertIdempotency(idempotencyRecord('c1', 'tok', b));
        });
        await write((tx) => tx.replaceBooking(b, { ...b, status: BookingStatus.CANCELED }));
        expect((await store.reader.getIdempotency('c1', 'tok'))?.booking.status).toBe(BookingStatus.CONFIRMED);
      });
    });

    // ---- units of work -------------------------------------------------------------------------

    describe('unitOfWork', () => {
      const slot = inventorySlot({ spotsTotal: 5 });

      /** Everything a unit below might touch, read through the port. */
      async function snapshot() {
        const r = store.reader;
        return {
          merchants: await r.getMerchants(['m1', 'm9']),
          services: await r.getServices([{ merchantId: 'm1', serviceId: 's1' }, { merchantId: 'm1', serviceId: 's9' }]),
          serviceLists: await r.listServicesOfMerchants(['m1']),
          slots: await r.getSlotStates([keyOf(slot), keyOf(inventorySlot({ startSec: T0 + HOUR }))], NOW),
          range: await r.findSlotStates({ merchantId: 'm1', startSecFrom: 0, startSecTo: T0 + DAY, limit: 100 }, NOW),
          bookings: await r.getBookings(['b1', 'b2', 'b3']),
          userBookings: await r.listBookingsOfUser('u1', 0, 100),
          activeU1: await r.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u1'),
          activeU2: await r.findActiveBookingOfUser('caller-1', keyStringOf(slot), 'u2'),
          leases: await r.getLeases(['l1', 'l2']),
          liveLease: await r.findLiveLease('caller-1', 'ref-1', keyStringOf(slot), NOW),
          idempotency: [await r.getIdempotency('c1', 't1'), await r.getIdempotency('c1', 't2')],
        };
      }

      async function seed() {
        const b1 = bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 2 });
        await write(async (tx) => {
          await tx.upsertMerchant(merchantRecord('m1'));
          await tx.upsertService(serviceRecord('m1', 's1'));
          await tx.upsertSlots([slot]);
          await tx.insertBooking(b1);
          await tx.insertLease(leaseRecord({ leaseId: 'l1', slot, spots: 1 }));
          await tx.insertIdempotency(idempotencyRecord('c1', 't1', b1));
        });
        return b1;
      }

      it('a refusal ends the unit: its writes are discarded, it still returns, later calls throw UnitEndedError', async () => {
        await seed();
        const before = await snapshot();
        const outcome = await write(async (tx) => {
          await tx.upsertMerchant(merchantRecord('m9'));
          await tx.insertLease(leaseRecord({ leaseId: 'l2', slot, spots: 1 }));
          return tx.insertBooking(bookingRecord({ bookingId: 'b2', slot, userId: 'u1' })); // u1 holds b1 here
        });
        expect(outcome).toBe('user-already-booked');
        expect(await snapshot()).toEqual(before);

        const tokenOutcome = await write(async (tx) => {
          await tx.upsertMerchant(merchantRecord('m9'));
          return tx.insertIdempotency(idempotencyRecord('c1', 't1', bookingRecord({ bookingId: 'b3', slot, userId: 'u3' })));
        });
        expect(tokenOutcome).toBe('token-exists');
        expect(await snapshot()).toEqual(before);

        const later = await write(async (tx) => {
          await tx.insertBooking(bookingRecord({ bookingId: 'b2', slot, userId: 'u1' }));
          await tx.getMerchants(['m1']);
        }).catch((e: unknown) => e);
        expect(later).toBeInstanceOf(UnitEndedError);
        expect(await snapshot()).toEqual(before);
      });

      it('returns what the work returns and commits its writes', async () => {
        const result = await write(async (tx) => {
          await tx.upsertMerchant(merchantRecord('m1'));
          await tx.upsertSlots([slot]);
          return { answer: 42 };
        });
        expect(result).toEqual({ answer: 42 });
        expect(await store.reader.getMerchants(['m1'])).toEqual([merchantRecord('m1')]);
        expect((await stateOf(slot))?.slot).toEqual(slot);
      });

      it('a unit sees its own writes before it commits', async () => {
        await upsertSlots(slot);
        const seen = await write(async (tx) => {
          await tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 2 }));
          await tx.insertLease(leaseRecord({ leaseId: 'l1', slot, spots: 1 }));
          const [state] = await tx.getSlotStates([keyOf(slot)], NOW);
          const [booking] = await tx.getBookings(['b1']);
          return { counts: counts(state), bookingId: booking?.bookingId };
        });
        expect(seen).toEqual({ counts: { bookedSpots: 2, leasedSpots: 1 }, bookingId: 'b1' });
      });

      it('a unit that writes and then throws leaves no trace, and its error is rethrown unchanged', async () => {
        const b1 = await seed();
        const before = await snapshot();

        class WorkFailed extends Error {
          readonly detail = { code: 'X' };
        }
        const error = new WorkFailed('boom');
        const attempt = write(async (tx) => {
          await tx.upsertMerchant(merchantRecord('m1', { name: 'changed' }));
          await tx.upsertMerchant(merchantRecord('m9'));
          await tx.upsertService(serviceRecord('m1', 's1', { name: 'changed' }));
          await tx.upsertService(serviceRecord('m1', 's9'));
          await tx.upsertSlots([inventorySlot({ spotsTotal: 99, availabilityTag: 'changed' }), inventorySlot({ startSec: T0 + HOUR })]);
          await tx.replaceBooking(b1, { ...b1, status: BookingStatus.CANCELED });
          await tx.insertBooking(bookingRecord({ bookingId: 'b2', slot, userId: 'u1', spots: 1 }));
          await tx.insertBooking(bookingRecord({ bookingId: 'b3', slot, userId: 'u2', spots: 1 }));
          await tx.consumeLease('l1', NOW);
          await tx.insertLease(leaseRecord({ leaseId: 'l2', slot, userReference: 'ref-2', spots: 1 }));
          await tx.insertIdempotency(idempotencyRecord('c1', 't2', b1));
          // The unit really did see its writes before failing.
          const [state] = await tx.getSlotStates([keyOf(slot)], NOW);
          expect(state?.slot.spotsTotal).toBe(99);
          expect(counts(state)).toEqual({ bookedSpots: 2, leasedSpots: 1 });
          throw error;
        });
        await expect(attempt).rejects.toBe(error);
        expect(await snapshot()).toEqual(before);
        // The slot behaves as before too: u1 still holds it, u2 can book it.
        expect(await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b2', slot, userId: 'u1' })))).toBe('user-already-booked');
        expect(await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b3', slot, userId: 'u2' })))).toBe('inserted');
      });

      it('a unit that throws on an empty store leaves it empty; non-Error throwables are rethrown as they are', async () => {
        const before = await snapshot();
        const thrown = { notAnError: true };
        await expect(
          write(async (tx) => {
            await tx.upsertMerchant(merchantRecord('m1'));
            await tx.upsertService(serviceRecord('m1', 's1'));
            await tx.upsertSlots([slot]);
            await tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, userId: 'u1' }));
            await tx.insertLease(leaseRecord({ leaseId: 'l1', slot }));
            await tx.insertIdempotency(idempotencyRecord('c1', 't1', bookingRecord({ bookingId: 'b1' })));
            throw thrown;
          }),
        ).rejects.toBe(thrown);
        expect(await snapshot()).toEqual(before);
        // The upserted-then-rolled-back slot did not leave a ghost in the listings.
        expect(await store.reader.findSlotStates({ merchantId: 'm1', startSecFrom: 0, startSecTo: T0 + DAY, limit: 10 }, NOW)).toEqual([]);
        expect(await store.reader.listServicesOfMerchants(['m1'])).toEqual([[]]);
      });

      it('a failed unit does not stop later units', async () => {
        await upsertSlots(slot);
        await expect(write(async () => Promise.reject(new Error('first')))).rejects.toThrow('first');
        expect(await write((tx) => tx.insertBooking(bookingRecord({ bookingId: 'b1', slot })))).toBe('inserted');
        expect((await stateOf(slot))?.bookedSpots).toBe(1);
      });

      it('isolation: 50 concurrent read-check-write units on a 5-spot slot book exactly 5', async () => {
        await upsertSlots(slot);
        const attempt = (i: number) =>
          write(async (tx) => {
            const [state] = await tx.getSlotStates([keyOf(slot)], NOW);
            // Give every other unit a chance to run between the read and the write.
            await new Promise((resolve) => setImmediate(resolve));
            if (!state || state.slot.spotsTotal - state.bookedSpots - state.leasedSpots < 1) return 'full' as const;
            const result = await tx.insertBooking(bookingRecord({ bookingId: `b${i}`, slot, userId: `user-${i}` }));
            if (result !== 'inserted') throw new Error(`unexpected ${result}`);
            return 'booked' as const;
          });
        const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => attempt(i)));
        const booked = results.filter((r) => r.status === 'fulfilled' && r.value === 'booked').length;
        const full = results.filter((r) => r.status === 'fulfilled' && r.value === 'full').length;
        expect(booked).toBe(5);
        expect(full).toBe(45);
        expect((await stateOf(slot))?.bookedSpots).toBe(5);
        const ids = Array.from({ length: 50 }, (_, i) => `b${i}`);
        expect((await store.reader.getBookings(ids)).filter((b) => b !== null)).toHaveLength(5);
      });

      it('isolation: concurrent units taking spots through leases and bookings never overfill the slot', async () => {
        await upsertSlots(slot);
        const attempt = (i: number) =>
          write(async (tx) => {
            const [state] = await tx.getSlotStates([keyOf(slot)], NOW);
            await new Promise((resolve) => setImmediate(resolve));
            const spots = 1 + (i % 2);
            if (!state || state.slot.spotsTotal - state.bookedSpots - state.leasedSpots < spots) return 0;
            if (i % 3 === 0) await tx.insertLease(leaseRecord({ leaseId: `l${i}`, slot, userReference: `r${i}`, spots }));
            else await tx.insertBooking(bookingRecord({ bookingId: `b${i}`, slot, userId: `user-${i}`, spots }));
            return spots;
          });
        const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => attempt(i)));
        const taken = results.reduce((sum, r) => sum + (r.status === 'fulfilled' ? r.value : 0), 0);
        const state = await stateOf(slot);
        expect(state!.bookedSpots + state!.leasedSpots).toBe(taken);
        expect(taken).toBeLessThanOrEqual(5);
        expect(taken).toBeGreaterThanOrEqual(4); // someone always fits until at most one spot is left
      });

      it('a read made while a unit is open never sees that unit\'s writes if it rolls back', async () => {
        await upsertSlots(slot);
        const before = await snapshot();
        const wrote = gate();
        const release = gate();
        const failure = new Error('rolled back');
        const unit = write(async (tx) => {
          await tx.upsertMerchant(merchantRecord('m1'));
          await tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 3 }));
          await tx.insertLease(leaseRecord({ leaseId: 'l1', slot, spots: 1 }));
          wrote.open();
          await release.promise;
          throw failure;
        });
        await wrote.promise;
        const during = snapshot(); // not awaited: the unit is still open
        release.open();
        await expect(unit).rejects.toBe(failure);
        expect(await during).toEqual(before);
      });

      it('a read made while a unit is open sees either none or all of its writes once it commits', async () => {
        await upsertSlots(slot);
        const wrote = gate();
        const release = gate();
        const unit = write(async (tx) => {
          await tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, userId: 'u1', spots: 3 }));
          await tx.insertLease(leaseRecord({ leaseId: 'l1', slot, spots: 1 }));
          wrote.open();
          await release.promise;
        });
        await wrote.promise;
        const during = store.reader.getSlotStates([keyOf(slot)], NOW);
        release.open();
        await unit;
        const [state] = await during;
        expect([
          { bookedSpots: 0, leasedSpots: 0 },
          { bookedSpots: 3, leasedSpots: 1 },
        ]).toContainEqual(counts(state));
        expect(counts(await stateOf(slot))).toEqual({ bookedSpots: 3, leasedSpots: 1 });
      });
    });

    // ---- housekeeping --------------------------------------------------------------------------

    describe('ping and close', () => {
      it('ping answers true while the store is open and false once it is closed', async () => {
        expect(await store.ping()).toBe(true);
        await store.close();
        expect(await store.ping()).toBe(false);
      });
    });
  });
}
