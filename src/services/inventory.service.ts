// Merchants, services and the availability inventory (slots with spotsTotal).
import { ConfirmationMode } from '../domain/enums';
import { invalidArgument } from '../domain/errors';
import type { InventorySlot, Merchant, Price, ServiceRecord } from '../domain/records';
import { slotKeyOf, slotKeyString } from '../domain/slot-key';
import type { BookingStore } from '../store/store.port';
import type {
  PriceInput,
  UpsertAvailabilityRequest,
  UpsertMerchantRequest,
  UpsertServiceRequest,
} from './inputs';
import type { BookingPolicy } from './policy';
import { parseResources } from './slot';
import {
  isAbsent,
  optionalInt,
  optionalLine,
  requireCurrency,
  requireId,
  requireInt,
  requireList,
  requireText,
  requireTimeZone,
} from './validate';

export function parsePrice(path: string, input: PriceInput | null | undefined): Price | null {
  if (isAbsent(input)) return null;
  return {
    priceMicros: requireInt(`${path}.priceMicros`, input.priceMicros, 0),
    currencyCode: requireCurrency(`${path}.currencyCode`, input.currencyCode),
    pricingOptionTag: optionalLine(`${path}.pricingOptionTag`, input.pricingOptionTag, 255),
  };
}

export class InventoryService {
  constructor(
    private readonly store: BookingStore,
    private readonly policy: BookingPolicy,
  ) {}

  async upsertMerchant(input: UpsertMerchantRequest): Promise<Merchant> {
    const merchant: Merchant = {
      merchantId: requireId('input.merchantId', input.merchantId),
      name: requireText('input.name', input.name, 200),
      timeZone: requireTimeZone('input.timeZone', input.timeZone),
    };
    await this.store.unitOfWork((tx) => tx.upsertMerchant(merchant));
    return merchant;
  }

  async upsertService(input: UpsertServiceRequest): Promise<ServiceRecord> {
    const service: ServiceRecord = {
      merchantId: requireId('input.merchantId', input.merchantId),
      serviceId: requireId('input.serviceId', input.serviceId),
      name: requireText('input.name', input.name, 200),
      price: parsePrice('input.price', input.price),
      minAdvanceOnlineCancelingSec: optionalInt('input.minAdvanceOnlineCancelingSec', input.minAdvanceOnlineCancelingSec, 0),
      minAdvanceBookingSec: optionalInt('input.minAdvanceBookingSec', input.minAdvanceBookingSec, 0),
      maxAdvanceBookingSec: optionalInt('input.maxAdvanceBookingSec', input.maxAdvanceBookingSec, 1),
    };
    if (service.minAdvanceBookingSec !== null && service.maxAdvanceBookingSec !== null && service.maxAdvanceBookingSec < service.minAdvanceBookingSec) {
      throw invalidArgument('input.maxAdvanceBookingSec', 'must not be less than minAdvanceBookingSec');
    }
    await this.store.unitOfWork(async (tx) => {
      const [merchant] = await tx.getMerchants([service.merchantId]);
      if (!merchant) throw invalidArgument('input.merchantId', `unknown merchant "${service.merchantId}"`);
      await tx.upsertService(service);
    });
    return service;
  }

  /** Creates or updates slots by identity; lowering spotsTotal keeps every booking already made. */
  async upsertAvailability(input: UpsertAvailabilityRequest): Promise<number> {
    const merchantId = requireId('input.merchantId', input.merchantId);
    const entries = requireList('input.availability', input.availability, 1, this.policy.maxAvailabilityPerUpsert);
    const slots: InventorySlot[] = entries.map((a, i) => {
      const path = `input.availability[${i}]`;
      const resources = parseResources(`${path}.resources`, a.resources);
      return {
        ...slotKeyOf({
          merchantId,
          serviceId: requireId(`${path}.serviceId`, a.serviceId),
          startSec: requireInt(`${path}.startSec`, a.startSec, 0),
          durationSec: requireInt(`${path}.durationSec`, a.durationSec, 1),
          staffId: resources?.staffId,
          roomId: resources?.roomId,
        }),
        spotsTotal: requireInt(`${path}.spotsTotal`, a.spotsTotal, 0, 1_000_000),
        availabilityTag: optionalLine(`${path}.availabilityTag`, a.availabilityTag, 255),
        confirmationMode: a.confirmationMode ?? ConfirmationMode.CONFIRMATION_MODE_UNSPECIFIED,
      };
    });
    await this.store.unitOfWork(async (tx) => {
      const [merchant] = await tx.getMerchants([merchantId]);
      if (!merchant) throw invalidArgument('input.merchantId', `unknown merchant "${merchantId}"`);
      const serviceIds = [...new Set(slots.map((s) => s.serviceId))];
      const services = await tx.getServices(serviceIds.map((serviceId) => ({ merchantId, serviceId })));
      const unknown = serviceIds.find((_, i) => !services[i]);
      if (unknown !== undefined) {
        const index = slots.findIndex((s) => s.serviceId === unknown);
        throw invalidArgument(`input.availability[${index}].serviceId`, `unknown service "${unknown}" for this merchant`);
      }
      await tx.upsertSlots(dedupeByIdentity(slots));
    });
    return slots.length;
  }

  async getMerchant(merchantId: string): Promise<Merchant | null> {
    const [merchant] = await this.store.reader.getMerchants([requireId('merchantId', merchantId)]);
    return merchant;
  }
}

/** Within one upsert the last entry for an identity wins, as if they had been sent one by one. */
function dedupeByIdentity(slots: InventorySlot[]): InventorySlot[] {
  const byKey = new Map<string, InventorySlot>();
  for (const slot of slots) byKey.set(slotKeyString(slot), slot);
  return [...byKey.values()];
}
