// Seeded interleavings of real units of work: the services' createBooking and createLease on the real
// MongoDB adapter and driver, against the replica-set simulator. Every command the units send waits
// at a scheduler (fast-check's), which lets the waiting commands run one at a time in an order it
// chooses, so write conflicts, retries and replays meet in orders no timing would produce reliably.
// After each run: never oversold, capacity counters equal a recount, one booking per token, a lease
// consumed once. A failing seed replays with FC_SEED (fast-check prints it).
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import type { Caller } from '../../../src/domain/caller';
import { ManualClock } from '../../../src/domain/clock';
import { slotKeyOf } from '../../../src/domain/slot-key';
import { createServices, type Services } from '../../../src/services';
import type { CreateBookingRequest } from '../../../src/services/inputs';
import { DEFAULT_POLICY } from '../../../src/services/policy';
import { COLLECTIONS } from '../../../src/store/mongodb/documents';
import { MongoStore } from '../../../src/store/mongodb/mongo.store';
import { disposeTestStore } from '../../support/mongodb-test-store';
import { startMongoSim, type MongoSim } from '../../support/mongo-sim';

const NOW = 1_893_456_000;
const START = NOW + 86_400;
const CALLER: Caller = { id: 'interleaver', role: 'partner', merchantIds: null };
const SLOT = { merchantId: 'm1', serviceId: 's1', startSec: START, durationSec: 3600 };

let sim: MongoSim;
let raw: MongoClient;
beforeAll(async () => {
  sim = await startMongoSim();
  raw = new MongoClient(sim.uri);
  await raw.connect();
});
afterAll(async () => {
  await raw.close();
  await sim.stop();
});

type Op = { kind: 'book'; token: string } | { kind: 'bookViaLease'; token: string } | { kind: 'lease'; reference: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('book' as const), token: fc.constantFrom('t1', 't2', 't3') }),
  fc.record({ kind: fc.constant('bookViaLease' as const), token: fc.constantFrom('L-a', 'L-b') }),
  fc.record({ kind: fc.constant('lease' as const), reference: fc.constantFrom('r1', 'r2') }),
);

/** The same token always carries the same request, so duplicates are true duplicates. */
function bookingRequest(token: string, leaseId: string | null): CreateBookingRequest {
  return {
    slot: SLOT,
    leaseRef: leaseId ? { leaseId } : null,
    userInformation: { userId: `user-${token}`, givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' },
    idempotencyToken: token,
  };
}

async function setUp(spots: number, n: number): Promise<{ store: MongoStore; services: Services; dbName: string; leaseId: string }> {
  const dbName = `interleave_${process.pid}_${n}`;
  const store = await MongoStore.connect({ uri: sim.uri, dbName, serverSelectionTimeoutMS: 5000 });
  const services = createServices(store, new ManualClock(NOW), DEFAULT_POLICY);
  await services.inventory.upsertMerchant(CALLER, { merchantId: 'm1', name: 'M', timeZone: 'UTC' });
  await services.inventory.upsertService(CALLER, { merchantId: 'm1', serviceId: 's1', name: 'S' });
  await services.inventory.upsertAvailability(CALLER, { merchantId: 'm1', availability: [{ ...SLOT, spotsTotal: spots }] });
  const held = await services.leases.createLease(CALLER, { lease: { slot: SLOT, userReference: 'lease-holder' } });
  return { store, services, dbName, leaseId: held.lease!.leaseId };
}

const run = (services: Services, op: Op, leaseId: string) => {
  if (op.kind === 'lease') return services.leases.createLease(CALLER, { lease: { slot: SLOT, userReference: op.reference } });
  return services.bookings.createBooking(CALLER, bookingRequest(op.token, op.kind === 'bookViaLease' ? leaseId : null));
};

let runs = 0;
let scheduled = 0;

it('2–4 concurrent units in scheduler-chosen orders keep every invariant', async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 3 }), fc.array(opArb, { minLength: 2, maxLength: 4 }), async (s, spots, ops) => {
      const { store, services, dbName, leaseId } = await setUp(spots, ++runs);
      const db = raw.db(dbName);
      try {
        const unschedule = sim.faults.schedule(
          (c) => c.db === dbName && c.name !== 'endSessions',
          (c) => (scheduled++, s.schedule(Promise.resolve(), `${c.name}${c.collection ? ` ${c.collection}` : ''}`).then(() => undefined)),
        );
        let outcomes: Array<PromiseSettledResult<Awaited<ReturnType<typeof run>>>>;
        try {
          outcomes = await s.waitFor(Promise.allSettled(ops.map((op) => run(services, op, leaseId))));
        } finally {
          unschedule();
        }
        // Every unit ended with an answer: a success, a refusal, or a request error the contract names.
        for (const o of outcomes) {
          if (o.status === 'rejected') expect((o.reason as { code?: string }).code).toMatch(/^(NOT_FOUND|ABORTED)$/);
        }

        // Never oversold, and the counter equals a recount of the active bookings.
        const [state] = await store.reader.getSlotStates([slotKeyOf(SLOT)], NOW);
        const active = await db.collection(COLLECTIONS.bookings).find({ active: true }).toArray();
        expect(state!.bookedSpots).toBe(active.reduce((sum, b) => sum + (b.spots as number), 0));
        expect(state!.bookedSpots + state!.leasedSpots).toBeLessThanOrEqual(spots);

        // One booking per token; every success of a token answers with that booking.
        const tokens = await db.collection(COLLECTIONS.idempotency).find().toArray();
        expect(new Set(tokens.map((t) => t.token)).size).toBe(tokens.length);
        const bookings = await db.collection(COLLECTIONS.bookings).find().toArray();
        expect(bookings).toHaveLength(tokens.length);
        ops.forEach((op, i) => {
          const o = outcomes[i];
          if (op.kind === 'lease' || o.status !== 'fulfilled' || !('booking' in o.value) || !o.value.booking) return;
          const record = tokens.find((t) => t.token === op.token);
          expect(o.value.booking.bookingId).toBe(record?.bookingId);
        });

        // The held lease is consumed at most once: at most one booking came through it.
        const throughLease = bookings.filter((b) => (b.userInformation.userId as string).startsWith('user-L-'));
        expect(throughLease.length).toBeLessThanOrEqual(1);
        const [heldLease] = await store.reader.getLeases([leaseId]);
        expect(heldLease!.consumedAtSec !== null).toBe(throughLease.length === 1);
      } finally {
        await disposeTestStore(store);
      }
    }),
    { numRuns: Number(process.env.INTERLEAVING_RUNS ?? 25), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
  );
  // The runs were real interleavings: every command went through the scheduler, and units collided.
  expect(runs).toBeGreaterThanOrEqual(25);
  expect(scheduled).toBeGreaterThan(runs * 10);
  expect(sim.stats.writeConflicts).toBeGreaterThan(0);
  if (process.env.REPORT_INTERLEAVINGS) console.log({ runs, scheduled, writeConflicts: sim.stats.writeConflicts, aborted: sim.stats.abortReasons });
}, 120_000);
