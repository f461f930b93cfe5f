// Who may call what (api-contract "Access"), and the HTTP-level protections in front of it.
import { CLASS, DAY1, M, Q, S, bookingInput, seedInventory, slot } from '../support/fixtures';
import { errorOf, ok, startTestGateway, type GqlResponse, type TestGateway } from '../support/test-gateway';

const KEYS = 'widget:wk_widget_key_1,partner:pk_partner_key_1';
const WIDGET = { authorization: 'Bearer wk_widget_key_1' };
const PARTNER = { authorization: 'Bearer pk_partner_key_1' };

type Needs = 'nobody' | 'widget' | 'partner';

/** [operation, needs, document, variables] — each valid, so only access can make it fail. */
const OPERATIONS: Array<[string, Needs, string, Record<string, unknown>]> = [
  ['health', 'nobody', '{ health { status } }', {}],
  ['checkAvailability', 'widget', Q.check, { slot: slot() }],
  ['batchAvailabilityLookup', 'widget', `query($m: ID!) { batchAvailabilityLookup(merchantId: $m, slotTime: [{ serviceId: "${S}", startSec: ${DAY1} }]) { slotTimeAvailability { available } } }`, { m: M }],
  ['availableSlots', 'widget', `{ availableSlots(merchantId: "${M}", startSecFrom: ${DAY1}, startSecTo: ${DAY1 + 3600}) { countAvailable } }`, {}],
  ['merchant', 'widget', `{ merchant(merchantId: "${M}") { name } }`, {}],
  ['createLease', 'widget', Q.createLease, { input: { lease: { slot: slot({ serviceId: CLASS, durationSec: 3600 }), userReference: 'r' } } }],
  ['lease', 'widget', `{ lease(leaseId: "nope") { leaseId } }`, {}],
  ['createBooking', 'widget', Q.createBooking, { input: bookingInput({}, { serviceId: CLASS, durationSec: 3600 }) }],
  ['booking', 'widget', `{ booking(bookingId: "nope") { bookingId } }`, {}],
  ['bookingStatus', 'widget', Q.bookingStatus, { id: '__existing__' }],
  ['updateBooking', 'widget', Q.updateBooking, { input: { booking: { bookingId: '__existing__', status: 'CANCELED' } } }],
  ['bookings', 'partner', Q.bookings, { userId: 'u1' }],
  ['upsertMerchant', 'partner', Q.upsertMerchant, { input: { merchantId: 'm2', name: 'Two', timeZone: 'UTC' } }],
  ['upsertService', 'partner', Q.upsertService, { input: { merchantId: M, serviceId: 'extra', name: 'Extra' } }],
  ['upsertAvailability', 'partner', Q.upsertAvailability, { input: { merchantId: M, availability: [{ serviceId: S, startSec: DAY1 + 99 * 3600, durationSec: 1800, spotsTotal: 1 }] } }],
];

const ALLOWED: Record<string, Needs[]> = { none: ['nobody'], widget: ['nobody', 'widget'], partner: ['nobody', 'widget', 'partner'] };
const CALLERS: Array<[string, Record<string, string>]> = [
  ['none', {}],
  ['widget', WIDGET],
  ['partner', PARTNER],
];

