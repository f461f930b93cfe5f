// Creating bookings (with idempotency, leases and capacity) and reading them back.
import { asOf } from '../domain/booking-status';
import type { Caller } from '../domain/caller';
import type { Clock } from '../domain/clock';
import { BookingFailureCause, BookingStatus, PrepaymentStatus } from '../domain/enums';
import { DomainError, invalidArgument, notFound } from '../domain/errors';
import type { BookingChargeJob, UserPaymentOptionRecord } from '../domain/payments';
import type { BookingRecord, CreateBookingOutcome, IdempotencyRecord, LeaseRecord } from '../domain/records';
import type { StoreWriter, BookingStore } from '../store/store.port';
import { assertServesMerchant, bookingFor, canAccessBooking } from './access';
import { checkUserRules, placedStatus, standingBooking } from './booking-rules';
import { checkPaymentProcessingParameters, parsePaymentInformation, parseUserInformation } from './booking-input';
import { bookingFailure } from './failure';
import { isBookableAt, outsideWindowReason } from './booking-window';
import { fingerprintCreateBooking } from './idempotency';
import { newId } from './ids';
import type { CreateBookingRequest } from './inputs';
import type { BookingPolicy } from './policy';
import { freeSpots, isAsynchronous, missingSlotError, parseSlot, shownSlot, type ParsedSlot } from './slot';
import { isAbsent, optionalId, optionalText, requireId } from './validate';
import { chargeJobId } from './payments/booking-charge';
import type { PaymentEngine } from './payments/payment-engine';
import { planPayment } from './payments/payment-plan';
import { spendUserPaymentOption } from './payments/user-payment-options';

export interface BookingStatusView {
  bookingId: string;
  bookingStatus: BookingStatus;
  prepaymentStatus: PrepaymentStatus;
}

/** A concurrent duplicate of the same token committed first: re-running the unit will replay it. */
const CONCURRENT_DUPLICATE = 'CONCURRENT_DUPLICATE';
const DUPLICATE_ATTEMPTS = 3;

const failed = (cause: BookingFailureCause, description: string): CreateBookingOutcome => ({
  booking: null,
  userPaymentOption: null,
  bookingFailure: bookingFailure(cause, description),
});

