// Store commands (round trips to MongoDB) per booking operation, counted with the driver's own
// command monitoring, so the count is the same against a real server and against the simulator.
// Each operation runs once through the real services on the real adapter; monitoring commands
// (hello, ping, endSessions) are not counted.
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import type { Caller } from '../src/domain/caller';
import { ManualClock } from '../src/domain/clock';
import { createServices } from '../src/services';
import type { CreateBookingRequest } from '../src/services/inputs';
import { DEFAULT_POLICY } from '../src/services/policy';
import { MongoStore, ensureSchema } from '../src/store/mongodb/mongo.store';
import { measuredRow, type Check, type ScenarioRow } from './scenarios';

const IGNORED = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'buildInfo', 'getParameter']);
const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);
const NOW = 1_893_456_000;
const CALLER: Caller = { id: 'bench', role: 'partner', merchantIds: null };

export interface RoundTrips {
  operation: string;
  commands: number;
  writes: number;
  byName: Record<string, number>;
}

/** Each operation without events, then again with the outbox on (EVENTS=true, the default), on a fresh database each. */
export async function measureRoundTrips(uri: string, dbName: string): Promise<RoundTrips[]> {
  return [...(await measureOnce(uri, dbName, false)), ...(await measureOnce(uri, `${dbName}_outbox`, true))];
}

async function measureOnce(uri: string, dbName: string, outbox: boolean): Promise<RoundTrips[]> {
  const client = new MongoClient(uri, { monitorCommands: true, serverSelectionTimeoutMS: 5000 });
  let counting: Record<string, number> | null = null;
  client.on('commandStarted', (e: CommandStartedEvent) => {
    if (counting && !IGNORED.has(e.commandName)) counting[e.commandName] = (counting[e.commandName] ?? 0) + 1;
  });
  await client.connect();
  const db = client.db(dbName);
  try {
    await ensureSchema(db);
    const wiring = { outbox, targets: { assertAllowed: async () => undefined }, secrets: null };
    const services = createServices(MongoStore.fromClient(client, dbName), new ManualClock(NOW), DEFAULT_POLICY, wiring);
    const slot = (startSec: number) => ({ merchantId: 'm', serviceId: 's', startSec, durationSec: 3600 });
    await services.inventory.upsertMerchant(CALLER, { merchantId: 'm', name: 'M', timeZone: 'UTC' });
    await services.inventory.upsertService(CALLER, { merchantId: 'm', serviceId: 's', name: 'S' });
    await services.inventory.upsertAvailability(CALLER, {
      merchantId: 'm',
      availability: [NOW + 86_400, NOW + 2 * 86_400, NOW + 3 * 86_400].map((startSec, i) => ({ ...slot(startSec), spotsTotal: i === 2 ? 1 : 5 })),
    });
    const request = (userId: string, token: string, startSec = NOW + 86_400): CreateBookingRequest => ({
      slot: slot(startSec),
      userInformation: { userId, givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' },
      idempotencyToken: token,
    });
    const measured: RoundTrips[] = [];
    const measure = async (operation: string, run: () => Promise<unknown>) => {
      counting = {};
      await run();
      const byName = counting;
      counting = null;
      const commands = Object.values(byName).reduce((a, b) => a + b, 0);
      const writes = Object.entries(byName).reduce((n, [name, c]) => (WRITES.has(name) ? n + c : n), 0);
      measured.push({ operation: outbox ? `${operation}, outbox on` : operation, commands, writes, byName });
    };
    let bookingId = '';
    await services.bookings.createBooking(CALLER, request('filler', 'fill', NOW + 3 * 86_400)); // fills the 1-spot slot
    await measure('createBooking', async () => {
      bookingId = (await services.bookings.createBooking(CALLER, request('u1', 't1'))).booking!.bookingId;
    });
    await measure('createBooking replay (same token)', () => services.bookings.createBooking(CALLER, request('u1', 't1')));
    await measure('createBooking refused (full slot)', () => services.bookings.createBooking(CALLER, request('u2', 't2', NOW + 3 * 86_400)));
    await measure('createLease', () => services.leases.createLease(CALLER, { lease: { slot: slot(NOW + 86_400), userReference: 'r1' } }));
    await measure('reschedule', () => services.bookingUpdates.updateBooking(CALLER, { booking: { bookingId, slot: slot(NOW + 2 * 86_400) } }));
    await measure('cancel', () => services.bookingUpdates.updateBooking(CALLER, { booking: { bookingId, status: 'CANCELED' as never } }));
    return measured;
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

/** The measurement as a bench row, and the check that a refusal writes nothing. */
export function roundTripRow(measured: RoundTrips[], target: string, checks: Check[]): ScenarioRow {
  const refusals = measured.filter((m) => m.operation.includes('refused'));
  const silent = refusals.length === 2 && refusals.every((r) => r.writes === 0);
  checks.push({
    name: 'a refusal on a full slot writes nothing, with the outbox on or off (MongoDB)',
    ok: silent,
    detail: refusals.length ? refusals.map((r) => `${r.operation}: ${r.writes} write commands in ${r.commands}`).join('; ') : 'not measured',
  });
  return measuredRow({
    id: 'mongodb-round-trips',
    scenario: `store commands per operation (${target})`,
    target: 'a refusal writes nothing',
    met: refusals.length ? silent : null,
    result: measured.map((m) => `${m.operation}: ${m.commands} (${m.writes} writes)`).join('; '),
    details: Object.fromEntries(measured.map((m) => [m.operation, m.byName])),
  });
}
