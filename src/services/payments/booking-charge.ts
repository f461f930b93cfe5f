// A booking paid by card, charged exactly once. A processor call cannot be rolled back, so the charge
// is made between two units of work, and a job in the store remembers it until it is settled.
//
//  request    unit 1 (BookingService.createIn): every booking check passes → HOLD the spots (the
//             gateway's own lease, or the caller's lease) and write the job: CHARGING.
//               └ a job of this (caller, token) exists already → JOIN it: same charge key, no new hold.
//  outside    processor.charge(key)
//               ├ no answer (timeout, reply lost) → the job stays; UNAVAILABLE to the client, whose retry
//               │   with the same token joins the job (the processor answers the same key once).
//               ├ refused (declined, brand, 3DS1, error) → unit: delete job, release own hold → BookingFailure.
//               └ charged → unit 2: spots still held (or free again) and the user rules hold →
//                   insert booking (PREPAYMENT_PROVIDED), consume hold, idempotency record, delete job.
//                   └ spot lost / user booked meanwhile → REFUND (key refund:<job>), then unit: delete
//                     job, release hold → SLOT_UNAVAILABLE / SLOT_ALREADY_BOOKED_BY_USER.
//  reconcile  a job past dueAtSec (its request died or gave up): processor.findCharge(key):
//             none or refused → delete job, release hold; charged → unit 2 as above (or refund).
//
// Invariant: a job is deleted only by the unit that commits its booking, or once its charge is
// refunded or known not to exist; so every charge ends with a booking or a refund (api-contract
// "Exactly once"). Stripe's idempotency keys are what make "the same key charges once" true across
// retries and processes (https://docs.stripe.com/api/idempotent_requests).
import { createHash } from 'node:crypto';
import type { Clock } from '../../domain/clock';
import { BookingFailureCause, PaymentProcessedBy, PrepaymentStatus } from '../../domain/enums';
import { DomainError } from '../../domain/errors';
import { PaymentOutcomeUnknownError, type BookingChargeJob, type ChargeResult, type PaymentJob, type PaymentProcessor } from '../../domain/payments';
import type { BookingFailure, BookingRecord, CreateBookingOutcome, IdempotencyRecord, LeaseRecord, ServiceRecord } from '../../domain/records';
import type { BookingStore, StoreWriter } from '../../store/store.port';
import { checkUserRules, standingBooking } from '../booking-rules';
import { bookingFailure } from '../failure';
import { newId } from '../ids';
import { freeSpots, keyOfShownSlot } from '../slot';
import type { PaymentPlan } from './payment-plan';
import { chargeFailure } from './charge-failure';

export const chargeJobId = (callerId: string, token: string): string => `charge:${digest(callerId, token)}`;

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);
}

const CONCURRENT_COMMITS = 3;

export interface PrepareCharge {
  callerId: string;
  token: string;
  fingerprint: string;
  booking: BookingRecord;
  plan: Extract<PaymentPlan, { kind: 'charge' }>;
  service: ServiceRecord;
  /** The caller's live lease the booking is made from, when it names one: it is the hold. */
  lease: LeaseRecord | null;
  nowSec: number;
}

