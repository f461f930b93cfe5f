// What a booking's payment owes when its status changes, and paying it (api-contract "Payments"):
//   cancelled early enough for the deposit policy, or declined by the merchant → refund the charge;
//   cancelled or declined with a pack → its use comes back (in the same unit);
//   NO_SHOW_PENALIZED on a service with a no-show fee → charge the card kept on file.
// The status change and the debt (a job, and the booking's payment marked 'due') commit together; the
// processor call follows outside the unit, keyed by booking so a repeat never pays twice, and a job
// left behind by a crash or an unreachable processor is taken up again by reconciliation.
import type { Clock } from '../../domain/clock';
import { BookingStatus, PrepaymentStatus, isActiveStatus } from '../../domain/enums';
import { PaymentOutcomeUnknownError, type BookingMoneyJob, type PaymentProcessor, type UserPaymentOptionRecord } from '../../domain/payments';
import type { BookingRecord } from '../../domain/records';
import type { BookingStore, StoreWriter } from '../../store/store.port';
import { noShowFeeAmount, refundsOnCancel } from './payment-policy';
import { returnUserPaymentOption } from './user-payment-options';

/** A processor that failed a refund or a fee is asked again this much later. */
const RETRY_SEC = 60;

export interface PaymentEffects {
  booking: BookingRecord;
  /** The pack or membership given back, as it is after. */
  userPaymentOption: UserPaymentOptionRecord | null;
  /** Work for the processor once the unit has committed. */
  jobs: BookingMoneyJob[];
}

/**
 * In the unit that moves a booking from `before` to `after`: the refund, fee or pack use it owes
 * (written in the same unit). The caller writes the booking it answers with.
 */
export async function paymentEffects(tx: StoreWriter, before: BookingRecord, after: BookingRecord, nowSec: number): Promise<PaymentEffects> {
  const payment = after.payment;
  const none: PaymentEffects = { booking: after, userPaymentOption: null, jobs: [] };
  if (!payment || before.status === after.status || !isActiveStatus(before.status)) return none;
  const released = after.status === BookingStatus.CANCELED || after.status === BookingStatus.DECLINED_BY_MERCHANT;
  const [service] = await tx.getServices([{ merchantId: after.slot.merchantId, serviceId: after.slot.serviceId }]);
  let booking = after;
  let userPaymentOption: UserPaymentOptionRecord | null = null;
  const jobs: BookingMoneyJob[] = [];
  const job = (kind: BookingMoneyJob['kind']): BookingMoneyJob => ({ jobId: `${kind}:${after.bookingId}`, kind, dueAtSec: nowSec + RETRY_SEC, createdAtSec: nowSec, bookingId: after.bookingId });
  if (released && payment.userPaymentOptionId) userPaymentOption = await returnUserPaymentOption(tx, payment.userPaymentOptionId);
  // The terms the booking was paid under (bookings paid before they were kept: the service's now).
  const terms = payment.refundMinAdvanceSec !== undefined ? payment.refundMinAdvanceSec : (service?.deposit?.minAdvanceCancellationSec ?? null);
  const refundable = after.status === BookingStatus.DECLINED_BY_MERCHANT || (after.status === BookingStatus.CANCELED && refundsOnCancel(terms, nowSec, after.slot.startSec));
  if (released && refundable && payment.transactionId && !payment.refund) {
    booking = { ...booking, payment: { ...payment, refund: { state: 'due', refundId: null } } };
    jobs.push(job('refund'));
  }
  const fee = after.status === BookingStatus.NO_SHOW_PENALIZED && service ? noShowFeeAmount(service, after.spots) : null;
  if (fee && payment.savedCard && !payment.noShowFee) {
    booking = { ...booking, payment: { ...payment, noShowFee: { state: 'due', amount: fee, transactionId: null, message: null } } };
    jobs.push(job('no-show-fee'));
  }
  for (const j of jobs) await tx.putPaymentJob(j);
  return { booking, userPaymentOption, jobs };
}