export class BookingService {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly policy: BookingPolicy,
    private readonly payments: PaymentEngine,
  ) {}

  /**
   * Books a slot. Order of decisions (api-contract "Precise rules"): the token first (replay or
   * FAILED_PRECONDITION), then input, inventory, lease, same-user and capacity checks. Only a
   * success is remembered under the token, so a refused attempt is evaluated afresh next time.
   */
  async createBooking(caller: Caller, input: CreateBookingRequest): Promise<CreateBookingOutcome> {
    const token = requireId('input.idempotencyToken', input.idempotencyToken, 255);
    const fingerprint = fingerprintCreateBooking(input);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.store.unitOfWork((tx) => this.createIn(tx, caller, input, token, fingerprint));
        // A card payment: the spots are held and the charge is made outside the unit (payments/booking-charge.ts).
        return 'pending' in outcome ? await this.payments.charges!.complete(outcome.pending) : outcome;
      } catch (error) {
        const duplicate = error instanceof DomainError && error.reason === CONCURRENT_DUPLICATE;
        if (!duplicate || attempt >= DUPLICATE_ATTEMPTS) throw error;
      }
    }
  }

  private async createIn(
    tx: StoreWriter,
    caller: Caller,
    input: CreateBookingRequest,
    token: string,
    fingerprint: string,
  ): Promise<CreateBookingOutcome | { pending: BookingChargeJob }> {
    const known = await tx.getIdempotency(caller.id, token);
    if (known) return replay(known, fingerprint);
    if (this.payments.charges) {
      // A charge of this token under way (a concurrent duplicate, or a retry after no answer): join it.
      const job = await tx.getPaymentJob(chargeJobId(caller.id, token));
      if (job?.kind === 'booking-charge') {
        if (job.fingerprint !== fingerprint) throw tokenReused();
        return { pending: job };
      }
    }

    const slot = parseSlot('input.slot', input.slot);
    assertServesMerchant(caller, slot.key.merchantId, 'input.slot.merchantId');
    const userInformation = parseUserInformation('input.userInformation', input.userInformation);
    const paymentInformation = parsePaymentInformation('input.paymentInformation', input.paymentInformation);
    const additionalRequest = optionalText('input.additionalRequest', input.additionalRequest, 1000);
    const offerId = optionalId('input.offerId', input.offerId, 255);
    checkPaymentProcessingParameters('input.paymentProcessingParameters', input.paymentProcessingParameters);
    const leaseId = isAbsent(input.leaseRef) ? null : requireId('input.leaseRef.leaseId', input.leaseRef.leaseId);
    const now = this.clock.nowSec();

    const [state] = await tx.getSlotStates([slot.key], now);
    if (!state) throw await missingSlotError(tx, 'input.slot', slot.key);

    const lease = leaseId === null ? null : await usableLease(tx, caller, leaseId, slot);
    const [service] = await tx.getServices([slot.key]);
    if (!isBookableAt(now, slot.key.startSec, service)) {
      return failed(BookingFailureCause.SLOT_UNAVAILABLE, outsideWindowReason(now, slot.key.startSec, service));
    }
    if (lease && lease.leaseExpirationTimeSec <= now) {
      return failed(BookingFailureCause.LEASE_EXPIRED, 'the lease has expired; create a new lease');
    }
    if (await standingBooking(tx, await tx.findActiveBookingOfUser(caller.id, slot.keyString, userInformation.userId), now)) {
      return failed(BookingFailureCause.SLOT_ALREADY_BOOKED_BY_USER, 'this user already holds a booking on this slot');
    }
    // A live lease's spots are already counted as held: they become the booking's.
    if (freeSpots(state, lease?.spots ?? 0) < slot.spots) {
      return failed(BookingFailureCause.SLOT_UNAVAILABLE, 'not enough spots left on this slot');
    }
    const refused = await checkUserRules(tx, service, caller.id, userInformation.userId, slot.key, now, null);
    if (refused) return { booking: null, userPaymentOption: null, bookingFailure: refused };
    const plan = planPayment({
      service,
      paymentInformation,
      rawPaymentInformation: input.paymentInformation,
      parameters: input.paymentProcessingParameters,
      processorConfigured: this.payments.charges !== null,
      partySize: slot.spots,
    });
    if (plan.kind === 'refuse') return { booking: null, userPaymentOption: null, bookingFailure: plan.failure };

    const booking: BookingRecord = {
      bookingId: newId(),
      callerId: caller.id,
      slotKey: slot.keyString,
      slot: shownSlot(slot, state.slot),
      spots: slot.spots,
      userInformation,
      ...placedStatus(isAsynchronous(state.slot.confirmationMode), service, now, slot.key.startSec),
      paymentInformation,
      additionalRequest,
      createdAtSec: now,
      updatedAtSec: now,
      virtualSessionInfo: service?.virtualSession ?? null,
      declineReason: null,
      offerInfo: offerId === null ? null : { offerId },
      payment: null,
    };
    if (plan.kind === 'charge') {
      return { pending: await this.payments.charges!.prepare(tx, { callerId: caller.id, token, fingerprint, booking, plan, service: service!, lease, nowSec: now }) };
    }
    let userPaymentOption: UserPaymentOptionRecord | null = null;
    // With PAYMENT_PROCESSOR=none an id that names no issued option is stored and echoed, as before packs existed.
    const echoed = plan.kind === 'pack' && !this.payments.charges && !(await tx.getUserPaymentOption(plan.userPaymentOptionId));
    if (plan.kind === 'pack' && !echoed) {
      const use = { merchantId: slot.key.merchantId, userId: userInformation.userId, startSec: slot.key.startSec, nowSec: now };
      const spent = await spendUserPaymentOption(tx, plan.userPaymentOptionId, use);
      if ('failure' in spent) return { booking: null, userPaymentOption: null, bookingFailure: spent.failure };
      userPaymentOption = spent.option;
      booking.payment = { processor: null, chargeKey: null, transactionId: null, charged: null, cardType: null, savedCard: null, userPaymentOptionId: plan.userPaymentOptionId, refund: null, noShowFee: null };
    }
    if ((await tx.insertBooking(booking)) === 'user-already-booked') {
      return failed(BookingFailureCause.SLOT_ALREADY_BOOKED_BY_USER, 'this user already holds a booking on this slot');
    }
    if (lease) await tx.consumeLease(lease.leaseId, now);
    const record: IdempotencyRecord = { callerId: caller.id, token, fingerprint, bookingId: booking.bookingId, booking, userPaymentOption, createdAtSec: now };
    if ((await tx.insertIdempotency(record)) === 'token-exists') {
      // A concurrent duplicate committed between our lookup and this insert (a store whose units
      // are not serialised, e.g. MongoDB). The unit is rolled back; createBooking runs it again.
      throw new DomainError(
        'ABORTED',
        'a concurrent request with this idempotency token is being processed; retry with the same token',
        'input.idempotencyToken',
        CONCURRENT_DUPLICATE,
      );
    }
    return { booking, userPaymentOption, bookingFailure: null };
  }

  /** The booking as of now, if it exists and the caller may see it (access.ts). */
  async getBooking(caller: Caller, bookingId: string): Promise<BookingRecord | null> {
    const [booking] = await this.store.reader.getBookings([requireId('bookingId', bookingId)]);
    return booking && canAccessBooking(caller, booking) ? bookingFor(caller, asOf(booking, this.clock.nowSec())) : null;
  }

  async bookingStatus(caller: Caller, bookingId: string): Promise<BookingStatusView> {
    const booking = await this.getBooking(caller, bookingId);
    if (!booking) throw notFound(`unknown booking "${bookingId}"`, 'bookingId');
    return {
      bookingId: booking.bookingId,
      bookingStatus: booking.status,
      prepaymentStatus: booking.paymentInformation.prepaymentStatus,
    };
  }

  /**
   * The user's bookings that start in the future, cancelled ones included, soonest first: made
   * through any key (partner keys see every booking), of the caller's merchants when it is restricted.
   */
  async listBookings(caller: Caller, userId: string): Promise<BookingRecord[]> {
    const id = requireId('userId', userId);
    const now = this.clock.nowSec();
    // A restricted key's merchants are filtered in the store, so other merchants' bookings cannot use up the limit.
    const found = await this.store.reader.listBookingsOfUser(id, now, this.policy.maxListedBookings, { merchantIds: caller.merchantIds });
    return found.filter((b) => canAccessBooking(caller, b)).map((b) => bookingFor(caller, asOf(b, now)));
  }

  /**
   * The Booking Server's ListBookings: the upcoming bookings of `userId` that this caller made,
   * cancelled ones included, soonest first. `known` is false when the caller never booked for that
   * user at all (v3 answers 404 then; a known user without upcoming bookings gets an empty list).
   */
  async listCallerBookings(caller: Caller, userId: string, path = 'userId'): Promise<{ known: boolean; bookings: BookingRecord[] }> {
    const id = requireId(path, userId);
    const now = this.clock.nowSec();
    const scope = { callerId: caller.id, merchantIds: caller.merchantIds };
    const found = await this.store.reader.listBookingsOfUser(id, now, this.policy.maxListedBookings, scope);
    const known = found.length > 0 || (await this.store.reader.listBookingsOfUser(id, Number.MIN_SAFE_INTEGER, 1, scope)).length > 0;
    return { known, bookings: found.map((b) => bookingFor(caller, asOf(b, now))) };
  }
}

const tokenReused = () =>
  new DomainError('FAILED_PRECONDITION', 'this idempotency token was already used with a different request', 'input.idempotencyToken', 'IDEMPOTENCY_TOKEN_REUSED');

function replay(known: IdempotencyRecord, fingerprint: string): CreateBookingOutcome {
  if (known.fingerprint !== fingerprint) throw tokenReused();
  return { booking: known.booking, userPaymentOption: known.userPaymentOption ?? null, bookingFailure: null };
}

/** The caller's unconsumed lease for exactly this slot and party size (expiry is judged by the caller). */
async function usableLease(tx: StoreWriter, caller: Caller, leaseId: string, slot: ParsedSlot): Promise<LeaseRecord> {
  const [lease] = await tx.getLeases([leaseId]);
  if (!lease || lease.callerId !== caller.id || lease.consumedAtSec !== null) {
    throw notFound(`unknown or already used lease "${leaseId}"`, 'input.leaseRef.leaseId');
  }
  if (lease.slotKey !== slot.keyString) throw invalidArgument('input.slot', "does not match the lease's slot");
  if (lease.spots !== slot.spots) {
    throw invalidArgument('input.slot.resources.partySize', `must equal the lease's party size (${lease.spots})`);
  }
  return lease;
}
