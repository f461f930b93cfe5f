import type { Caller } from '../domain/caller';
import type { BookingRecord } from '../domain/records';

/**
 * Who may see and change a booking: the caller that created it, and any partner (the merchant's
 * trusted back end). To every other caller the booking does not exist, so widget keys cannot read
 * or cancel each other's bookings even with a leaked booking id.
 */
export function canAccessBooking(caller: Caller, booking: BookingRecord): boolean {
  return caller.role === 'partner' || booking.callerId === caller.id;
}
