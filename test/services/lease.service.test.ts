import { ManualClock } from '../../src/domain/clock';
import { NO_SERVICE_POLICY } from '../../src/domain/records';
import { BookingFailureCause, ConfirmationMode } from '../../src/domain/enums';
import { DomainError } from '../../src/domain/errors';
import type { InventorySlot } from '../../src/domain/records';
import { slotKeyOf } from '../../src/domain/slot-key';
import { leaseExpiration, LeaseService } from '../../src/services/lease.service';
import { DEFAULT_POLICY, type BookingPolicy } from '../../src/services/policy';
import { SqliteStore } from '../../src/store/sqlite/sqlite.store';

const MIN = 60;
const NOW = 1_900_000_000;

describe('leaseExpiration', () => {
  it('the default policy follows the contract: 10 minutes when absent, at most 30 minutes', () => {
    expect(leaseExpiration(NOW, null, DEFAULT_POLICY)).toBe(NOW + 10 * MIN);
    expect(leaseExpiration(NOW, NOW + 45 * MIN, DEFAULT_POLICY)).toBe(NOW + 30 * MIN);
  });

  it('keeps a requested time up to the maximum, the maximum itself included', () => {
    expect(leaseExpiration(NOW, NOW + 1, DEFAULT_POLICY)).toBe(NOW + 1);
    expect(leaseExpiration(NOW, NOW + 20 * MIN, DEFAULT_POLICY)).toBe(NOW + 20 * MIN);
    expect(leaseExpiration(NOW, NOW + 30 * MIN, DEFAULT_POLICY)).toBe(NOW + 30 * MIN);
    expect(leaseExpiration(NOW, NOW + 30 * MIN + 1, DEFAULT_POLICY)).toBe(NOW + 30 * MIN);
  });

  it('a requested time longer than the default but within the maximum is not shortened to the default', () => {
    expect(leaseExpiration(NOW, NOW + 15 * MIN, DEFAULT_POLICY)).toBe(NOW + 15 * MIN);
  });

  it('is relative to the given now and follows a custom policy', () => {
    const policy: BookingPolicy = { ...DEFAULT_POLICY, leaseDefaultSec: 30, leaseMaxSec: 90 };
    expect(leaseExpiration(1000, null, policy)).toBe(1030);
    expect(leaseExpiration(1000, 1050, policy)).toBe(1050);
    expect(leaseExpiration(1000, 5000, policy)).toBe(1090);
    expect(leaseExpiration(2000, 5000, policy)).toBe(2090);
  });
});

