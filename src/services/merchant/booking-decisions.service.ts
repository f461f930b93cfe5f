// The merchant's answers to a booking: confirm or decline a pending one, mark a no-show once the slot
// has started (api-contract "Merchant operations"). Each is one unit of work on the booking, so an
// answer racing the customer's cancel is decided by whichever commits first; the loser sees the
// winner's status. Repeating an answer already given returns the booking unchanged.
import { asOf, effectiveStatus } from '../../domain/booking-status';
import type { Caller } from '../../domain/caller';
import type { Clock } from '../../domain/clock';
import { BookingStatus } from '../../domain/enums';
import { DomainError, notFound } from '../../domain/errors';
import type { BookingRecord } from '../../domain/records';
import type { BookingStore } from '../../store/store.port';
import { assertServesMerchant, bookingFor } from '../access';
import type { BookingRefRequest, DeclineBookingRequest, MarkNoShowRequest } from '../inputs';
import { optionalText, requireId } from '../validate';
import { paymentEffects, type PaymentFollowUps } from '../payments/booking-money';

const notPending = (status: BookingStatus) =>
  new DomainError('FAILED_PRECONDITION', `the booking is ${status}, not PENDING_MERCHANT_CONFIRMATION`, 'input.bookingId', 'BOOKING_NOT_PENDING');

/** Shown as declineReason on a pending booking the merchant did not answer in time. */
export const LAPSED_REASON = 'not confirmed by the merchant in time';

/** The change an answer makes to a booking as of now; the same booking when there is nothing to change. */
type Decision = (booking: BookingRecord, now: number) => BookingRecord;

export class BookingDecisionsService {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly followUps: PaymentFollowUps,
  ) {}

  confirmBooking(caller: Caller, input: BookingRefRequest): Promise<BookingRecord> {
    return this.decide(caller, input.bookingId, (booking, now) => {
      if (booking.status === BookingStatus.CONFIRMED) return booking;
      if (booking.status !== BookingStatus.PENDING_MERCHANT_CONFIRMATION) throw notPending(booking.status);
      return { ...booking, status: BookingStatus.CONFIRMED, confirmationDeadlineSec: null, updatedAtSec: now };
    });
  }

  declineBooking(caller: Caller, input: DeclineBookingRequest): Promise<BookingRecord> {
    const reason = optionalText('input.reason', input.reason, 1000);
    return this.decide(caller, input.bookingId, (booking, now) => {
      if (booking.status === BookingStatus.DECLINED_BY_MERCHANT) return booking;
      if (booking.status !== BookingStatus.PENDING_MERCHANT_CONFIRMATION) throw notPending(booking.status);
      return { ...booking, status: BookingStatus.DECLINED_BY_MERCHANT, declineReason: reason, updatedAtSec: now };
    });
  }

  markNoShow(caller: Caller, input: MarkNoShowRequest): Promise<BookingRecord> {
    const mark = input.penalized ? BookingStatus.NO_SHOW_PENALIZED : BookingStatus.NO_SHOW;
    return this.decide(caller, input.bookingId, (booking, now) => {
      if (booking.status === mark) return booking;
      if (booking.status !== BookingStatus.CONFIRMED) {
        throw new DomainError('FAILED_PRECONDITION', `only a CONFIRMED booking can be marked ${mark}; this one is ${booking.status}`, 'input.bookingId', 'BOOKING_NOT_CONFIRMED');
      }
      if (now < booking.slot.startSec) {
        throw new DomainError('FAILED_PRECONDITION', 'a no-show can be marked only once the slot has started', 'input.bookingId', 'SLOT_NOT_STARTED');
      }
      return { ...booking, status: mark, updatedAtSec: now };
    });
  }

  /**
   * Records pending bookings past their confirmation deadline as DECLINED_BY_MERCHANT. They count as
   * declined from the deadline on whether or not this runs (effectiveStatus); recording it makes the
   * change a committed one, with its booking.declined event for webhooks and subscribers. Each booking
   * is its own unit, re-read inside it, so a confirm that committed first, or another process doing
   * the same, wins. Answers how many were recorded.
   */
  async recordLapsedPending(limit = 100): Promise<number> {
    const now = this.clock.nowSec();
    const lapsed = await this.store.reader.listLapsedPendingBookings(now, limit);
    let recorded = 0;
    for (const candidate of lapsed) {
      const jobs = await this.store.unitOfWork(async (tx) => {
        const [stored] = await tx.getBookings([candidate.bookingId]);
        if (!stored || effectiveStatus(stored, now) !== BookingStatus.DECLINED_BY_MERCHANT || stored.status === BookingStatus.DECLINED_BY_MERCHANT) return null;
        const declined = { ...stored, status: BookingStatus.DECLINED_BY_MERCHANT, declineReason: stored.declineReason ?? LAPSED_REASON, updatedAtSec: now };
        const effects = await paymentEffects(tx, stored, declined, now);
        await tx.replaceBooking(stored, effects.booking);
        return effects.jobs;
      });
      if (jobs) {
        recorded++;
        await this.followUps.run(jobs);
      }
    }
    return recorded;
  }

  private async decide(caller: Caller, bookingIdInput: string, decision: Decision): Promise<BookingRecord> {
    const bookingId = requireId('input.bookingId', bookingIdInput);
    const { booking: decided, jobs } = await this.store.unitOfWork(async (tx) => {
      const [stored] = await tx.getBookings([bookingId]);
      if (!stored) throw notFound(`unknown booking "${bookingId}"`, 'input.bookingId');
      assertServesMerchant(caller, stored.slot.merchantId, 'input.bookingId');
      const now = this.clock.nowSec();
      // As of now: a pending booking past its deadline is already DECLINED_BY_MERCHANT.
      const current = asOf(stored, now);
      const next = decision(current, now);
      if (next === current) return { booking: current, jobs: [] };
      // A confirmed booking holds for good, past the deadline it had: it must conflict with a booking of
      // the same user made at the same time under the per-user rules (booking-rules.ts takes the same lock).
      if (next.status === BookingStatus.CONFIRMED) await tx.lockUser(stored.callerId, stored.slot.merchantId, stored.userInformation.userId);
      // A decline refunds and gives a pack's use back; a penalized no-show owes the fee (booking-money.ts).
      const effects = await paymentEffects(tx, current, next, now);
      await tx.replaceBooking(stored, effects.booking);
      return effects;
    });
    const settled = jobs.length ? ((await this.followUps.run(jobs)) ?? decided) : decided;
    return bookingFor(caller, settled);
  }
}
