// The store contract, continued: what payments keep in the store (a merchant's payment options, users'
// packs and memberships, payment jobs, a booking's payment and a service's payment policy), and the
// isolation that spends a pack's count once when two bookings race for it. Like the rest of the
// contract it only talks to the port, so every adapter runs it unchanged.
import { BookingStatus, CreditCardType } from '../../src/domain/enums';
import {
  PaymentOptionType,
  PrepaymentPolicy,
  PriceType,
  type BookingChargeJob,
  type BookingMoneyJob,
  type BookingPayment,
  type PaymentOptionRecord,
  type UserPaymentOptionRecord,
} from '../../src/domain/payments';
import type { BookingRecord, Price } from '../../src/domain/records';
import type { BookingStore, StoreWriter } from '../../src/store/store.port';
import { T0, bookingRecord, freshStorePerTest, inventorySlot, serviceRecord } from './store-contract';

const HOUR = 3600;
const DAY = 24 * HOUR;
const NOW = T0 - DAY;

const chf = (priceMicros: number): Price => ({ priceMicros, currencyCode: 'CHF', pricingOptionTag: null });

function paymentOption(paymentOptionId: string, overrides: Partial<PaymentOptionRecord> = {}): PaymentOptionRecord {
  return { merchantId: 'm1', paymentOptionId, name: `Pack ${paymentOptionId}`, type: PaymentOptionType.PAYMENT_OPTION_MULTI_USE, count: 10, validDurationSec: 90 * DAY, ...overrides };
}

function userPaymentOption(userPaymentOptionId: string, overrides: Partial<UserPaymentOptionRecord> = {}): UserPaymentOptionRecord {
  return {
    userPaymentOptionId,
    merchantId: 'm1',
    userId: 'ada',
    paymentOptionId: 'pack-10',
    type: PaymentOptionType.PAYMENT_OPTION_MULTI_USE,
    validStartTimeSec: NOW,
    validEndTimeSec: null,
    originalCount: 10,
    currentCount: 10,
    ...overrides,
  };
}

const PAID: BookingPayment = {
  processor: 'sandbox',
  chargeKey: 'charge-key-1',
  transactionId: 'txn-1',
  // Above 2^31 (MongoDB stores it as a double): it must still read back as this very number.
  charged: chf(12_345_678_901),
  cardType: CreditCardType.VISA,
  savedCard: null,
  userPaymentOptionId: null,
  refund: { state: 'due', refundId: null },
  noShowFee: { state: 'failed', amount: chf(5_000_000), transactionId: null, message: 'card declined' },
};

function chargeJob(jobId: string, dueAtSec: number): BookingChargeJob {
  return {
    jobId,
    kind: 'booking-charge',
    dueAtSec,
    createdAtSec: NOW,
    callerId: 'caller-1',
    token: `token-${jobId}`,
    fingerprint: 'fp-1',
    processor: 'sandbox',
    charge: {
      idempotencyKey: `key-${jobId}`,
      token: 'tok_visa',
      amount: chf(42_000_000),
      keepCardOnFile: true,
      acceptedCardTypes: [CreditCardType.VISA, CreditCardType.MASTERCARD],
      threeDS1: { paResponse: 'pa-response', mdMerchantData: null },
      attemptedAtSec: NOW,
      description: 'Haircut, 17 March',
    },
    holdLeaseId: `lease-${jobId}`,
    ownHold: true,
    booking: { ...bookingRecord({ bookingId: `b-${jobId}` }), payment: PAID },
  };
}

const moneyJob = (jobId: string, dueAtSec: number, kind: BookingMoneyJob['kind'] = 'refund'): BookingMoneyJob => ({ jobId, kind, dueAtSec, createdAtSec: NOW, bookingId: `b-${jobId}` });

/** A copy of a record without some fields, as a version from before them stored it. */
function omit<T extends object>(record: T, ...keys: Array<keyof T>): T {
  const copy: Partial<T> = { ...record };
  for (const key of keys) delete copy[key];
  return copy as T;
}

/**
 * Resolves once `parties` have arrived, or after `ms` (adapters that run units one at a time never let
 * a second one arrive while the first waits). Once resolved it stays resolved, so a retried unit passes.
 */
function rendezvous(parties: number, ms = 100): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const all = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived >= parties) open();
    return Promise.race([all, new Promise<void>((resolve) => setTimeout(resolve, ms))]);
  };
}

