// The store contract, continued: the reads and writes of the merchant's half (issue 12): a merchant's
// schedule, pending bookings that hold spots until their confirmation deadline, a user's active
// bookings at a merchant, slot deletion, early lease expiry and the per-user lock. Like the rest of
// the contract it only talks to the port, so every adapter runs it unchanged.
import { BookingStatus, ConfirmationMode } from '../../src/domain/enums';
import type { BookingRecord, InventorySlot } from '../../src/domain/records';
import type { BookingStore, MerchantBookingsQuery, StoreWriter } from '../../src/store/store.port';
import { T0, bookingRecord, freshStorePerTest, inventorySlot, keyOf, leaseRecord, merchantRecord, serviceRecord } from './store-contract';

const HOUR = 3600;
const DAY = 24 * HOUR;
const NOW = T0 - DAY;

export function describeMerchantStoreContract(
  name: string,
  makeStore: () => Promise<BookingStore>,
  cleanup?: (s: BookingStore) => Promise<void>,
): void {
  describe(`BookingStore contract, merchant operations: ${name}`, () => {
    let store: BookingStore;
    freshStorePerTest(makeStore, cleanup, (s) => (store = s));

    const write = <T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> => store.unitOfWork(work);
    const insert = (...bookings: BookingRecord[]) =>
      write(async (tx) => {
        for (const b of bookings) expect(await tx.insertBooking(b)).toBe('inserted');
      });
    const stateOf = async (slot: InventorySlot, atSec = NOW) => (await store.reader.getSlotStates([keyOf(slot)], atSec))[0];
    const ids = (bookings: BookingRecord[]) => bookings.map((b) => b.bookingId);

    describe('service policies and slot names', () => {
      it('keeps every policy field of a service, the virtual session included', async () => {
        const service = serviceRecord('m1', 'consult', {
          minAdvanceBookingSec: 3600,
          maxAdvanceBookingSec: 30 * DAY,
          pendingConfirmationTimeoutSec: 7200,
          maxActiveBookingsPerUser: 3,
          preventOverlap: true,
          virtualSession: { sessionUrl: 'https://meet.example.com/x', meetingId: 'x-1', password: 's3cret' },
        });
        await write((tx) => tx.upsertService(service));
        expect(await store.reader.getServices([{ merchantId: 'm1', serviceId: 'consult' }])).toEqual([service]);
        expect(await store.reader.listServicesOfMerchants(['m1'])).toEqual([[service]]);
      });

      it('keeps staff and room names as slot attributes: an upsert changes them, identity stays', async () => {
        const named = inventorySlot({ staffId: 'alex', roomId: 'r1', staffName: 'Alex', roomName: 'Room 1' });
        await write((tx) => tx.upsertSlots([named]));
        expect((await stateOf(named))?.slot).toEqual(named);
        const renamed = { ...named, staffName: 'Alexandra', roomName: null };
        await write((tx) => tx.upsertSlots([renamed]));
        expect((await stateOf(named))?.slot).toEqual(renamed);
        const [found] = await store.reader.findSlotStates({ merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + 1, limit: 10 }, NOW);
        expect(found.slot).toEqual(renamed);
      });
    });

    describe('pending bookings with a confirmation deadline', () => {
      const slot = inventorySlot({ spotsTotal: 3, confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS });
      const deadline = NOW + HOUR;
      const pending = (bookingId: string, spots = 1, userId = `u-${bookingId}`) =>
        bookingRecord({ bookingId, slot, spots, userId, status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, confirmationDeadlineSec: deadline });

      beforeEach(() => write((tx) => tx.upsertSlots([slot])));

      it('hold their spots until the deadline and nothing from it on, without any write', async () => {
        await insert(pending('p1', 2), bookingRecord({ bookingId: 'c1', slot, userId: 'u-c1' }));
        expect((await stateOf(slot, deadline - 1))?.bookedSpots).toBe(3);
        expect((await stateOf(slot, deadline))?.bookedSpots).toBe(1);
        const range = (atSec: number, minFreeSpots: number) =>
          store.reader.findSlotStates({ merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + 1, limit: 10, minFreeSpots }, atSec);
        expect(await range(deadline - 1, 1)).toHaveLength(0);
        expect((await range(deadline, 2)).map((s) => s.bookedSpots)).toEqual([1]);
      });

      it('confirming one keeps its spots past the deadline; declining or cancelling one frees them at once', async () => {
        const [p1, p2, p3] = [pending('p1'), pending('p2'), pending('p3')];
        await insert(p1, p2, p3);
        await write(async (tx) => {
          await tx.replaceBooking(p1, { ...p1, status: BookingStatus.CONFIRMED, confirmationDeadlineSec: null });
          await tx.replaceBooking(p2, { ...p2, status: BookingStatus.DECLINED_BY_MERCHANT });
        });
        expect((await stateOf(slot, deadline - 1))?.bookedSpots).toBe(2);
        await write((tx) => tx.replaceBooking(p3, { ...p3, status: BookingStatus.CANCELED }));
        expect((await stateOf(slot, deadline - 1))?.bookedSpots).toBe(1);
        expect((await stateOf(slot, deadline + DAY))?.bookedSpots).toBe(1);
        expect((await store.reader.getBookings(['p1']))[0]?.confirmationDeadlineSec).toBeNull();
      });

      it('a pending booking without a deadline holds like a confirmed one', async () => {
        await insert(bookingRecord({ bookingId: 'p0', slot, status: BookingStatus.PENDING_MERCHANT_CONFIRMATION }));
        expect((await stateOf(slot, NOW + 365 * DAY))?.bookedSpots).toBe(1);
      });

      it('one past its deadline is still found as the user’s booking on the slot until it is settled', async () => {
        const p1 = pending('p1', 1, 'ada');
        await insert(p1);
        expect((await store.reader.findActiveBookingOfUser('caller-1', p1.slotKey, 'ada'))?.bookingId).toBe('p1');
        await write((tx) => tx.replaceBooking(p1, { ...p1, status: BookingStatus.DECLINED_BY_MERCHANT }));
        expect(await store.reader.findActiveBookingOfUser('caller-1', p1.slotKey, 'ada')).toBeNull();
        await insert(pending('p2', 1, 'ada'));
      });
    });

    describe('listMerchantBookings and countMerchantBookings', () => {
      const early = inventorySlot({ startSec: T0, staffId: 'alex' });
      const late = inventorySlot({ startSec: T0 + HOUR, staffId: 'sam' });
      const other = inventorySlot({ startSec: T0, serviceId: 'color', staffId: 'alex' });
      const elsewhere = inventorySlot({ merchantId: 'm2', startSec: T0 });
      const base: MerchantBookingsQuery = { merchantId: 'm1', startSecFrom: T0, startSecTo: T0 + DAY, limit: 100 };
      const list = (q: Partial<MerchantBookingsQuery> = {}, atSec = NOW) => store.reader.listMerchantBookings({ ...base, ...q }, atSec);
      const count = (q: Partial<MerchantBookingsQuery> = {}, atSec = NOW) => store.reader.countMerchantBookings({ ...base, ...q }, atSec);

      beforeEach(async () => {
        await write((tx) => tx.upsertSlots([early, late, other, elsewhere]));
        await insert(
          bookingRecord({ bookingId: 'b-3', slot: late, userId: 'u1' }),
          bookingRecord({ bookingId: 'b-2', slot: early, userId: 'u2' }),
          bookingRecord({ bookingId: 'b-1', slot: early, userId: 'u3', status: BookingStatus.CANCELED }),
          bookingRecord({ bookingId: 'b-4', slot: other, userId: 'u4', status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, confirmationDeadlineSec: NOW + HOUR }),
          bookingRecord({ bookingId: 'b-5', slot: elsewhere, userId: 'u5' }),
        );
      });

      it('lists the merchant’s bookings in (slot.startSec, bookingId) order, every status, no other merchant', async () => {
        expect(ids(await list())).toEqual(['b-1', 'b-2', 'b-4', 'b-3']);
        expect(await count()).toBe(4);
        expect(ids(await list({ merchantId: 'm2' }))).toEqual(['b-5']);
        expect(await count({ merchantId: 'nobody' })).toBe(0);
      });

      it('covers startSecFrom <= slot.startSec < startSecTo', async () => {
        expect(ids(await list({ startSecFrom: T0 + 1 }))).toEqual(['b-3']);
        expect(ids(await list({ startSecTo: T0 + HOUR }))).toEqual(['b-1', 'b-2', 'b-4']);
        expect(await count({ startSecFrom: T0 + HOUR, startSecTo: T0 + HOUR + 1 })).toBe(1);
      });

      it('filters by service, by staff and by status as of the instant asked about', async () => {
        expect(ids(await list({ serviceId: 'color' }))).toEqual(['b-4']);
        expect(ids(await list({ staffId: 'alex' }))).toEqual(['b-1', 'b-2', 'b-4']);
        expect(ids(await list({ staffId: 'alex', serviceId: 's1' }))).toEqual(['b-1', 'b-2']);
        expect(ids(await list({ statuses: [BookingStatus.CONFIRMED] }))).toEqual(['b-2', 'b-3']);
        expect(ids(await list({ statuses: [BookingStatus.CANCELED, BookingStatus.PENDING_MERCHANT_CONFIRMATION] }))).toEqual(['b-1', 'b-4']);
        // Past its deadline the pending booking counts as declined, for the filter and the count alike.
        const later = NOW + HOUR;
        expect(ids(await list({ statuses: [BookingStatus.PENDING_MERCHANT_CONFIRMATION] }, later))).toEqual([]);
        expect(ids(await list({ statuses: [BookingStatus.DECLINED_BY_MERCHANT] }, later))).toEqual(['b-4']);
        expect(await count({ statuses: [BookingStatus.DECLINED_BY_MERCHANT] }, later)).toBe(1);
        expect(await count({ statuses: [BookingStatus.DECLINED_BY_MERCHANT] }, later - 1)).toBe(0);
      });

      it('pages by keyset: strictly after the position, at most limit, the count unaffected', async () => {
        const first = await list({ limit: 2 });
        expect(ids(first)).toEqual(['b-1', 'b-2']);
        const after = { startSec: first[1].slot.startSec, bookingId: first[1].bookingId };
        expect(ids(await list({ after, limit: 2 }))).toEqual(['b-4', 'b-3']);
        expect(await count({ after, limit: 2 })).toBe(4);
        // A booking inserted before the position does not shift the next page.
        await insert(bookingRecord({ bookingId: 'b-0', slot: early, userId: 'u6' }));
        expect(ids(await list({ after, limit: 2 }))).toEqual(['b-4', 'b-3']);
        // A position before the range's start still bounds by the range.
        expect(ids(await list({ after: { startSec: T0 - DAY, bookingId: 'z' } }))).toEqual(['b-0', 'b-1', 'b-2', 'b-4', 'b-3']);
        expect(ids(await list({ after: { startSec: T0 + HOUR, bookingId: 'b-3' } }))).toEqual([]);
      });
    });

    describe('listActiveBookingsOfUser', () => {
      const slots = [0, 1, 2, 3].map((h) => inventorySlot({ startSec: T0 + h * HOUR, spotsTotal: 5 }));
      beforeEach(() => write((tx) => tx.upsertSlots([...slots, inventorySlot({ merchantId: 'm2', startSec: T0 })])));

      it('lists one caller’s user’s bookings at one merchant that start after afterSec and hold at atSec, soonest first', async () => {
        await insert(
          bookingRecord({ bookingId: 'a3', slot: slots[3], userId: 'ada' }),
          bookingRecord({ bookingId: 'a1', slot: slots[1], userId: 'ada', status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, confirmationDeadlineSec: NOW + HOUR }),
          bookingRecord({ bookingId: 'a0', slot: slots[0], userId: 'ada' }),
          bookingRecord({ bookingId: 'x-cancelled', slot: slots[2], userId: 'ada', status: BookingStatus.CANCELED }),
          bookingRecord({ bookingId: 'x-other-user', slot: slots[2], userId: 'bob' }),
          bookingRecord({ bookingId: 'x-other-caller', slot: slots[2], userId: 'ada', callerId: 'caller-2' }),
          bookingRecord({ bookingId: 'x-other-merchant', slot: inventorySlot({ merchantId: 'm2', startSec: T0 }), userId: 'ada' }),
        );
        const of = (afterSec: number, atSec: number, limit = 10, beforeSec: number | null = null) =>
          store.reader.listActiveBookingsOfUser({ callerId: 'caller-1', merchantId: 'm1', userId: 'ada', startAfterSec: afterSec, startBeforeSec: beforeSec }, atSec, limit);
        expect(ids(await of(NOW, NOW))).toEqual(['a0', 'a1', 'a3']);
        expect(ids(await of(NOW, NOW + HOUR))).toEqual(['a0', 'a3']);
        expect(ids(await of(T0, NOW))).toEqual(['a1', 'a3']);
        expect(ids(await of(NOW, NOW, 2))).toEqual(['a0', 'a1']);
        // startBeforeSec bounds the start from above, exclusively.
        expect(ids(await of(NOW, NOW, 10, T0 + 3 * HOUR))).toEqual(['a0', 'a1']);
        expect(ids(await of(NOW, NOW, 10, T0 + 3 * HOUR + 1))).toEqual(['a0', 'a1', 'a3']);
        expect(await store.reader.listActiveBookingsOfUser({ callerId: 'caller-2', merchantId: 'm1', userId: 'ada', startAfterSec: NOW }, NOW, 10)).toHaveLength(1);
        expect(await store.reader.listActiveBookingsOfUser({ callerId: 'caller-1', merchantId: 'm1', userId: 'nobody', startAfterSec: NOW }, NOW, 10)).toEqual([]);
      });

      it('lockUser makes concurrent check-then-book units of one user take turns: a limit of one books once', async () => {
        const attempt = (i: number) =>
          write(async (tx) => {
            await tx.lockUser('caller-1', 'm1', 'ada');
            const held = await tx.listActiveBookingsOfUser({ callerId: 'caller-1', merchantId: 'm1', userId: 'ada', startAfterSec: NOW }, NOW, 10);
            await new Promise((resolve) => setImmediate(resolve));
            if (held.length >= 1) return 'over-limit' as const;
            expect(await tx.insertBooking(bookingRecord({ bookingId: `b${i}`, slot: slots[i % 4], userId: 'ada' }))).toBe('inserted');
            return 'booked' as const;
          });
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(i)));
        expect(results.filter((r) => r === 'booked')).toHaveLength(1);
        expect(results.filter((r) => r === 'over-limit')).toHaveLength(11);
        expect(await store.reader.listActiveBookingsOfUser({ callerId: 'caller-1', merchantId: 'm1', userId: 'ada', startAfterSec: NOW }, NOW, 10)).toHaveLength(1);
        // Other users (and the same user of another caller) are not held up by the lock: both book.
        await write(async (tx) => {
          await tx.lockUser('caller-1', 'm1', 'bob');
          await tx.lockUser('caller-2', 'm1', 'ada');
          expect(await tx.insertBooking(bookingRecord({ bookingId: 'bob', slot: slots[0], userId: 'bob' }))).toBe('inserted');
        });
      });
    });

    describe('listBookingsOfUser restricted to merchants', () => {
      it('lists only bookings at the given merchants, the limit applying after that filter', async () => {
        const at = (merchantId: string, h: number) => inventorySlot({ merchantId, startSec: T0 + h * HOUR, spotsTotal: 5 });
        const slots = [at('m2', 0), at('m2', 1), at('m1', 2), at('m3', 3)];
        await write((tx) => tx.upsertSlots(slots));
        await insert(...slots.map((slot, i) => bookingRecord({ bookingId: `b${i}`, slot, userId: 'ada' })));
        const list = (merchantIds: readonly string[] | null, limit = 10) => store.reader.listBookingsOfUser('ada', NOW, limit, { merchantIds }).then(ids);
        expect(await list(null)).toEqual(['b0', 'b1', 'b2', 'b3']);
        expect(await list(['m1'], 1)).toEqual(['b2']);
        expect(await list(['m1', 'm3'])).toEqual(['b2', 'b3']);
        expect(await list(['nobody'])).toEqual([]);
      });

      it('lists only the bookings one caller made, when asked, before the limit applies', async () => {
        const slots = [0, 1, 2].map((h) => inventorySlot({ startSec: T0 + h * HOUR, spotsTotal: 5 }));
        await write((tx) => tx.upsertSlots(slots));
        await insert(
          bookingRecord({ bookingId: 'theirs-0', slot: slots[0], userId: 'ada', callerId: 'caller-2' }),
          bookingRecord({ bookingId: 'theirs-1', slot: slots[1], userId: 'ada', callerId: 'caller-2' }),
          bookingRecord({ bookingId: 'mine', slot: slots[2], userId: 'ada', callerId: 'caller-1', status: BookingStatus.CANCELED }),
        );
        expect(ids(await store.reader.listBookingsOfUser('ada', NOW, 1, { callerId: 'caller-1' }))).toEqual(['mine']);
        expect(ids(await store.reader.listBookingsOfUser('ada', NOW, 10, { callerId: 'caller-2' }))).toEqual(['theirs-0', 'theirs-1']);
        expect(await store.reader.listBookingsOfUser('ada', NOW, 10, { callerId: 'caller-3' })).toEqual([]);
        expect(ids(await store.reader.listBookingsOfUser('ada', Number.MIN_SAFE_INTEGER, 10, { callerId: 'caller-1', merchantIds: ['m1'] }))).toEqual(['mine']);
      });
    });

    describe('a slot deleted and created again', () => {
      it('counts the bookings that still name it, confirmed and pending with a deadline alike', async () => {
        const slot = inventorySlot({ spotsTotal: 3, confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS });
        await write((tx) => tx.upsertSlots([slot]));
        const stale = bookingRecord({ bookingId: 'stale', slot, userId: 'u1', status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, confirmationDeadlineSec: NOW + 60 });
        const kept = bookingRecord({ bookingId: 'kept', slot, userId: 'u2' });
        await insert(stale, kept);
        // The port allows deleting a slot that still has bookings (the service refuses it; stores keep them).
        expect(await write((tx) => tx.deleteSlots([keyOf(slot)]))).toBe(1);
        await write((tx) => tx.upsertSlots([slot]));
        expect((await stateOf(slot, NOW))?.bookedSpots).toBe(2);
        expect((await stateOf(slot, NOW + 60))?.bookedSpots).toBe(1);
        // The stale booking is settled after its deadline and a new pending one is made: it holds its spot.
        await write(async (tx) => {
          await tx.replaceBooking(stale, { ...stale, status: BookingStatus.DECLINED_BY_MERCHANT });
          expect(await tx.insertBooking(bookingRecord({ bookingId: 'fresh', slot, userId: 'u1', status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, confirmationDeadlineSec: NOW + 3600 }))).toBe('inserted');
        });
        expect((await stateOf(slot, NOW + 120))?.bookedSpots).toBe(2);
        expect((await stateOf(slot, NOW + 3600))?.bookedSpots).toBe(1);
      });
    });

    describe('deleteSlots', () => {
      it('deletes the named slots, answers how many existed, and leaves their bookings and other slots alone', async () => {
        const [a, b, c] = [0, 1, 2].map((h) => inventorySlot({ startSec: T0 + h * HOUR }));
        await write((tx) => tx.upsertSlots([a, b, c]));
        await insert(bookingRecord({ bookingId: 'old', slot: a, status: BookingStatus.CANCELED }));
        const missing = keyOf(inventorySlot({ startSec: T0 + 9 * HOUR }));
        expect(await write((tx) => tx.deleteSlots([keyOf(a), keyOf(b), missing]))).toBe(2);
        expect(await store.reader.getSlotStates([keyOf(a), keyOf(b), keyOf(c)], NOW)).toEqual([null, null, expect.objectContaining({ slot: c })]);
        expect((await store.reader.getBookings(['old']))[0]?.bookingId).toBe('old');
        expect(await write((tx) => tx.deleteSlots([]))).toBe(0);
        expect(await write((tx) => tx.deleteSlots([keyOf(a)]))).toBe(0);
      });

      it('is undone with the unit that made it', async () => {
        const a = inventorySlot();
        await write((tx) => tx.upsertSlots([a]));
        await expect(
          write(async (tx) => {
            await tx.deleteSlots([keyOf(a)]);
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await stateOf(a)).not.toBeNull();
      });
    });

    describe('expireLease', () => {
      const slot = inventorySlot({ spotsTotal: 2 });
      beforeEach(() => write((tx) => tx.upsertSlots([slot])));

      it('ends a live lease at atSec: it holds nothing from then on and is no longer found as live', async () => {
        const lease = leaseRecord({ leaseId: 'l1', slot, leaseExpirationTimeSec: NOW + 600 });
        await write((tx) => tx.insertLease(lease));
        expect((await stateOf(slot))?.leasedSpots).toBe(1);
        await write((tx) => tx.expireLease('l1', NOW + 10));
        expect((await stateOf(slot, NOW + 9))?.leasedSpots).toBe(1);
        expect((await stateOf(slot, NOW + 10))?.leasedSpots).toBe(0);
        expect((await store.reader.getLeases(['l1']))[0]).toEqual({ ...lease, leaseExpirationTimeSec: NOW + 10 });
        expect(await store.reader.findLiveLease('caller-1', 'ref-1', lease.slotKey, NOW + 10)).toBeNull();
      });

      it('never lengthens a lease, and leaves unknown leases alone', async () => {
        const lease = leaseRecord({ leaseId: 'l1', slot, leaseExpirationTimeSec: NOW + 600 });
        await write((tx) => tx.insertLease(lease));
        await write(async (tx) => {
          await tx.expireLease('l1', NOW + 900);
          await tx.expireLease('nope', NOW);
        });
        expect((await store.reader.getLeases(['l1', 'nope']))).toEqual([lease, null]);
      });
    });
  });
}
