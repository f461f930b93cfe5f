// GET /metrics after a booking flow: the series exist with the right labels and counts. Counts only,
// never timings (histogram sums are not asserted, their _count is).
import { ManualClock } from '../../src/domain/clock';
import { ApiKeys } from '../../src/http/api-keys';
import { createLogger } from '../../src/http/logger';
import { createMetrics, type GatewayMetrics } from '../../src/http/metrics';
import { DEFAULT_SECURITY } from '../../src/http/security';
import { startGateway, type RunningGateway } from '../../src/http/server';
import { DEFAULT_POLICY } from '../../src/services/policy';
import { SqliteStore } from '../../src/store/sqlite/sqlite.store';
import { DAY1, HOUR, M, Q, CLASS, bookingInput, seedInventory, slot, user } from '../support/fixtures';
import { T0, ok, startTestGateway, type GqlResponse, type TestGateway } from '../support/test-gateway';

type Gql = TestGateway['gql'];

interface Started {
  gateway: RunningGateway;
  metrics: GatewayMetrics;
  clock: ManualClock;
  gql: Gql;
}

/** What startTestGateway passes, plus a metrics instance and a store wrapped for store call latency. */
async function startWithMetrics(): Promise<Started> {
  const metrics = createMetrics({ defaultMetrics: false });
  const clock = new ManualClock(T0);
  const gateway = await startGateway({
    store: metrics.wrapStore(SqliteStore.inMemory()),
    clock,
    policy: DEFAULT_POLICY,
    apiKeys: ApiKeys.fromConfig(undefined, undefined),
    logger: createLogger('silent'),
    port: 0,
    host: '127.0.0.1',
    security: { ...DEFAULT_SECURITY, rateLimit: null },
    shutdownGraceMs: 2000,
    metrics,
  });
  const gql: Gql = async (query, variables, headers = {}) => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await res.json()) as GqlResponse), status: res.status };
  };
  return { gateway, metrics, clock, gql };
}

async function scrape(gateway: RunningGateway): Promise<{ contentType: string | null; series: Map<string, number> }> {
  const res = await fetch(gateway.url.replace(/\/graphql$/, '/metrics'));
  expect(res.status).toBe(200);
  const series = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    series.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return { contentType: res.headers.get('content-type'), series };
}

/** Series of one metric whose value is not 0, as `labels → value`. */
function nonZero(series: Map<string, number>, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of series) {
    if (value !== 0 && key.startsWith(`${name}{`)) out[key.slice(name.length)] = value;
  }
  return out;
}

let started: Started;
beforeEach(async () => {
  started = await startWithMetrics();
  await seedInventory({ gql: started.gql } as TestGateway);
});
afterEach(() => started.gateway.stop());

const CREATE_BOOKING_OF = (alias: string, variable: string) =>
  `${alias}: createBooking(input: $${variable}) { booking { bookingId } bookingFailure { cause } }`;

