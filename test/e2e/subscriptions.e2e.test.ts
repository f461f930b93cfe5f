// GraphQL subscriptions end to end over graphql-ws with the real client (api-contract "Events"):
// the key in connectionParams, the queries' access rules, connection limits per key, and availability
// events that settle on what checkAvailability answers after a burst of concurrent bookings.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Q, bookingInput, seedInventory, slot, CLASS, DAY1 } from '../support/fixtures';
import { MQ } from '../support/merchant-fixtures';
import { ok, startTestGateway, type TestGateway } from '../support/test-gateway';

const KEYS = 'partner:pk-sub-01,widget:wk-one-01,widget:wk-two-01,merchant:m1:mk-m1-01,merchant:other:mk-ot-01';
const P = 'Bearer pk-sub-01';
const W1 = 'Bearer wk-one-01';
const W2 = 'Bearer wk-two-01';

let gw: TestGateway;
const clients: Client[] = [];

function client(authorization: string | null, onClose?: (code: number, reason: string) => void): Client {
  const c = createClient({
    url: gw.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined, // refusals are asserted through `closed` and the sinks
    on: { closed: (event) => onClose?.((event as { code: number }).code, String((event as { reason?: string }).reason ?? '')) },
  });
  clients.push(c);
  return c;
}

interface Collected<T> {
  values: T[];
  errors: unknown[];
  completed: boolean;
  stop: () => void;
}

function collect<T>(c: Client, query: string, variables: Record<string, unknown>): Collected<T> {
  const out: Collected<T> = { values: [], errors: [], completed: false, stop: () => undefined };
  out.stop = c.subscribe<T>(
    { query, variables },
    {
      next: (result) => (result.errors ? out.errors.push(...result.errors) : out.values.push(result.data as T)),
      error: (error) => out.errors.push(error),
      complete: () => (out.completed = true),
    },
  );
  return out;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

const BOOKING_CHANGED = 'subscription($id: ID!) { bookingChanged(bookingId: $id) { bookingId status slot { startSec } } }';
const SLOT_CHANGED = 'subscription($m: ID!, $s: ID) { slotAvailabilityChanged(merchantId: $m, serviceId: $s) { countAvailable spotsTotal slot { serviceId startSec durationSec } } }';

beforeEach(async () => {
  gw = await startTestGateway({ apiKeys: KEYS, events: { maxConnectionsPerKey: 3 } });
  const send = gw.gql;
  gw.gql = (query, variables, headers = { authorization: P }) => send(query, variables, headers);
  await seedInventory(gw);
  ok(await gw.gql(Q.upsertMerchant, { input: { merchantId: 'other', name: 'Other', timeZone: 'UTC' } }));
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
  await gw.stop();
});

it('bookingChanged: the maker sees each change; another widget key is refused (NOT_FOUND), before and after', async () => {
  const made = ok(await gw.gql(Q.createBooking, { input: bookingInput() }, { authorization: W1 })).createBooking.booking;
  const mine = collect<{ bookingChanged: { bookingId: string; status: string } }>(client(W1), BOOKING_CHANGED, { id: made.bookingId });
  const theirs = collect(client(W2), BOOKING_CHANGED, { id: made.bookingId });
  await until(() => theirs.errors.length > 0);
  expect(theirs.values).toEqual([]);
  expect(theirs.errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'bookingId' } });
  await new Promise((r) => setTimeout(r, 100)); // the subscription is registered
  ok(await gw.gql(MQ.cancel, { id: made.bookingId }, { authorization: W1 }));
  await until(() => mine.values.length > 0);
  expect(mine.values).toEqual([{ bookingChanged: { bookingId: made.bookingId, status: 'CANCELED', slot: { startSec: DAY1 } } }]);
  expect(mine.errors).toEqual([]);
});

it('slotAvailabilityChanged: a merchant key for its own merchant only; a partner key sees every merchant', async () => {
  const own = collect<{ slotAvailabilityChanged: { countAvailable: number } }>(client('Bearer mk-m1-01'), SLOT_CHANGED, { m: 'm1' });
  const foreign = collect(client('Bearer mk-ot-01'), SLOT_CHANGED, { m: 'm1' });
  await until(() => foreign.errors.length > 0);
  expect(foreign.errors[0]).toMatchObject({ extensions: { code: 'PERMISSION_DENIED', field: 'merchantId' } });
  await new Promise((r) => setTimeout(r, 100));
  ok(await gw.gql(Q.createBooking, { input: bookingInput() }, { authorization: W1 }));
  await until(() => own.values.length > 0);
  expect(own.values[0]).toEqual({ slotAvailabilityChanged: { countAvailable: 0, spotsTotal: 1, slot: { serviceId: 'cut', startSec: DAY1, durationSec: 1800 } } });
});

