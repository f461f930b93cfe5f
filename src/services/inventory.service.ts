// Merchants, services and the availability inventory (slots with spotsTotal). Partner and merchant
// keys change them, each only for the merchants it serves (access.ts).
import { parseServicePaymentPolicy } from './payments/payment-policy';
import type { Caller } from '../domain/caller';
import { ConfirmationMode } from '../domain/enums';
import { DomainError, invalidArgument } from '../domain/errors';
import type { InventorySlot, Merchant, Price, ServiceRecord, VirtualSessionInfo } from '../domain/records';
import { slotKeyString } from '../domain/slot-key';
import type { BookingStore } from '../store/store.port';
import { assertServesMerchant, maySeeSessionPasswords } from './access';
import type {
  DeleteAvailabilityRequest,
  PriceInput,
  UpsertAvailabilityRequest,
  UpsertMerchantRequest,
  UpsertServiceRequest,
  VirtualSessionInfoInput,
} from './inputs';
import type { BookingPolicy } from './policy';
import { parseSlotIdentity } from './slot';
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
import type { Clock } from '../domain/clock';

export function parsePrice(path: string, input: PriceInput | null | undefined): Price | null {
  if (isAbsent(input)) return null;
  return {
    priceMicros: requireInt(`${path}.priceMicros`, input.priceMicros, 0),
    currencyCode: requireCurrency(`${path}.currencyCode`, input.currencyCode),
    pricingOptionTag: optionalLine(`${path}.pricingOptionTag`, input.pricingOptionTag, 255),
  };
}

/** The highest maxActiveBookingsPerUser: the rule reads up to this many of a user's bookings per booking. */
export const MAX_ACTIVE_BOOKINGS_PER_USER = 1000;

const WEB_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

function parseVirtualSession(path: string, input: VirtualSessionInfoInput | null | undefined): VirtualSessionInfo | null {
  if (isAbsent(input)) return null;
  const sessionUrl = optionalLine(`${path}.sessionUrl`, input.sessionUrl, 2048);
  if (sessionUrl !== null && !WEB_URL.test(sessionUrl)) throw invalidArgument(`${path}.sessionUrl`, 'must be an http(s) URL');
  const session = {
    sessionUrl,
    meetingId: optionalLine(`${path}.meetingId`, input.meetingId, 255),
    password: optionalLine(`${path}.password`, input.password, 255),
  };
  return session.sessionUrl === null && session.meetingId === null && session.password === null ? null : session;
}

export class InventoryService {
  constructor(
    private readonly store: BookingStore,
    private readonly policy: BookingPolicy,
    private readonly clock: Clock,
  ) {}

  async upsertMerchant(caller: Caller, input: UpsertMerchantRequest): Promise<Merchant> {
    const merchant: Merchant = {
      merchantId: requireId('input.merchantId', input.merchantId),
      name: requireText('input.name', input.name, 200),
      timeZone: requireTimeZone('input.timeZone', input.timeZone),
    };
    assertServesMerchant(caller, merchant.merchantId, 'input.merchantId');
    await this.store.unitOfWork((tx) => tx.upsertMerchant(merchant));
    return merchant;
  }

  async upsertService(caller: Caller, input: UpsertServiceRequest): Promise<ServiceRecord> {
    const price = parsePrice('input.price', input.price);
    const service: ServiceRecord = {
      merchantId: requireId('input.merchantId', input.merchantId),
      serviceId: requireId('input.serviceId', input.serviceId),
      name: requireText('input.name', input.name, 200),
      price,
      minAdvanceOnlineCancelingSec: optionalInt('input.minAdvanceOnlineCancelingSec', input.minAdvanceOnlineCancelingSec, 0),
      minAdvanceBookingSec: optionalInt('input.minAdvanceBookingSec', input.minAdvanceBookingSec, 0),
      maxAdvanceBookingSec: optionalInt('input.maxAdvanceBookingSec', input.maxAdvanceBookingSec, 1),
      pendingConfirmationTimeoutSec: optionalInt('input.pendingConfirmationTimeoutSec', input.pendingConfirmationTimeoutSec, 1),
      maxActiveBookingsPerUser: optionalInt('input.maxActiveBookingsPerUser', input.maxActiveBookingsPerUser, 1, MAX_ACTIVE_BOOKINGS_PER_USER),
      preventOverlap: input.preventOverlap ?? false,
      virtualSession: parseVirtualSession('input.virtualSession', input.virtualSession),
      ...parseServicePaymentPolicy(input, price),
    };
    if (service.minAdvanceBookingSec !== null && service.maxAdvanceBookingSec !== null && service.maxAdvanceBookingSec < service.minAdvanceBookingSec) {
      throw invalidArgument('input.maxAdvanceBookingSec', 'must not be less than minAdvanceBookingSec');
    }
    assertServesMerchant(caller, service.merchantId, 'input.merchantId');
    await this.store.unitOfWork(async (tx) => {
      const [merchant] = await tx.getMerchants([service.merchantId]);
      if (!merchant) throw invalidArgument('input.merchantId', `unknown merchant "${service.merchantId}"`);
      await tx.upsertService(service);
    });
    return service;
  }

