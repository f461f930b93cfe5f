// kill -9 under load, several seeded rounds: a gateway on the SQLite store (the real src/main.ts in a
// child process) takes a stream of concurrent createBooking / cancel / createLease / upsertAvailability
// requests and is killed with SIGKILL at a random moment. After each restart on the same DATA_DIR:
// every acknowledged success is there, nothing is half-written (every booking has its idempotency
// record, counters equal a recount of the bookings), and every acknowledged token replays its booking.
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_FILE } from '../../src/store/sqlite/sqlite.store';
import { startChildGateway, type ChildGateway } from '../support/child-gateway';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? 20261201);
const START = Math.floor(Date.now() / 1000) + 2 * 86_400;
const SLOTS = Array.from({ length: 8 }, (_, i) => ({ serviceId: 's', startSec: START + i * 3600, durationSec: 3600 }));

/** mulberry32: a small seeded PRNG, so a failing round replays with CRASH_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BOOK = 'mutation($i: CreateBookingInput!) { createBooking(input: $i) { booking { bookingId status } bookingFailure { cause } } }';
const CANCEL = 'mutation($i: UpdateBookingInput!) { updateBooking(input: $i) { booking { bookingId status } bookingFailure { cause } } }';
const LEASE = 'mutation($i: CreateLeaseInput!) { createLease(input: $i) { lease { leaseId } bookingFailure { cause } } }';
const UPSERT = 'mutation($i: UpsertAvailabilityInput!) { upsertAvailability(input: $i) { upsertedCount } }';

interface Acknowledged {
  bookings: Map<string, { input: unknown; bookingId: string }>;
  cancelled: Set<string>;
  leases: Set<string>;
  /** Per slot start: the last acknowledged spotsTotal, and one sent but unanswered at the kill (either may be stored). */
  spotsTotal: Map<number, { acked: number; unanswered?: number }>;
}

async function post(gw: ChildGateway, query: string, variables: unknown): Promise<any | null> {
  try {
    const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  } catch (error) {
    if ((error as Error).message.startsWith('unexpected errors')) throw error;
    return null; // the process is gone: the request is unacknowledged
  }
}

const bookingInput = (round: number, n: number, slot: (typeof SLOTS)[number]) => ({
  slot: { merchantId: 'm', ...slot },
  userInformation: { userId: `u-${round}-${n}`, givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' },
  idempotencyToken: `t-${round}-${n}`,
});

/** Requests from several workers until the process dies. */
async function load(gw: ChildGateway, round: number, random: () => number, acked: Acknowledged, alive: () => boolean): Promise<number> {
  let n = 0;
  let sent = 0;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const worker = async () => {
    while (alive()) {
      const i = ++n;
      const r = random();
      sent++;
      if (r < 0.55) {
        const input = bookingInput(round, i, pick(SLOTS));
        const data = await post(gw, BOOK, { i: input });
        if (data?.createBooking.booking) acked.bookings.set(input.idempotencyToken, { input, bookingId: data.createBooking.booking.bookingId });
      } else if (r < 0.75 && acked.bookings.size > 0) {
        const { bookingId } = pick([...acked.bookings.values()]);
        const data = await post(gw, CANCEL, { i: { booking: { bookingId, status: 'CANCELED' } } });
        if (data?.updateBooking.booking?.status === 'CANCELED') acked.cancelled.add(bookingId);
      } else {
        const data = await post(gw, LEASE, { i: { lease: { slot: { merchantId: 'm', ...pick(SLOTS) }, userReference: `r-${round}-${i}` } } });
        if (data?.createLease.lease) acked.leases.add(data.createLease.lease.leaseId);
      }
    }
  };
  // One worker changes inventory, one request at a time, so the last acknowledged value is the stored one.
  const inventory = async () => {
    while (alive()) {
      const slot = pick(SLOTS.slice(4));
      const spotsTotal = 2 + Math.floor(random() * 4);
      const before = acked.spotsTotal.get(slot.startSec)?.acked ?? 4;
      const data = await post(gw, UPSERT, { i: { merchantId: 'm', availability: [{ ...slot, spotsTotal }] } });
      acked.spotsTotal.set(slot.startSec, data ? { acked: spotsTotal } : { acked: before, unanswered: spotsTotal });
    }
  };
  await Promise.all([...Array.from({ length: 6 }, worker), inventory()]);
  return sent;
}

/** Straight from the file: counters against a recount, and nothing half-written. */
function inspect(dataDir: string) {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const counters = db.prepare('SELECT slot_key, booked_spots FROM slots').all() as Array<{ slot_key: string; booked_spots: number }>;
    const spotsTotal = new Map((db.prepare('SELECT start_sec, spots_total FROM slots').all() as Array<{ start_sec: number; spots_total: number }>).map((r) => [r.start_sec, r.spots_total]));
    const recount = new Map(
      (db.prepare('SELECT slot_key, SUM(spots) AS spots FROM bookings WHERE active = 1 GROUP BY slot_key').all() as Array<{ slot_key: string; spots: number }>).map((r) => [r.slot_key, r.spots]),
    );
    const bookingsWithoutToken = db.prepare(`SELECT COUNT(*) AS n FROM bookings b WHERE NOT EXISTS (SELECT 1 FROM idempotency i WHERE json_extract(i.doc, '$.bookingId') = b.booking_id)`).get() as { n: number };
    const tokensWithoutBooking = db.prepare(`SELECT COUNT(*) AS n FROM idempotency i WHERE NOT EXISTS (SELECT 1 FROM bookings b WHERE b.booking_id = json_extract(i.doc, '$.bookingId'))`).get() as { n: number };
    const bookings = (db.prepare('SELECT COUNT(*) AS n FROM bookings').get() as { n: number }).n;
    return { counters, spotsTotal, recount, bookingsWithoutToken: bookingsWithoutToken.n, tokensWithoutBooking: tokensWithoutBooking.n, bookings };
  } finally {
    db.close();
  }
}