export class BookingCharges {
  /** Charges this process is running, by job: a concurrent duplicate here waits for the same answer. */
  private readonly running = new Map<string, Promise<CreateBookingOutcome>>();

  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly processor: PaymentProcessor,
    private readonly holdSec: number,
  ) {}

  /** Unit 1's writes: the hold (unless the caller's lease is one) and the job. */
  async prepare(tx: StoreWriter, p: PrepareCharge): Promise<BookingChargeJob> {
    const jobId = chargeJobId(p.callerId, p.token);
    let holdLeaseId = p.lease?.leaseId ?? null;
    if (!holdLeaseId) {
      holdLeaseId = newId();
      await tx.insertLease({
        leaseId: holdLeaseId,
        callerId: p.callerId,
        userReference: `payment-hold:${jobId}`,
        slotKey: p.booking.slotKey,
        slot: p.booking.slot,
        spots: p.booking.spots,
        leaseExpirationTimeSec: p.nowSec + this.holdSec,
        createdAtSec: p.nowSec,
        consumedAtSec: null,
      });
    }
    const job: BookingChargeJob = {
      jobId,
      kind: 'booking-charge',
      dueAtSec: p.nowSec + this.holdSec,
      createdAtSec: p.nowSec,
      callerId: p.callerId,
      token: p.token,
      fingerprint: p.fingerprint,
      processor: this.processor.name,
      charge: {
        // Derived from the caller and its token, and new for each attempt (a refused attempt is
        // evaluated afresh next time, api-contract "Precise rules"): one key per job, shared by every
        // request that joins it.
        idempotencyKey: `bk_${digest(p.callerId, p.token)}_${newId()}`,
        attemptedAtSec: p.nowSec,
        token: p.plan.token,
        amount: p.plan.amount,
        keepCardOnFile: p.plan.keepCardOnFile,
        acceptedCardTypes: p.service.acceptedCardTypes,
        threeDS1: p.plan.threeDS1,
        description: `${p.service.name} (${p.booking.slot.merchantId})`,
      },
      holdLeaseId,
      ownHold: p.lease === null,
      booking: p.booking,
    };
    await tx.putPaymentJob(job);
    return job;
  }

  /** Charges the job's booking (or joins the charge already running here) and settles it. */
  complete(job: BookingChargeJob): Promise<CreateBookingOutcome> {
    return this.once(job, () => this.chargeAndSettle(job));
  }

  /**
   * Settles a job whose request is gone (a crash, a processor that did not answer), through the same
   * map of running jobs: a request that joins it meanwhile waits for this outcome instead of racing it.
   */
  reconcile(job: BookingChargeJob): Promise<CreateBookingOutcome> {
    return this.once(job, async () => {
      const result = await this.processor.findCharge(job.charge);
      if (job.refunding) return this.refundAndEnd(job, result?.kind === 'charged' ? result : null, bookingFailure(BookingFailureCause.SLOT_UNAVAILABLE, 'the charge was refunded'));
      if (!result || result.kind !== 'charged') {
        await this.abandon(job);
        return { booking: null, userPaymentOption: null, bookingFailure: bookingFailure(BookingFailureCause.PAYMENT_ERROR, 'the earlier attempt did not complete the payment; send the request again') };
      }
      return this.settle(job, result);
    });
  }

  private once(job: BookingChargeJob, run: () => Promise<CreateBookingOutcome>): Promise<CreateBookingOutcome> {
    const running = this.running.get(job.jobId);
    if (running) return running;
    const started = run().finally(() => this.running.delete(job.jobId));
    this.running.set(job.jobId, started);
    return started;
  }

  private async chargeAndSettle(job: BookingChargeJob): Promise<CreateBookingOutcome> {
    let result: ChargeResult;
    try {
      result = await this.processor.charge(job.charge);
    } catch (error) {
      if (!(error instanceof PaymentOutcomeUnknownError)) throw error;
      throw new DomainError(
        'UNAVAILABLE',
        'the payment processor did not answer; retry with the same idempotency token (it never charges twice)',
        'input.paymentProcessingParameters',
        'PAYMENT_OUTCOME_UNKNOWN',
        error,
      );
    }
    return this.settle(job, result);
  }

  private async settle(job: BookingChargeJob, result: ChargeResult): Promise<CreateBookingOutcome> {
    if (result.kind !== 'charged') {
      await this.abandon(job);
      return { booking: null, userPaymentOption: null, bookingFailure: chargeFailure(result) };
    }
    const committed = await this.commit(job, result);
    if ('booking' in committed) return committed;
    // The decision to refund is recorded before the refund is asked for: from then on the job only
    // ever refunds, even when a crash interrupts it and reconciliation finds the charge again.
    await this.store.unitOfWork(async (tx) => {
      const current = await tx.getPaymentJob(job.jobId);
      if (isSameJob(current, job)) await tx.putPaymentJob({ ...job, refunding: true, dueAtSec: this.clock.nowSec() + this.holdSec });
      if (job.ownHold) await tx.expireLease(job.holdLeaseId, this.clock.nowSec());
    });
    return this.refundAndEnd({ ...job, refunding: true }, result, committed.lost);
  }

  /** Unit 2, retried when a concurrent duplicate (another process joining the job) committed first. */
  private async commit(job: BookingChargeJob, result: Charged): Promise<CreateBookingOutcome | { lost: BookingFailure }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.unitOfWork((tx) => this.commitIn(tx, job, result));
      } catch (error) {
        if (!(error instanceof ConcurrentCommit) || attempt >= CONCURRENT_COMMITS) throw error;
      }
    }
  }

  private async commitIn(tx: StoreWriter, job: BookingChargeJob, result: Charged): Promise<CreateBookingOutcome | { lost: BookingFailure }> {
    const lost = (cause: BookingFailureCause, description: string) => ({ lost: bookingFailure(cause, description) });
    const known = await tx.getIdempotency(job.callerId, job.token);
    // Committed with this very charge by a duplicate that joined the job (another process): replayed.
    // Anything else under the token (an earlier attempt's booking) cannot take this charge: refunded.
    if (known) {
      return known.booking.payment?.chargeKey === job.charge.idempotencyKey
        ? replayed(known)
        : lost(BookingFailureCause.PAYMENT_ERROR, 'the idempotency token was used by another booking meanwhile; the charge was refunded');
    }
    // The job must still be this one (not ended, not replaced by a later attempt, not refunding).
    const current = await tx.getPaymentJob(job.jobId);
    if (!isSameJob(current, job) || current.refunding) return lost(BookingFailureCause.SLOT_UNAVAILABLE, 'the booking attempt had ended; the charge was refunded');
    const now = this.clock.nowSec();
    const draft = job.booking;
    const key = keyOfShownSlot(draft.slot);
    const [state] = await tx.getSlotStates([key], now);
    const [hold] = await tx.getLeases([job.holdLeaseId]);
    const held = hold && hold.consumedAtSec === null && hold.leaseExpirationTimeSec > now ? hold.spots : 0;
    if (!state || freeSpots(state, held) < draft.spots) {
      return lost(BookingFailureCause.SLOT_UNAVAILABLE, 'the spot was taken while the card was charged; the charge was refunded');
    }
    const userId = draft.userInformation.userId;
    if (await standingBooking(tx, await tx.findActiveBookingOfUser(job.callerId, draft.slotKey, userId), now)) {
      return lost(BookingFailureCause.SLOT_ALREADY_BOOKED_BY_USER, 'this user already holds a booking on this slot; the charge was refunded');
    }
    const [service] = await tx.getServices([key]);
    const refused = await checkUserRules(tx, service, job.callerId, userId, key, now, null);
    if (refused) return { lost: { ...refused, description: `${refused.description}; the charge was refunded` } };
    const booking = paidBooking(draft, job, result, service);
    if ((await tx.insertBooking(booking)) === 'user-already-booked') {
      return lost(BookingFailureCause.SLOT_ALREADY_BOOKED_BY_USER, 'this user already holds a booking on this slot; the charge was refunded');
    }
    if (hold && hold.consumedAtSec === null) await tx.consumeLease(hold.leaseId, now);
    const record: IdempotencyRecord = { callerId: job.callerId, token: job.token, fingerprint: job.fingerprint, bookingId: booking.bookingId, booking, userPaymentOption: null, createdAtSec: now };
    if ((await tx.insertIdempotency(record)) === 'token-exists') throw new ConcurrentCommit();
    await tx.deletePaymentJob(job.jobId);
    return { booking, userPaymentOption: null, bookingFailure: null };
  }

  /**
   * Refunds a refunding job's charge (none: nothing to give back) and ends the job. A refund the
   * processor did not make leaves the job for reconciliation, which asks again under the same key.
   */
  private async refundAndEnd(job: BookingChargeJob, result: Charged | null, failure: BookingFailure): Promise<CreateBookingOutcome> {
    if (result?.transactionId) {
      const refund = await this.processor.refund({ idempotencyKey: `refund:${job.charge.idempotencyKey}`, transactionId: result.transactionId, amount: job.charge.amount });
      if (refund.kind !== 'refunded') return { booking: null, userPaymentOption: null, bookingFailure: { ...failure, description: `${failure.description} (the refund is under way)` } };
    }
    await this.abandon(job);
    return { booking: null, userPaymentOption: null, bookingFailure: failure };
  }

  /** Ends a job that charged nothing (or whose charge was refunded), releasing the gateway's own hold. */
  private async abandon(job: BookingChargeJob): Promise<void> {
    await this.store.unitOfWork(async (tx) => {
      if (!isSameJob(await tx.getPaymentJob(job.jobId), job)) return;
      await tx.deletePaymentJob(job.jobId);
      if (job.ownHold) await tx.expireLease(job.holdLeaseId, this.clock.nowSec());
    });
  }
}