/** Refunds and no-show fees through the processor, once their unit has committed. */
export class PaymentFollowUps {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly processor: PaymentProcessor | null,
  ) {}

  get processorName(): string | null {
    return this.processor?.name ?? null;
  }

  /**
   * Does the jobs' work now, for the request whose unit owed it; the booking as it is after (the last
   * one's), or null when it could not be done now. The change the request made has committed already,
   * so a failure here is not the request's: the job stays, and reconciliation takes it up (and logs).
   */
  async run(jobs: readonly BookingMoneyJob[]): Promise<BookingRecord | null> {
    let booking: BookingRecord | null = null;
    for (const job of jobs) booking = await this.runOne(job).catch(() => null);
    return booking;
  }

  async runOne(job: BookingMoneyJob): Promise<BookingRecord | null> {
    const [booking] = await this.store.reader.getBookings([job.bookingId]);
    const payment = booking?.payment;
    const owed = job.kind === 'refund' ? payment?.refund?.state === 'due' : payment?.noShowFee?.state === 'due';
    if (!booking || !payment || !owed) {
      await this.store.unitOfWork((tx) => tx.deletePaymentJob(job.jobId));
      return booking ?? null;
    }
    if (!this.processor || this.processor.name !== payment.processor) return booking; // configured otherwise now: kept for later
    try {
      return job.kind === 'refund' ? await this.refund(job, booking) : await this.chargeFee(job, booking);
    } catch (error) {
      if (!(error instanceof PaymentOutcomeUnknownError)) throw error;
      await this.later(job);
      return booking;
    }
  }

  private async refund(job: BookingMoneyJob, booking: BookingRecord): Promise<BookingRecord> {
    const payment = booking.payment!;
    const result = await this.processor!.refund({ idempotencyKey: `refund:${booking.bookingId}`, transactionId: payment.transactionId!, amount: payment.charged! });
    if (result.kind !== 'refunded') {
      await this.later(job);
      return booking;
    }
    return this.record(job, (b) => ({
      ...b,
      paymentInformation: { ...b.paymentInformation, prepaymentStatus: PrepaymentStatus.PREPAYMENT_REFUNDED },
      payment: { ...b.payment!, refund: { state: 'refunded', refundId: result.refundId } },
    }));
  }

  private async chargeFee(job: BookingMoneyJob, booking: BookingRecord): Promise<BookingRecord> {
    const payment = booking.payment!;
    const fee = payment.noShowFee!;
    const result = await this.processor!.chargeSavedCard({ idempotencyKey: `no-show-fee:${booking.bookingId}`, savedCard: payment.savedCard!, amount: fee.amount, description: 'no-show fee' });
    const settled =
      result.kind === 'charged'
        ? { ...fee, state: 'charged' as const, transactionId: result.transactionId }
        : { ...fee, state: 'failed' as const, message: 'message' in result ? result.message : result.kind };
    return this.record(job, (b) => ({ ...b, payment: { ...b.payment!, noShowFee: settled } }));
  }

  /** Writes the outcome on the booking as it is now, and ends the job, in one unit. */
  private record(job: BookingMoneyJob, change: (b: BookingRecord) => BookingRecord): Promise<BookingRecord> {
    return this.store.unitOfWork(async (tx) => {
      const [current] = await tx.getBookings([job.bookingId]);
      await tx.deletePaymentJob(job.jobId);
      if (!current) throw new Error(`booking ${job.bookingId} vanished while its payment was settled`);
      const after = { ...change(current), updatedAtSec: this.clock.nowSec() };
      await tx.replaceBooking(current, after);
      return after;
    });
  }

  private async later(job: BookingMoneyJob): Promise<void> {
    await this.store.unitOfWork((tx) => tx.putPaymentJob({ ...job, dueAtSec: this.clock.nowSec() + RETRY_SEC }));
  }
}
