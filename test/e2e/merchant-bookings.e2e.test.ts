// merchantBookings over HTTP: a merchant's schedule as a Relay connection with stable opaque cursors,
// filters, totalCount, the refusals of bad arguments, and store calls that do not grow with the page.
import { CallCounter, countingStore } from '../../src/store/counting.store';
import { ASYNC, CLASS, DAY1, HOUR, M, Q, S, seedInventory } from '../support/fixtures';
import { MQ, book } from '../support/merchant-fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

const STARTS = [0, 5, 10, 15, 20].map((h) => DAY1 + h * HOUR);
const PER_SLOT = 6;
const FROM = DAY1 - HOUR;
const TO = DAY1 + 30 * 24 * HOUR;

type Edge = { cursor: string; node: { bookingId: string; status: string; slot: { serviceId: string; startSec: number; resources: { staffId: string | null } | null } } };

let gw: TestGateway;
const counter = new CallCounter();
let made: string[] = [];

const page = async (vars: Record<string, unknown>) => ok(await gw.gql(MQ.merchantBookings, { m: M, from: FROM, to: TO, ...vars })).merchantBookings;
const idsOf = (edges: Edge[]) => edges.map((e) => e.node.bookingId);
const order = (edges: Edge[]) => edges.map((e) => [e.node.slot.startSec, e.node.bookingId] as const);
const sorted = (pairs: ReadonlyArray<readonly [number, string]>) => [...pairs].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));

async function allPages(vars: Record<string, unknown>, first: number): Promise<{ edges: Edge[]; pages: number; totals: number[] }> {
  const edges: Edge[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const p = await page({ ...vars, first, after });
    expect(p.edges.length).toBeLessThanOrEqual(first);
    edges.push(...p.edges);
    totals.push(p.totalCount);
    if (!p.pageInfo.hasNextPage) return { edges, pages, totals };
    expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
    after = p.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  gw = await startTestGateway({ wrapStore: (store) => countingStore(store, counter) });
  await seedInventory(gw);
  const availability = STARTS.map((startSec, i) => ({
    serviceId: CLASS,
    startSec,
    durationSec: 3600,
    spotsTotal: 10,
    resources: i % 2 === 0 ? { staffId: 'sam', staffName: 'Sam' } : undefined,
  }));
  ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: M, availability } }));
  for (const [i, startSec] of STARTS.entries()) {
    const spec = { serviceId: CLASS, startSec, durationSec: 3600, ...(i % 2 === 0 && { staffId: 'sam' }) };
    made.push(...(await Promise.all(Array.from({ length: PER_SLOT }, (_, n) => book(gw, spec, `u-${i}-${n}`)))));
  }
  made.push(await book(gw, { startSec: DAY1, staffId: 'alex' }, 'alex-client'));
  made.push(await book(gw, { serviceId: ASYNC, startSec: DAY1, durationSec: 2700 }, 'consult-client'));
});
afterAll(() => gw.stop());