describe('access matrix', () => {
  let gw: TestGateway;
  let existing: string;
  beforeAll(async () => {
    gw = await startTestGateway({ apiKeys: KEYS });
    await seedInventory({ ...gw, gql: (q, v, h) => gw.gql(q, v, { ...PARTNER, ...h }) });
    // Made by the widget key: its owner and every partner may read and change it (booking ownership below).
    existing = ok(await gw.gql(Q.createBooking, { input: bookingInput({}, { startSec: DAY1 + 1800 }) }, WIDGET)).createBooking.booking.bookingId;
  });
  afterAll(() => gw.stop());

  const cases = OPERATIONS.flatMap(([op, needs, doc, vars]) => CALLERS.map(([who, headers]) => [op, who, needs, doc, vars, headers] as const));

  it.each(cases)('%s as %s', async (_op, who, needs, doc, vars, headers) => {
    const variables = JSON.parse(JSON.stringify(vars).replace('__existing__', existing));
    const res: GqlResponse = await gw.gql(doc, variables, headers);
    if (ALLOWED[who].includes(needs)) {
      const codes = (res.errors ?? []).map((e) => e.extensions?.code);
      expect(codes).not.toContain('UNAUTHENTICATED');
      expect(codes).not.toContain('PERMISSION_DENIED');
      expect(res.data).toBeTruthy();
    } else {
      errorOf(res, who === 'none' ? 'UNAUTHENTICATED' : 'PERMISSION_DENIED');
    }
  });

  it('checks the role per field, also in a document mixing allowed and forbidden fields', async () => {
    const res = await gw.gql(`{ health { status } bookings(userId: "u1") { bookingId } }`, {}, WIDGET);
    expect(res.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['bookings', 'PERMISSION_DENIED']]);
    // bookings is non-null ([Booking!]!), so its refusal nulls the whole result: nothing leaks.
    expect(res.data).toBeNull();
  });

  it('an unknown key is UNAUTHENTICATED even for a key-shaped value, and a key in the wrong scheme too', async () => {
    errorOf(await gw.gql(Q.check, { slot: slot() }, { authorization: 'Bearer pk_partner_key_2' }), 'UNAUTHENTICATED');
    errorOf(await gw.gql(Q.check, { slot: slot() }, { authorization: 'Basic pk_partner_key_1' }), 'UNAUTHENTICATED');
  });
});

describe('rate limit', () => {
  it('lets a burst through, refuses the next with RESOURCE_EXHAUSTED and retryAfterSec, per key', async () => {
    const gw = await startTestGateway({ apiKeys: KEYS, security: { rateLimit: { burst: 5, perSecond: 0.01 } } });
    try {
      for (let i = 0; i < 5; i++) ok(await gw.gql('{ health { status } }', {}, WIDGET));
      const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', ...WIDGET }, body: '{"query":"{ health { status } }"}' });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await res.json()) as GqlResponse;
      expect(body.errors![0].extensions).toEqual({ code: 'RESOURCE_EXHAUSTED', retryAfterSec: Number(res.headers.get('retry-after')) });
      // Another key has its own bucket.
      ok(await gw.gql('{ health { status } }', {}, PARTNER));
    } finally {
      await gw.stop();
    }
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) =>
    fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });

  it('allows only the configured origins', async () => {
    const gw = await startTestGateway({ security: { corsOrigins: ['https://shop.example.com'] } });
    try {
      const allowed = await preflight(gw.url, 'https://shop.example.com');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
      expect((await preflight(gw.url, 'https://evil.example.net')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await gw.stop();
    }
  });

  it('in development allows pages on localhost only', async () => {
    const gw = await startTestGateway();
    try {
      expect((await preflight(gw.url, 'http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect((await preflight(gw.url, 'https://shop.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await gw.stop();
    }
  });

  it('keeps Apollo’s CSRF prevention: a simple cross-site GET is refused', async () => {
    const gw = await startTestGateway();
    try {
      const res = await fetch(`${gw.url}?query=${encodeURIComponent('{ health { status } }')}`);
      expect(res.status).toBe(400);
    } finally {
      await gw.stop();
    }
  });
});

describe('batched requests', () => {
  const batch = (url: string, n: number) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ health { status } }' }))) });

  it('are off by default', async () => {
    const gw = await startTestGateway();
    try {
      expect((await batch(gw.url, 2)).status).toBe(400);
    } finally {
      await gw.stop();
    }
  });

  it('when on, are capped at MAX_BATCH operations', async () => {
    const gw = await startTestGateway({ security: { maxBatch: 3 } });
    try {
      const under = await batch(gw.url, 3);
      expect(under.status).toBe(200);
      expect(await under.json()).toHaveLength(3);
      const over = await batch(gw.url, 4);
      expect(over.status).toBe(400);
      expect(((await over.json()) as GqlResponse).errors![0].extensions?.code).toBe('RESOURCE_EXHAUSTED');
    } finally {
      await gw.stop();
    }
  });
});

describe('size limits', () => {
  it('batchAvailabilityLookup takes 1,000 slot times and refuses 1,001', async () => {
    const gw = await startTestGateway();
    try {
      await seedInventory(gw);
      const doc = `query($t: [SlotTimeInput!]!) { batchAvailabilityLookup(merchantId: "${M}", slotTime: $t) { slotTimeAvailability { available } } }`;
      const times = (n: number) => Array.from({ length: n }, (_, i) => ({ serviceId: S, startSec: DAY1 + i, durationSec: 1800 }));
      expect(ok(await gw.gql(doc, { t: times(1000) })).batchAvailabilityLookup.slotTimeAvailability).toHaveLength(1000);
      expect(errorOf(await gw.gql(doc, { t: times(1001) }), 'INVALID_ARGUMENT').message).toContain('slotTime');
    } finally {
      await gw.stop();
    }
  });

  it('availableSlots covers up to 62 days per call', async () => {
    const gw = await startTestGateway();
    try {
      await seedInventory(gw);
      const doc = `query($t: Int64!) { availableSlots(merchantId: "${M}", startSecFrom: ${DAY1}, startSecTo: $t) { countAvailable } }`;
      ok(await gw.gql(doc, { t: DAY1 + 62 * 86400 }));
      errorOf(await gw.gql(doc, { t: DAY1 + 62 * 86400 + 1 }), 'INVALID_ARGUMENT');
    } finally {
      await gw.stop();
    }
  });

  it('a body just under BODY_LIMIT is served, one just over is 413', async () => {
    const gw = await startTestGateway({ bodyLimit: '4kb' });
    try {
      const body = (pad: number) => JSON.stringify({ query: `{ health { status } } #${'x'.repeat(pad)}` });
      const base = body(0).length;
      const under = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(4096 - base) });
      expect(under.status).toBe(200);
      const over = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(4097 - base) });
      expect(over.status).toBe(413);
    } finally {
      await gw.stop();
    }
  });
});

