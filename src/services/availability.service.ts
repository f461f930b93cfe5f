// Availability answers, always judged against live inventory at the moment of the call.
import type { SlotKey } from '../domain/slot-key';
import type { Caller } from '../domain/caller';
import type { Clock } from '../domain/clock';
import { invalidArgument } from '../domain/errors';
import type { ResourceIds, ServiceRecord, Slot, SlotState } from '../domain/records';
import { compareSlotKeys, slotKeyOf } from '../domain/slot-key';
import type { BookingStore } from '../store/store.port';
import type { AvailableSlotsQuery, SlotInput, SlotTimeInput } from './inputs';
import { assertServesMerchant } from './access';
import { bookableStarts, isBookableAt } from './booking-window';
import type { BookingPolicy } from './policy';
import { countAvailable, inventorySlotView, missingSlotError, parseResources, parseSlot, shownSlot } from './slot';
import { optionalId, optionalInt, optionalLine, optionalPartySize, requireId, requireInt, requireList } from './validate';

export interface CheckAvailabilityResult {
  slot: Slot;
  countAvailable: number;
}

export interface SlotTimeView {
  serviceId: string;
  startSec: number;
  durationSec: number | null;
  availabilityTag: string | null;
  resourceIds: ResourceIds | null;
  confirmationMode: SlotTimeInput['confirmationMode'];
}

export interface SlotTimeAvailability {
  slotTime: SlotTimeView;
  available: boolean;
}

export interface SlotAvailability {
  slot: Slot;
  countAvailable: number;
  spotsTotal: number;
}