export function describePaymentStoreContract(
  name: string,
  makeStore: () => Promise<BookingStore>,
  cleanup?: (s: BookingStore) => Promise<void>,
): void {
  describe(`BookingStore contract, payments: ${name}`, () => {
    let store: BookingStore;
    freshStorePerTest(makeStore, cleanup, (s) => (store = s));

    const write = <T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> => store.unitOfWork(work);
    const bookingsMade = async (ids: string[]) => (await store.reader.getBookings(ids)).filter((b) => b !== null);
    // Distinct slots and users: the only thing two racing units below share is the record they race for.
    const slots = [0, 1].map((h) => inventorySlot({ startSec: T0 + h * HOUR }));
    const raceBooking = (i: number) => bookingRecord({ bookingId: `b-race-${i}`, slot: slots[i], userId: `user-${i}` });

    describe('payment options and user payment options', () => {
      it('upserts a merchant’s payment option; a second upsert replaces it; the same id at another merchant is another option', async () => {
        await write(async (tx) => {
          await tx.upsertPaymentOption(paymentOption('pack-10'));
          await tx.upsertPaymentOption(paymentOption('pack-10', { merchantId: 'm2', name: 'Elsewhere' }));
        });
        const replaced = paymentOption('pack-10', { name: 'Unlimited', type: PaymentOptionType.PAYMENT_OPTION_UNLIMITED_USE, count: null, validDurationSec: null });
        await write((tx) => tx.upsertPaymentOption(replaced));
        expect(await store.reader.getPaymentOption('m1', 'pack-10')).toEqual(replaced);
        expect(await store.reader.getPaymentOption('m2', 'pack-10')).toEqual(paymentOption('pack-10', { merchantId: 'm2', name: 'Elsewhere' }));
        expect(await store.reader.getPaymentOption('m1', 'nope')).toBeNull();
        expect(await store.reader.getPaymentOption('m3', 'pack-10')).toBeNull();
      });

      it('puts a user payment option and reads it back; a later put moves its count; unknown ids read null', async () => {
        const issued = userPaymentOption('upo-1');
        await write((tx) => tx.putUserPaymentOption(issued));
        expect(await store.reader.getUserPaymentOption('upo-1')).toEqual(issued);
        await write((tx) => tx.putUserPaymentOption({ ...issued, currentCount: 9 }));
        expect(await store.reader.getUserPaymentOption('upo-1')).toEqual({ ...issued, currentCount: 9 });
        const unlimited = userPaymentOption('upo-2', { type: PaymentOptionType.PAYMENT_OPTION_UNLIMITED_USE, originalCount: null, currentCount: null, validEndTimeSec: NOW + DAY });
        await write((tx) => tx.putUserPaymentOption(unlimited));
        expect(await store.reader.getUserPaymentOption('upo-2')).toEqual(unlimited);
        expect(await store.reader.getUserPaymentOption('nope')).toBeNull();
      });
    });

    describe('payment jobs', () => {
      it('keeps both kinds exactly as written, the nested charge request and booking included', async () => {
        const charge = chargeJob('j-charge', NOW);
        const fee = moneyJob('j-fee', NOW + HOUR, 'no-show-fee');
        await write(async (tx) => {
          await tx.putPaymentJob(charge);
          await tx.putPaymentJob(fee);
        });
        const read = await store.reader.getPaymentJob('j-charge');
        expect(read).toEqual(charge);
        expect(typeof (read as BookingChargeJob).booking.payment?.charged?.priceMicros).toBe('number');
        expect(await store.reader.getPaymentJob('j-fee')).toEqual(fee);
        expect(await store.reader.getPaymentJob('nope')).toBeNull();
      });

      it('a put replaces the job; delete removes it, and deleting an unknown job is no error', async () => {
        await write((tx) => tx.putPaymentJob(chargeJob('j1', NOW)));
        const later = { ...chargeJob('j1', NOW + HOUR), ownHold: false };
        await write((tx) => tx.putPaymentJob(later));
        expect(await store.reader.getPaymentJob('j1')).toEqual(later);
        await write(async (tx) => {
          await tx.deletePaymentJob('j1');
          await tx.deletePaymentJob('never-there');
        });
        expect(await store.reader.getPaymentJob('j1')).toBeNull();
      });

      it('listDuePaymentJobs: due at or before atSec, by (dueAtSec, jobId), at most limit', async () => {
        await write(async (tx) => {
          await tx.putPaymentJob(moneyJob('j-b', NOW + 200));
          await tx.putPaymentJob(chargeJob('j-c', NOW + 100));
          await tx.putPaymentJob(moneyJob('j-a', NOW + 200, 'no-show-fee'));
          await tx.putPaymentJob(moneyJob('j-d', NOW + 300));
          await tx.putPaymentJob(moneyJob('j-e', NOW + 50));
        });
        const due = async (atSec: number, limit = 10) => (await store.reader.listDuePaymentJobs(atSec, limit)).map((j) => j.jobId);
        const all = await store.reader.listDuePaymentJobs(NOW + 300, 10);
        expect(all).toHaveLength(5);
        expect(all[1]).toEqual(chargeJob('j-c', NOW + 100));
        expect(all.map((j) => j.jobId)).toEqual(['j-e', 'j-c', 'j-a', 'j-b', 'j-d']);
        expect(await due(NOW + 200)).toHaveLength(4);
        expect(await due(NOW + 200)).toEqual(['j-e', 'j-c', 'j-a', 'j-b']);
        expect(await due(NOW + 199)).toEqual(['j-e', 'j-c']);
        expect(await due(NOW + 300, 3)).toEqual(['j-e', 'j-c', 'j-a']);
        expect(await due(NOW + 49)).toEqual([]);
        // A job put again is listed by its new due time; a deleted one is not listed.
        await write(async (tx) => {
          await tx.putPaymentJob(moneyJob('j-e', NOW + 250));
          await tx.deletePaymentJob('j-c');
        });
        expect(await due(NOW + 300)).toEqual(['j-a', 'j-b', 'j-e', 'j-d']);
      });
    });

    describe('units of work', () => {
      it('a unit that throws leaves payment options, user payment options and jobs as they were', async () => {
        const option = userPaymentOption('upo-1', { currentCount: 2 });
        const job = moneyJob('j-kept', NOW);
        await write(async (tx) => {
          await tx.upsertPaymentOption(paymentOption('pack-10'));
          await tx.putUserPaymentOption(option);
          await tx.putPaymentJob(job);
        });
        const failure = new Error('rolled back');
        const attempt = write(async (tx) => {
          await tx.upsertPaymentOption(paymentOption('pack-10', { name: 'changed' }));
          await tx.putUserPaymentOption({ ...option, currentCount: 1 });
          await tx.putUserPaymentOption(userPaymentOption('upo-new'));
          await tx.putPaymentJob(chargeJob('j-new', NOW));
          await tx.deletePaymentJob('j-kept');
          // The unit saw its own writes before failing.
          expect((await tx.getUserPaymentOption('upo-1'))?.currentCount).toBe(1);
          expect(await tx.getPaymentJob('j-new')).toEqual(chargeJob('j-new', NOW));
          expect((await tx.listDuePaymentJobs(NOW, 10)).map((j) => j.jobId)).toEqual(['j-new']);
          throw failure;
        });
        await expect(attempt).rejects.toBe(failure);
        expect(await store.reader.getPaymentOption('m1', 'pack-10')).toEqual(paymentOption('pack-10'));
        expect(await store.reader.getUserPaymentOption('upo-1')).toEqual(option);
        expect(await store.reader.getUserPaymentOption('upo-new')).toBeNull();
        expect(await store.reader.getPaymentJob('j-new')).toBeNull();
        expect(await store.reader.listDuePaymentJobs(NOW, 10)).toEqual([job]);
      });

      it('isolation: two units spending the last count of one user payment option make one booking', async () => {
        await write(async (tx) => {
          await tx.upsertSlots(slots);
          await tx.putUserPaymentOption(userPaymentOption('upo-1', { currentCount: 1 }));
        });
        const bothRead = rendezvous(2);
        const spend = (i: number) =>
          write(async (tx) => {
            const option = await tx.getUserPaymentOption('upo-1');
            await bothRead();
            if (!option || (option.currentCount ?? 0) <= 0) return 'none-left' as const;
            await tx.putUserPaymentOption({ ...option, currentCount: option.currentCount! - 1 });
            expect(await tx.insertBooking(raceBooking(i))).toBe('inserted');
            return 'spent' as const;
          });
        const outcomes = await Promise.all([spend(0), spend(1)]);
        // Had both committed on what they read, the count would say 0 and two bookings would exist.
        const made = await bookingsMade([raceBooking(0).bookingId, raceBooking(1).bookingId]);
        expect(made).toHaveLength(1);
        expect([...outcomes].sort()).toEqual(['none-left', 'spent']);
        expect(made[0]?.bookingId).toBe(raceBooking(outcomes.indexOf('spent')).bookingId);
        expect((await store.reader.getUserPaymentOption('upo-1'))?.currentCount).toBe(0);
      });

      it.each([
        ['deletes the job it found', true],
        ['puts the job it did not find', false],
      ])('isolation: of two units that each %s, one commits and the other re-runs on its result', async (_label, seeded) => {
        await write(async (tx) => {
          await tx.upsertSlots(slots);
          if (seeded) await tx.putPaymentJob(moneyJob('j1', NOW));
        });
        const bothRead = rendezvous(2);
        const claim = (i: number) =>
          write(async (tx) => {
            const found = (await tx.getPaymentJob('j1')) !== null;
            await bothRead();
            if (found !== seeded) return 'lost' as const;
            if (seeded) await tx.deletePaymentJob('j1');
            else await tx.putPaymentJob(moneyJob('j1', NOW + i));
            expect(await tx.insertBooking(raceBooking(i))).toBe('inserted');
            return 'won' as const;
          });
        const outcomes = await Promise.all([claim(0), claim(1)]);
        const made = await bookingsMade([raceBooking(0).bookingId, raceBooking(1).bookingId]);
        expect(made).toHaveLength(1);
        expect([...outcomes].sort()).toEqual(['lost', 'won']);
        expect(await store.reader.getPaymentJob('j1')).toEqual(seeded ? null : moneyJob('j1', NOW + outcomes.indexOf('won')));
      });
    });

    describe('payments on bookings and services', () => {
      const slot = inventorySlot({ spotsTotal: 5 });

      it('a booking’s payment round-trips through insertBooking and replaceBooking; one stored without it reads payment: null', async () => {
        const paid: BookingRecord = { ...bookingRecord({ bookingId: 'b-paid', slot, userId: 'u1' }), payment: PAID };
        const legacy = omit(bookingRecord({ bookingId: 'b-legacy', slot, userId: 'u2' }), 'payment');
        await write(async (tx) => {
          await tx.upsertSlots([slot]);
          expect(await tx.insertBooking(paid)).toBe('inserted');
          expect(await tx.insertBooking(legacy)).toBe('inserted');
        });
        expect(await store.reader.getBookings(['b-paid', 'b-legacy'])).toEqual([paid, { ...legacy, payment: null }]);
        const refunded: BookingRecord = { ...paid, status: BookingStatus.CANCELED, payment: { ...PAID, refund: { state: 'refunded', refundId: 're-1' }, noShowFee: null } };
        await write((tx) => tx.replaceBooking(paid, refunded));
        expect(await store.reader.getBookings(['b-paid'])).toEqual([refunded]);
      });

      it('a service’s payment policy round-trips; one stored without it reads with every payment rule null', async () => {
        const service = serviceRecord('m1', 'cut', {
          prepayment: PrepaymentPolicy.REQUIRED,
          deposit: { deposit: chf(10_000_000), minAdvanceCancellationSec: DAY, depositType: PriceType.PER_PERSON },
          noShowFee: { fee: chf(25_000_000), feeType: PriceType.FIXED_RATE_DEFAULT },
          acceptedCardTypes: [CreditCardType.VISA, CreditCardType.AMERICAN_EXPRESS],
        });
        const legacy = omit(serviceRecord('m1', 'yoga'), 'prepayment', 'deposit', 'noShowFee', 'acceptedCardTypes');
        await write(async (tx) => {
          await tx.upsertService(service);
          await tx.upsertService(legacy);
        });
        const legacyRead = { ...legacy, prepayment: null, deposit: null, noShowFee: null, acceptedCardTypes: null };
        expect(await store.reader.getServices([{ merchantId: 'm1', serviceId: 'cut' }, { merchantId: 'm1', serviceId: 'yoga' }])).toEqual([service, legacyRead]);
        expect(await store.reader.listServicesOfMerchants(['m1'])).toEqual([[service, legacyRead]]);
      });
    });
  });
}
