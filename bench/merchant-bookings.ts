// merchantBookings on a merchant with 100,000 bookings (issue 12): the p99 of a 30-day page of 50
// (the first page, and one 4,000 bookings deep), as ratios to a `{ __typename }` baseline on the same
// gateway, and the store calls one page costs. The bookings are written before the gateway starts,
// through the adapter's own storage (SQLite: the adapter in a child process; MongoDB: the adapter's
// document mapping), because booking 100,000 times over HTTP would take most of the run. With
// --store memory the row runs on SQLite: an in-memory store cannot be filled before it starts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BookingStatus, ConfirmationMode, PrepaymentStatus } from '../src/domain/enums';
import { NO_SERVICE_POLICY, type BookingRecord, type InventorySlot } from '../src/domain/records';
import { slotKeyString } from '../src/domain/slot-key';
import { COLLECTIONS, bookingDocument, merchantDocument, slotAttributes } from '../src/store/mongodb/documents';
import { encodeCursor } from '../src/services/merchant/page-cursor';
import { SqliteStore } from '../src/store/sqlite/sqlite.store';
import { AUTH_HEADERS, launchGateway, type Entry } from './gateway-process';
import { GqlClient } from './gql';
import { callsOf, measured, measuredRow, row, type Check, type Durations, type ScenarioRow } from './scenarios';
import { ratio } from './stats';

const MERCHANT = 'schedule';
const BOOKINGS = 100_000;
const DAY = 86_400;
/** A slot every 30 minutes for a year, on two services, 10 spots each: about 2.9 bookings per slot. */
const SLOTS = 365 * 48;
const START = Math.floor(Date.now() / 1000 / DAY) * DAY + 7 * DAY;
const PAGE_FROM = START + 100 * DAY;
const PAGE_TO = PAGE_FROM + 30 * DAY;

function slotOf(i: number): InventorySlot {
  return {
    merchantId: MERCHANT,
    serviceId: i % 2 ? 'cut' : 'color',
    startSec: START + i * 1800,
    durationSec: 1800,
    staffId: i % 3 ? 'alex' : 'sam',
    roomId: '',
    spotsTotal: 10,
    availabilityTag: null,
    confirmationMode: ConfirmationMode.CONFIRMATION_MODE_SYNCHRONOUS,
    staffName: i % 3 ? 'Alex' : 'Sam',
    roomName: null,
  };
}

/** The i-th booking: slot i mod SLOTS spread over the year; one in ten cancelled. */
function bookingOf(i: number): BookingRecord {
  const slot = slotOf((i * 7919) % SLOTS);
  return {
    payment: null,
    bookingId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    callerId: 'partner-bench',
    slotKey: slotKeyString(slot),
    slot: {
      merchantId: slot.merchantId,
      serviceId: slot.serviceId,
      startSec: slot.startSec,
      durationSec: slot.durationSec,
      availabilityTag: null,
      resources: { staffId: slot.staffId, roomId: null, partySize: null, staffName: slot.staffName, roomName: null },
      confirmationMode: slot.confirmationMode,
    },
    spots: 1,
    userInformation: { userId: `user-${i}`, givenName: 'Ada', familyName: 'Lovelace', address: null, telephone: '+41 44 668 18 00', email: `user-${i}@example.com`, languageCode: 'de' },
    status: i % 10 === 0 ? BookingStatus.CANCELED : BookingStatus.CONFIRMED,
    paymentInformation: { prepaymentStatus: PrepaymentStatus.PREPAYMENT_NOT_PROVIDED, paymentTransactionId: null, price: null, taxAmount: null, fees: null, feesAndTaxes: null, paymentProcessedBy: null, paymentOptionId: null, userPaymentOptionId: null },
    additionalRequest: null,
    createdAtSec: START - DAY,
    updatedAtSec: START - DAY,
    confirmationDeadlineSec: null,
    virtualSessionInfo: null,
    declineReason: null,
    offerInfo: null,
  };
}

/** The fill's bookings the page's query matches, in page order (slot.startSec, bookingId). */
function expectedInRange(): Array<{ startSec: number; bookingId: string }> {
  const found: Array<{ startSec: number; bookingId: string }> = [];
  for (let i = 0; i < BOOKINGS; i++) {
    const b = bookingOf(i);
    if (b.slot.startSec >= PAGE_FROM && b.slot.startSec < PAGE_TO) found.push({ startSec: b.slot.startSec, bookingId: b.bookingId });
  }
  return found.sort((a, b) => a.startSec - b.startSec || (a.bookingId < b.bookingId ? -1 : 1));
}

