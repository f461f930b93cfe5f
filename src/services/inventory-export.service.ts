// A merchant's future inventory in one read, for export (the Booking Server face's availability feed):
// every slot that starts after now, with its capacity and the spots open now (0 outside its booking
// window, like every availability answer).
import type { Caller } from '../domain/caller';
import type { Clock } from '../domain/clock';
import { DomainError, invalidArgument } from '../domain/errors';
import type { Merchant, ServiceRecord } from '../domain/records';
import type { BookingStore } from '../store/store.port';
import { assertServesMerchant } from './access';
import type { SlotAvailability } from './availability.service';
import { isBookableAt } from './booking-window';
import { countAvailable, inventorySlotView } from './slot';
import { requireId } from './validate';

/** Most slots one export holds; a merchant with more is refused rather than answered in part. */
export const MAX_EXPORTED_SLOTS = 100_000;

export interface InventoryExport {
  merchant: Merchant;
  services: ServiceRecord[];
  /** Soonest first (start, service, duration, staff, room). */
  slots: SlotAvailability[];
  atSec: number;
}

export class InventoryExportService {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
  ) {}

  async futureInventory(caller: Caller, merchantIdInput: unknown, path = 'merchantId'): Promise<InventoryExport> {
    const merchantId = requireId(path, merchantIdInput);
    assertServesMerchant(caller, merchantId, path);
    const reader = this.store.reader;
    const [[merchant], [services]] = await Promise.all([reader.getMerchants([merchantId]), reader.listServicesOfMerchants([merchantId])]);
    if (!merchant) throw invalidArgument(path, `unknown merchant "${merchantId}"`);
    const atSec = this.clock.nowSec();
    const states = await reader.findSlotStates({ merchantId, startSecFrom: atSec + 1, startSecTo: Number.MAX_SAFE_INTEGER, limit: MAX_EXPORTED_SLOTS + 1 }, atSec);
    if (states.length > MAX_EXPORTED_SLOTS) {
      throw new DomainError('RESOURCE_EXHAUSTED', `the merchant has more than ${MAX_EXPORTED_SLOTS.toLocaleString('en-US')} future slots, more than one export holds`, path);
    }
    const serviceOf = new Map(services.map((s) => [s.serviceId, s]));
    const slots = states.map((state) => ({
      slot: inventorySlotView(state.slot),
      spotsTotal: state.slot.spotsTotal,
      countAvailable: isBookableAt(atSec, state.slot.startSec, serviceOf.get(state.slot.serviceId) ?? null) ? countAvailable(state) : 0,
    }));
    return { merchant, services, slots, atSec };
  }
}
