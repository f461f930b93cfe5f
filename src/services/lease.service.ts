// Leases: temporary holds on spots. A lease is live while now < leaseExpirationTimeSec and it has
// not been consumed; expiry is judged whenever capacity is read, so no background job is needed.
import type { Caller } from '../domain/caller';
import type { Clock } from '../domain/clock';
import { BookingFailureCause } from '../domain/enums';
import { invalidArgument, notFound } from '../domain/errors';
import type { BookingFailure, LeaseRecord } from '../domain/records';
import type { BookingStore } from '../store/store.port';
import { assertServesMerchant } from './access';
import { bookingFailure } from './failure';
import { isBookableAt, outsideWindowReason } from './booking-window';
import { newId } from './ids';
import type { CreateLeaseRequest, ReleaseLeaseRequest } from './inputs';
import type { BookingPolicy } from './policy';
import { freeSpots, missingSlotError, parseSlot, shownSlot } from './slot';
import { isAbsent, optionalInt, requireId } from './validate';

export interface CreateLeaseResult {
  lease: LeaseRecord | null;
  bookingFailure: BookingFailure | null;
}

/** When a new lease ends: the requested time shortened to the maximum, or the default. */
export function leaseExpiration(nowSec: number, requested: number | null, policy: BookingPolicy): number {
  const latest = nowSec + policy.leaseMaxSec;
  return requested === null ? nowSec + policy.leaseDefaultSec : Math.min(requested, latest);
}

export class LeaseService {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly policy: BookingPolicy,
  ) {}

  async createLease(caller: Caller, input: CreateLeaseRequest): Promise<CreateLeaseResult> {
    if (isAbsent(input.lease)) throw invalidArgument('input.lease', 'is required');
    const slot = parseSlot('input.lease.slot', input.lease.slot);
    assertServesMerchant(caller, slot.key.merchantId, 'input.lease.slot.merchantId');
    const userReference = requireId('input.lease.userReference', input.lease.userReference);
    const requested = optionalInt('input.lease.leaseExpirationTimeSec', input.lease.leaseExpirationTimeSec);

    return this.store.unitOfWork(async (tx) => {
      const now = this.clock.nowSec();
      if (requested !== null && requested <= now) {
        throw invalidArgument('input.lease.leaseExpirationTimeSec', 'is not in the future');
      }
      const [state] = await tx.getSlotStates([slot.key], now);
      if (!state) throw await missingSlotError(tx, 'input.lease.slot', slot.key);
      const [service] = await tx.getServices([slot.key]);
      if (!isBookableAt(now, slot.key.startSec, service)) {
        return { lease: null, bookingFailure: bookingFailure(BookingFailureCause.SLOT_UNAVAILABLE, outsideWindowReason(now, slot.key.startSec, service)) };
      }

      // Idempotent per (caller, userReference, slot) while the lease lives: the same lease, unchanged.
      const existing = await tx.findLiveLease(caller.id, userReference, slot.keyString, now);
      if (existing) return { lease: existing, bookingFailure: null };

      if (freeSpots(state) < slot.spots) {
        return {
          lease: null,
          bookingFailure: bookingFailure(BookingFailureCause.SLOT_UNAVAILABLE, 'not enough spots left on this slot'),
        };
      }
      const lease: LeaseRecord = {
        leaseId: newId(),
        callerId: caller.id,
        userReference,
        slotKey: slot.keyString,
        slot: shownSlot(slot, state.slot),
        spots: slot.spots,
        leaseExpirationTimeSec: leaseExpiration(now, requested, this.policy),
        createdAtSec: now,
        consumedAtSec: null,
      };
      await tx.insertLease(lease);
      return { lease, bookingFailure: null };
    });
  }

  /**
   * Gives a hold back before it expires: from now on it holds nothing (its expiration moves to now).
   * Only the caller's own lease; releasing one already released, expired or turned into a booking
   * returns it unchanged (a consumed lease's spots belong to its booking, which is untouched).
   */
  async releaseLease(caller: Caller, input: ReleaseLeaseRequest): Promise<LeaseRecord> {
    const leaseId = requireId('input.leaseId', input.leaseId);
    return this.store.unitOfWork(async (tx) => {
      const [lease] = await tx.getLeases([leaseId]);
      if (!lease || lease.callerId !== caller.id) throw notFound(`unknown lease "${leaseId}"`, 'input.leaseId');
      const now = this.clock.nowSec();
      if (lease.consumedAtSec !== null || lease.leaseExpirationTimeSec <= now) return lease;
      await tx.expireLease(leaseId, now);
      return { ...lease, leaseExpirationTimeSec: now };
    });
  }

  /** A caller sees only its own leases; anyone else's lease id reads as unknown. */
  async getLease(caller: Caller, leaseId: string): Promise<LeaseRecord | null> {
    const [lease] = await this.store.reader.getLeases([requireId('leaseId', leaseId)]);
    return lease && lease.callerId === caller.id ? lease : null;
  }
}