describe('LeaseService.createLease', () => {
  const START = NOW + 24 * 3600;
  const caller = { id: 'caller-1', role: 'widget' as const, merchantIds: null };
  const inventory = (spotsTotal: number): InventorySlot => ({
    merchantId: 'm1',
    serviceId: 's1',
    startSec: START,
    durationSec: 3600,
    staffId: '',
    roomId: '',
    spotsTotal,
    availabilityTag: null,
    confirmationMode: ConfirmationMode.CONFIRMATION_MODE_SYNCHRONOUS,
    staffName: null,
    roomName: null,
  });
  const slotInput = (partySize?: number) => ({
    merchantId: 'm1',
    serviceId: 's1',
    startSec: START,
    durationSec: 3600,
    resources: partySize === undefined ? null : { partySize },
  });

  let store: SqliteStore;
  let clock: ManualClock;
  let service: LeaseService;

  async function setUp(spotsTotal: number) {
    store = SqliteStore.inMemory();
    clock = new ManualClock(NOW);
    service = new LeaseService(store, clock, DEFAULT_POLICY);
    await store.unitOfWork(async (tx) => {
      await tx.upsertMerchant({ merchantId: 'm1', name: 'M', timeZone: 'Europe/Zurich' });
      await tx.upsertService({ merchantId: 'm1', serviceId: 's1', name: 'S', price: null, ...NO_SERVICE_POLICY });
      await tx.upsertSlots([inventory(spotsTotal)]);
    });
  }
  const leased = async (atSec: number) => (await store.reader.getSlotStates([slotKeyOf(inventory(0))], atSec))[0]!.leasedSpots;

  it('without an expiration the lease runs the default 10 minutes and holds partySize spots until then', async () => {
    await setUp(5);
    const { lease, bookingFailure } = await service.createLease(caller, { lease: { slot: slotInput(2), userReference: 'r1' } });
    expect(bookingFailure).toBeNull();
    expect(lease).toMatchObject({ leaseExpirationTimeSec: NOW + 10 * MIN, spots: 2, callerId: 'caller-1', consumedAtSec: null });
    expect(await leased(NOW + 10 * MIN - 1)).toBe(2);
    expect(await leased(NOW + 10 * MIN)).toBe(0);
  });

  it('shortens a too long expiration to 30 minutes from now', async () => {
    await setUp(5);
    const { lease } = await service.createLease(caller, {
      lease: { slot: slotInput(), userReference: 'r1', leaseExpirationTimeSec: NOW + 3 * 3600 },
    });
    expect(lease?.leaseExpirationTimeSec).toBe(NOW + 30 * MIN);
  });

  it.each([
    ['now', 0],
    ['in the past', -1],
  ])('an expiration %s is INVALID_ARGUMENT on input.lease.leaseExpirationTimeSec', async (_why, delta) => {
    await setUp(5);
    const attempt = service.createLease(caller, {
      lease: { slot: slotInput(), userReference: 'r1', leaseExpirationTimeSec: NOW + delta },
    });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'input.lease.leaseExpirationTimeSec' });
    expect(await leased(NOW)).toBe(0);
  });

  it('the same userReference on the same slot returns the same lease while it lives, and a new one after', async () => {
    await setUp(5);
    const req = { lease: { slot: slotInput(), userReference: 'r1' } };
    const first = (await service.createLease(caller, req)).lease!;
    clock.advance(5 * MIN);
    const again = (await service.createLease(caller, req)).lease!;
    expect(again).toEqual(first);
    expect(await leased(clock.nowSec())).toBe(1);

    clock.set(first.leaseExpirationTimeSec);
    const renewed = (await service.createLease(caller, req)).lease!;
    expect(renewed.leaseId).not.toBe(first.leaseId);
    expect(renewed.leaseExpirationTimeSec).toBe(first.leaseExpirationTimeSec + 10 * MIN);
  });

  it('another caller using the same userReference gets a lease of its own', async () => {
    await setUp(5);
    const req = { lease: { slot: slotInput(), userReference: 'r1' } };
    const mine = (await service.createLease(caller, req)).lease!;
    const theirs = (await service.createLease({ id: 'caller-2', role: 'widget', merchantIds: null }, req)).lease!;
    expect(theirs.leaseId).not.toBe(mine.leaseId);
    expect(await leased(NOW)).toBe(2);
  });

  it('a slot without enough free spots answers SLOT_UNAVAILABLE as data and holds nothing more', async () => {
    await setUp(3);
    await service.createLease(caller, { lease: { slot: slotInput(2), userReference: 'r1' } });
    const refused = await service.createLease(caller, { lease: { slot: slotInput(2), userReference: 'r2' } });
    expect(refused.lease).toBeNull();
    expect(refused.bookingFailure?.cause).toBe(BookingFailureCause.SLOT_UNAVAILABLE);
    expect(await leased(NOW)).toBe(2);
    const fits = await service.createLease(caller, { lease: { slot: slotInput(1), userReference: 'r3' } });
    expect(fits.lease?.spots).toBe(1);
  });

  it('getLease shows a lease to its own caller only', async () => {
    await setUp(5);
    const { lease } = await service.createLease(caller, { lease: { slot: slotInput(), userReference: 'r1' } });
    expect(await service.getLease(caller, lease!.leaseId)).toEqual(lease);
    expect(await service.getLease({ id: 'caller-2', role: 'partner', merchantIds: null }, lease!.leaseId)).toBeNull();
  });
});