it('100 concurrent bookings on a class: the last availability event equals checkAvailability', async () => {
  const classSlot = slot({ serviceId: CLASS, durationSec: 3600 });
  ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: 'm1', availability: [{ serviceId: CLASS, startSec: DAY1, durationSec: 3600, spotsTotal: 60 }] } }));
  const live = collect<{ slotAvailabilityChanged: { countAvailable: number; slot: { serviceId: string; startSec: number } } }>(client(P), SLOT_CHANGED, { m: 'm1', s: CLASS });
  await new Promise((r) => setTimeout(r, 150));
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) => gw.gql(Q.createBooking, { input: bookingInput({ userInformation: { userId: `u${i}`, givenName: 'A', familyName: 'B', telephone: '+41 44 000 00 00', email: 'a@example.com' } }, { serviceId: CLASS, durationSec: 3600 }) })),
  );
  const booked = results.filter((r) => r.data?.createBooking?.booking).length;
  expect(booked).toBe(60);
  const check = ok(await gw.gql(Q.check, { slot: classSlot })).checkAvailability.countAvailable;
  expect(check).toBe(0);
  await until(() => live.values.at(-1)?.slotAvailabilityChanged.countAvailable === check);
  await new Promise((r) => setTimeout(r, 300)); // nothing later changes it
  const counts = live.values.map((v) => v.slotAvailabilityChanged.countAvailable);
  expect(counts.length).toBeGreaterThan(0);
  expect(counts.at(-1)).toBe(check);
  for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]); // bookings only take spots
  expect(live.values.every((v) => v.slotAvailabilityChanged.slot.serviceId === CLASS && v.slotAvailabilityChanged.slot.startSec === DAY1)).toBe(true);
  expect(live.errors).toEqual([]);
  // 100 contending units on the MongoDB simulator take over 30 s on a slow two-core machine.
}, 120_000);

it('at most 20 subscriptions per connection; completed and refused ones do not count', async () => {
  const c = client(P);
  const refused = Array.from({ length: 5 }, () => collect(c, BOOKING_CHANGED, { id: 'no-such-booking' }));
  await until(() => refused.every((r) => r.errors.length > 0));
  expect(refused.map((r) => (r.errors[0] as { extensions?: { code?: string } }).extensions?.code)).toEqual(Array(5).fill('NOT_FOUND'));
  const held = Array.from({ length: 20 }, () => collect(c, SLOT_CHANGED, { m: 'm1' }));
  await new Promise((r) => setTimeout(r, 200));
  expect(held.every((h) => h.errors.length === 0)).toBe(true);
  const extra = collect(c, SLOT_CHANGED, { m: 'm1' });
  await until(() => extra.errors.length > 0);
  expect(JSON.stringify(extra.errors[0])).toContain('RESOURCE_EXHAUSTED');
  held[0].stop();
  await new Promise((r) => setTimeout(r, 100));
  const again = collect(c, SLOT_CHANGED, { m: 'm1' });
  await new Promise((r) => setTimeout(r, 200));
  expect(again.errors).toEqual([]);
  ok(await gw.gql(Q.createBooking, { input: bookingInput() }, { authorization: W1 }));
  await until(() => again.values.length > 0);
  expect(again.values).toHaveLength(1);
});

it('refuses an unknown key (4403), a fourth connection of one key (4429), and queries over the socket', async () => {
  const closes: number[] = [];
  const stranger = client('Bearer not-a-key-0000', (code) => closes.push(code));
  collect(stranger, SLOT_CHANGED, { m: 'm1' });
  await until(() => closes.includes(4403));
  expect(closes).toContain(4403);

  const held = [client(P), client(P), client(P)].map((c) => collect(c, SLOT_CHANGED, { m: 'm1' }));
  await new Promise((r) => setTimeout(r, 200));
  const extra: number[] = [];
  collect(client(P, (code) => extra.push(code)), SLOT_CHANGED, { m: 'm1' });
  await until(() => extra.length > 0);
  expect(extra).toEqual([4429]);
  expect(held.every((h) => h.errors.length === 0)).toBe(true);

  for (const c of clients.splice(0)) await c.dispose();
  const query = collect(client(P), '{ health { status } }', {});
  await until(() => query.errors.length > 0);
  expect(JSON.stringify(query.errors[0])).toContain('only subscriptions are served over WebSocket');
});
