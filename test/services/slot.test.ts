import { ConfirmationMode } from '../../src/domain/enums';
import { DomainError } from '../../src/domain/errors';
import type { InventorySlot, SlotState } from '../../src/domain/records';
import { slotKeyString } from '../../src/domain/slot-key';
import { countAvailable, freeSpots, inventorySlotView, parseSlot } from '../../src/services/slot';

const base = { merchantId: 'm1', serviceId: 's1', startSec: 1_900_000_000, durationSec: 3600 };
const names = { staffName: null, roomName: null };

function invalidAt(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_ARGUMENT');
    expect((error as DomainError).message.startsWith(`${(error as DomainError).field}: `)).toBe(true);
    return (error as DomainError).field;
  }
  throw new Error('expected INVALID_ARGUMENT, nothing was thrown');
}

describe('parseSlot', () => {
  it('defaults: 1 spot, empty staff and room in the identity, resources and optional attributes null', () => {
    const parsed = parseSlot('x', base);
    expect(parsed.spots).toBe(1);
    expect(parsed.key).toEqual({ ...base, staffId: '', roomId: '' });
    expect(parsed.keyString).toBe(slotKeyString({ ...base, staffId: '', roomId: '' }));
    expect(parsed.resources).toBeNull();
    expect(parsed.availabilityTag).toBeNull();
    expect(parsed.confirmationMode).toBeNull();
  });

  it('absent, null and empty staff/room are the same identity', () => {
    const keys = [
      parseSlot('x', base),
      parseSlot('x', { ...base, resources: {} }),
      parseSlot('x', { ...base, resources: { staffId: null, roomId: null } }),
      parseSlot('x', { ...base, resources: { staffId: '', roomId: '' } }),
      parseSlot('x', { ...base, resources: { partySize: 3 } }),
    ].map((p) => p.keyString);
    expect(new Set(keys).size).toBe(1);
  });

  it('staff and room are part of the identity, partySize is the demand', () => {
    const parsed = parseSlot('x', { ...base, resources: { staffId: 'anna', roomId: 'r1', partySize: 4 } });
    expect(parsed.key).toEqual({ ...base, staffId: 'anna', roomId: 'r1' });
    expect(parsed.spots).toBe(4);
    expect(parsed.resources).toEqual({ staffId: 'anna', roomId: 'r1', partySize: 4, staffName: null, roomName: null });
    expect(parseSlot('x', { ...base, resources: { staffId: 'bob' } }).keyString).not.toBe(parsed.keyString);
  });

  it('keeps the requested attributes without making them identity', () => {
    const parsed = parseSlot('x', {
      ...base,
      availabilityTag: 'tag',
      confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS,
    });
    expect(parsed.availabilityTag).toBe('tag');
    expect(parsed.confirmationMode).toBe(ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS);
    expect(parsed.keyString).toBe(parseSlot('x', base).keyString);
  });

  it.each([
    ['durationSec 0', { ...base, durationSec: 0 }, 'x.durationSec'],
    ['negative durationSec', { ...base, durationSec: -60 }, 'x.durationSec'],
    ['fractional durationSec', { ...base, durationSec: 1.5 }, 'x.durationSec'],
    ['negative startSec', { ...base, startSec: -1 }, 'x.startSec'],
    ['blank merchantId', { ...base, merchantId: ' ' }, 'x.merchantId'],
    ['serviceId with a control character', { ...base, serviceId: 's\u00001' }, 'x.serviceId'],
    ['partySize 0', { ...base, resources: { partySize: 0 } }, 'x.resources.partySize'],
    ['partySize 101', { ...base, resources: { partySize: 101 } }, 'x.resources.partySize'],
    ['staffId with a newline', { ...base, resources: { staffId: 'a\nb' } }, 'x.resources.staffId'],
  ])('refuses %s, naming the field', (_why, input, field) => {
    expect(invalidAt(() => parseSlot('x', input))).toBe(field);
  });

  it('startSec 0 and partySize 100 are within bounds', () => {
    expect(parseSlot('x', { ...base, startSec: 0 }).key.startSec).toBe(0);
    expect(parseSlot('x', { ...base, resources: { partySize: 100 } }).spots).toBe(100);
  });

  it('a missing slot names the slot path itself', () => {
    expect(invalidAt(() => parseSlot('input.slot', null))).toBe('input.slot');
  });
});

describe('freeSpots / countAvailable', () => {
  const inventory = (spotsTotal: number): InventorySlot => ({
    ...base,
    ...names,
    staffId: '',
    roomId: '',
    spotsTotal,
    availabilityTag: null,
    confirmationMode: ConfirmationMode.CONFIRMATION_MODE_SYNCHRONOUS,
  });
  const state = (spotsTotal: number, bookedSpots: number, leasedSpots: number): SlotState => ({
    slot: inventory(spotsTotal),
    bookedSpots,
    leasedSpots,
  });

  it('free = total − booked − leased', () => {
    expect(freeSpots(state(10, 3, 2))).toBe(5);
    expect(countAvailable(state(10, 3, 2))).toBe(5);
    expect(countAvailable(state(5, 5, 0))).toBe(0);
    expect(countAvailable(state(5, 0, 5))).toBe(0);
  });

  it('spots being released count as free (a reschedule within the same slot)', () => {
    expect(freeSpots(state(4, 4, 0), 2)).toBe(2);
  });

  it('countAvailable is never negative when spotsTotal was lowered below what is held', () => {
    expect(countAvailable(state(2, 3, 1))).toBe(0);
    expect(countAvailable(state(0, 1, 0))).toBe(0);
    // freeSpots keeps the deficit so that capacity checks (`freeSpots < spots`) refuse any demand.
    expect(freeSpots(state(2, 3, 1))).toBeLessThan(1);
  });
});

describe('inventorySlotView', () => {
  const inv: InventorySlot = {
    ...base,
    ...names,
    staffId: '',
    roomId: '',
    spotsTotal: 1,
    availabilityTag: 't',
    confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS,
  };

  it('shows no resources for a slot without staff or room, and null for the missing one otherwise', () => {
    expect(inventorySlotView(inv).resources).toBeNull();
    expect(inventorySlotView({ ...inv, staffId: 'anna' }).resources).toEqual({ staffId: 'anna', roomId: null, partySize: null, staffName: null, roomName: null });
    expect(inventorySlotView(inv)).toMatchObject({ availabilityTag: 't', confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS });
  });
});