const services = ['cut', 'color'].map((serviceId) => ({ ...NO_SERVICE_POLICY, merchantId: MERCHANT, serviceId, name: serviceId, price: null }));

async function fillSqlite(dataDir: string): Promise<void> {
  const store = SqliteStore.open({ dataDir, synchronous: 'OFF' });
  try {
    await store.unitOfWork(async (tx) => {
      await tx.upsertMerchant({ merchantId: MERCHANT, name: 'Schedule bench', timeZone: 'UTC' });
      for (const s of services) await tx.upsertService(s);
      await tx.upsertSlots(Array.from({ length: SLOTS }, (_, i) => slotOf(i)));
    });
    for (let from = 0; from < BOOKINGS; from += 5000) {
      await store.unitOfWork(async (tx) => {
        for (let i = from; i < Math.min(BOOKINGS, from + 5000); i++) await tx.insertBooking(bookingOf(i));
      });
    }
  } finally {
    await store.close();
  }
}

async function fillMongo(uri: string, dbName: string): Promise<void> {
  const { MongoClient } = await import('mongodb');
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    const db = client.db(dbName);
    await db.collection(COLLECTIONS.merchants).insertOne(merchantDocument({ merchantId: MERCHANT, name: 'Schedule bench', timeZone: 'UTC' }));
    await db.collection(COLLECTIONS.services).insertMany(services.map((s) => ({ ...s })));
    const booked = new Map<string, number>();
    const docs = Array.from({ length: BOOKINGS }, (_, i) => bookingDocument(bookingOf(i)));
    for (const d of docs) if (d.active) booked.set(d.slotKey, (booked.get(d.slotKey) ?? 0) + d.spots);
    const slots = Array.from({ length: SLOTS }, (_, i) => slotOf(i));
    await db.collection(COLLECTIONS.slots).insertMany(slots.map((s) => ({ ...s, ...slotAttributes(s), bookedSpots: booked.get(slotKeyString(s)) ?? 0, lockVersion: 0 })));
    for (let from = 0; from < docs.length; from += 10_000) await db.collection(COLLECTIONS.bookings).insertMany(docs.slice(from, from + 10_000) as never[]);
  } finally {
    await client.close();
  }
}

const PAGE = `query($m: ID!, $from: Int64!, $to: Int64!, $first: Int, $after: String) {
  merchantBookings(merchantId: $m, startSecFrom: $from, startSecTo: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { bookingId status userInformation { givenName } slot { startSec resources { staffName } service { name } merchant { name } } } } } }`;

/**
 * `simulated`: MongoDB is the replica-set simulator, which scans collections instead of using indexes: it
 * says nothing about latency, so only the checks and store calls are reported then.
 */
