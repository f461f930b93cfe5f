// createBooking when a concurrent duplicate commits between the token lookup and the token insert,
// as on MongoDB: the unit rolls back, and a re-run replays the winner's booking; if the duplicate
// never becomes visible, the caller gets ABORTED and may retry with the same token.
import { NO_PAYMENTS, PaymentEngine } from '../../src/services/payments/payment-engine';
import { ManualClock } from '../../src/domain/clock';
import { ConfirmationMode } from '../../src/domain/enums';
import { DomainError } from '../../src/domain/errors';
import { NO_SERVICE_POLICY, type IdempotencyRecord } from '../../src/domain/records';
import { BookingService } from '../../src/services/booking.service';
import { fingerprintCreateBooking } from '../../src/services/idempotency';
import type { CreateBookingRequest } from '../../src/services/inputs';
import { DEFAULT_POLICY } from '../../src/services/policy';
import { SqliteStore } from '../../src/store/sqlite/sqlite.store';
import { delegatingStore } from '../../src/store/delegating-store';
import type { StoreWriter } from '../../src/store/store.port';

const NOW = 1_900_000_000;
const caller = { id: 'c1', role: 'partner' as const, merchantIds: null };
const request: CreateBookingRequest = {
  slot: { merchantId: 'm', serviceId: 's', startSec: NOW + 3600, durationSec: 1800 },
  userInformation: { userId: 'u', givenName: 'A', familyName: 'B', telephone: '+41 44 000 00 00', email: 'a@example.com' },
  idempotencyToken: 't',
};

async function seeded(): Promise<SqliteStore> {
  const store = SqliteStore.inMemory();
  await store.unitOfWork(async (tx) => {
    await tx.upsertMerchant({ merchantId: 'm', name: 'M', timeZone: 'UTC' });
    await tx.upsertService({ merchantId: 'm', serviceId: 's', name: 'S', price: null, ...NO_SERVICE_POLICY });
    await tx.upsertSlots([{ merchantId: 'm', serviceId: 's', startSec: NOW + 3600, durationSec: 1800, staffId: '', roomId: '', spotsTotal: 3, availabilityTag: null, confirmationMode: ConfirmationMode.CONFIRMATION_MODE_UNSPECIFIED, staffName: null, roomName: null }]);
  });
  return store;
}

/** A store whose token inserts lose the race `losses` times; after the first loss the winner is visible. */
function racing(store: SqliteStore, losses: number, winner: IdempotencyRecord | null) {
  let lost = 0;
  const wrapped = delegatingStore(store, {
    unitOfWork: (work) =>
      store.unitOfWork((tx) =>
        work(
          new Proxy(tx, {
            get(target, property, receiver) {
              if (property === 'insertIdempotency' && lost < losses) return async () => (lost++, 'token-exists');
              if (property === 'getIdempotency' && lost > 0 && winner) return async () => winner;
              const value = Reflect.get(target, property, receiver);
              return typeof value === 'function' ? value.bind(target) : value;
            },
          }) as StoreWriter,
        ),
      ),
  });
  return { store: wrapped, attempts: () => lost };
}

it('re-runs the unit and replays the concurrent winner, leaving no booking of its own', async () => {
  const memory = await seeded();
  const winnerBooking = { bookingId: 'winner' } as IdempotencyRecord['booking'];
  const winner: IdempotencyRecord = { callerId: 'c1', token: 't', fingerprint: fingerprintCreateBooking(request), bookingId: 'winner', booking: winnerBooking, createdAtSec: NOW };
  const { store } = racing(memory, 1, winner);
  const service = new BookingService(store, new ManualClock(NOW), DEFAULT_POLICY, new PaymentEngine(store, new ManualClock(NOW), NO_PAYMENTS));
  const outcome = await service.createBooking(caller, request);
  expect(outcome.booking).toBe(winnerBooking);
  // The losing unit was rolled back: nothing of it holds capacity or lists for the user.
  const [state] = await memory.reader.getSlotStates([{ merchantId: 'm', serviceId: 's', startSec: NOW + 3600, durationSec: 1800, staffId: '', roomId: '' }], NOW);
  expect(state!.bookedSpots).toBe(0);
  expect(await memory.reader.listBookingsOfUser('u', NOW, 10)).toEqual([]);
});

it('gives ABORTED after three lost races, so the client retries with the same token', async () => {
  const memory = await seeded();
  const { store, attempts } = racing(memory, 99, null);
  const service = new BookingService(store, new ManualClock(NOW), DEFAULT_POLICY, new PaymentEngine(store, new ManualClock(NOW), NO_PAYMENTS));
  const error = await service.createBooking(caller, request).catch((e) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect(error.code).toBe('ABORTED');
  expect(attempts()).toBe(3);
});
