// Webhooks end to end (api-contract "Events"): a receiver on 127.0.0.1, subscriptions made over
// GraphQL, signatures checked with an independent HMAC (node:crypto, not the package that signs),
// retries with the same webhook-id and body, timeouts, FAILED at the end of the schedule, order per
// booking, and who may subscribe to what. The retry schedule is shortened (WEBHOOK_RETRY_SCHEDULE's
// setting); the real one is unit-tested in test/webhooks/retry-schedule.test.ts.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ASYNC, Q, bookingInput, seedInventory, slot } from '../support/fixtures';
import { LAPSED_REASON } from '../../src/services/merchant/booking-decisions.service';
import { MQ } from '../support/merchant-fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';
import { startWebhookReceiver, type Answer, type ReceivedWebhook, type WebhookReceiver } from '../support/webhook-receiver';

const KEYS = 'partner:pk-a-key1,partner:pk-b-key1,widget:wk-key-01,merchant:m1:mk-1-key1,merchant:other:mk-2-key1';
const A = { authorization: 'Bearer pk-a-key1' };
const B = { authorization: 'Bearer pk-b-key1' };
const SCHEDULE = [0.1, 0.2, 0.3];

const CREATE = `mutation($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) { secret webhookSubscription { id url eventTypes merchantIds createdAtSec } } }`;
const DELETE = `mutation($id: ID!) { deleteWebhookSubscription(input: { id: $id }) { id deleted } }`;
const LIST = `{ webhookSubscriptions { id url eventTypes merchantIds } }`;
const DELIVERIES = `query($id: ID!, $first: Int, $after: String) { webhookDeliveries(subscriptionId: $id, first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { cursor node { eventId type attempts status lastAttemptAtSec lastResponseStatus lastError nextAttemptAtSec } } } }`;

