// Who may see and act on what (api-contract "Access", "Merchant operations"): the rules, once, for
// every face. Roles are checked per operation by the face; what a role may reach is decided here.
import { servesMerchant, type Caller } from '../domain/caller';
import { DomainError } from '../domain/errors';
import type { BookingRecord } from '../domain/records';

/**
 * A booking is visible to the caller that made it, and to partner and merchant keys that serve its
 * merchant. To every other caller it does not exist, so widget keys cannot read or cancel each other's
 * bookings even with a leaked booking id.
 */
export function canAccessBooking(caller: Caller, booking: BookingRecord): boolean {
  if (booking.callerId === caller.id) return true;
  return caller.role !== 'widget' && servesMerchant(caller, booking.slot.merchantId);
}

/** PERMISSION_DENIED unless the caller serves the merchant (widget and unrestricted partner keys serve all). */
export function assertServesMerchant(caller: Caller, merchantId: string, field: string): void {
  if (!servesMerchant(caller, merchantId)) {
    throw new DomainError('PERMISSION_DENIED', `this key does not serve merchant "${merchantId}"`, field);
  }
}

/** Partner and merchant keys see a service's session password; widget keys do not. */
export const maySeeSessionPasswords = (caller: Caller): boolean => caller.role === 'partner' || caller.role === 'merchant';

/**
 * The booking as this caller may see it: the virtual session's password only for the booking's maker
 * and for partner or merchant keys.
 */
export function bookingFor(caller: Caller, booking: BookingRecord): BookingRecord {
  const session = booking.virtualSessionInfo;
  if (!session?.password || booking.callerId === caller.id || maySeeSessionPasswords(caller)) return booking;
  return { ...booking, virtualSessionInfo: { ...session, password: null } };
}