type Charged = Extract<ChargeResult, { kind: 'charged' }>;

/** The stored job is this attempt (same charge key): a later attempt under the same token is another job. */
function isSameJob(current: PaymentJob | null, job: BookingChargeJob): current is BookingChargeJob {
  return current?.kind === 'booking-charge' && current.charge.idempotencyKey === job.charge.idempotencyKey;
}

class ConcurrentCommit extends Error {}

function replayed(known: IdempotencyRecord): CreateBookingOutcome {
  return { booking: known.booking, userPaymentOption: known.userPaymentOption ?? null, bookingFailure: null };
}

/** The booking as committed after its charge: what was paid, the card kept for a no-show fee, the refund terms. */
function paidBooking(draft: BookingRecord, job: BookingChargeJob, result: Charged, service: ServiceRecord | null): BookingRecord {
  const paid = result.transactionId !== null;
  return {
    ...draft,
    paymentInformation: {
      ...draft.paymentInformation,
      prepaymentStatus: paid ? PrepaymentStatus.PREPAYMENT_PROVIDED : draft.paymentInformation.prepaymentStatus,
      paymentTransactionId: result.transactionId ?? draft.paymentInformation.paymentTransactionId,
      price: draft.paymentInformation.price ?? (paid ? job.charge.amount : null),
      paymentProcessedBy: PaymentProcessedBy.PROCESSED_BY_PARTNER,
    },
    payment: {
      processor: job.processor,
      chargeKey: job.charge.idempotencyKey,
      transactionId: result.transactionId,
      charged: paid ? job.charge.amount : null,
      cardType: result.cardType,
      savedCard: result.savedCard,
      userPaymentOptionId: null,
      // The deposit's terms as they were when the booking was paid: a later policy change does not move them.
      refundMinAdvanceSec: service?.deposit?.minAdvanceCancellationSec ?? null,
      refund: null,
      noShowFee: null,
    },
  };
}
