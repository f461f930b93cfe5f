// The service rules a booking must satisfy beyond capacity, decided inside the booking's own unit of
// work (so two concurrent bookings of one user cannot both slip under a limit), and what a new or
// moved booking takes from its service: its confirmation deadline and its virtual session.
import { asOf } from '../domain/booking-status';
import { BookingFailureCause, BookingStatus, isActiveStatus } from '../domain/enums';
import type { BookingFailure, BookingRecord, ServiceRecord } from '../domain/records';
import type { StoreWriter } from '../store/store.port';
import { bookingFailure } from './failure';

/** Most bookings of a user read to decide overlap (far more than one person can hold in the window read). */
const OVERLAP_READ = 1000;
/**
 * Bookings that start this long before a new one are the only earlier ones checked for overlap (a
 * booking longer than this, started before the window, is not seen). api.md "Service policies".
 */
export const OVERLAP_LOOKBACK_SEC = 31 * 24 * 3600;

/** When a pending booking made at `nowSec` counts as declined: its timeout or its start, whichever comes first. */
export function confirmationDeadline(service: ServiceRecord | null, nowSec: number, startSec: number): number | null {
  const timeout = service?.pendingConfirmationTimeoutSec ?? null;
  return timeout === null ? null : Math.min(nowSec + timeout, startSec);
}

interface Placement {
  merchantId: string;
  startSec: number;
  durationSec: number;
}

/**
 * maxActiveBookingsPerUser and preventOverlap of the service, for a booking of `userId` (of `callerId`)
 * at `placement`; `moving` is the booking being rescheduled (it counts once, and never overlaps itself).
 * Null when the booking may go ahead.
 */
export async function checkUserRules(
  tx: StoreWriter,
  service: ServiceRecord | null,
  callerId: string,
  userId: string,
  placement: Placement,
  nowSec: number,
  moving: BookingRecord | null,
): Promise<BookingFailure | null> {
  const limit = service?.maxActiveBookingsPerUser ?? null;
  const overlap = service?.preventOverlap ?? false;
  if (limit === null && !overlap) return null;
  await tx.lockUser(callerId, placement.merchantId, userId);
  const user = { callerId, merchantId: placement.merchantId, userId };
  // The limit: the user's upcoming active bookings, read up to the limit (a reschedule is not one more).
  if (limit !== null && !moving) {
    const upcoming = await tx.listActiveBookingsOfUser({ ...user, startAfterSec: nowSec }, nowSec, limit);
    if (upcoming.length >= limit) {
      return bookingFailure(BookingFailureCause.USER_OVER_BOOKING_LIMIT, `this user already holds ${limit} upcoming booking(s) at this merchant, the most allowed`);
    }
  }
  // Overlap: the user's active bookings that start between the lookback before the new start and the
  // new end; the booking being moved never overlaps itself.
  if (overlap) {
    const end = placement.startSec + placement.durationSec;
    const window = { ...user, startAfterSec: placement.startSec - OVERLAP_LOOKBACK_SEC - 1, startBeforeSec: end };
    const nearby = await tx.listActiveBookingsOfUser(window, nowSec, OVERLAP_READ);
    const clash = nearby.find((b) => b.bookingId !== moving?.bookingId && b.slot.startSec < end && b.slot.startSec + b.slot.durationSec > placement.startSec);
    if (clash) return bookingFailure(BookingFailureCause.OVERLAPPING_RESERVATION, 'this user already holds a booking at this merchant at that time');
  }
  return null;
}

/**
 * The user's active booking found on a slot, settled: a pending booking past its deadline is written
 * as DECLINED_BY_MERCHANT (it already counted as such) and no longer stands in the way.
 */
export async function standingBooking(tx: StoreWriter, found: BookingRecord | null, nowSec: number): Promise<BookingRecord | null> {
  if (!found) return null;
  const now = asOf(found, nowSec);
  if (isActiveStatus(now.status)) return found;
  await tx.replaceBooking(found, { ...now, updatedAtSec: found.confirmationDeadlineSec ?? nowSec });
  return null;
}

/** The status a booking takes on a slot of this confirmation mode, with its deadline when pending. */
export function placedStatus(asynchronous: boolean, service: ServiceRecord | null, nowSec: number, startSec: number) {
  return asynchronous
    ? { status: BookingStatus.PENDING_MERCHANT_CONFIRMATION, confirmationDeadlineSec: confirmationDeadline(service, nowSec, startSec) }
    : { status: BookingStatus.CONFIRMED, confirmationDeadlineSec: null };
}
