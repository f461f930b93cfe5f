// The scenarios of `npm run bench`: what each seeds, sends and checks. The gateway is always another
// process (gateway-process.ts); this process seeds it over HTTP and drives it with autocannon.
import { GqlClient, pool } from './gql';
import { runLoad, type LoadResult } from './load';
import { readMetrics, sumSeries } from './metrics-text';
import { ratio, round } from './stats';

export const DAY = 86_400;
const HOUR = 3600;

/** Midnight UTC two days from now: every seeded slot starts after it, so bookings stay "future". */
export function benchBase(nowSec = Math.floor(Date.now() / 1000)): number {
  return (Math.floor(nowSec / DAY) + 2) * DAY;
}

export const Q = {
  baseline: '{ __typename }',
  merchant: 'mutation($input: UpsertMerchantInput!) { upsertMerchant(input: $input) { merchantId } }',
  service: 'mutation($input: UpsertServiceInput!) { upsertService(input: $input) { serviceId } }',
  availability: 'mutation($input: UpsertAvailabilityInput!) { upsertAvailability(input: $input) { upsertedCount } }',
  check:
    'query Check($slot: SlotInput!) { checkAvailability(slot: $slot) { countAvailable slot { merchantId serviceId startSec durationSec availabilityTag confirmationMode resources { staffId roomId partySize } } } }',
  batch:
    'query Batch($m: ID!, $t: [SlotTimeInput!]!) { batchAvailabilityLookup(merchantId: $m, slotTime: $t) { slotTimeAvailability { available slotTime { serviceId startSec durationSec } } } }',
  available:
    'query Open($m: ID!, $from: Int64!, $to: Int64!) { availableSlots(merchantId: $m, startSecFrom: $from, startSecTo: $to) { countAvailable spotsTotal slot { startSec durationSec resources { staffId } service { name } } } }',
  createBooking:
    'mutation Book($input: CreateBookingInput!) { createBooking(input: $input) { booking { bookingId status slot { serviceId startSec } } bookingFailure { cause } } }',
  createLease:
    'mutation Hold($input: CreateLeaseInput!) { createLease(input: $input) { lease { leaseId } bookingFailure { cause } } }',
  bookingsOf: 'query Mine($u: ID!) { bookings(userId: $u) { bookingId status slot { serviceId startSec } } }',
  nPlusOne: 'query N1($u: ID!) { bookings(userId: $u) { slot { merchant { name } service { name } } } }',
};

const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });

