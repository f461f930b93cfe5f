// A booking's status as of an instant. A pending booking past its confirmation deadline counts as
// DECLINED_BY_MERCHANT and holds no spots, judged whenever it is read (like a lease's expiry), so no
// background job has to run for it to be true.
import { BookingStatus, isActiveStatus } from './enums';
import type { BookingRecord } from './records';

export function effectiveStatus(booking: BookingRecord, atSec: number): BookingStatus {
  const expired =
    booking.status === BookingStatus.PENDING_MERCHANT_CONFIRMATION && booking.confirmationDeadlineSec !== null && atSec >= booking.confirmationDeadlineSec;
  return expired ? BookingStatus.DECLINED_BY_MERCHANT : booking.status;
}

/** The booking as of `atSec` (the same object when nothing changed). */
export function asOf(booking: BookingRecord, atSec: number): BookingRecord {
  const status = effectiveStatus(booking, atSec);
  return status === booking.status ? booking : { ...booking, status };
}

/** Holds spots at `atSec`: CONFIRMED, or PENDING before its deadline. */
export function holdsSpots(booking: BookingRecord, atSec: number): boolean {
  return isActiveStatus(effectiveStatus(booking, atSec));
}
