// Test doubles for the widget's state machine: a manual clock with timers, and a scripted fetch that
// answers GraphQL operations by name and records every request it saw.
import { BookingMachine, type MachineOptions } from '../../widget/src/machine';
import type { Slot, SlotAvailability } from '../../widget/src/operations';
import type { FetchLike } from '../../widget/src/transport';

/** A clock and timer queue that only move when told to. */
export class FakeTime {
  nowMs: number;
  private seq = 0;
  private readonly queue = new Map<number, { at: number; callback: () => void }>();

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  readonly clock = { nowMs: () => this.nowMs };
  readonly timers = {
    set: (callback: () => void, ms: number): unknown => {
      const id = ++this.seq;
      this.queue.set(id, { at: this.nowMs + Math.max(0, ms), callback });
      return id;
    },
    clear: (handle: unknown) => {
      this.queue.delete(handle as number);
    },
  };

  get pendingTimers(): number {
    return this.queue.size;
  }

  /** Moves time forward, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    await settle();
    for (;;) {
      const next = [...this.queue.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.queue.delete(next[0]);
      this.nowMs = next[1].at;
      next[1].callback();
      await settle();
    }
    this.nowMs = end;
    await settle();
  }
}

/** Lets pending promise chains run (several turns of the event loop). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export interface SeenRequest {
  operationName: string;
  variables: any;
  headers: Record<string, string>;
  body: string;
  url: string;
  /** Sent with fetch keepalive (a release while the page is hidden or closed). */
  keepalive: boolean;
}

type Reply = { data?: unknown; errors?: unknown[] } | 'network-error' | { status: number; text: string };
type Handler = (variables: any, request: SeenRequest) => Reply | Promise<Reply>;

/** A fetch whose answers are scripted per operation name; unscripted operations fail the test. */
export class ScriptedFetch {
  readonly requests: SeenRequest[] = [];
  private readonly handlers = new Map<string, Handler[]>();
  private readonly fallbacks = new Map<string, Handler>();
  dateHeader: string | null = null;

  /** Answers the next call of `operationName` (queued, in order). */
  once(operationName: string, handler: Handler | Reply): this {
    const list = this.handlers.get(operationName) ?? [];
    list.push(typeof handler === 'function' ? handler : () => handler);
    this.handlers.set(operationName, list);
    return this;
  }

  /** Answers every call of `operationName` that no `once` handler is queued for. */
  always(operationName: string, handler: Handler | Reply): this {
    this.fallbacks.set(operationName, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  calls(operationName: string): SeenRequest[] {
    return this.requests.filter((r) => r.operationName === operationName);
  }

  readonly fetch: FetchLike = async (url, init) => {
    const parsed = JSON.parse(init.body);
    const request: SeenRequest = { operationName: parsed.operationName, variables: parsed.variables, headers: init.headers, body: init.body, url, keepalive: init.keepalive === true };
    this.requests.push(request);
    const handler = this.handlers.get(request.operationName)?.shift() ?? this.fallbacks.get(request.operationName);
    if (!handler) throw new Error(`unscripted operation ${request.operationName}`);
    const reply = await handler(request.variables, request);
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    const headers = { get: (name: string) => (name.toLowerCase() === 'date' ? this.dateHeader : null) };
    if ('status' in reply) {
      return { ok: false, status: reply.status, headers, json: async () => JSON.parse(reply.text) };
    }
    return { ok: true, status: 200, headers, json: async () => reply };
  };
}

// ---- fixtures ---------------------------------------------------------------------------------------

/** 2030-01-01T00:00:00Z, a Tuesday; 01:00 in Zurich. */
export const T0_MS = 1_893_456_000_000;
export const T0_SEC = T0_MS / 1000;
/** 2030-01-02 09:00 in Zurich (CET, UTC+1). */
export const JAN2_0900 = Date.UTC(2030, 0, 2, 8, 0) / 1000;

export const MERCHANT = {
  merchantId: 'demo-salon',
  name: 'Demo Salon & Studio',
  timeZone: 'Europe/Zurich',
  services: [
    {
      serviceId: 'haircut',
      name: 'Haircut',
      price: { priceMicros: 45_000_000, currencyCode: 'CHF' },
      minAdvanceOnlineCancelingSec: 3600,
    },
    { serviceId: 'consultation', name: 'Colour consultation', price: null, minAdvanceOnlineCancelingSec: 0 },
  ],
};

export function slot(startSec: number, staffId: string | null = 'alex', serviceId = 'haircut'): Slot {
  return {
    merchantId: 'demo-salon',
    serviceId,
    startSec,
    durationSec: 1800,
    resources: { staffId, roomId: null },
    confirmationMode: 'CONFIRMATION_MODE_SYNCHRONOUS',
  };
}

export function open(s: Slot, countAvailable = 1): SlotAvailability {
  return { countAvailable, spotsTotal: 1, slot: s };
}

export const lease = (s: Slot, leaseId: string, expiresSec: number, userReference = 'ref') => ({
  data: { createLease: { lease: { leaseId, userReference, leaseExpirationTimeSec: expiresSec, slot: s }, bookingFailure: null } },
});

export const leaseFailure = (cause: string) => ({ data: { createLease: { lease: null, bookingFailure: { cause, description: `${cause} (test)` } } } });

export const booked = (s: Slot, bookingId: string, status = 'CONFIRMED') => ({
  data: { createBooking: { booking: { bookingId, status, slot: s }, bookingFailure: null } },
});

export const bookingFailure = (cause: string) => ({
  data: { createBooking: { booking: null, bookingFailure: { cause, description: `${cause} (test)` } } },
});

export const CONTACT = { givenName: ' Ada ', familyName: 'Lovelace', email: 'ada@example.com', telephone: '+41 44 668 18 00' };

export interface Rig {
  machine: BookingMachine;
  net: ScriptedFetch;
  time: FakeTime;
  ids: string[];
}

/**
 * A machine against a scripted network at T0 (Jan 1 2030), ids `id-1`, `id-2`, … in order.
 * The merchant answers; slots default to two open haircut times on Jan 2.
 */
export function rig(options: Partial<MachineOptions> = {}): Rig {
  const time = new FakeTime(T0_MS);
  const net = new ScriptedFetch();
  const ids: string[] = [];
  net.always('WidgetMerchant', { data: { merchant: MERCHANT } });
  net.always('WidgetAvailableSlots', { data: { availableSlots: [open(slot(JAN2_0900)), open(slot(JAN2_0900 + 1800))] } });
  const machine = new BookingMachine({
    merchantId: 'demo-salon',
    endpoint: 'https://gateway.test/graphql',
    fetch: net.fetch,
    clock: time.clock,
    timers: time.timers,
    randomId: () => {
      const id = `id-${ids.length + 1}`;
      ids.push(id);
      return id;
    },
    userId: 'web-user-1',
    locale: 'en-GB',
    ...options,
  });
  return { machine, net, time, ids };
}

/** Loads the merchant, picks the haircut on Jan 2 (the second day) and holds its 09:00 slot. */
export async function holdFirstSlot(r: Rig, expiresSec = T0_SEC + 600): Promise<Slot> {
  await r.machine.start();
  await r.machine.selectService('haircut');
  await r.machine.selectDay('2030-01-02');
  const s = r.machine.getState().slots[0].slot;
  r.net.once('WidgetHold', (v) => lease(s, 'lease-1', expiresSec, v.lease.userReference));
  await r.machine.hold(s);
  return s;
}

export function fillContact(r: Rig, contact: Record<string, string> = CONTACT): void {
  for (const [field, value] of Object.entries(contact)) r.machine.setField(field as any, value);
}
