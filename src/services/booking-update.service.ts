// updateBooking: cancel, or reschedule (new start/duration and/or party size) within the same
// merchant and service. Each is one atomic unit: the booking changes completely or not at all.
import { asOf } from '../domain/booking-status';
import type { Clock } from '../domain/clock';
import { BookingFailureCause, BookingStatus, isActiveStatus } from '../domain/enums';
import { invalidArgument, notFound } from '../domain/errors';
import type { BookingFailure, BookingRecord, ResourceIds } from '../domain/records';
import type { BookingStore, StoreWriter } from '../store/store.port';
import type { Caller } from '../domain/caller';
import { bookingFor, canAccessBooking } from './access';
import { checkUserRules, placedStatus, standingBooking } from './booking-rules';
import { canCancelAt } from './cancellation-policy';
import { bookingFailure } from './failure';
import { isBookableAt, outsideWindowReason } from './booking-window';
import type { SlotInput, UpdateBookingRequest } from './inputs';
import { freeSpots, isAsynchronous, missingSlotError, parseSlot, shownSlot, type ParsedSlot } from './slot';
import { isAbsent, requireId } from './validate';
import { slotKeyOf, slotKeyString } from '../domain/slot-key';
import type { BookingMoneyJob, UserPaymentOptionRecord } from '../domain/payments';
import { paymentEffects, type PaymentFollowUps } from './payments/booking-money';

export interface UpdateBookingResult {
  booking: BookingRecord | null;
  /** The pack or membership a cancel gave a use back to, as it is after. */
  userPaymentOption: UserPaymentOptionRecord | null;
  bookingFailure: BookingFailure | null;
}

/** A unit's answer, with the refund it left for the processor (run once the unit has committed). */
type UnitResult = UpdateBookingResult & { jobs?: BookingMoneyJob[] };

const ok = (booking: BookingRecord): UpdateBookingResult => ({ booking, userPaymentOption: null, bookingFailure: null });
const failed = (cause: BookingFailureCause, description: string): UpdateBookingResult => ({
  booking: null,
  userPaymentOption: null,
  bookingFailure: bookingFailure(cause, description),
});

