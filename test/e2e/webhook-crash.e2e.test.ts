// Events survive kill -9 (api-contract "Events"): the real src/main.ts on SQLite in a child process,
// killed with SIGKILL while its webhooks are committed but not delivered — some not yet fanned out,
// some in flight to a receiver that hangs. After a restart on the same DATA_DIR every committed
// booking's event arrives (at least once, with the id and body it had before the kill), and no
// event arrives for anything that was not acknowledged as committed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChildGateway, type ChildGateway } from '../support/child-gateway';
import { startWebhookReceiver, type Answer } from '../support/webhook-receiver';

const START = Math.floor(Date.now() / 1000) + 2 * 86_400;
const BOOKINGS = 12;

const env = (dataDir: string) => ({
  STORE: 'sqlite',
  DATA_DIR: dataDir,
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_SCHEDULE: '0.2,0.2,0.2,0.2,0.2,0.2,0.2,0.2,0.2,0.2',
  WEBHOOK_TIMEOUT_MS: '800',
  WEBHOOK_POLL_MS: '50',
});

const BOOK = `mutation($i: CreateBookingInput!) { createBooking(input: $i) { booking { bookingId } bookingFailure { cause } } }`;

async function ok(gw: ChildGateway, query: string, variables?: Record<string, unknown>) {
  const res = await gw.gql(query, variables);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gateway-webhook-crash-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('kill -9 between commit and delivery, and during delivery: after restart every committed event is delivered, same id and body', async () => {
  let mode: 'hang' | 'ok' = 'hang';
  const receiver = await startWebhookReceiver((): Answer => (mode === 'hang' ? 'hang' : 204));
  let gw = await startChildGateway({ env: env(dir) });
  try {
    await ok(gw, 'mutation { upsertMerchant(input: {merchantId: "m", name: "M", timeZone: "UTC"}) { merchantId } }');
    await ok(gw, 'mutation { upsertService(input: {merchantId: "m", serviceId: "s", name: "S"}) { serviceId } }');
    await ok(gw, 'mutation($s: Int64!) { upsertAvailability(input: {merchantId: "m", availability: [{serviceId: "s", startSec: $s, durationSec: 1800, spotsTotal: 100}]}) { upsertedCount } }', { s: START });
    const sub = await ok(gw, `mutation($u: String!) { createWebhookSubscription(input: { url: $u, eventTypes: ["booking.created"] }) { webhookSubscription { id } } }`, { u: receiver.url });
    expect(sub.createWebhookSubscription.webhookSubscription.id).toEqual(expect.any(String));

    // Concurrent bookings; the receiver hangs on every request, so deliveries are in flight at the kill.
    const made = await Promise.all(
      Array.from({ length: BOOKINGS }, (_, i) =>
        ok(gw, BOOK, { i: { slot: { merchantId: 'm', serviceId: 's', startSec: START, durationSec: 1800 }, userInformation: { userId: `u${i}`, givenName: 'A', familyName: 'B', telephone: '+41 44 000 00 00', email: 'a@example.com' }, idempotencyToken: `t${i}` } }),
      ),
    );
    const committed = new Set(made.map((d) => d.createBooking.booking.bookingId as string));
    expect(committed.size).toBe(BOOKINGS);
    await receiver.waitFor(1); // at least one delivery is in flight, hanging
    gw.kill('SIGKILL');
    await gw.exited;
    const beforeKill = receiver.received.map((h) => ({ id: h.id, body: h.body }));
    expect(beforeKill.length).toBeGreaterThanOrEqual(1);

    mode = 'ok';
    gw = await startChildGateway({ env: env(dir) });
    // The dead process's claims expire (2 × timeout + 1 s), then the new one delivers everything.
    const seen = new Map<string, string>();
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      for (const h of receiver.received.filter((x) => x.answered === 204)) seen.set(JSON.parse(h.body).data.booking.bookingId, h.id);
      if (seen.size >= BOOKINGS) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(new Set(seen.keys())).toEqual(committed);
    // An event sent before the kill is sent again with the same id and the same body.
    const delivered = receiver.received.filter((h) => h.answered === 204);
    for (const early of beforeKill) {
      const again = delivered.find((h) => h.id === early.id);
      expect(again?.body).toBe(early.body);
    }
    // One id per booking: duplicates (at least once) repeat an id, never invent one.
    expect(new Set(delivered.map((h) => h.id)).size).toBe(BOOKINGS);
  } finally {
    gw.kill('SIGKILL');
    await receiver.stop();
  }
}, 60_000);
