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

// NUL cannot occur in IDs we accept, so joining with it is unambiguous.
const SEP = '\u0000';

export function slotKeyString(k: SlotKey): string {
  return [k.merchantId, k.serviceId, k.startSec, k.durationSec, k.staffId, k.roomId].join(SEP);
}

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