export async function merchantBookingsRows(compiled: Entry, store: 'memory' | 'sqlite' | 'mongodb', d: Durations, checks: Check[], simulated = false): Promise<ScenarioRow[]> {
  let dataDir: string | null = null;
  let env: Record<string, string | undefined>;
  const dbName = `bench_schedule_${Date.now()}`;
  if (store === 'mongodb') {
    await fillMongo(process.env.MONGODB_URI!, dbName);
    env = { STORE: 'mongodb', MONGODB_DB: dbName };
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-schedule-'));
    // A process keeps its data directory's writer lock until it ends: fill in a child process.
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, dataDir], { stdio: 'inherit', cwd: path.resolve(__dirname, '..') });
    env = { STORE: 'sqlite', DATA_DIR: dataDir, MONGODB_URI: undefined };
  }
  const gw = await launchGateway({ label: 'schedule', entry: compiled, env: { ...env, STORE_CALL_COUNTS: 'true', LOG_LEVEL: 'warn', SEED_DEMO: 'false' } });
  try {
    const gql = new GqlClient(gw.url, AUTH_HEADERS);
    const vars = { m: MERCHANT, from: PAGE_FROM, to: PAGE_TO, first: 50 };
    const first = await gql.ok<any>(PAGE, vars);
    const inRange = expectedInRange();
    const expected = inRange.length;
    const ids = (page: any) => page.merchantBookings.edges.map((e: any) => e.node.bookingId).join();
    checks.push({
      name: 'merchantBookings: a 30-day page of 50 over 100,000 bookings, the right bookings and totalCount',
      ok: ids(first) === inRange.slice(0, 50).map((b) => b.bookingId).join() && first.merchantBookings.totalCount === expected,
      detail: `${first.merchantBookings.edges.length} edges, totalCount ${first.merchantBookings.totalCount} (expected ${expected})`,
    });
    // A cursor 4,000 bookings into the range (the one the gateway issues for that position): a deep
    // page should cost what the first does, and start right after it.
    const scope = { merchantId: MERCHANT, startSecFrom: PAGE_FROM, startSecTo: PAGE_TO, serviceId: null, staffId: null, statuses: null };
    const after = encodeCursor(inRange[3999], scope);
    const deepFirst = await gql.ok<any>(PAGE, { ...vars, after });
    checks.push({
      name: 'merchantBookings: the page after a cursor 4,000 deep starts at booking 4,001',
      ok: ids(deepFirst) === inRange.slice(4000, 4050).map((b) => b.bookingId).join(),
      detail: `first edge ${deepFirst.merchantBookings.edges[0]?.node.bookingId}, expected ${inRange[4000].bookingId}`,
    });
    const small = await callsOf(gw.base, () => gql.ok(PAGE, { ...vars, first: 2 }));
    const page = await callsOf(gw.base, () => gql.ok(PAGE, vars));
    const deep = await callsOf(gw.base, () => gql.ok(PAGE, { ...vars, after }));
    checks.push({
      name: 'merchantBookings: store calls per page do not grow with the page size or its depth',
      ok: small.total === page.total && deep.total === page.total,
      detail: `first 2: ${JSON.stringify(small.byMethod)}; first 50: ${JSON.stringify(page.byMethod)}; 4,000 deep: ${JSON.stringify(deep.byMethod)}`,
    });

    if (simulated) {
      const started = performance.now();
      await gql.ok(PAGE, vars);
      return [
        measuredRow({
          id: 'merchantBookings',
          scenario: 'merchantBookings (MongoDB simulator), 30 days, page of 50 over a merchant with 100,000 bookings',
          target: 'reported',
          met: null,
          result: `${page.total} store calls per page; latency not measured: the simulator scans collections (one page took ${Math.round(performance.now() - started)} ms), run with MONGODB_URI for a real server`,
          details: { storeCalls: page.byMethod, totalCount: expected },
        }),
      ];
    }
    const body = (variables: Record<string, unknown>) => JSON.stringify({ query: PAGE, variables });
    const load = (label: string, b: string) => measured({ label, url: gw.url, headers: AUTH_HEADERS, connections: 1, durationSec: d.latencySec, maxSec: d.latencySec + 10, body: b }, d);
    const baseline = await load('schedule baseline', JSON.stringify({ query: '{ __typename }' }));
    const firstPage = await load('merchantBookings first page', body(vars));
    const deepPage = await load('merchantBookings deep page', body({ ...vars, after }));
    const onDisk = store === 'mongodb' ? 'MongoDB' : 'SQLite';
    const mk = (id: string, what: string, r: typeof firstPage) =>
      row(id, `merchantBookings (${onDisk}), ${what}: 30 days, page of 50 with slot { service merchant }, merchant with 100,000 bookings`, r, baseline, 'p99 < 50 ms', r.latency.p99 < 50,
        `p99 ${r.latency.p99} ms (${ratio(r.latency.p99, baseline.latency.p99, 1)} × baseline p99), ${page.total} store calls per page`,
        { storeCalls: page.byMethod, totalCount: expected });
    return [mk('merchantBookings', 'first page', firstPage), mk('merchantBookings-deep', '4,000 bookings deep', deepPage)];
  } finally {
    await gw.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (store === 'mongodb') {
      const { MongoClient } = await import('mongodb');
      const client = await MongoClient.connect(process.env.MONGODB_URI!);
      await client.db(dbName).dropDatabase().finally(() => client.close());
    }
  }
}

if (require.main === module) {
  fillSqlite(process.argv[2]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
