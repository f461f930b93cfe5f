// The widget's state machine against a real gateway over HTTP (no browser): the operations, their
// hand-written types and the machine's reading of every answer meet the real server.
import 'reflect-metadata';
import { BookingMachine } from '../../widget/src/machine';
import type { FetchLike } from '../../widget/src/transport';
import { seedDemo } from '../../src/seed/demo-seed';
import { ok, startTestGateway, T0, type TestGateway } from '../support/test-gateway';
import { CONTACT, FakeTime } from './harness';

let gw: TestGateway;
let sent: Array<{ operationName: string; body: string }>;

beforeAll(async () => {
  gw = await startTestGateway();
  await seedDemo(gw.gateway.services.inventory, T0);
});
afterAll(() => gw.stop());
beforeEach(() => {
  sent = [];
});

/** Real fetch; records bodies. The Date header is hidden: the gateway runs on a manual clock (T0). */
const recordingFetch: FetchLike = async (url, init) => {
  sent.push({ operationName: JSON.parse(init.body).operationName, body: init.body });
  const res = await fetch(url, init);
  return { ok: res.ok, status: res.status, json: () => res.json(), headers: { get: (n) => (n.toLowerCase() === 'date' ? null : res.headers.get(n)) } };
};

let machines: BookingMachine[] = [];
afterEach(() => {
  machines.forEach((m) => m.dispose());
  machines = [];
});

function widget(userId: string): BookingMachine {
  const time = new FakeTime(0); // timers never fire by themselves: the test moves the gateway's clock
  const machine = new BookingMachine({
    merchantId: 'demo-salon',
    endpoint: gw.url,
    fetch: recordingFetch,
    clock: { nowMs: () => gw.clock.nowSec() * 1000 },
    timers: time.timers,
    randomId: () => crypto.randomUUID(),
    userId,
    locale: 'en-GB',
    retryDelaysMs: [],
  });
  machines.push(machine);
  return machine;
}

/** A machine showing the haircut slots of the day after T0 (all 32 open unless taken). */
async function atHaircutTomorrow(userId: string) {
  const m = widget(userId);
  await m.start();
  await m.selectService('haircut');
  await m.selectDay(m.getState().days[1].key);
  return m;
}

const bookingQuery = `query($id: ID!) { booking(bookingId: $id) { status userInformation { userId givenName email telephone } slot { startSec resources { staffId } } } }`;

function fill(m: BookingMachine, contact: Record<string, string> = CONTACT) {
  for (const [field, value] of Object.entries(contact)) m.setField(field as keyof typeof CONTACT, value);
}

describe('widget flow against the real gateway', () => {
  it('loads the demo merchant and its services', async () => {
    const m = widget('web-a');
    await m.start();
    const state = m.getState();
    expect(state.phase).toBe('choose');
    expect(state.merchant).toMatchObject({ merchantId: 'demo-salon', timeZone: 'Europe/Zurich' });
    expect(state.merchant!.services.map((s) => s.serviceId).sort()).toEqual(['consultation', 'haircut', 'yoga']);
  });

  it('hold → book → the replayed request returns the same booking → cancel', async () => {
    const m = await atHaircutTomorrow('web-a');
    const before = m.getState().slots;
    expect(before).toHaveLength(32); // 09:00–17:00 every 30 min, alex and sam
    const target = before[0].slot;
    await m.hold(target);
    expect(m.getState()).toMatchObject({ phase: 'hold', secondsLeft: 600 });

    fill(m);
    await m.submit();
    const state = m.getState();
    expect(state.phase).toBe('booked');
    const bookingId = state.booking!.bookingId;
    expect(state.booking!.status).toBe('CONFIRMED');
    const stored = ok(await gw.gql(bookingQuery, { id: bookingId })).booking;
    expect(stored).toEqual({
      status: 'CONFIRMED',
      userInformation: { userId: 'web-a', givenName: 'Ada', email: 'ada@example.com', telephone: '+41 44 668 18 00' },
      slot: { startSec: target.startSec, resources: { staffId: target.resources!.staffId } },
    });
    // Gone from the refreshed list.
    expect(m.getState().slots.map((s) => s.slot)).not.toContainEqual(target);
    expect(m.getState().slots).toHaveLength(31);

    // What a retry after a lost answer sends — the identical body — books nothing new.
    const book = sent.find((r) => r.operationName === 'WidgetBook')!;
    const replay = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: book.body });
    const replayed = (await replay.json()) as any;
    expect(replayed.data.createBooking.booking.bookingId).toBe(bookingId);

    await m.cancel(bookingId);
    expect(m.getState().booking!.status).toBe('CANCELED');
    expect(ok(await gw.gql(bookingQuery, { id: bookingId })).booking.status).toBe('CANCELED');
    expect(m.getState().slots.map((s) => s.slot)).toContainEqual(target);
  });

  it('two widgets race for one slot: one holds it, the other hears it was just taken and gets a fresh list', async () => {
    const [a, b] = await Promise.all([atHaircutTomorrow('web-a'), atHaircutTomorrow('web-b')]);
    const target = a.getState().slots[2].slot;
    await Promise.all([a.hold(target), b.hold(target)]);
    const [winner, loser] = a.getState().phase === 'hold' ? [a, b] : [b, a];
    expect(winner.getState().phase).toBe('hold');
    expect(loser.getState()).toMatchObject({ phase: 'choose', hold: null, message: { tone: 'error', text: expect.stringMatching(/was just taken/) } });
    expect(loser.getState().slots.map((s) => s.slot)).not.toContainEqual(target);
  });

  it('a hold that expired on the server: LEASE_EXPIRED → hold again → booked', async () => {
    const m = await atHaircutTomorrow('web-c');
    const target = m.getState().slots[4].slot;
    await m.hold(target);
    fill(m);
    gw.clock.advance(601); // the lease ends on the server; the widget's own timer has not fired yet
    await m.submit();
    expect(m.getState()).toMatchObject({ phase: 'expired', message: { text: expect.stringMatching(/expired before the booking went through/) } });
    await m.rehold();
    expect(m.getState().phase).toBe('hold');
    await m.submit();
    expect(m.getState()).toMatchObject({ phase: 'booked', booking: { status: 'CONFIRMED' } });
  });

  it('cancelling inside the 1 h window: OUTSIDE_CANCELLATION_WINDOW becomes a message', async () => {
    const m = await atHaircutTomorrow('web-d');
    const target = m.getState().slots[6].slot;
    await m.hold(target);
    fill(m);
    await m.submit();
    const { bookingId } = m.getState().booking!;
    gw.clock.set(target.startSec - 1800); // 30 minutes before the start
    await m.cancel(bookingId);
    expect(m.getState()).toMatchObject({
      booking: { status: 'CONFIRMED' },
      message: { tone: 'error', text: expect.stringMatching(/too late to cancel online.*1 hour before.*contact Demo Salon & Studio/) },
    });
    gw.clock.set(T0);
  });

  it('an asynchronous service: "request sent, the salon will confirm"', async () => {
    const m = widget('web-e');
    await m.start();
    await m.selectService('consultation');
    await m.selectDay(m.getState().days[1].key);
    expect(m.getState().slots).toHaveLength(2); // 11:00 and 15:00
    await m.hold(m.getState().slots[0].slot);
    fill(m);
    await m.submit();
    expect(m.getState()).toMatchObject({
      phase: 'booked',
      booking: { status: 'PENDING_MERCHANT_CONFIRMATION' },
      message: { text: expect.stringMatching(/Request sent .*the salon will confirm/) },
    });
  });
});
