// Parsing a requested slot into its identity and demand, and building the slot the API shows.
import { ConfirmationMode } from '../domain/enums';
import { invalidArgument } from '../domain/errors';
import type { InventorySlot, ResourceIds, Slot, SlotState } from '../domain/records';
import { slotKeyOf, slotKeyString, type SlotKey } from '../domain/slot-key';
import type { StoreReader } from '../store/store.port';
import type { ResourceIdsInput, SlotIdentityInput, SlotInput } from './inputs';
import { isAbsent, optionalId, optionalLine, optionalPartySize, requireId, requireInt } from './validate';

export interface ParsedSlot {
  key: SlotKey;
  keyString: string;
  /** Spots the request takes: resources.partySize, 1 when absent. */
  spots: number;
  /** The request's resources as sent (null when absent), echoed back in responses. */
  resources: ResourceIds | null;
  availabilityTag: string | null;
  confirmationMode: ConfirmationMode | null;
}

/** Resources as sent. Names are inventory attributes: upsertAvailability stores them, other requests' are ignored. */
export function parseResources(path: string, input: ResourceIdsInput | null | undefined): ResourceIds | null {
  if (isAbsent(input)) return null;
  return {
    staffId: optionalId(`${path}.staffId`, input.staffId),
    roomId: optionalId(`${path}.roomId`, input.roomId),
    partySize: optionalPartySize(`${path}.partySize`, input.partySize),
    staffName: optionalLine(`${path}.staffName`, input.staffName, 200),
    roomName: optionalLine(`${path}.roomName`, input.roomName, 200),
  };
}

/** A slot identity of one merchant's inventory entry (upsertAvailability, deleteAvailability), with its resources as sent. */
export function parseSlotIdentity(path: string, merchantId: string, input: SlotIdentityInput): { key: SlotKey; resources: ResourceIds | null } {
  const resources = parseResources(`${path}.resources`, input.resources);
  const key = slotKeyOf({
    merchantId,
    serviceId: requireId(`${path}.serviceId`, input.serviceId),
    startSec: requireInt(`${path}.startSec`, input.startSec, 0),
    durationSec: requireInt(`${path}.durationSec`, input.durationSec, 1),
    staffId: resources?.staffId,
    roomId: resources?.roomId,
  });
  return { key, resources };
}

export function parseSlot(path: string, input: SlotInput | null | undefined): ParsedSlot {
  if (isAbsent(input)) throw invalidArgument(path, 'is required');
  const resources = parseResources(`${path}.resources`, input.resources);
  const key = slotKeyOf({
    merchantId: requireId(`${path}.merchantId`, input.merchantId),
    serviceId: requireId(`${path}.serviceId`, input.serviceId),
    startSec: requireInt(`${path}.startSec`, input.startSec, 0),
    durationSec: requireInt(`${path}.durationSec`, input.durationSec, 1),
    staffId: resources?.staffId,
    roomId: resources?.roomId,
  });
  return {
    key,
    keyString: slotKeyString(key),
    spots: resources?.partySize ?? 1,
    resources,
    availabilityTag: optionalLine(`${path}.availabilityTag`, input.availabilityTag, 255),
    confirmationMode: input.confirmationMode ?? null,
  };
}

/** The slot a response shows: the request's identity and resources, the inventory's attributes (tag, mode, names). */
export function shownSlot(parsed: ParsedSlot, inventory: InventorySlot): Slot {
  return {
    merchantId: parsed.key.merchantId,
    serviceId: parsed.key.serviceId,
    startSec: parsed.key.startSec,
    durationSec: parsed.key.durationSec,
    availabilityTag: inventory.availabilityTag,
    resources: parsed.resources && { ...parsed.resources, staffName: inventory.staffName, roomName: inventory.roomName },
    confirmationMode: inventory.confirmationMode,
  };
}

/** The slot an inventory entry shows by itself (availableSlots, merchant listings). */
export function inventorySlotView(inventory: InventorySlot): Slot {
  const hasResources = inventory.staffId !== '' || inventory.roomId !== '';
  return {
    merchantId: inventory.merchantId,
    serviceId: inventory.serviceId,
    startSec: inventory.startSec,
    durationSec: inventory.durationSec,
    availabilityTag: inventory.availabilityTag,
    resources: hasResources
      ? { staffId: inventory.staffId || null, roomId: inventory.roomId || null, partySize: null, staffName: inventory.staffName, roomName: inventory.roomName }
      : null,
    confirmationMode: inventory.confirmationMode,
  };
}

/** The identity of a slot as shown (resources carry staff and room). */
export function keyOfShownSlot(slot: Slot): SlotKey {
  return slotKeyOf({ ...slot, staffId: slot.resources?.staffId, roomId: slot.resources?.roomId });
}

/** Spots still free on a slot; negative when spotsTotal was lowered below what is held. */
export function freeSpots(state: SlotState, releasing = 0): number {
  return state.slot.spotsTotal - state.bookedSpots - state.leasedSpots + releasing;
}

/** countAvailable as the API reports it: never negative. */
export function countAvailable(state: SlotState): number {
  return Math.max(0, freeSpots(state));
}

export function isAsynchronous(mode: ConfirmationMode): boolean {
  return mode === ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS;
}

/**
 * Explains why a slot is not in the inventory, naming the most specific field at fault:
 * unknown merchant, unknown service, or no slot with that identity.
 */
export async function missingSlotError(reader: StoreReader, path: string, key: SlotKey) {
  const [merchant] = await reader.getMerchants([key.merchantId]);
  if (!merchant) return invalidArgument(`${path}.merchantId`, `unknown merchant "${key.merchantId}"`);
  const [service] = await reader.getServices([{ merchantId: key.merchantId, serviceId: key.serviceId }]);
  if (!service) return invalidArgument(`${path}.serviceId`, `unknown service "${key.serviceId}" for this merchant`);
  return invalidArgument(
    path,
    'no such slot in the inventory (identity: merchantId, serviceId, startSec, durationSec, resources.staffId, resources.roomId)',
  );
}
