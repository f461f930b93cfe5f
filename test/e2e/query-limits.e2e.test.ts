import { parse, type OperationDefinitionNode } from 'graphql';
import 'reflect-metadata';
import { operationCost, listSizes } from '../../src/http/query-cost';
import { DEFAULT_POLICY } from '../../src/services/policy';
import { gatewaySchema } from '../../src/schema';
import { seedInventory, M, S, DAY1 } from '../support/fixtures';
import { startTestGateway, ok, errorOf, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
beforeAll(async () => {
  // Depth and alias limits on their own: a cost budget that never interferes.
  gw = await startTestGateway({ security: { maxCost: 1e9 } });
});
afterAll(() => gw.stop());

/** `{ merchant(…) { services { merchant { … { name } } } } }`, exactly `depth` fields deep. */
function nested(depth: number): string {
  const path = Array.from({ length: depth - 1 }, (_, i) => (i === 0 ? 'merchant(merchantId: "m")' : i % 2 === 1 ? 'services' : 'merchant'));
  return `{ ${path.join(' { ')} { name }${' }'.repeat(depth - 2)} }`;
}

describe('query depth (default 12)', () => {
  it('allows depth 12 and refuses 13 with RESOURCE_EXHAUSTED, before any resolver runs', async () => {
    expect(ok(await gw.gql(nested(12)))).toEqual({ merchant: null });
    const error = errorOf(await gw.gql(nested(13)), 'RESOURCE_EXHAUSTED');
    expect(error.message).toContain('depth 13');
  });

  it('follows fragments when measuring depth', async () => {
    const doc = `query { ...A } fragment A on Query { merchant(merchantId: "m") { services { merchant { services { merchant { services { merchant { services { merchant { services { merchant { services { name } } } } } } } } } } } } }`;
    errorOf(await gw.gql(doc), 'RESOURCE_EXHAUSTED');
  });

  it('does not count introspection, so the full introspection query passes', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    expect(ok(await gw.gql(getIntrospectionQuery())).__schema.queryType.name).toBe('Query');
  });
});

describe('aliases (default 30)', () => {
  const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `h${i}: health { status }`).join(' ')} }`;
  it('allows 30 aliases and refuses 31', async () => {
    expect(Object.keys(ok(await gw.gql(aliased(30))))).toHaveLength(30);
    errorOf(await gw.gql(aliased(31)), 'RESOURCE_EXHAUSTED');
  });
});

describe('query cost (default 50,000)', () => {
  const costOf = (doc: string, variables: Record<string, unknown> = {}) => {
    const operation = parse(doc).definitions[0] as OperationDefinitionNode;
    return operationCost(gatewaySchema(), operation.selectionSet, gatewaySchema().getQueryType()!, {}, variables, listSizes(DEFAULT_POLICY));
  };
  const SLOTS = `query($f: Int64!, $t: Int64!) { availableSlots(merchantId: "${M}", startSecFrom: $f, startSecTo: $t) { countAvailable slot { startSec merchant { name } } } }`;
  const BATCH = `query($times: [SlotTimeInput!]!) { batchAvailabilityLookup(merchantId: "${M}", slotTime: $times) { slotTimeAvailability { available slotTime { startSec } } } }`;

  it('costs list fields by what they can return: the service cap, or the number of slot times asked for', () => {
    // availableSlots: 1 + 500 × (countAvailable 1 + slot (1 + startSec 1 + merchant (1 + name 1)))
    expect(costOf(SLOTS)).toBe(1 + 500 * (1 + 1 + 1 + 1 + 1));
    const times = (n: number) => ({ times: Array.from({ length: n }, (_, i) => ({ serviceId: S, startSec: DAY1 + i })) });
    // batchAvailabilityLookup 1 + slotTimeAvailability (1 + 10 × (available 1 + slotTime (1 + startSec 1)))
    expect(costOf(BATCH, times(10))).toBe(1 + 1 + 10 * (1 + 1 + 1));
    expect(costOf(BATCH, times(1000)) - costOf(BATCH, times(999))).toBe(3);
  });

  it('costs a merchantBookings page by its `first` (default 50, at most 200)', () => {
    const PAGE = `query($first: Int) { merchantBookings(merchantId: "${M}", startSecFrom: 0, startSecTo: 86400, first: $first) {
      totalCount edges { cursor node { bookingId slot { startSec } } } } }`;
    // 1 + totalCount 1 + edges (1 + first × (cursor 1 + node (1 + bookingId 1 + slot (1 + startSec 1))))
    expect(costOf(PAGE, { first: 10 })).toBe(1 + 1 + 1 + 10 * (1 + 1 + 1 + 1 + 1));
    expect(costOf(PAGE, {})).toBe(1 + 1 + 1 + 50 * 5);
    expect(costOf(PAGE, { first: 200 })).toBe(1 + 1 + 1 + 200 * 5);
    expect(costOf(PAGE, { first: 100_000 })).toBe(costOf(PAGE, { first: 200 }));
  });

  it('passes at the budget and refuses one unit over it with RESOURCE_EXHAUSTED', async () => {
    const cost = costOf(SLOTS);
    const at = await startTestGateway({ security: { maxCost: cost } });
    const over = await startTestGateway({ security: { maxCost: cost - 1 } });
    try {
      await seedInventory(at);
      expect(ok(await at.gql(SLOTS, { f: DAY1, t: DAY1 + 3600 })).availableSlots.length).toBeGreaterThan(0);
      const error = errorOf(await over.gql(SLOTS, { f: DAY1, t: DAY1 + 3600 }), 'RESOURCE_EXHAUSTED');
      expect(error.message).toContain(`cost ${cost}`);
    } finally {
      await at.stop();
      await over.stop();
    }
  });

  it('refuses amplification through aliases under the default budget', async () => {
    const def = await startTestGateway();
    try {
      const many = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: bookings(userId: "u") { bookingId slot { merchant { name } service { name } } }`).join(' ')} }`;
      errorOf(await def.gql(many), 'RESOURCE_EXHAUSTED');
    } finally {
      await def.stop();
    }
  });
});