  /** Creates or updates slots by identity; lowering spotsTotal keeps every booking already made. */
  async upsertAvailability(caller: Caller, input: UpsertAvailabilityRequest): Promise<number> {
    const merchantId = requireId('input.merchantId', input.merchantId);
    const entries = requireList('input.availability', input.availability, 1, this.policy.maxAvailabilityPerUpsert);
    const slots: InventorySlot[] = entries.map((a, i) => {
      const path = `input.availability[${i}]`;
      const { key, resources } = parseSlotIdentity(path, merchantId, a);
      return {
        ...key,
        spotsTotal: requireInt(`${path}.spotsTotal`, a.spotsTotal, 0, 1_000_000),
        availabilityTag: optionalLine(`${path}.availabilityTag`, a.availabilityTag, 255),
        confirmationMode: a.confirmationMode ?? ConfirmationMode.CONFIRMATION_MODE_UNSPECIFIED,
        // A name belongs to an id: without a staff (room) id there is nobody (nothing) to name.
        staffName: resources?.staffId ? resources.staffName : null,
        roomName: resources?.roomId ? resources.roomName : null,
      };
    });
    assertServesMerchant(caller, merchantId, 'input.merchantId');
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

  /**
   * Removes slots from the inventory, all or nothing: a slot that holds an active booking or a live
   * lease refuses the whole request (FAILED_PRECONDITION naming it). Unknown slots count 0.
   */
  async deleteAvailability(caller: Caller, input: DeleteAvailabilityRequest): Promise<number> {
    const merchantId = requireId('input.merchantId', input.merchantId);
    const entries = requireList('input.slot', input.slot, 1, this.policy.maxAvailabilityPerUpsert);
    const keys = entries.map((e, i) => parseSlotIdentity(`input.slot[${i}]`, merchantId, e).key);
    assertServesMerchant(caller, merchantId, 'input.merchantId');
    return this.store.unitOfWork(async (tx) => {
      const [merchant] = await tx.getMerchants([merchantId]);
      if (!merchant) throw invalidArgument('input.merchantId', `unknown merchant "${merchantId}"`);
      const states = await tx.getSlotStates(keys, this.clock.nowSec());
      const held = states.map((s, i) => [s, i] as const).filter(([s]) => s !== null && s.bookedSpots + s.leasedSpots > 0);
      if (held.length > 0) {
        const named = held.slice(0, 5).map(([, i]) => `input.slot[${i}]`).join(', ');
        throw new DomainError(
          'FAILED_PRECONDITION',
          `${held.length} of the slots hold active bookings or live leases and cannot be deleted (${named}${held.length > 5 ? ', …' : ''}); nothing was deleted`,
          `input.slot[${held[0][1]}]`,
          'SLOT_IN_USE',
        );
      }
      const existing = keys.filter((_, i) => states[i] !== null);
      return tx.deleteSlots(dedupeKeys(existing));
    });
  }

  async getMerchant(caller: Caller, merchantId: string): Promise<Merchant | null> {
    const id = requireId('merchantId', merchantId);
    assertServesMerchant(caller, id, 'merchantId');
    const [merchant] = await this.store.reader.getMerchants([id]);
    return merchant;
  }

  /** A service's virtual session as this caller may see it (the password for partner and merchant keys only). */
  virtualSessionFor(caller: Caller | null, service: ServiceRecord): VirtualSessionInfo | null {
    const session = service.virtualSession;
    if (!session || (caller && maySeeSessionPasswords(caller))) return session;
    return { ...session, password: null };
  }
}

/** Within one upsert the last entry for an identity wins, as if they had been sent one by one. */
function dedupeByIdentity(slots: InventorySlot[]): InventorySlot[] {
  const byKey = new Map<string, InventorySlot>();
  for (const slot of slots) byKey.set(slotKeyString(slot), slot);
  return [...byKey.values()];
}

function dedupeKeys<T extends Parameters<typeof slotKeyString>[0]>(keys: T[]): T[] {
  return [...new Map(keys.map((k) => [slotKeyString(k), k])).values()];
}
