// When a slot can be taken (leased, booked, rescheduled into): api-contract "Time gone is gone".
// A slot that has started is never bookable; a service may also close booking some time before the
// start (minAdvanceBookingSec) and open it only some time ahead (maxAdvanceBookingSec). Availability
// answers apply the same window, so what is reported open can be booked.
import type { ServiceRecord } from '../domain/records';

type BookingWindowPolicy = Pick<ServiceRecord, 'minAdvanceBookingSec' | 'maxAdvanceBookingSec'> | null;

/** Starts a slot may have to be bookable at `nowSec`: earliest ≤ startSec ≤ latest (inclusive). */
export interface BookableStarts {
  earliest: number;
  latest: number;
}

export function bookableStarts(nowSec: number, service: BookingWindowPolicy): BookableStarts {
  return {
    earliest: nowSec + Math.max(1, service?.minAdvanceBookingSec ?? 0),
    latest: service?.maxAdvanceBookingSec == null ? Number.MAX_SAFE_INTEGER : nowSec + service.maxAdvanceBookingSec,
  };
}

export function isBookableAt(nowSec: number, startSec: number, service: BookingWindowPolicy): boolean {
  const { earliest, latest } = bookableStarts(nowSec, service);
  return startSec >= earliest && startSec <= latest;
}

/** Why a slot outside the window is SLOT_UNAVAILABLE, for the failure's description. */
export function outsideWindowReason(nowSec: number, startSec: number, service: BookingWindowPolicy): string {
  if (startSec <= nowSec) return 'this slot has already started';
  const { earliest } = bookableStarts(nowSec, service);
  if (startSec < earliest) return `this slot must be booked at least ${service?.minAdvanceBookingSec} seconds before it starts`;
  return `this slot cannot be booked more than ${service?.maxAdvanceBookingSec} seconds ahead`;
}