describe('merchantBookings', () => {
  it('pages through every booking of the range exactly once, in (slot.startSec, bookingId) order, with a steady totalCount', async () => {
    expect(made).toHaveLength(STARTS.length * PER_SLOT + 2);
    const { edges, pages, totals } = await allPages({}, 7);
    expect(pages).toBe(Math.ceil(made.length / 7));
    expect(idsOf(edges).sort()).toEqual([...made].sort());
    expect(order(edges)).toEqual(sorted(order(edges)));
    expect(new Set(totals)).toEqual(new Set([made.length]));
    const one = await page({});
    expect(one.edges).toHaveLength(made.length); // default page size 50 holds them all
    expect(one.pageInfo.hasNextPage).toBe(false);
  });

  it('keeps later pages where they were when bookings are added before the cursor; new ones after it show up in place', async () => {
    const first = await page({ first: 10 });
    const secondBefore = await page({ first: 10, after: first.pageInfo.endCursor });
    const cursorStart = first.edges[9].node.slot.startSec;
    // One booking well before the cursor (the first class), one after it (the last class).
    const early = await book(gw, { serviceId: CLASS, startSec: STARTS[0], durationSec: 3600, staffId: 'sam' }, 'late-comer-early');
    const late = await book(gw, { serviceId: CLASS, startSec: STARTS[4], durationSec: 3600, staffId: 'sam' }, 'late-comer-late');
    made.push(early, late);
    expect(cursorStart).toBeLessThan(STARTS[4]);
    const secondAfter = await page({ first: 10, after: first.pageInfo.endCursor });
    expect(idsOf(secondAfter.edges)).toEqual(idsOf(secondBefore.edges));
    expect(secondAfter.totalCount).toBe(secondBefore.totalCount + 2);
    const rest = await allPages({}, 10);
    expect(idsOf(rest.edges)).toContain(late);
    expect(idsOf(rest.edges).filter((id) => id === early || id === late)).toHaveLength(2);
  });

  it('filters by service, staff and status (statuses as of now), and counts what it filters', async () => {
    const cls = await allPages({ service: CLASS }, 50);
    expect(cls.edges.every((e) => e.node.slot.serviceId === CLASS)).toBe(true);
    expect(cls.edges.length).toBe(made.length - 2);
    const sam = await page({ staff: 'sam' });
    expect(sam.edges.length).toBeGreaterThan(0);
    expect(sam.edges.every((e: Edge) => e.node.slot.resources?.staffId === 'sam')).toBe(true);
    expect(sam.totalCount).toBe(sam.edges.length);
    const pending = await page({ status: ['PENDING_MERCHANT_CONFIRMATION'] });
    expect(pending.edges.map((e: Edge) => e.node.slot.serviceId)).toEqual([ASYNC]);
    expect(pending.totalCount).toBe(1);
    const alex = await page({ service: S, staff: 'alex', status: ['CONFIRMED', 'CANCELED'] });
    expect(alex.edges).toHaveLength(1);
    // A cancelled booking stays in the schedule with its status.
    ok(await gw.gql(MQ.cancel, { id: alex.edges[0].node.bookingId }));
    expect((await page({ service: S, status: ['CANCELED'] })).edges.map((e: Edge) => e.node.bookingId)).toEqual([alex.edges[0].node.bookingId]);
    expect((await page({ service: S, status: ['CONFIRMED'] })).totalCount).toBe(0);
  });

  it('covers startSecFrom <= slot.startSec < startSecTo', async () => {
    const exact = await page({ from: STARTS[1], to: STARTS[2] });
    expect(exact.totalCount).toBe(PER_SLOT);
    expect(exact.edges.every((e: Edge) => e.node.slot.startSec === STARTS[1])).toBe(true);
    expect((await page({ from: STARTS[1] + 1, to: STARTS[2] })).totalCount).toBe(0);
  });

  it('refuses bad arguments with INVALID_ARGUMENT naming the argument', async () => {
    const field = async (vars: Record<string, unknown>) => errorOf(await gw.gql(MQ.merchantBookings, { m: M, from: FROM, to: TO, ...vars }), 'INVALID_ARGUMENT').extensions?.field;
    expect(await field({ to: FROM + 62 * 24 * HOUR + 1 })).toBe('startSecTo');
    expect(await field({ to: FROM })).toBe('startSecTo');
    expect(await field({ first: 0 })).toBe('first');
    expect(await field({ first: 201 })).toBe('first');
    expect(await field({ status: [] })).toBe('status');
    expect(await field({ after: 'not-a-cursor' })).toBe('after');
    expect(await field({ after: Buffer.from('[1,"x","y"]').toString('base64url') })).toBe('after');
    expect(await field({ m: 'nobody' })).toBe('merchantId');
    expect(await field({ service: 'nothing' })).toBe('serviceId');
    // A cursor belongs to its query: the same cursor with another filter is refused, not misread.
    const cursor = (await page({ first: 3 })).pageInfo.endCursor;
    expect(await field({ after: cursor, service: CLASS })).toBe('after');
    expect(await field({ after: cursor, to: TO - 1 })).toBe('after');
    // ... but the page size may change between pages.
    expect((await page({ first: 5, after: cursor })).edges).toHaveLength(5);
    expect((await page({ first: 200 })).edges.length).toBe(made.length);
  });

  it('costs the same store calls for a page of 50 with slot { service merchant } as for a page of 2 (no N+1)', async () => {
    const doc = `query($m: ID!, $from: Int64!, $to: Int64!, $first: Int) { merchantBookings(merchantId: $m, startSecFrom: $from, startSecTo: $to, first: $first) {
      totalCount edges { node { bookingId slot { service { name merchant { name } } merchant { name timeZone } } } } } }`;
    const callsFor = async (first: number) => {
      counter.reset();
      const res = ok(await gw.gql(doc, { m: M, from: FROM, to: TO, first }));
      expect(res.merchantBookings.edges).toHaveLength(first);
      expect(res.merchantBookings.edges.every((e: any) => e.node.slot.service.name && e.node.slot.merchant.name === 'Salon')).toBe(true);
      return counter.total();
    };
    const small = await callsFor(2);
    const large = await callsFor(Math.min(50, made.length));
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(6);
  });
});