export function person(userId: string) {
  return { userId, givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' };
}

export function slotInput(merchantId: string, serviceId: string, startSec: number, durationSec: number) {
  return { merchantId, serviceId, startSec, durationSec };
}

export async function seedMerchant(gql: GqlClient, merchantId: string, services: string[]): Promise<void> {
  await gql.ok(Q.merchant, { input: { merchantId, name: `Bench ${merchantId}`, timeZone: 'Europe/Zurich' } });
  for (const serviceId of services) {
    await gql.ok(Q.service, {
      input: { merchantId, serviceId, name: `Service ${serviceId}`, price: { priceMicros: '45000000', currencyCode: 'CHF' } },
    });
  }
}

interface AvailabilityEntry {
  serviceId: string;
  startSec: number;
  durationSec: number;
  spotsTotal: number;
  resources?: { staffId: string };
}

/** upsertAvailability in chunks (each request stays well under BODY_LIMIT). */
export async function seedSlots(gql: GqlClient, merchantId: string, entries: AvailabilityEntry[], chunk = 5000): Promise<void> {
  for (let i = 0; i < entries.length; i += chunk) {
    await gql.ok(Q.availability, { input: { merchantId, availability: entries.slice(i, i + chunk) } });
  }
}

// ---- the main gateway's inventory ---------------------------------------------------------------

export const MAIN = 'bench';
export const BIG = 'bench-big';

export interface MainInventory {
  base: number;
  hotSlot: ReturnType<typeof slotInput>;
  gridStarts: number[];
  bigFrom: number;
  raceStart: (slotIndex: number) => number;
  idemStart: (slotIndex: number) => number;
}

export const RACE = { rounds: 10, slotsPerRound: 50, spots: 10, requestsPerRound: 1000 };
export const IDEM = { slots: 100, spots: 1000, first: 3000, concurrent: 1000 };

/**
 * `bench`: a hot slot (100 spots, 3 booked, 2 leased), a 1,000-slot grid for batch lookups, the
 * contention rounds and the idempotency slots. `bench-big`: 10,000 slots (25 staff × 40 quarter
 * hours × 10 days) for availableSlots.
 */
export async function seedMain(gql: GqlClient, base = benchBase()): Promise<MainInventory> {
  await seedMerchant(gql, MAIN, ['hot', 'grid', 'race', 'idem']);
  const hotStart = base + DAY + 10 * HOUR;
  const gridStarts = Array.from({ length: 1000 }, (_, i) => base + 2 * DAY + i * 1800);
  const raceBase = base + 30 * DAY;
  const idemBase = base + 50 * DAY;
  const raceStart = (i: number) => raceBase + i * 1800;
  const idemStart = (i: number) => idemBase + i * 1800;
  await seedSlots(gql, MAIN, [
    { serviceId: 'hot', startSec: hotStart, durationSec: 3600, spotsTotal: 100 },
    ...gridStarts.map((startSec) => ({ serviceId: 'grid', startSec, durationSec: 1800, spotsTotal: 2 })),
    ...Array.from({ length: RACE.rounds * RACE.slotsPerRound }, (_, i) => ({
      serviceId: 'race',
      startSec: raceStart(i),
      durationSec: 1800,
      spotsTotal: RACE.spots,
    })),
    ...Array.from({ length: IDEM.slots }, (_, i) => ({ serviceId: 'idem', startSec: idemStart(i), durationSec: 1800, spotsTotal: IDEM.spots })),
  ]);
  const hotSlot = slotInput(MAIN, 'hot', hotStart, 3600);
  await seedHotHolds(gql, hotSlot);
  // Every other grid slot is full, so lookups see both answers.
  await pool(
    gridStarts.filter((_, i) => i % 2 === 0).slice(0, 100),
    8,
    async (startSec, i) => {
      for (const n of [0, 1]) {
        await gql.ok(Q.createBooking, {
          input: { slot: slotInput(MAIN, 'grid', startSec, 1800), userInformation: person(`grid-${i}-${n}`), idempotencyToken: `grid-${i}-${n}` },
        });
      }
    },
  );

  await seedMerchant(gql, BIG, ['big']);
  const bigFrom = base + DAY;
  const big: AvailabilityEntry[] = [];
  for (let day = 0; day < 10; day++) {
    for (let q = 0; q < 40; q++) {
      for (let staff = 0; staff < 25; staff++) {
        big.push({ serviceId: 'big', startSec: bigFrom + day * DAY + 8 * HOUR + q * 900, durationSec: 900, spotsTotal: 1, resources: { staffId: `staff-${staff}` } });
      }
    }
  }
  await seedSlots(gql, BIG, big);
  return { base, hotSlot, gridStarts, bigFrom, raceStart, idemStart };
}

export async function seedHotHolds(gql: GqlClient, hotSlot: ReturnType<typeof slotInput>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await gql.ok(Q.createBooking, { input: { slot: hotSlot, userInformation: person(`hot-${i}`), idempotencyToken: `hot-${i}` } });
  }
  for (let i = 0; i < 2; i++) {
    await gql.ok(Q.createLease, { input: { lease: { slot: hotSlot, userReference: `hot-lease-${i}` } } });
  }
}

// ---- load helpers ---------------------------------------------------------------------------------

export interface Durations {
  warmupSec: number;
  measureSec: number;
  latencySec: number;
}

export async function measured(spec: Parameters<typeof runLoad>[0], durations: Durations): Promise<LoadResult> {
  if (durations.warmupSec > 0) await runLoad({ ...spec, label: `${spec.label} (warm-up)`, durationSec: durations.warmupSec, maxSec: durations.warmupSec + 5 });
  return runLoad(spec);
}

