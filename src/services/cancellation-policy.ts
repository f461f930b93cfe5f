import type { ServiceRecord } from '../domain/records';

/**
 * Latest moment (epoch seconds, inclusive) a booking starting at `startSec` may be cancelled online:
 * `minAdvanceOnlineCancelingSec` before the start, or the start itself when the service sets none.
 */
export function cancellationDeadline(startSec: number, service: ServiceRecord | null): number {
  return startSec - (service?.minAdvanceOnlineCancelingSec ?? 0);
}

export function canCancelAt(nowSec: number, startSec: number, service: ServiceRecord | null): boolean {
  return nowSec <= cancellationDeadline(startSec, service);
}