export class BookingUpdateService {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly followUps: PaymentFollowUps,
  ) {}

  async updateBooking(caller: Caller, input: UpdateBookingRequest): Promise<UpdateBookingResult> {
    const update = input.booking;
    if (isAbsent(update)) throw invalidArgument('input.booking', 'is required');
    const bookingId = requireId('input.booking.bookingId', update.bookingId);
    const hasStatus = !isAbsent(update.status);
    const hasSlot = !isAbsent(update.slot);
    if (hasStatus && hasSlot) throw invalidArgument('input.booking', 'set either status (to cancel) or slot (to reschedule), not both');
    if (!hasStatus && !hasSlot) throw invalidArgument('input.booking', 'nothing to update: set status to CANCELED or a new slot');
    if (hasStatus && update.status !== BookingStatus.CANCELED) {
      throw invalidArgument('input.booking.status', 'only CANCELED can be requested');
    }
    // Checked as sent now (so a malformed slot is refused before any read); completed from the booking below.
    const requested = hasSlot ? update.slot! : null;
    if (requested) parseSlot('input.booking.slot', withBookingDefaults(requested, null));

    const { jobs, ...unit } = await this.store.unitOfWork(async (tx): Promise<UnitResult> => {
      const [stored] = await tx.getBookings([bookingId]);
      if (!stored || !canAccessBooking(caller, stored)) throw notFound(`unknown booking "${bookingId}"`, 'input.booking.bookingId');
      const now = this.clock.nowSec();
      // Judged as of now: a pending booking past its confirmation deadline is already declined.
      const booking = asOf(stored, now);
      return requested ? this.reschedule(tx, booking, requested, now) : this.cancel(tx, booking, now);
    });
    // The refund a cancel owes, made now that the cancel has committed (payments/booking-money.ts).
    const result = jobs?.length ? { ...unit, booking: (await this.followUps.run(jobs)) ?? unit.booking } : unit;
    return result.booking ? { ...result, booking: bookingFor(caller, result.booking) } : result;
  }

  private async cancel(tx: StoreWriter, booking: BookingRecord, now: number): Promise<UnitResult> {
    // Cancelling twice answers like the first time: UpdateBooking carries no token, so a retry
    // must be indistinguishable from the original (spec §10.4).
    if (booking.status === BookingStatus.CANCELED) return ok(booking);
    if (!isActiveStatus(booking.status)) {
      return failed(BookingFailureCause.BOOKING_NOT_CANCELLABLE, `a booking in status ${booking.status} cannot be cancelled`);
    }
    const [service] = await tx.getServices([{ merchantId: booking.slot.merchantId, serviceId: booking.slot.serviceId }]);
    if (!canCancelAt(now, booking.slot.startSec, service)) {
      return failed(BookingFailureCause.OUTSIDE_CANCELLATION_WINDOW, 'the online cancellation window for this booking has closed');
    }
    const cancelled: BookingRecord = { ...booking, status: BookingStatus.CANCELED, updatedAtSec: now };
    const effects = await paymentEffects(tx, booking, cancelled, now);
    await tx.replaceBooking(booking, effects.booking);
    return { ...ok(effects.booking), userPaymentOption: effects.userPaymentOption, jobs: effects.jobs };
  }

  private async reschedule(tx: StoreWriter, booking: BookingRecord, input: SlotInput, now: number): Promise<UpdateBookingResult> {
    const path = 'input.booking.slot';
    if (booking.status === BookingStatus.CANCELED) throw invalidArgument(path, 'a cancelled booking cannot be rescheduled');
    if (booking.status === BookingStatus.PENDING_MERCHANT_CONFIRMATION) {
      throw invalidArgument(path, 'a booking pending merchant confirmation cannot be rescheduled; cancel it and book again');
    }
    if (!isActiveStatus(booking.status)) throw invalidArgument(path, `a booking in status ${booking.status} cannot be rescheduled`);
    const parsed = parseSlot(path, withBookingDefaults(input, booking));
    if (parsed.key.merchantId !== booking.slot.merchantId) throw invalidArgument(`${path}.merchantId`, "must be the booking's merchant");
    if (parsed.key.serviceId !== booking.slot.serviceId) throw invalidArgument(`${path}.serviceId`, "must be the booking's service");

    const target = withKeptResources(parsed, input, booking.slot.resources);
    if (target.keyString === booking.slotKey && target.spots === booking.spots) return ok(booking);

    const sameSlot = target.keyString === booking.slotKey;
    const [state] = await tx.getSlotStates([target.key], now);
    if (!state) throw await missingSlotError(tx, path, target.key);
    const [service] = await tx.getServices([target.key]);
    // Leaving the old slot (or giving back some of its spots) is a cancellation of them: the same
    // window applies (api-contract "The cancellation window guards the old slot of a reschedule too").
    if ((!sameSlot || target.spots < booking.spots) && !canCancelAt(now, booking.slot.startSec, service)) {
      return failed(BookingFailureCause.OUTSIDE_CANCELLATION_WINDOW, 'the online cancellation window for the current slot has closed');
    }
    if (!isBookableAt(now, target.key.startSec, service)) {
      return failed(BookingFailureCause.SLOT_UNAVAILABLE, outsideWindowReason(now, target.key.startSec, service));
    }
    const userId = booking.userInformation.userId;
    if (!sameSlot && (await standingBooking(tx, await tx.findActiveBookingOfUser(booking.callerId, target.keyString, userId), now))) {
      return failed(BookingFailureCause.SLOT_ALREADY_BOOKED_BY_USER, 'this user already holds a booking on that slot');
    }
    if (freeSpots(state, sameSlot ? booking.spots : 0) < target.spots) {
      return failed(BookingFailureCause.SLOT_UNAVAILABLE, 'not enough spots left on the requested slot');
    }
    const refused = await checkUserRules(tx, service, booking.callerId, userId, target.key, now, booking);
    if (refused) return { booking: null, userPaymentOption: null, bookingFailure: refused };
    const moved: BookingRecord = {
      ...booking,
      slotKey: target.keyString,
      slot: shownSlot(target, state.slot),
      spots: target.spots,
      // Moved onto an asynchronous slot, or asking it for more spots, the booking waits for the
      // merchant again; giving back spots on the same slot needs no new answer.
      ...(!sameSlot || target.spots > booking.spots
        ? placedStatus(isAsynchronous(state.slot.confirmationMode), service, now, target.key.startSec)
        : { status: booking.status, confirmationDeadlineSec: booking.confirmationDeadlineSec }),
      updatedAtSec: now,
    };
    if ((await tx.replaceBooking(booking, moved)) === 'user-already-booked') {
      return failed(BookingFailureCause.SLOT_ALREADY_BOOKED_BY_USER, 'this user already holds a booking on that slot');
    }
    return ok(moved);
  }
}

/**
 * A reschedule names the new start and duration; resources it leaves out keep the booking's values
 * (v3: "fields that don't change are not sent"), so a party-size change need not repeat the staff.
 */
function withKeptResources(parsed: ParsedSlot, input: SlotInput, current: ResourceIds | null): ParsedSlot {
  const sent = input.resources;
  const resources: ResourceIds | null =
    current || parsed.resources
      ? {
          staffId: isAbsent(sent?.staffId) ? (current?.staffId ?? null) : parsed.resources!.staffId,
          roomId: isAbsent(sent?.roomId) ? (current?.roomId ?? null) : parsed.resources!.roomId,
          partySize: isAbsent(sent?.partySize) ? (current?.partySize ?? null) : parsed.resources!.partySize,
          // Names are the inventory's: shownSlot fills them in from the target slot.
          staffName: null,
          roomName: null,
        }
      : null;
  const key = slotKeyOf({ ...parsed.key, staffId: resources?.staffId, roomId: resources?.roomId });
  return { ...parsed, key, keyString: slotKeyString(key), resources, spots: resources?.partySize ?? 1 };
}

/**
 * The slot a reschedule asks for, with the booking's merchant, service, start and duration where the
 * request leaves them out (v3 UpdateBooking: "fields that don't change are not sent"; GraphQL's
 * SlotInput requires them). Without a booking (the early check), placeholders stand in for them.
 */
function withBookingDefaults(input: SlotInput, booking: BookingRecord | null): SlotInput {
  const kept = booking?.slot ?? { merchantId: '-', serviceId: '-', startSec: 0, durationSec: 1 };
  return {
    ...input,
    merchantId: isAbsent(input.merchantId) ? kept.merchantId : input.merchantId,
    serviceId: isAbsent(input.serviceId) ? kept.serviceId : input.serviceId,
    startSec: isAbsent(input.startSec) ? kept.startSec : input.startSec,
    durationSec: isAbsent(input.durationSec) ? kept.durationSec : input.durationSec,
  };
}