/** Fails the scenario when any response is not HTTP 200 or carries GraphQL errors. */
function strictResponses() {
  const seen = { bad: 0, example: '' };
  const onResponse = (status: number, text: string) => {
    if (status === 200 && !text.includes('"errors"')) return;
    seen.bad++;
    if (!seen.example) seen.example = `HTTP ${status}: ${text.slice(0, 300)}`;
  };
  return { seen, onResponse };
}

export interface ScenarioRow {
  id: string;
  scenario: string;
  connections: number | null;
  reqPerSec: number | null;
  reqPerSecRatio: number | null;
  p50: number | null;
  p99: number | null;
  p99Ratio: number | null;
  target: string;
  met: boolean | null;
  result: string;
  details?: Record<string, unknown>;
}

/** A row that reports a check or a measurement, not a load run: the load columns stay empty. */
export function measuredRow(row: Pick<ScenarioRow, 'id' | 'scenario' | 'target' | 'met' | 'result' | 'details'>): ScenarioRow {
  return { connections: null, reqPerSec: null, reqPerSecRatio: null, p50: null, p99: null, p99Ratio: null, ...row };
}

/** A response body as JSON, or null when it is not JSON. */
export function parseJsonOrNull(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Baselines {
  many: LoadResult;
  one: LoadResult;
}

export async function runBaseline(url: string, headers: Record<string, string>, d: Durations): Promise<Baselines> {
  const many = await measured({ label: 'baseline', url, headers, connections: 10, durationSec: d.measureSec, maxSec: d.measureSec + 5, body: body(Q.baseline) }, d);
  const one = await measured({ label: 'baseline (1 connection)', url, headers, connections: 1, durationSec: d.latencySec, maxSec: d.latencySec + 5, body: body(Q.baseline) }, d);
  return { many, one };
}

export function row(
  id: string,
  scenario: string,
  r: LoadResult,
  base: LoadResult,
  target: string,
  met: boolean | null,
  result: string,
  details?: Record<string, unknown>,
): ScenarioRow {
  return {
    id,
    scenario,
    connections: r.connections,
    reqPerSec: r.reqPerSec,
    reqPerSecRatio: ratio(r.reqPerSec, base.reqPerSec),
    p50: r.latency.p50,
    p99: r.latency.p99,
    p99Ratio: ratio(r.latency.p99, base.latency.p99, 1),
    target,
    met,
    result,
    details: { load: r, ...details },
  };
}

export function baselineRows(b: Baselines): ScenarioRow[] {
  return [
    row('baseline', 'baseline `{ __typename }`', b.many, b.many, '—', null, 'framework ceiling'),
    row('baseline-1', 'baseline, 1 connection', b.one, b.one, '—', null, 'yardstick for the latency rows'),
  ];
}

export async function runCheckAvailability(url: string, headers: Record<string, string>, inv: MainInventory, b: Baselines, d: Durations, checks: Check[]) {
  const strict = strictResponses();
  const r = await measured(
    { label: 'checkAvailability', url, headers, connections: 10, durationSec: d.measureSec, maxSec: d.measureSec + 5, body: body(Q.check, { slot: inv.hotSlot }), onResponse: strict.onResponse },
    d,
  );
  checks.push({ name: 'checkAvailability answers', ok: strict.seen.bad === 0, detail: strict.seen.bad ? `${strict.seen.bad} bad, e.g. ${strict.seen.example}` : 'all 200 without errors' });
  const x = ratio(r.reqPerSec, b.many.reqPerSec);
  return row('checkAvailability', 'checkAvailability, one hot slot', r, b.many, '≥ 0.6 × baseline req/s', x >= 0.6, `${x} × baseline`);
}

export async function runBatch(url: string, headers: Record<string, string>, inv: MainInventory, size: number, b: Baselines, d: Durations, checks: Check[]) {
  const slotTime = inv.gridStarts.slice(0, size).map((startSec) => ({ serviceId: 'grid', startSec, durationSec: 1800 }));
  const strict = strictResponses();
  let available = -1;
  const r = await measured(
    {
      label: `batchAvailabilityLookup ×${size}`,
      url,
      headers,
      connections: 1,
      durationSec: d.latencySec,
      maxSec: d.latencySec + 10,
      body: body(Q.batch, { m: MAIN, t: slotTime }),
      onResponse: (status, text) => {
        strict.onResponse(status, text);
        if (available < 0 && status === 200) available = (text.match(/"available":true/g) ?? []).length;
      },
    },
    d,
  );
  checks.push({ name: `batchAvailabilityLookup ×${size} answers`, ok: strict.seen.bad === 0, detail: strict.seen.bad ? strict.seen.example : `${available} of ${size} available` });
  const limit = size <= 100 ? 50 : 300;
  return row(`batch${size}`, `batchAvailabilityLookup, ${size.toLocaleString('en-US')} slot times`, r, b.one, `p99 < ${limit} ms`, r.latency.p99 < limit, `p99 ${r.latency.p99} ms`);
}

export async function runAvailableSlots(url: string, headers: Record<string, string>, inv: MainInventory, b: Baselines, d: Durations, checks: Check[]) {
  const strict = strictResponses();
  let count = -1;
  const r = await measured(
    {
      label: 'availableSlots',
      url,
      headers,
      connections: 1,
      durationSec: d.latencySec,
      maxSec: d.latencySec + 10,
      body: body(Q.available, { m: BIG, from: inv.bigFrom, to: inv.bigFrom + 7 * DAY }),
      onResponse: (status, text) => {
        strict.onResponse(status, text);
        if (count < 0 && status === 200) count = (text.match(/"countAvailable"/g) ?? []).length;
      },
    },
    d,
  );
  checks.push({ name: 'availableSlots answers', ok: strict.seen.bad === 0 && count === 500, detail: strict.seen.bad ? strict.seen.example : `${count} slots returned (cap 500)` });
  return row('availableSlots', 'availableSlots, 7 days of a 10,000-slot merchant', r, b.one, 'p99 < 50 ms', r.latency.p99 < 50, `p99 ${r.latency.p99} ms, 500 slots per answer`);
}

/** Active bookings per (serviceId, startSec) of the given users, read back through bookings(userId). */
async function recountBookings(gql: GqlClient, users: string[], serviceId: string): Promise<{ perStart: Map<number, number>; total: number }> {
  const perStart = new Map<number, number>();
  let total = 0;
  await pool(users, 8, async (u) => {
    const data = await gql.ok<{ bookings: Array<{ status: string; slot: { serviceId: string; startSec: number } }> }>(Q.bookingsOf, { u });
    for (const booking of data.bookings) {
      if (booking.slot.serviceId !== serviceId || booking.status === 'CANCELED') continue;
      const start = Number(booking.slot.startSec);
      perStart.set(start, (perStart.get(start) ?? 0) + 1);
      total++;
    }
  });
  return { perStart, total };
}

export async function runContention(url: string, headers: Record<string, string>, inv: MainInventory, b: Baselines, checks: Check[], maxSec: number) {
  const gql = new GqlClient(url, headers);
  const seenSuccess = new Map<number, number>();
  const causes: Record<string, number> = {};
  let successes = 0;
  let errors = 0;
  let errorExample = '';
  const total = RACE.rounds * RACE.requestsPerRound;
  const r = await runLoad({
    label: 'createBooking under contention',
    url,
    headers,
    connections: 100,
    amount: total,
    maxSec,
    next: (i) => {
      const round = Math.floor(i / RACE.requestsPerRound);
      const within = i % RACE.requestsPerRound;
      const slotIndex = round * RACE.slotsPerRound + (within % RACE.slotsPerRound);
      return {
        body: body(Q.createBooking, {
          input: {
            slot: slotInput(MAIN, 'race', inv.raceStart(slotIndex), 1800),
            userInformation: person(`race-u${within}`),
            idempotencyToken: `race-${i}`,
          },
        }),
        tag: slotIndex,
      };
    },
    onResponse: (status, text, tag) => {
      const parsed = parseJsonOrNull(text);
      const payload = parsed?.data?.createBooking;
      if (status !== 200 || parsed?.errors || !payload) {
        errors++;
        if (!errorExample) errorExample = `HTTP ${status}: ${text.slice(0, 300)}`;
        return;
      }
      if (payload.booking) {
        successes++;
        seenSuccess.set(tag as number, (seenSuccess.get(tag as number) ?? 0) + 1);
      } else {
        const cause = payload.bookingFailure?.cause ?? 'none';
        causes[cause] = (causes[cause] ?? 0) + 1;
      }
    },
  });

  // Recount from the server: every user's bookings, and every touched slot's capacity.
  const roundsReached = Math.min(RACE.rounds, Math.ceil(r.requests / RACE.requestsPerRound) + 1);
  const slotCount = roundsReached * RACE.slotsPerRound;
  const users = Array.from({ length: RACE.requestsPerRound }, (_, w) => `race-u${w}`);
  const recount = await recountBookings(gql, users, 'race');
  let oversoldSlots = 0;
  let oversoldBookings = 0;
  let seenOver = 0;
  let capacityMismatch = 0;
  const slotIndexes = Array.from({ length: slotCount }, (_, i) => i);
  const chunks: number[][] = [];
  for (let i = 0; i < slotIndexes.length; i += 25) chunks.push(slotIndexes.slice(i, i + 25));
  await pool(chunks, 4, async (chunk) => {
    const query = `query { ${chunk
      .map((i) => `s${i}: checkAvailability(slot: { merchantId: "${MAIN}", serviceId: "race", startSec: ${inv.raceStart(i)}, durationSec: 1800 }) { countAvailable }`)
      .join(' ')} }`;
    const data = await gql.ok<Record<string, { countAvailable: number }>>(query);
    for (const i of chunk) {
      const booked = recount.perStart.get(inv.raceStart(i)) ?? 0;
      if (booked > RACE.spots) {
        oversoldSlots++;
        oversoldBookings += booked - RACE.spots;
      }
      if ((seenSuccess.get(i) ?? 0) > RACE.spots) seenOver++;
      if (data[`s${i}`].countAvailable !== Math.max(0, RACE.spots - booked)) capacityMismatch++;
    }
  });
  const complete = !r.stoppedAtMaxSec;
  const totalsAgree = complete ? recount.total === successes : recount.total >= successes;
  checks.push({
    name: 'contention: 0 oversold (server recount)',
    ok: oversoldSlots === 0 && seenOver === 0,
    detail: `${recount.total} active bookings over ${slotCount} slots × ${RACE.spots} spots; oversold slots ${oversoldSlots} (${oversoldBookings} bookings); slots over capacity in client answers ${seenOver}`,
  });
  checks.push({
    name: 'contention: capacity counters match the recount',
    ok: capacityMismatch === 0,
    detail: `${capacityMismatch} of ${slotCount} slots disagree (countAvailable vs 10 − recounted bookings)`,
  });
  checks.push({
    name: 'contention: server bookings = successful answers',
    ok: totalsAgree,
    detail: `server ${recount.total}, answers ${successes}${complete ? '' : ' (run stopped at its time limit: in-flight bookings may be unanswered)'}`,
  });
  checks.push({ name: 'contention: no request errors', ok: errors === 0, detail: errors ? `${errors}, e.g. ${errorExample}` : 'none' });

  const x = ratio(r.reqPerSec, b.many.reqPerSec);
  const bookingsPerSec = round(successes / r.seconds, 0);
  return row(
    'createBooking',
    `createBooking under contention (${RACE.slotsPerRound} slots × ${RACE.spots} spots per round, distinct users)`,
    r,
    b.many,
    '≥ 0.3 × baseline req/s',
    x >= 0.3,
    `${x} × baseline; ${bookingsPerSec.toLocaleString('en-US')} bookings/s; ${oversoldBookings} oversold`,
    { successes, causes, errors, bookingsPerSec, serverBookings: recount.total, slotCount, oversoldSlots, capacityMismatch },
  );
}

export async function runIdempotency(url: string, headers: Record<string, string>, inv: MainInventory, b: Baselines, checks: Check[], maxSec: number) {
  const gql = new GqlClient(url, headers);
  const request = (j: number) =>
    body(Q.createBooking, {
      input: {
        slot: slotInput(MAIN, 'idem', inv.idemStart(j % IDEM.slots), 1800),
        userInformation: person(`idem-u${Math.floor(j / IDEM.slots)}`),
        idempotencyToken: `idem-${j}`,
      },
    });
  const answers = new Map<number, string[]>();
  let errors = 0;
  let errorExample = '';
  const record = (status: number, text: string, tag: unknown) => {
    const parsed = parseJsonOrNull(text);
    const payload = parsed?.data?.createBooking;
    const answer = payload?.booking?.bookingId ?? (payload?.bookingFailure ? `failure:${payload.bookingFailure.cause}` : null);
    if (status !== 200 || parsed?.errors || !answer) {
      errors++;
      if (!errorExample) errorExample = `HTTP ${status}: ${text.slice(0, 300)}`;
      return;
    }
    const list = answers.get(tag as number) ?? [];
    list.push(answer);
    answers.set(tag as number, list);
  };

  const first = await runLoad({
    label: 'createBooking, first calls',
    url,
    headers,
    connections: 10,
    amount: IDEM.first,
    maxSec,
    next: (i) => ({ body: request(i), tag: i, kind: 'first' }),
    onResponse: record,
  });
  const answered = [...answers.keys()].filter((j) => answers.get(j)!.length === 1 && !answers.get(j)![0].startsWith('failure:'));
  const retry = await runLoad({
    label: 'createBooking, retries',
    url,
    headers,
    connections: 10,
    amount: Math.max(10, answered.length),
    maxSec,
    next: (i) => {
      const j = answered[i % answered.length];
      return { body: request(j), tag: j, kind: 'retry' };
    },
    onResponse: record,
  });
  // Concurrent duplicates: each token twice in a row, so both copies are in flight together.
  const concurrent = await runLoad({
    label: 'createBooking, concurrent duplicates',
    url,
    headers,
    connections: 10,
    amount: IDEM.concurrent * 2,
    maxSec,
    next: (i) => {
      const j = IDEM.first + Math.floor(i / 2);
      return { body: request(j), tag: j, kind: 'concurrent' };
    },
    onResponse: record,
  });

  let mismatched = 0;
  let failures = 0;
  const tokens = new Set<number>();
  for (const [j, list] of answers) {
    if (list.some((a) => a !== list[0])) mismatched++;
    if (list[0].startsWith('failure:')) failures++;
    else tokens.add(j);
  }
  const users = Array.from({ length: Math.ceil((IDEM.first + IDEM.concurrent) / IDEM.slots) }, (_, u) => `idem-u${u}`);
  const recount = await recountBookings(gql, users, 'idem');
  const complete = !first.stoppedAtMaxSec && !retry.stoppedAtMaxSec && !concurrent.stoppedAtMaxSec;
  const duplicates = Math.max(0, recount.total - tokens.size) + mismatched;
  checks.push({
    name: 'idempotency: 0 duplicate bookings',
    ok: duplicates === 0 && (complete ? recount.total === tokens.size : recount.total >= tokens.size),
    detail: `${tokens.size} tokens booked, ${recount.total} bookings on the server, ${mismatched} tokens answered differently`,
  });
  checks.push({ name: 'idempotency: no request errors or refusals', ok: errors === 0 && failures === 0, detail: errors ? `${errors} errors, e.g. ${errorExample}` : `${failures} refusals` });

  const firstP50 = first.latency.p50;
  const retryP50 = retry.latency.p50;
  return row(
    'idempotency',
    'idempotent retries (2nd call of each createBooking)',
    retry,
    b.many,
    '0 duplicates',
    duplicates === 0,
    `2nd-call p50 ${retryP50} ms vs 1st ${firstP50} ms (${ratio(retryP50, firstP50)}×); ${duplicates} duplicates`,
    { first, concurrent, tokens: tokens.size, serverBookings: recount.total, mismatched, duplicates },
  );
}

// ---- N+1 (a gateway with STORE_CALL_COUNTS=true) --------------------------------------------------

async function storeCalls(base: string): Promise<Map<string, number>> {
  const series = await readMetrics(base);
  const out = new Map<string, number>();
  for (const [key, value] of series) {
    const m = /^store_calls_total\{method="([^"]+)"\}$/.exec(key);
    if (m) out.set(m[1], value);
  }
  return out;
}

