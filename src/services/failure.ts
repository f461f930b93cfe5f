import type { BookingFailureCause } from '../domain/enums';
import type { BookingFailure } from '../domain/records';

/** A business refusal: data in the payload, never an error (api-contract "Errors", kind 1). */
export function bookingFailure(cause: BookingFailureCause, description: string): BookingFailure {
  return { cause, rejectedCardType: null, description };
}