export class AvailabilityService {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly policy: BookingPolicy,
  ) {}

  async checkAvailability(caller: Caller, input: SlotInput): Promise<CheckAvailabilityResult> {
    const parsed = parseSlot('slot', input);
    assertServesMerchant(caller, parsed.key.merchantId, 'slot.merchantId');
    const reader = this.store.reader;
    const now = this.clock.nowSec();
    const [[state], [service]] = await Promise.all([reader.getSlotStates([parsed.key], now), reader.getServices([parsed.key])]);
    if (!state) throw await missingSlotError(reader, 'slot', parsed.key);
    const open = isBookableAt(now, parsed.key.startSec, service);
    return { slot: shownSlot(parsed, state.slot), countAvailable: open ? countAvailable(state) : 0 };
  }

  /**
   * One inventory slot's availability as checkAvailability judges it (0 once it can no longer be
   * booked); null when the slot does not exist (deleted). The caller must serve its merchant.
   */
  async slotAvailability(caller: Caller, key: SlotKey): Promise<SlotAvailability | null> {
    assertServesMerchant(caller, key.merchantId, 'merchantId');
    const now = this.clock.nowSec();
    const [[state], [service]] = await Promise.all([this.store.reader.getSlotStates([key], now), this.store.reader.getServices([key])]);
    if (!state) return null;
    return availabilityView(state, isBookableAt(now, key.startSec, service) ? countAvailable(state) : 0);
  }

  /** One entry per requested slot time, in request order; unknown times are simply unavailable. */
  async batchAvailabilityLookup(caller: Caller, merchantIdInput: string, slotTimes: readonly SlotTimeInput[]): Promise<SlotTimeAvailability[]> {
    const merchantId = requireId('merchantId', merchantIdInput);
    assertServesMerchant(caller, merchantId, 'merchantId');
    requireList('slotTime', slotTimes, 0, this.policy.maxBatchSlotTimes);
    const parsed = slotTimes.map((t, i) => parseSlotTime(`slotTime[${i}]`, t));
    const reader = this.store.reader;
    const serviceIds = [...new Set(parsed.map((p) => p.serviceId))];
    const [[merchant], services] = await Promise.all([
      reader.getMerchants([merchantId]),
      reader.getServices(serviceIds.map((serviceId) => ({ merchantId, serviceId }))),
    ]);
    if (!merchant) throw invalidArgument('merchantId', `unknown merchant "${merchantId}"`);
    const serviceOf = new Map(serviceIds.map((id, i) => [id, services[i]]));
    const now = this.clock.nowSec();

    // Exact identities in one batch read; times without a duration match any duration at that start.
    const exact = parsed.filter((p) => p.durationSec !== null);
    const exactStates = await reader.getSlotStates(exact.map((p) => slotKeyOf({ merchantId, ...p, durationSec: p.durationSec! })), now);
    const stateOf = new Map(exact.map((p, i) => [p, exactStates[i] ? [exactStates[i]!] : []]));
    for (const [p, candidates] of await this.slotsAtStarts(merchantId, parsed.filter((q) => q.durationSec === null), now)) {
      stateOf.set(p, candidates.filter((s) => s.slot.staffId === (p.staffId ?? '') && s.slot.roomId === (p.roomId ?? '')));
    }

    return parsed.map((p) => {
      const states = stateOf.get(p) ?? [];
      const bookable = isBookableAt(now, p.startSec, serviceOf.get(p.serviceId) ?? null);
      const open = bookable ? states.find((s) => countAvailable(s) >= p.spots) : undefined;
      const shown = open ?? states[0];
      return {
        slotTime: {
          ...p.view,
          availabilityTag: shown ? shown.slot.availabilityTag : p.view.availabilityTag,
          confirmationMode: shown ? shown.slot.confirmationMode : p.view.confirmationMode,
        },
        available: open !== undefined,
      };
    });
  }

  /**
   * The slots starting exactly at each slot time's start (any duration), with one range read per
   * service instead of one read per slot time; a service whose range holds too many slots falls
   * back to one read per start.
   */
  private async slotsAtStarts(merchantId: string, times: ParsedSlotTime[], now: number): Promise<Map<ParsedSlotTime, SlotState[]>> {
    const found = new Map<ParsedSlotTime, SlotState[]>();
    const byService = new Map<string, ParsedSlotTime[]>();
    for (const t of times) byService.set(t.serviceId, [...(byService.get(t.serviceId) ?? []), t]);
    const reader = this.store.reader;
    for (const [serviceId, group] of byService) {
      const starts = group.map((t) => t.startSec);
      const range = { merchantId, serviceId, startSecFrom: Math.min(...starts), startSecTo: Math.max(...starts) + 1 };
      const states = await reader.findSlotStates({ ...range, limit: RANGE_READ_LIMIT + 1 }, now);
      if (states.length <= RANGE_READ_LIMIT) {
        for (const t of group) found.set(t, states.filter((s) => s.slot.startSec === t.startSec));
        continue;
      }
      for (const t of group) {
        const at = await reader.findSlotStates({ merchantId, serviceId, startSecFrom: t.startSec, startSecTo: t.startSec + 1, limit: RANGE_READ_LIMIT }, now);
        found.set(t, at);
      }
    }
    return found;
  }

  /** Slots of a merchant in [startSecFrom, startSecTo) that can take partySize spots, soonest first. */
  async availableSlots(caller: Caller, query: AvailableSlotsQuery): Promise<SlotAvailability[]> {
    const merchantId = requireId('merchantId', query.merchantId);
    assertServesMerchant(caller, merchantId, 'merchantId');
    const serviceId = optionalId('serviceId', query.serviceId);
    const from = requireInt('startSecFrom', query.startSecFrom, 0);
    const to = requireInt('startSecTo', query.startSecTo, 0);
    const partySize = optionalPartySize('partySize', query.partySize) ?? 1;
    if (to <= from) throw invalidArgument('startSecTo', 'must be after startSecFrom');
    if (to - from > this.policy.maxSlotRangeSec) {
      throw invalidArgument('startSecTo', `the range may span at most ${this.policy.maxSlotRangeSec} seconds`);
    }
    const reader = this.store.reader;
    const [[merchant], services] = await Promise.all([
      reader.getMerchants([merchantId]),
      serviceId ? reader.getServices([{ merchantId, serviceId }]) : reader.listServicesOfMerchants([merchantId]).then(([all]) => all),
    ]);
    if (!merchant) throw invalidArgument('merchantId', `unknown merchant "${merchantId}"`);
    if (serviceId && !services[0]) throw invalidArgument('serviceId', `unknown service "${serviceId}" for this merchant`);
    const now = this.clock.nowSec();
    const cap = this.policy.maxAvailableSlots;
    // Only bookable starts are listed: one range read when every service has the same booking
    // window (the usual case), else one per service, merged in the store's order.
    const windows = (services as ServiceRecord[]).map((s) => ({ serviceId: s.serviceId, ...bookableStarts(now, s) }));
    const shared = windows.every((w) => w.earliest === windows[0].earliest && w.latest === windows[0].latest);
    const reads = shared && windows.length > 0 ? [{ ...windows[0], serviceId }] : windows;
    const found: SlotState[] = [];
    for (const read of reads) {
      const startSecFrom = Math.max(from, read.earliest);
      const startSecTo = Math.min(to, read.latest + 1);
      if (startSecFrom >= startSecTo) continue;
      found.push(
        ...(await reader.findSlotStates({ merchantId, serviceId: read.serviceId, startSecFrom, startSecTo, limit: cap, minFreeSpots: partySize }, now)),
      );
    }
    if (reads.length > 1) found.sort((a, b) => compareSlotKeys(a.slot, b.slot));
    return found.slice(0, cap).map((state) => availabilityView(state, countAvailable(state)));
  }
}

/** Most slots one range read of batchAvailabilityLookup takes before it reads start by start. */
const RANGE_READ_LIMIT = 5000;

function availabilityView(state: SlotState, available: number): SlotAvailability {
  return { slot: inventorySlotView(state.slot), countAvailable: available, spotsTotal: state.slot.spotsTotal };
}

interface ParsedSlotTime {
  serviceId: string;
  startSec: number;
  durationSec: number | null;
  staffId: string | null;
  roomId: string | null;
  spots: number;
  view: SlotTimeView;
}

function parseSlotTime(path: string, input: SlotTimeInput): ParsedSlotTime {
  const resourceIds = parseResources(`${path}.resourceIds`, input.resourceIds);
  const serviceId = requireId(`${path}.serviceId`, input.serviceId);
  const startSec = requireInt(`${path}.startSec`, input.startSec, 0);
  const durationSec = optionalInt(`${path}.durationSec`, input.durationSec, 1);
  return {
    serviceId,
    startSec,
    durationSec,
    staffId: resourceIds?.staffId ?? null,
    roomId: resourceIds?.roomId ?? null,
    spots: resourceIds?.partySize ?? 1,
    view: {
      serviceId,
      startSec,
      durationSec,
      availabilityTag: optionalLine(`${path}.availabilityTag`, input.availabilityTag, 255),
      resourceIds,
      confirmationMode: input.confirmationMode ?? null,
    },
  };
}