/** Store calls one request makes: every port method except the unitOfWork wrapper (listed apart). */
export async function callsOf(base: string, run: () => Promise<unknown>): Promise<{ total: number; byMethod: Record<string, number> }> {
  const before = await storeCalls(base);
  await run();
  const after = await storeCalls(base);
  const byMethod: Record<string, number> = {};
  let total = 0;
  for (const [method, n] of after) {
    const delta = n - (before.get(method) ?? 0);
    if (delta > 0) {
      byMethod[method] = delta;
      if (method !== 'unitOfWork') total += delta;
    }
  }
  return { total, byMethod };
}

export async function runNPlusOne(base: string, url: string, headers: Record<string, string>, checks: Check[]): Promise<ScenarioRow> {
  const gql = new GqlClient(url, headers);
  const start = benchBase() + 3 * DAY;
  await seedMerchant(gql, 'n1', ['n1-svc', 'other']);
  await seedSlots(gql, 'n1', [
    ...Array.from({ length: 50 }, (_, i) => ({ serviceId: i % 2 ? 'n1-svc' : 'other', startSec: start + i * HOUR, durationSec: 3600, spotsTotal: 2 })),
  ]);
  const book = (user: string, i: number) =>
    gql.ok(Q.createBooking, {
      input: { slot: slotInput('n1', i % 2 ? 'n1-svc' : 'other', start + i * HOUR, 3600), userInformation: person(user), idempotencyToken: `${user}-${i}` },
    });
  for (let i = 0; i < 2; i++) await book('n1-few', i);
  for (let i = 0; i < 50; i++) await book('n1-many', i);

  const few = await callsOf(base, () => gql.ok(Q.nPlusOne, { u: 'n1-few' }));
  const many = await callsOf(base, () => gql.ok(Q.nPlusOne, { u: 'n1-many' }));
  const constant = few.total === many.total;
  checks.push({
    name: 'N+1: store calls do not grow with bookings',
    ok: constant,
    detail: `2 bookings: ${JSON.stringify(few.byMethod)}; 50 bookings: ${JSON.stringify(many.byMethod)}`,
  });

  // Store calls of the other benchmarked operations, for the record (results.json).
  const slot = slotInput('n1', 'other', start + 10 * HOUR, 3600);
  const other: Record<string, unknown> = {};
  other.checkAvailability = await callsOf(base, () => gql.ok(Q.check, { slot }));
  other.batchAvailabilityLookup100 = await callsOf(base, () =>
    gql.ok(Q.batch, { m: 'n1', t: Array.from({ length: 100 }, (_, i) => ({ serviceId: 'other', startSec: start + i * HOUR, durationSec: 3600 })) }),
  );
  other.availableSlots = await callsOf(base, () => gql.ok(Q.available, { m: 'n1', from: start, to: start + 7 * DAY }));
  const input = { slot, userInformation: person('n1-new'), idempotencyToken: 'n1-new-1' };
  other.createBooking = await callsOf(base, () => gql.ok(Q.createBooking, { input }));
  other.createBookingReplay = await callsOf(base, () => gql.ok(Q.createBooking, { input }));
  // A slot with a spot left (n1-many holds 1 of 2), so the lease is granted.
  const open = slotInput('n1', 'other', start + 12 * HOUR, 3600);
  other.createLease = await callsOf(base, () => gql.ok(Q.createLease, { input: { lease: { slot: open, userReference: 'n1-lease' } } }));

  return measuredRow({
    id: 'nplusone',
    scenario: 'N+1: `bookings(userId) { slot { merchant { name } service { name } } }`, 50 bookings',
    target: '3 store calls, constant',
    met: constant && many.total === 3,
    result: `${many.total} store calls (2 bookings: ${few.total})`,
    details: { few, many, otherOperations: other },
  });
}

