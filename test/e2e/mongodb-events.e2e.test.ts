// Two gateway processes (the real src/main.ts) on one MongoDB — a real server when MONGODB_URI gives
// one, else the replica-set simulator: each webhook event is delivered by one of them, once, in the
// normal case; a GraphQL subscriber on process A sees a booking made through process B; and a process
// killed mid-delivery leaves the delivery to the other, once its claim has expired.
import { createClient } from 'graphql-ws';
import { MongoClient } from 'mongodb';
import WebSocket from 'ws';
import { startChildGateway, type ChildGateway } from '../support/child-gateway';
import { MONGODB_TEST_URI, freshDatabaseName } from '../support/mongodb-test-store';
import { startWebhookReceiver } from '../support/webhook-receiver';

const START = Math.floor(Date.now() / 1000) + 2 * 86_400;
const BOOKINGS = 30;
const BOOK = `mutation($i: CreateBookingInput!) { createBooking(input: $i) { booking { bookingId } bookingFailure { cause } } }`;

async function ok(gw: ChildGateway, query: string, variables?: Record<string, unknown>) {
  const res = await gw.gql(query, variables);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

function environment(db: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    STORE: 'mongodb',
    MONGODB_URI: MONGODB_TEST_URI!,
    MONGODB_DB: db,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    // One key for both: a secret sealed by one process is opened by the other.
    WEBHOOK_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
    WEBHOOK_POLL_MS: '50',
    ...extra,
  };
}

async function seed(gw: ChildGateway): Promise<void> {
  await ok(gw, 'mutation { upsertMerchant(input: {merchantId: "m", name: "M", timeZone: "UTC"}) { merchantId } }');
  await ok(gw, 'mutation { upsertService(input: {merchantId: "m", serviceId: "s", name: "S"}) { serviceId } }');
  await ok(gw, 'mutation($s: Int64!) { upsertAvailability(input: {merchantId: "m", availability: [{serviceId: "s", startSec: $s, durationSec: 1800, spotsTotal: 100}]}) { upsertedCount } }', { s: START });
}

async function dropDatabase(db: string): Promise<void> {
  const client = await MongoClient.connect(MONGODB_TEST_URI!);
  await client.db(db).dropDatabase().catch(() => undefined);
  await client.close();
}

const book = (gw: ChildGateway, i: number) =>
  ok(gw, BOOK, { i: { slot: { merchantId: 'm', serviceId: 's', startSec: START, durationSec: 1800 }, userInformation: { userId: `u${i}`, givenName: 'A', familyName: 'B', telephone: '+41 44 000 00 00', email: 'a@example.com' }, idempotencyToken: `t${i}` } });

it('two processes: every webhook event delivered once; a subscriber on A sees a booking made through B', async () => {
  if (!MONGODB_TEST_URI) throw new Error('the MongoDB suites need MONGODB_TEST_URI (set by test/support/mongodb-global-setup.ts)');
  const db = freshDatabaseName('events2p');
  const env = environment(db);
  const receiver = await startWebhookReceiver(() => 204);
  const a = await startChildGateway({ env });
  const b = await startChildGateway({ env });
  const ws = createClient({ url: a.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  try {
    await seed(a);
    await ok(b, `mutation($u: String!) { createWebhookSubscription(input: { url: $u, eventTypes: ["booking.created"] }) { webhookSubscription { id } } }`, { u: receiver.url });

    const seen: number[] = [];
    ws.subscribe<{ slotAvailabilityChanged: { countAvailable: number } }>(
      { query: 'subscription { slotAvailabilityChanged(merchantId: "m") { countAvailable } }' },
      { next: (r) => r.data && seen.push(r.data.slotAvailabilityChanged.countAvailable), error: () => undefined, complete: () => undefined },
    );
    await new Promise((r) => setTimeout(r, 300));
    await book(b, 0); // through B, seen on A
    const until = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    expect(seen[0]).toBe(99);

    const made = await Promise.all(Array.from({ length: BOOKINGS - 1 }, (_, i) => book(i % 2 ? a : b, i + 1)));
    const ids = new Set([...made.map((d) => d.createBooking.booking.bookingId as string)]);
    expect(ids.size).toBe(BOOKINGS - 1);
    await receiver.waitFor(BOOKINGS, 20_000);
    await new Promise((r) => setTimeout(r, 1000)); // time for a duplicate, were there one
    expect(receiver.received).toHaveLength(BOOKINGS);
    expect(new Set(receiver.received.map((h) => h.id)).size).toBe(BOOKINGS);
    const delivered = new Set(receiver.received.map((h) => JSON.parse(h.body).data.booking.bookingId as string));
    for (const id of ids) expect(delivered.has(id)).toBe(true);
  } finally {
    await ws.dispose();
    a.kill('SIGKILL');
    b.kill('SIGKILL');
    await receiver.stop();
    await dropDatabase(db);
  }
}, 60_000);

it('a process killed mid-delivery leaves the delivery to another process: delivered, same id and body', async () => {
  if (!MONGODB_TEST_URI) throw new Error('the MongoDB suites need MONGODB_TEST_URI (set by test/support/mongodb-global-setup.ts)');
  const db = freshDatabaseName('events2k');
  const env = environment(db, { WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_RETRY_SCHEDULE: '0.1,0.1,0.1,0.1,0.1' });
  let hang = true;
  const receiver = await startWebhookReceiver(() => (hang ? 'hang' : 204));
  const a = await startChildGateway({ env });
  let b: ChildGateway | null = null;
  try {
    await seed(a);
    await ok(a, `mutation($u: String!) { createWebhookSubscription(input: { url: $u, eventTypes: ["booking.created"] }) { webhookSubscription { id } } }`, { u: receiver.url });
    const bookingId = (await book(a, 0)).createBooking.booking.bookingId as string;
    const [inFlight] = await receiver.waitFor(1); // A is attempting it, and the receiver does not answer
    a.kill('SIGKILL');
    await a.exited;
    hang = false;
    b = await startChildGateway({ env }); // B never saw the event before: it takes A's claim over
    const hooks = await receiver.waitFor(2, 20_000);
    const delivered = hooks.filter((h) => h.answered === 204);
    expect(delivered).toHaveLength(1);
    expect(delivered[0].id).toBe(inFlight.id);
    expect(delivered[0].body).toBe(inFlight.body);
    expect(JSON.parse(delivered[0].body).data.booking.bookingId).toBe(bookingId);
    const status = await ok(b, `{ webhookSubscriptions { id } }`);
    const [sub] = status.webhookSubscriptions;
    const until = Date.now() + 5000;
    let node: { status: string; attempts: number } | undefined;
    while (Date.now() < until) {
      node = (await ok(b, 'query($id: ID!) { webhookDeliveries(subscriptionId: $id) { edges { node { status attempts } } } }', { id: sub.id })).webhookDeliveries.edges[0]?.node;
      if (node?.status === 'DELIVERED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(node).toEqual({ status: 'DELIVERED', attempts: 1 }); // A's attempt never got recorded: it died
  } finally {
    a.kill('SIGKILL');
    b?.kill('SIGKILL');
    await receiver.stop();
    await dropDatabase(db);
  }
}, 60_000);