it('counts requests per root field, booking outcomes by cause, errors by code, and store calls', async () => {
  const { gql, clock } = started;
  // createLease: success, then a refusal (the 1-spot slot is held by the lease).
  const lease = ok(await gql(Q.createLease, { input: { lease: { slot: slot(), userReference: 'ref-1' } } })).createLease.lease;
  expect(ok(await gql(Q.createLease, { input: { lease: { slot: slot(), userReference: 'ref-2' } } })).createLease.bookingFailure.cause).toBe('SLOT_UNAVAILABLE');
  // createBooking: success through the lease, its replay (success again), a full slot, the same user twice.
  const first = bookingInput({ leaseRef: { leaseId: lease.leaseId }, idempotencyToken: 'tok-lease' });
  ok(await gql(Q.createBooking, { input: first }));
  ok(await gql(Q.createBooking, { input: first }));
  expect(ok(await gql(Q.createBooking, { input: bookingInput({ userInformation: user('u2') }) })).createBooking.bookingFailure.cause).toBe('SLOT_UNAVAILABLE');
  ok(await gql(Q.createBooking, { input: bookingInput({}, { serviceId: CLASS, durationSec: 3600 }) }));
  expect(ok(await gql(Q.createBooking, { input: bookingInput({}, { serviceId: CLASS, durationSec: 3600 }) })).createBooking.bookingFailure.cause).toBe(
    'SLOT_ALREADY_BOOKED_BY_USER',
  );
  // A request error: an unknown service.
  const unknown = await gql(Q.createBooking, { input: bookingInput({}, { serviceId: 'nope' }) });
  expect(unknown.errors?.[0].extensions?.code).toBe('INVALID_ARGUMENT');
  // Two aliased createBooking fields in one mutation: two outcomes, one request.
  const two = await gql(
    `mutation($a: CreateBookingInput!, $b: CreateBookingInput!) { ${CREATE_BOOKING_OF('a', 'a')} ${CREATE_BOOKING_OF('b', 'b')} }`,
    {
      a: bookingInput({ userInformation: user('u3') }, { startSec: DAY1 + 1800 }),
      b: bookingInput({ userInformation: user('u4') }, { startSec: DAY1 + 1800 }),
    },
  );
  expect([two.data.a.booking !== null, two.data.b.bookingFailure?.cause]).toEqual([true, 'SLOT_UNAVAILABLE']);
  // updateBooking: a cancel, then one outside the cancellation window (cut: 1 h before the start).
  const booked = ok(await gql(Q.createBooking, { input: bookingInput({ userInformation: user('u5') }, { startSec: DAY1 + 2 * 1800 }) })).createBooking.booking;
  ok(await gql(Q.updateBooking, { input: { booking: { bookingId: two.data.a.booking.bookingId, status: 'CANCELED' } } }));
  clock.set(DAY1 + 2 * 1800 - HOUR / 2);
  expect(ok(await gql(Q.updateBooking, { input: { booking: { bookingId: booked.bookingId, status: 'CANCELED' } } })).updateBooking.bookingFailure.cause).toBe(
    'OUTSIDE_CANCELLATION_WINDOW',
  );
  // Queries: one root field, several root fields, a document that does not validate.
  ok(await gql(Q.check, { slot: slot({ serviceId: CLASS, durationSec: 3600 }) }));
  ok(await gql(Q.check, { slot: slot({ serviceId: CLASS, durationSec: 3600 }) }));
  ok(await gql(`{ health { status } merchant(merchantId: "${M}") { name } }`));
  expect((await gql('{ nope }')).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

  const { contentType, series } = await scrape(started.gateway);
  expect(contentType).toMatch(/^text\/plain/);
  expect(nonZero(series, 'booking_outcomes_total')).toEqual({
    '{operation="createLease",outcome="success"}': 1,
    '{operation="createLease",outcome="SLOT_UNAVAILABLE"}': 1,
    '{operation="createBooking",outcome="success"}': 5,
    '{operation="createBooking",outcome="SLOT_UNAVAILABLE"}': 2,
    '{operation="createBooking",outcome="SLOT_ALREADY_BOOKED_BY_USER"}': 1,
    '{operation="createBooking",outcome="error"}': 1,
    '{operation="updateBooking",outcome="success"}': 1,
    '{operation="updateBooking",outcome="OUTSIDE_CANCELLATION_WINDOW"}': 1,
  });
  expect(nonZero(series, 'graphql_errors_total')).toEqual({
    '{operation="createBooking",code="INVALID_ARGUMENT"}': 1,
    '{operation="unknown",code="GRAPHQL_VALIDATION_FAILED"}': 1,
  });
  const requests = nonZero(series, 'graphql_requests_total');
  // seedInventory: 1 merchant, 3 services, 1 availability upsert.
  expect(requests).toEqual({
    '{operation="upsertMerchant",type="mutation",result="success"}': 1,
    '{operation="upsertService",type="mutation",result="success"}': 3,
    '{operation="upsertAvailability",type="mutation",result="success"}': 1,
    '{operation="createLease",type="mutation",result="success"}': 2,
    '{operation="createBooking",type="mutation",result="success"}': 7,
    '{operation="createBooking",type="mutation",result="error"}': 1,
    '{operation="updateBooking",type="mutation",result="success"}': 2,
    '{operation="checkAvailability",type="query",result="success"}': 2,
    '{operation="multiple",type="query",result="success"}': 1,
    '{operation="unknown",type="unknown",result="error"}': 1,
  });
  // One latency observation per request, under the same labels.
  const durations = nonZero(series, 'graphql_request_duration_seconds_count');
  const perOperation: Record<string, number> = {};
  for (const [labels, n] of Object.entries(requests)) {
    const key = labels.replace(/,result="\w+"/, '');
    perOperation[key] = (perOperation[key] ?? 0) + n;
  }
  expect(durations).toEqual(perOperation);
  expect(series.get('graphql_request_duration_seconds_bucket{operation="checkAvailability",type="query",le="+Inf"}')).toBe(2);
  // Store call latency: every unit of work and read is observed under its port method. Each mutation
  // field above is one unit: 5 seeding upserts, 2 createLease, 9 createBooking, 2 updateBooking.
  const storeCounts = nonZero(series, 'store_call_duration_seconds_count');
  expect(storeCounts['{method="unitOfWork"}']).toBe(5 + 2 + 9 + 2);
  // Slot state reads: 2 checkAvailability, 2 createLease units, 8 createBooking units that reach the
  // slot (not the replay, which the token answers first). Then the outbox recorder's (events are on):
  // one read after each unit that changed slots (the upsert, the lease, the 4 bookings, the cancel),
  // and one before for the writes whose unit had not read the slot first (the upsert, the cancel).
  expect(storeCounts['{method="getSlotStates"}']).toBe(2 + 2 + 8 + (1 + 1 + 4 + 1) + (1 + 1));
  // 4 bookings were made: through the lease, the class, alias a, and u5's.
  expect(storeCounts['{method="insertBooking"}']).toBe(4);
  expect(series.get('store_call_duration_seconds_bucket{method="unitOfWork",le="+Inf"}')).toBe(storeCounts['{method="unitOfWork"}']);
});

it('records nothing for a gateway without metrics, even when both share the schema', async () => {
  const other = await startTestGateway();
  try {
    await seedInventory(other);
    ok(await other.gql(Q.createBooking, { input: bookingInput() }));
    ok(await started.gql(Q.createBooking, { input: bookingInput() }));
  } finally {
    await other.stop();
  }
  const { series } = await scrape(started.gateway);
  expect(nonZero(series, 'booking_outcomes_total')).toEqual({ '{operation="createBooking",outcome="success"}': 1 });
});

it('counts leases removed by housekeeping', async () => {
  started.metrics.recordLeasesPurged(3);
  started.metrics.recordLeasesPurged(0);
  const { series } = await scrape(started.gateway);
  expect(series.get('leases_purged_total')).toBe(3);
});

it('serves the default process metrics when asked for', async () => {
  const text = await createMetrics().registry.metrics();
  expect(text).toContain('process_resident_memory_bytes');
  expect(text).toContain('nodejs_heap_size_used_bytes');
});
