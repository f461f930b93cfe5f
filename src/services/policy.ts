/** Tunable rules of the booking engine. Defaults follow the api-contract; config may override some. */
export interface BookingPolicy {
  /** Lease length when createLease names no expiration (contract: 10 minutes). */
  leaseDefaultSec: number;
  /** Longest lease; longer requests are shortened to it (contract: 30 minutes). */
  leaseMaxSec: number;
  /** Most slot times one batchAvailabilityLookup may ask about. */
  maxBatchSlotTimes: number;
  /** Longest startSec range one availableSlots call may cover. */
  maxSlotRangeSec: number;
  /** Most entries one availableSlots call returns (soonest first). */
  maxAvailableSlots: number;
  /** Most entries one upsertAvailability call may carry. */
  maxAvailabilityPerUpsert: number;
  /** Most bookings bookings(userId) returns (soonest first). */
  maxListedBookings: number;
}

export const DEFAULT_POLICY: BookingPolicy = {
  leaseDefaultSec: 10 * 60,
  leaseMaxSec: 30 * 60,
  maxBatchSlotTimes: 1000,
  maxSlotRangeSec: 62 * 24 * 3600,
  maxAvailableSlots: 500,
  maxAvailabilityPerUpsert: 10_000,
  maxListedBookings: 500,
};