it(`${ROUNDS} rounds of kill -9 under load lose no acknowledged write and leave nothing half-written (seed ${SEED})`, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-crash-'));
  const random = prng(SEED);
  const acked: Acknowledged = { bookings: new Map(), cancelled: new Set(), leases: new Set(), spotsTotal: new Map() };
  const start = () => startChildGateway({ env: { STORE: 'sqlite', DATA_DIR: dataDir } });
  let gw: ChildGateway | undefined;
  try {
    gw = await start();
    expect(await post(gw, 'mutation { upsertMerchant(input: {merchantId: "m", name: "M", timeZone: "UTC"}) { merchantId } }', {})).not.toBeNull();
    await post(gw, 'mutation { upsertService(input: {merchantId: "m", serviceId: "s", name: "S"}) { serviceId } }', {});
    await post(gw, UPSERT, { i: { merchantId: 'm', availability: SLOTS.map((s) => ({ ...s, spotsTotal: 4 })) } });
    let totalSent = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      let alive = true;
      const current = gw;
      const loading = load(current, round, random, acked, () => alive);
      await new Promise((resolve) => setTimeout(resolve, 250 + Math.floor(random() * 600)));
      current.kill('SIGKILL');
      alive = false;
      expect((await current.exited).signal).toBe('SIGKILL');
      totalSent += await loading;

      gw = await start();
      // Every acknowledged booking is there, cancelled when its cancel was acknowledged.
      for (const { bookingId } of acked.bookings.values()) {
        const data = await post(gw, `{ booking(bookingId: "${bookingId}") { bookingId status } }`, {});
        expect({ bookingId, found: data.booking?.bookingId ?? null }).toEqual({ bookingId, found: bookingId });
        if (acked.cancelled.has(bookingId)) expect(data.booking.status).toBe('CANCELED');
      }
      for (const leaseId of acked.leases) {
        expect((await post(gw, `{ lease(leaseId: "${leaseId}") { leaseId } }`, {})).lease).toEqual({ leaseId });
      }
      for (const [startSec, { acked: last, unanswered }] of acked.spotsTotal) {
        const data = await post(gw, `{ checkAvailability(slot: { merchantId: "m", serviceId: "s", startSec: ${startSec}, durationSec: 3600 }) { countAvailable } }`, {});
        expect(data.checkAvailability).toBeDefined();
        const stored = inspect(dataDir).spotsTotal.get(startSec);
        expect([last, unanswered]).toContain(stored);
        // What is stored is what was answered last, or the one change whose answer the kill cut off.
        acked.spotsTotal.set(startSec, { acked: stored! });
      }
      // Replaying each acknowledged token answers with its booking.
      for (const { input, bookingId } of acked.bookings.values()) {
        const data = await post(gw, BOOK, { i: input });
        expect(data.createBooking.booking?.bookingId).toBe(bookingId);
      }
      // Nothing half-written, and the capacity counters equal a recount of the active bookings.
      const found = inspect(dataDir);
      expect(found.bookingsWithoutToken).toBe(0);
      expect(found.tokensWithoutBooking).toBe(0);
      expect(found.bookings).toBeGreaterThanOrEqual(acked.bookings.size);
      expect(found.counters).toHaveLength(SLOTS.length);
      for (const { slot_key, booked_spots } of found.counters) expect({ slot_key, booked_spots }).toEqual({ slot_key, booked_spots: found.recount.get(slot_key) ?? 0 });
    }
    gw.kill('SIGKILL');
    await gw.exited;
    gw = undefined;
    // The rounds did real work: many requests, bookings and cancels acknowledged before the kills.
    expect(totalSent).toBeGreaterThan(ROUNDS * 20);
    expect(acked.bookings.size).toBeGreaterThan(ROUNDS * 3);
    expect(acked.cancelled.size).toBeGreaterThan(0);
  } finally {
    gw?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