/** Standard Webhooks' signature, computed here without the package the gateway signs with. */
function verify(secret: string, w: ReceivedWebhook): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${w.id}.${w.timestamp}.${w.body}`).digest();
  return w.signature.split(' ').some((part) => {
    const [version, value] = part.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

let gw: TestGateway;
let receivers: WebhookReceiver[] = [];
async function receiver(answer?: (n: number, body: string) => Answer) {
  const r = await startWebhookReceiver(answer);
  receivers.push(r);
  return r;
}

async function subscribe(url: string, eventTypes: string[], headers = A, merchantIds?: string[]) {
  return ok(await gw.gql(CREATE, { input: { url, eventTypes, ...(merchantIds && { merchantIds }) } }, headers)).createWebhookSubscription as {
    secret: string;
    webhookSubscription: { id: string; url: string; eventTypes: string[]; merchantIds: string[] | null };
  };
}

async function deliveries(id: string, headers = A) {
  return ok(await gw.gql(DELIVERIES, { id }, headers)).webhookDeliveries.edges.map((e: { node: unknown }) => e.node);
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function bookOne(startOffset = 0, headers = A) {
  const res = ok(await gw.gql(Q.createBooking, { input: bookingInput({}, { startSec: slot().startSec + startOffset }) }, headers)).createBooking;
  expect(res.booking).not.toBeNull();
  return res.booking.bookingId as string;
}

beforeEach(async () => {
  gw = await startTestGateway({ apiKeys: KEYS, events: { allowPrivate: true, retrySchedule: SCHEDULE, timeoutMs: 400, pollMs: 50 } });
  const send = gw.gql;
  gw.gql = (query, variables, headers = A) => send(query, variables, headers); // partner A unless told
  await seedInventory(gw);
  for (const q of [Q.upsertMerchant]) ok(await gw.gql(q, { input: { merchantId: 'other', name: 'Other', timeZone: 'UTC' } }, A));
});
afterEach(async () => {
  await gw.stop();
  for (const r of receivers) await r.stop();
  receivers = [];
});

it('delivers a signed booking.created: Standard Webhooks headers, { type, timestamp, data }, recorded as DELIVERED', async () => {
  const r = await receiver();
  const { secret, webhookSubscription: sub } = await subscribe(r.url, ['booking.created']);
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  expect(sub).toEqual({ id: expect.any(String), url: r.url, eventTypes: ['booking.created'], merchantIds: null, createdAtSec: expect.any(Number) });

  const bookingId = await bookOne();
  const [hook] = await r.waitFor(1);
  expect(verify(secret, hook)).toBe(true);
  expect(verify(secret.slice(0, -4) + 'AAA=', hook)).toBe(false); // the check itself can fail
  expect(Math.abs(Number(hook.timestamp) - Date.now() / 1000)).toBeLessThan(30);
  const body = JSON.parse(hook.body);
  expect(body).toEqual({ type: 'booking.created', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), data: expect.objectContaining({ sequence: 1 }) });
  expect(body.data.booking).toMatchObject({ bookingId, status: 'CONFIRMED', slot: { merchantId: 'm1', serviceId: 'cut' }, userInformation: { userId: 'u1' } });
  expect(body.data.booking).not.toHaveProperty('callerId');

  const [d] = await eventually(() => deliveries(sub.id), (ds) => ds[0]?.status === 'DELIVERED');
  expect(d).toEqual({ eventId: hook.id, type: 'booking.created', attempts: 1, status: 'DELIVERED', lastAttemptAtSec: expect.any(Number), lastResponseStatus: 204, lastError: null, nextAttemptAtSec: null });
  // Only the types asked for: the slot change of that booking was not sent.
  await new Promise((res) => setTimeout(res, 300));
  expect(r.received).toHaveLength(1);
});

it('retries failures (500, dropped connection, a receiver that hangs past the timeout) with the same id and body', async () => {
  const plan: Answer[] = [500, 'drop', 'hang', 200];
  const r = await receiver((n) => plan[n - 1] ?? 200);
  const { secret, webhookSubscription: sub } = await subscribe(r.url, ['booking.created']);
  await bookOne();
  const hooks = await r.waitFor(4, 15_000);
  expect(hooks.map((h) => h.answered)).toEqual(plan);
  expect(new Set(hooks.map((h) => h.id)).size).toBe(1);
  expect(new Set(hooks.map((h) => h.body)).size).toBe(1);
  for (const h of hooks) expect(verify(secret, h)).toBe(true);
  // Each wait is at least the schedule's (plus, for the hang, the 400 ms timeout).
  const gaps = hooks.slice(1).map((h, i) => h.at - hooks[i].at);
  expect(gaps[0]).toBeGreaterThanOrEqual(SCHEDULE[0] * 1000 - 5);
  expect(gaps[1]).toBeGreaterThanOrEqual(SCHEDULE[1] * 1000 - 5);
  expect(gaps[2]).toBeGreaterThanOrEqual(400 + SCHEDULE[2] * 1000 - 5);
  const [d] = await eventually(() => deliveries(sub.id), (ds) => ds[0]?.status === 'DELIVERED');
  expect(d).toMatchObject({ attempts: 4, status: 'DELIVERED', lastResponseStatus: 200, lastError: null, nextAttemptAtSec: null });
});

it('marks a delivery FAILED when the schedule runs out, with what went wrong', async () => {
  const r = await receiver(() => 503);
  const { webhookSubscription: sub } = await subscribe(r.url, ['booking.created']);
  await bookOne();
  await r.waitFor(SCHEDULE.length + 1);
  const [d] = await eventually(() => deliveries(sub.id), (ds) => ds[0]?.status === 'FAILED');
  expect(d).toMatchObject({ attempts: SCHEDULE.length + 1, status: 'FAILED', lastResponseStatus: 503, lastError: 'HTTP 503', nextAttemptAtSec: null });
  await new Promise((res) => setTimeout(res, 600));
  expect(r.received).toHaveLength(SCHEDULE.length + 1);
});

it("keeps a booking's events in order: cancelled waits until created is through its retries", async () => {
  const r = await receiver((n) => (n <= 2 ? 500 : 204));
  const { webhookSubscription: sub } = await subscribe(r.url, ['booking.created', 'booking.cancelled']);
  const bookingId = await bookOne();
  ok(await gw.gql(MQ.cancel, { id: bookingId }, A));
  const hooks = await r.waitFor(4);
  expect(hooks.map((h) => JSON.parse(h.body).type)).toEqual(['booking.created', 'booking.created', 'booking.created', 'booking.cancelled']);
  expect(JSON.parse(hooks[3].body).data).toMatchObject({ sequence: 2, booking: { bookingId, status: 'CANCELED' } });
  const ds = await eventually(() => deliveries(sub.id), (x) => x.length === 2 && x.every((d: { status: string }) => d.status === 'DELIVERED'));
  expect(ds.map((d: { type: string }) => d.type)).toEqual(['booking.created', 'booking.cancelled']);
});

it('slot.availability_changed carries the new count; a merchant key receives only its merchants', async () => {
  const mine = await receiver();
  const partners = await receiver();
  const { webhookSubscription: sub } = await subscribe(mine.url, ['slot.availability_changed'], { authorization: 'Bearer mk-2-key1' });
  expect(sub.merchantIds).toEqual(['other']);
  await subscribe(partners.url, ['slot.availability_changed'], A, ['m1']);
  await bookOne();
  const [hook] = await partners.waitFor(1);
  expect(JSON.parse(hook.body)).toMatchObject({ type: 'slot.availability_changed', data: { slot: { merchantId: 'm1', serviceId: 'cut', startSec: slot().startSec }, countAvailable: 0, previousCountAvailable: 1, spotsTotal: 1 } });
  await new Promise((res) => setTimeout(res, 300));
  expect(mine.received).toHaveLength(0);
});

it('a pending booking not confirmed in time is recorded as declined, with its booking.declined event', async () => {
  ok(await gw.gql(Q.upsertService, { input: { merchantId: 'm1', serviceId: ASYNC, name: 'Consultation', pendingConfirmationTimeoutSec: 3600 } }));
  const r = await receiver();
  await subscribe(r.url, ['booking.declined']);
  const made = ok(await gw.gql(Q.createBooking, { input: bookingInput({}, { serviceId: ASYNC, durationSec: 2700 }) })).createBooking.booking;
  expect(made.status).toBe('PENDING_MERCHANT_CONFIRMATION');
  expect(await gw.gateway.services.decisions.recordLapsedPending()).toBe(0); // not yet due
  gw.clock.advance(3600);
  expect(await gw.gateway.services.decisions.recordLapsedPending()).toBe(1);
  expect(await gw.gateway.services.decisions.recordLapsedPending()).toBe(0); // once
  const [hook] = await r.waitFor(1);
  expect(JSON.parse(hook.body)).toMatchObject({ type: 'booking.declined', data: { booking: { bookingId: made.bookingId, status: 'DECLINED_BY_MERCHANT', declineReason: LAPSED_REASON } } });
  const seen = ok(await gw.gql(MQ.booking, { id: made.bookingId })).booking;
  expect(seen).toMatchObject({ status: 'DECLINED_BY_MERCHANT', declineReason: LAPSED_REASON });
  await new Promise((res) => setTimeout(res, 200));
  expect(r.received).toHaveLength(1);
});

describe('managing subscriptions', () => {
  it('lists only the caller’s own; another key’s is not found; delete removes it and its deliveries', async () => {
    const r = await receiver();
    const a = await subscribe(r.url, ['booking.created']);
    await subscribe(r.url, ['booking.cancelled'], B);
    expect(ok(await gw.gql(LIST, {}, A)).webhookSubscriptions.map((s: { id: string }) => s.id)).toEqual([a.webhookSubscription.id]);
    errorOf(await gw.gql(DELIVERIES, { id: a.webhookSubscription.id }, B), 'NOT_FOUND');
    errorOf(await gw.gql(DELETE, { id: a.webhookSubscription.id }, B), 'NOT_FOUND');
    await bookOne();
    await r.waitFor(1);
    expect(ok(await gw.gql(DELETE, { id: a.webhookSubscription.id }, A)).deleteWebhookSubscription).toEqual({ id: a.webhookSubscription.id, deleted: true });
    expect(ok(await gw.gql(LIST, {}, A)).webhookSubscriptions).toEqual([]);
    errorOf(await gw.gql(DELIVERIES, { id: a.webhookSubscription.id }, A), 'NOT_FOUND');
  });

  it('refuses bad input naming the field, widget keys, and other merchants for merchant keys', async () => {
    const url = 'https://hooks.example.com/x';
    expect(errorOf(await gw.gql(CREATE, { input: { url, eventTypes: ['booking.created', 'booking.exploded'] } }, A), 'INVALID_ARGUMENT').extensions).toMatchObject({ field: 'input.eventTypes[1]' });
    expect(errorOf(await gw.gql(CREATE, { input: { url, eventTypes: [] } }, A), 'INVALID_ARGUMENT').extensions).toMatchObject({ field: 'input.eventTypes' });
    expect(errorOf(await gw.gql(CREATE, { input: { url: 'ftp://x.example.com/', eventTypes: ['booking.created'] } }, A), 'INVALID_ARGUMENT').extensions).toMatchObject({ field: 'input.url' });
    expect(errorOf(await gw.gql(CREATE, { input: { url: 'not a url', eventTypes: ['booking.created'] } }, A), 'INVALID_ARGUMENT').extensions).toMatchObject({ field: 'input.url' });
    errorOf(await gw.gql(CREATE, { input: { url, eventTypes: ['booking.created'] } }, { authorization: 'Bearer wk-key-01' }), 'PERMISSION_DENIED');
    expect(errorOf(await gw.gql(CREATE, { input: { url, eventTypes: ['booking.created'], merchantIds: ['m1'] } }, { authorization: 'Bearer mk-2-key1' }), 'PERMISSION_DENIED').extensions).toMatchObject({ field: 'input.merchantIds[0]' });
    errorOf(await gw.gql(LIST, {}, { authorization: 'Bearer wk-key-01' }), 'PERMISSION_DENIED');
    expect(ok(await gw.gql(LIST, {}, A)).webhookSubscriptions).toEqual([]);
  });

  it('the secret is shown once: no query returns it', async () => {
    const r = await receiver();
    const { secret } = await subscribe(r.url, ['booking.created']);
    const listed = await gw.gql('{ webhookSubscriptions { id secret } }', {}, A);
    expect(listed.errors?.[0]?.message).toMatch(/Cannot query field "secret"/);
    expect(JSON.stringify(ok(await gw.gql(LIST, {}, A)))).not.toContain(secret.slice(6));
  });
});

it('without WEBHOOK_ALLOW_PRIVATE, loopback, private and link-local targets are refused (checked, never contacted)', async () => {
  const strict = await startTestGateway({ apiKeys: KEYS });
  try {
    for (const url of ['http://127.0.0.1:9/hooks', 'http://[::1]:9/', 'http://10.1.2.3/', 'http://169.254.169.254/latest', 'http://localhost:9/']) {
      const error = errorOf(await strict.gql(CREATE, { input: { url, eventTypes: ['booking.created'] } }, A), 'INVALID_ARGUMENT');
      expect(error.extensions).toMatchObject({ field: 'input.url' });
      expect(error.message).toMatch(/loopback|private|link-local/);
    }
  } finally {
    await strict.stop();
  }
});