// ---- memory (a gateway with --expose-gc and MAX_ALIASES=1000) ---------------------------------------

export const MEMORY = { slots: 100_000, bookings: 100_000, perRequest: 100, users: 20_000 };

export async function runMemory(
  gw: { base: string; url: string; rssBytes(): number | null; signal(s: NodeJS.Signals): void },
  headers: Record<string, string>,
  checks: Check[],
  deadlineMs: number,
): Promise<ScenarioRow> {
  const gql = new GqlClient(gw.url, headers);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const settle = async () => {
    gw.signal('SIGUSR2');
    await sleep(400);
    await gql.ok(Q.baseline);
    const metrics = await readMetrics(gw.base);
    return { rss: gw.rssBytes() ?? sumSeries(metrics, 'process_resident_memory_bytes'), heap: sumSeries(metrics, 'nodejs_heap_size_used_bytes') };
  };
  const empty = await settle();
  const start = benchBase() + DAY;
  await seedMerchant(gql, 'mem', ['mem-svc']);
  const slotStart = (k: number) => start + k * 60;
  const entries: AvailabilityEntry[] = Array.from({ length: MEMORY.slots }, (_, k) => ({ serviceId: 'mem-svc', startSec: slotStart(k), durationSec: 1800, spotsTotal: 1 }));
  const slotsStarted = performance.now();
  await seedSlots(gql, 'mem', entries);
  const slotsSec = (performance.now() - slotsStarted) / 1000;
  const withSlots = await settle();

  const n = MEMORY.perRequest;
  const doc = `mutation Seed(${Array.from({ length: n }, (_, i) => `$b${i}: CreateBookingInput!`).join(', ')}) { ${Array.from(
    { length: n },
    (_, i) => `b${i}: createBooking(input: $b${i}) { booking { bookingId } bookingFailure { cause } }`,
  ).join(' ')} }`;
  let booked = 0;
  let refused = 0;
  const bookingsStarted = performance.now();
  let batches = 0;
  for (let first = 0; first < MEMORY.bookings; first += n) {
    if (performance.now() > deadlineMs) break;
    const variables: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const k = first + i;
      variables[`b${i}`] = {
        slot: slotInput('mem', 'mem-svc', slotStart(k), 1800),
        userInformation: person(`mem-u${k % MEMORY.users}`),
        idempotencyToken: `mem-${k}`,
      };
    }
    const data = await gql.ok<Record<string, { booking: { bookingId: string } | null }>>(doc, variables, 120_000);
    for (const payload of Object.values(data)) {
      if (payload.booking) booked++;
      else refused++;
    }
    batches++;
  }
  const bookingsSec = (performance.now() - bookingsStarted) / 1000;
  const withBookings = await settle();
  const perBooking = booked > 0 ? (withBookings.rss - withSlots.rss) / booked : NaN;
  const heapPerBooking = booked > 0 ? (withBookings.heap - withSlots.heap) / booked : NaN;
  const perSlot = (withSlots.rss - empty.rss) / MEMORY.slots;
  checks.push({
    name: 'memory: every seeded booking succeeded',
    ok: refused === 0 && booked === batches * n,
    detail: `${booked} booked, ${refused} refused, ${batches} requests of ${n}${booked < MEMORY.bookings ? ' (stopped at the time limit)' : ''}`,
  });
  const kb = (bytes: number) => round(bytes / 1024, 2);
  return measuredRow({
    id: 'memory',
    scenario: `memory: ${MEMORY.slots.toLocaleString('en-US')} slots + ${MEMORY.bookings.toLocaleString('en-US')} bookings`,
    // STORE=memory is an in-memory SQLite database since the memory adapter was retired (issue 11):
    // it serves tests and benchmarks, and `npm start` keeps its data on disk, so this is reported only.
    target: 'reported (in-memory SQLite)',
    met: null,
    result: `${kb(perBooking)} KB RSS/booking (heap ${kb(heapPerBooking)} KB); ${kb(perSlot)} KB/slot; RSS ${round(withBookings.rss / 2 ** 20)} MB`,
    details: {
      rssBytes: { empty: empty.rss, withSlots: withSlots.rss, withBookings: withBookings.rss },
      heapUsedBytes: { empty: empty.heap, withSlots: withSlots.heap, withBookings: withBookings.heap },
      bytesPerBookingRss: round(perBooking),
      bytesPerBookingHeap: round(heapPerBooking),
      bytesPerSlotRss: round(perSlot),
      seedSeconds: { slots: round(slotsSec, 2), bookings: round(bookingsSec, 2) },
      bookingsPerSecInProcess: round(booked / bookingsSec),
    },
  });
}

