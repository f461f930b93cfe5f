// The outbox recorder on the real services over SQLite: each committed change appends its events in
// the same unit; a unit that fails after its change, or is refused, leaves no event.
import { ManualClock } from '../../../src/domain/clock';
import { BookingStatus } from '../../../src/domain/enums';
import type { OutboxEvent } from '../../../src/domain/events';
import { bookingChangeType } from '../../../src/services/events/outbox-recorder';
import { createServices, type Services } from '../../../src/services';
import type { CreateBookingRequest } from '../../../src/services/inputs';
import { DEFAULT_POLICY } from '../../../src/services/policy';
import { delegatingStore } from '../../../src/store/delegating-store';
import { SqliteStore } from '../../../src/store/sqlite/sqlite.store';
import type { BookingStore, StoreWriter } from '../../../src/store/store.port';

const NOW = 1_900_000_000;
const START = NOW + 86_400;
const partner = { id: 'p1', role: 'partner' as const, merchantIds: null };
const slot = { merchantId: 'm', serviceId: 's', startSec: START, durationSec: 1800 };
const user = (userId: string) => ({ userId, givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 000 00 00', email: 'ada@example.com' });
const booking = (token: string, userId = token): CreateBookingRequest => ({ slot, userInformation: user(userId), idempotencyToken: token });

const wiring = (onCommit?: () => void) => ({ outbox: true, targets: { assertAllowed: async () => undefined }, secrets: null, onCommit });

let raw: SqliteStore;
let services: Services;
let commits: number;

async function events(): Promise<OutboxEvent[]> {
  return raw.events.listEventsSince({ occurredAtMs: 0, id: '' }, 1000);
}

beforeEach(async () => {
  raw = SqliteStore.inMemory();
  commits = 0;
  services = createServices(raw, new ManualClock(NOW), DEFAULT_POLICY, wiring(() => commits++));
  await services.inventory.upsertMerchant(partner, { merchantId: 'm', name: 'M', timeZone: 'UTC' });
  await services.inventory.upsertService(partner, { merchantId: 'm', serviceId: 's', name: 'S' });
  await services.inventory.upsertAvailability(partner, { merchantId: 'm', availability: [{ serviceId: 's', startSec: START, durationSec: 1800, spotsTotal: 2 }] });
});
afterEach(() => raw.close());

it('a new slot reports its availability; merchants and services report nothing', async () => {
  const all = await events();
  expect(all.map((e) => e.type)).toEqual(['slot.availability_changed']);
  expect(all[0].data).toMatchObject({ spotsTotal: 2, countAvailable: 2, previousCountAvailable: 0, slot: { merchantId: 'm', serviceId: 's', startSec: START } });
  expect(commits).toBe(1);
});

it('createBooking appends booking.created and the slot change in its unit; a replay appends nothing', async () => {
  const before = (await events()).length;
  const outcome = await services.bookings.createBooking(partner, booking('t1'));
  const bookingId = outcome.booking!.bookingId;
  const added = (await events()).slice(before);
  expect(added.map((e) => [e.type, e.aggregateId, e.sequence])).toEqual([
    ['booking.created', bookingId, 1],
    ['slot.availability_changed', expect.stringContaining('"m","s"'), 2],
  ]);
  expect(added[0]).toMatchObject({ merchantId: 'm', bookingCallerId: 'p1', data: { booking: { bookingId, status: BookingStatus.CONFIRMED, userInformation: { userId: 't1' } } } });
  expect(added[0].data.booking).not.toHaveProperty('callerId');
  expect(added[1].data).toMatchObject({ countAvailable: 1, previousCountAvailable: 2 });

  await services.bookings.createBooking(partner, booking('t1'));
  expect((await events()).length).toBe(before + 2);
});

it('a refused booking (slot full) and a failed one append nothing', async () => {
  await services.bookings.createBooking(partner, booking('a'));
  await services.bookings.createBooking(partner, booking('b'));
  const count = (await events()).length;
  const full = await services.bookings.createBooking(partner, booking('c'));
  expect(full.bookingFailure?.cause).toBe('SLOT_UNAVAILABLE');
  const duplicateUser = await services.bookings.createBooking(partner, booking('d', 'a'));
  expect(duplicateUser.bookingFailure).not.toBeNull();
  expect((await events()).length).toBe(count);
});

it('a unit that fails after its change (inside the unit) leaves neither the change nor its event', async () => {
  // The failure is injected into the unit's last write, the outbox append: the booking was written before it.
  const failing: BookingStore = delegatingStore(raw, {
    unitOfWork: (work) =>
      raw.unitOfWork((tx) =>
        work(
          new Proxy(tx, {
            get(target, property, receiver) {
              if (property === 'appendEvents') return async () => Promise.reject(new Error('injected failure after the change'));
              const value = Reflect.get(target, property, receiver);
              return typeof value === 'function' ? value.bind(target) : value;
            },
          }) as StoreWriter,
        ),
      ),
  });
  const broken = createServices(failing, new ManualClock(NOW), DEFAULT_POLICY, wiring());
  const count = (await events()).length;
  await expect(broken.bookings.createBooking(partner, booking('x'))).rejects.toThrow();
  expect((await events()).length).toBe(count);
  expect(await services.bookings.listBookings(partner, 'x')).toEqual([]);
  expect(await services.availability.checkAvailability(partner, slot)).toMatchObject({ countAvailable: 2 });
});

it('a lease then a booking from it: the lease takes a spot, the booking made from it changes nothing more', async () => {
  const count = (await events()).length;
  const { lease } = await services.leases.createLease(partner, { lease: { slot, userReference: 'ref' } });
  const afterLease = (await events()).slice(count);
  expect(afterLease.map((e) => e.type)).toEqual(['slot.availability_changed']);
  expect(afterLease[0].data).toMatchObject({ countAvailable: 1, previousCountAvailable: 2 });
  await services.bookings.createBooking(partner, { ...booking('t'), leaseRef: { leaseId: lease!.leaseId } });
  expect((await events()).slice(count + 1).map((e) => e.type)).toEqual(['booking.created']);
});

it('cancel and reschedule are their own events, in order per booking', async () => {
  await services.inventory.upsertAvailability(partner, { merchantId: 'm', availability: [{ serviceId: 's', startSec: START + 3600, durationSec: 1800, spotsTotal: 1 }] });
  const { booking: made } = await services.bookings.createBooking(partner, booking('t'));
  await services.bookingUpdates.updateBooking(partner, { booking: { bookingId: made!.bookingId, slot: { ...slot, startSec: START + 3600 } } });
  await services.bookingUpdates.updateBooking(partner, { booking: { bookingId: made!.bookingId, status: BookingStatus.CANCELED } });
  const mine = (await events()).filter((e) => e.aggregateId === made!.bookingId);
  expect(mine.map((e) => [e.type, e.sequence])).toEqual([
    ['booking.created', 1],
    ['booking.rescheduled', 2],
    ['booking.cancelled', 3],
  ]);
  expect(mine[1].data).toMatchObject({ previousSlot: { startSec: START }, booking: { slot: { startSec: START + 3600 } } });
  // The reschedule moved a spot: both slots reported it.
  const slotEvents = (await events()).filter((e) => e.type === 'slot.availability_changed').map((e) => e.data as { slot: { startSec: number }; countAvailable: number });
  expect(slotEvents.slice(-4).map((d) => [d.slot.startSec, d.countAvailable])).toEqual([
    [START, 1], // booked
    [START, 2], // moved away …
    [START + 3600, 0], // … to here
    [START + 3600, 1], // cancelled
  ]);
});

describe('bookingChangeType', () => {
  const base = { status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, slotKey: 'k', spots: 1, paymentInformation: { prepaymentStatus: 'PREPAYMENT_NOT_PROVIDED' } } as never;
  const change = (after: object) => bookingChangeType(base, { ...(base as object), ...after } as never);
  it.each([
    [{ status: BookingStatus.CONFIRMED }, 'booking.confirmed'],
    [{ status: BookingStatus.DECLINED_BY_MERCHANT }, 'booking.declined'],
    [{ status: BookingStatus.CANCELED }, 'booking.cancelled'],
    [{ status: BookingStatus.NO_SHOW }, 'booking.no_show'],
    [{ status: BookingStatus.NO_SHOW_PENALIZED }, 'booking.no_show'],
    [{ slotKey: 'other' }, 'booking.rescheduled'],
    [{ spots: 2 }, 'booking.rescheduled'],
    [{ paymentInformation: { prepaymentStatus: 'PREPAYMENT_REFUNDED' } }, 'booking.payment_updated'],
    [{ additionalRequest: 'window seat' }, null],
  ])('%o is %s', (after, type) => {
    expect(change(after)).toBe(type);
  });
});
