// Slot identity (api-contract "Slot identity"): merchant, service, start, duration, staff, room.
// availabilityTag and confirmationMode are attributes, not identity; partySize is a demand, not identity.

export interface SlotKey {
  merchantId: string;
  serviceId: string;
  startSec: number;
  durationSec: number;
  staffId: string;
  roomId: string;
}

/**
 * The identity as one string, e.g. `["m1","cut",1893542400,1800,"alex",""]`: unambiguous whatever
 * the IDs contain, and readable where it is stored (leases and bookings in a MongoDB shell).
 */
export function slotKeyString(k: SlotKey): string {
  return JSON.stringify([k.merchantId, k.serviceId, k.startSec, k.durationSec, k.staffId, k.roomId]);
}

// NUL cannot occur in IDs we accept, so joining in-memory composite keys with it is unambiguous.
const SEP = '\u0000';

export function serviceKeyString(merchantId: string, serviceId: string): string {
  return merchantId + SEP + serviceId;
}

export function slotKeyOf(s: {
  merchantId: string;
  serviceId: string;
  startSec: number;
  durationSec: number;
  staffId?: string | null;
  roomId?: string | null;
}): SlotKey {
  return {
    merchantId: s.merchantId,
    serviceId: s.serviceId,
    startSec: s.startSec,
    durationSec: s.durationSec,
    staffId: s.staffId ?? '',
    roomId: s.roomId ?? '',
  };
}

export function joinKey(...parts: Array<string | number>): string {
  return parts.join(SEP);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The order slot ranges are read in (SlotRangeQuery): start, service, duration, staff, room. */
export function compareSlotKeys(a: SlotKey, b: SlotKey): number {
  return (
    a.startSec - b.startSec ||
    cmp(a.serviceId, b.serviceId) ||
    a.durationSec - b.durationSec ||
    cmp(a.staffId, b.staffId) ||
    cmp(a.roomId, b.roomId)
  );
}