describe('production hardening', () => {
  it('hides field suggestions and refuses introspection when configured as in production', async () => {
    const dev = await startTestGateway();
    const prod = await startTestGateway({ introspection: false, security: { hideSuggestions: true } });
    try {
      expect(errorOf(await dev.gql('{ helth { status } }'), 'GRAPHQL_VALIDATION_FAILED').message).toContain('Did you mean');
      expect(errorOf(await prod.gql('{ helth { status } }'), 'GRAPHQL_VALIDATION_FAILED').message).not.toContain('Did you mean');
      ok(await dev.gql('{ __schema { queryType { name } } }'));
      errorOf(await prod.gql('{ __schema { queryType { name } } }'), 'GRAPHQL_VALIDATION_FAILED');
    } finally {
      await dev.stop();
      await prod.stop();
    }
  });
});

describe('booking ownership', () => {
  it('a widget key sees and changes only its own bookings; a partner key sees every booking', async () => {
    const keys = 'widget:wk_widget_key_1,widget:wk_widget_key_2,partner:pk_partner_key_1';
    const gw = await startTestGateway({ apiKeys: keys });
    const OTHER = { authorization: 'Bearer wk_widget_key_2' };
    try {
      await seedInventory({ ...gw, gql: (q, v, h) => gw.gql(q, v, { ...PARTNER, ...h }) });
      const id = ok(await gw.gql(Q.createBooking, { input: bookingInput() }, WIDGET)).createBooking.booking.bookingId;
      expect(ok(await gw.gql(Q.booking, { id }, OTHER)).booking).toBeNull();
      errorOf(await gw.gql(Q.bookingStatus, { id }, OTHER), 'NOT_FOUND');
      errorOf(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: id, status: 'CANCELED' } } }, OTHER), 'NOT_FOUND');
      expect(ok(await gw.gql(Q.booking, { id }, WIDGET)).booking.status).toBe('CONFIRMED');
      expect(ok(await gw.gql(Q.bookingStatus, { id }, PARTNER)).bookingStatus.bookingStatus).toBe('CONFIRMED');
      expect(ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: id, status: 'CANCELED' } } }, PARTNER)).updateBooking.booking.status).toBe('CANCELED');
    } finally {
      await gw.stop();
    }
  });
});
