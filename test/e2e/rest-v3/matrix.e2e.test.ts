// Every row of the per-RPC matrix (spec §5.3) that applies to this server, the transport rules
// (§1.2: Basic auth, JSON, paths with and without a trailing slash, 404 for unknown paths), and the
// proto3 JSON mapping (api-contract "The Google Booking Server face").
import { ASYNC, CLASS, DAY1, HOUR, M, Q, S, seedInventory } from '../../support/fixtures';
import { MQ } from '../../support/merchant-fixtures';
import { basic, rest, rpc } from '../../support/rest-client';
import { T0, ok, startTestGateway, type TestGateway } from '../../support/test-gateway';

const GOOGLE = basic('google', 'google-test-pass-1');
const OTHER = basic('tester', 'tester-pass-2');
const PARTNER = { authorization: 'Bearer pk_partner_key_1' };
const user = (userId = 'u1') => ({ user_id: userId, given_name: 'Ada', family_name: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' });
const slot = (over: Record<string, unknown> = {}) => ({ merchant_id: M, service_id: CLASS, start_sec: String(DAY1), duration_sec: '3600', ...over });
let tokens = 0;
const booking = (over: Record<string, unknown> = {}) => ({ slot: slot(), user_information: user(), idempotency_token: `matrix-${++tokens}`, ...over });

let gw: TestGateway;
const call = (name: string, body: unknown, headers = GOOGLE) => rpc(gw, name, body, headers);
const errorOf = (res: { status: number; body: any }, status: number, code: string) => {
  expect({ status: res.status, code: res.body?.error?.status, httpInBody: res.body?.error?.code }).toEqual({ status, code, httpInBody: status });
  return res.body.error.message as string;
};

beforeEach(async () => {
  gw = await startTestGateway({ apiKeys: 'partner:pk_partner_key_1', bookingServerCredentials: 'google:google-test-pass-1,tester:tester-pass-2' });
  await seedInventory({ ...gw, gql: (q, v, h) => gw.gql(q, v, { ...PARTNER, ...h }) });
});
afterEach(() => gw.stop());

describe('transport', () => {
  it('401 with WWW-Authenticate: Basic for missing, wrong or non-Basic credentials, on every path', async () => {
    for (const headers of [{}, basic('google', 'wrong-password'), basic('nobody', 'google-test-pass-1'), PARTNER]) {
      for (const [method, path] of [['GET', '/v3/HealthCheck'], ['POST', '/v3/CreateBooking'], ['GET', `/v3/feeds/availability?merchant_id=${M}`], ['POST', '/v3/NoSuchRpc']] as const) {
        const res = await rest(gw, method, path, method === 'POST' ? booking() : undefined, headers);
        errorOf(res, 401, 'UNAUTHENTICATED');
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
      }
    }
    expect((await rpc(gw, 'CheckAvailability', { slot: slot() }, {})).status).toBe(401);
  });

  it('serves every RPC with and without a trailing slash; unknown paths are 404, other methods 405', async () => {
    for (const path of ['/v3/HealthCheck', '/v3/HealthCheck/']) expect((await rest(gw, 'GET', path, undefined, GOOGLE)).status).toBe(200);
    for (const name of ['CheckAvailability', 'CheckAvailability/']) expect((await call(name, { slot: slot() })).body.count_available).toBe(5);
    errorOf(await call('NoSuchRpc', {}), 404, 'NOT_FOUND');
    errorOf(await rest(gw, 'GET', '/v3/feeds/other', undefined, GOOGLE), 404, 'NOT_FOUND');
    errorOf(await rest(gw, 'GET', '/v3', undefined, GOOGLE), 404, 'NOT_FOUND');
    const wrongMethod = await rest(gw, 'GET', '/v3/CreateBooking', undefined, GOOGLE);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await rest(gw, 'POST', '/v3/HealthCheck', {}, GOOGLE)).status).toBe(405);
  });

  it('bodies: malformed JSON is 400, another media type 415, an oversized body 413, never a 5xx', async () => {
    errorOf(await rest(gw, 'POST', '/v3/CreateBooking', '{"slot": ', GOOGLE), 400, 'INVALID_ARGUMENT');
    errorOf(await rest(gw, 'POST', '/v3/CreateBooking', 'slot=1', { ...GOOGLE, 'content-type': 'application/x-www-form-urlencoded' }), 415, 'INVALID_ARGUMENT');
    errorOf(await rest(gw, 'POST', '/v3/CreateBooking', JSON.stringify({ pad: 'x'.repeat(1_100_000) }), GOOGLE), 413, 'RESOURCE_EXHAUSTED');
    errorOf(await rest(gw, 'POST', '/v3/CreateBooking', '[]', GOOGLE), 400, 'INVALID_ARGUMENT');
    errorOf(await rest(gw, 'POST', '/v3/GetBookingStatus', '"just a string"', GOOGLE), 400, 'INVALID_ARGUMENT');
  });
});

describe('proto3 JSON', () => {
  it('accepts lowerCamelCase names and int64 as numbers; answers with proto names and int64 as strings', async () => {
    const res = await call('CreateBooking', { slot: { merchantId: M, serviceId: CLASS, startSec: DAY1, durationSec: 3600 }, userInformation: { userId: 'u1', givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' }, idempotencyToken: 'camel' });
    expect(res.body.booking.slot).toEqual({ merchant_id: M, service_id: CLASS, start_sec: String(DAY1), duration_sec: '3600', availability_tag: 'evening', confirmation_mode: 'CONFIRMATION_MODE_UNSPECIFIED' });
    expect(res.body.booking.user_information.user_id).toBe('u1');
  });

  it('"1800" and 1800 are the same request for idempotency', async () => {
    const a = await call('CreateBooking', booking({ idempotency_token: 'same', slot: slot({ duration_sec: '3600' }) }));
    const b = await call('CreateBooking', booking({ idempotency_token: 'same', slot: slot({ duration_sec: 3600 }) }));
    expect(b.text).toBe(a.text);
  });

  it('a wrong type or an unknown enum value is 400 naming the field in proto names', async () => {
    expect(errorOf(await call('CreateBooking', booking({ slot: slot({ start_sec: 'tomorrow' }) })), 400, 'INVALID_ARGUMENT')).toMatch(/^slot\.start_sec: /);
    expect(errorOf(await call('CreateBooking', booking({ slot: slot({ confirmation_mode: 'MAYBE' }) })), 400, 'INVALID_ARGUMENT')).toMatch(/^slot\.confirmation_mode: /);
    expect(errorOf(await call('CreateBooking', booking({ user_information: { ...user(), email: 7 } })), 400, 'INVALID_ARGUMENT')).toMatch(/^user_information\.email: /);
    expect(errorOf(await call('BatchAvailabilityLookup', { merchant_id: M, slot_time: [{ service_id: S, start_sec: 'x' }] }), 400, 'INVALID_ARGUMENT')).toMatch(/^slot_time\[0\]\.start_sec: /);
    expect(errorOf(await call('UpdateBooking', { booking: { booking_id: 'b', status: 'GONE' } }), 400, 'INVALID_ARGUMENT')).toMatch(/^booking\.status: /);
  });
});

describe('CheckAvailability and BatchAvailabilityLookup', () => {
  it('unknown merchant or service, or a malformed time: 400', async () => {
    expect(errorOf(await call('CheckAvailability', { slot: slot({ merchant_id: 'nobody' }) }), 400, 'INVALID_ARGUMENT')).toMatch(/^slot\.merchant_id: /);
    expect(errorOf(await call('CheckAvailability', { slot: slot({ service_id: 'nothing' }) }), 400, 'INVALID_ARGUMENT')).toMatch(/^slot\.service_id: /);
    expect(errorOf(await call('CheckAvailability', { slot: slot({ duration_sec: '0' }) }), 400, 'INVALID_ARGUMENT')).toMatch(/^slot\.duration_sec: /);
    expect(errorOf(await call('BatchAvailabilityLookup', { merchant_id: 'nobody', slot_time: [] }), 400, 'INVALID_ARGUMENT')).toMatch(/^merchant_id: /);
  });

  it('a full slot is 200: count_available 0, available false; unknown times are available false', async () => {
    const full = { merchant_id: M, service_id: S, start_sec: String(DAY1), duration_sec: '1800' };
    expect((await call('CreateBooking', booking({ slot: full }))).body.booking).toBeDefined();
    expect((await call('CheckAvailability', { slot: full })).body).toEqual({ slot: { ...full, confirmation_mode: 'CONFIRMATION_MODE_UNSPECIFIED' }, count_available: 0 });
    const batch = await call('BatchAvailabilityLookup', { merchant_id: M, slot_time: [{ service_id: S, start_sec: DAY1, duration_sec: 1800 }, { service_id: S, start_sec: DAY1 + 99 * HOUR }] });
    expect(batch.body.slot_time_availability.map((e: any) => e.available)).toEqual([false, false]);
  });
});

describe('CreateBooking', () => {
  it('missing or invalid user fields, unknown merchant or service, a slot not in the inventory: 400 naming the field', async () => {
    expect(errorOf(await call('CreateBooking', booking({ user_information: { ...user(), email: undefined } })), 400, 'INVALID_ARGUMENT')).toMatch(/^user_information\.email: /);
    expect(errorOf(await call('CreateBooking', booking({ user_information: { ...user(), given_name: ' ' } })), 400, 'INVALID_ARGUMENT')).toMatch(/^user_information\.given_name: /);
    expect(errorOf(await call('CreateBooking', booking({ user_information: undefined })), 400, 'INVALID_ARGUMENT')).toMatch(/^user_information/);
    expect(errorOf(await call('CreateBooking', booking({ slot: slot({ service_id: 'nothing' }) })), 400, 'INVALID_ARGUMENT')).toMatch(/^slot\.service_id: /);
    expect(errorOf(await call('CreateBooking', booking({ slot: slot({ start_sec: String(DAY1 + 7) }) })), 400, 'INVALID_ARGUMENT')).toMatch(/^slot: /);
    expect(errorOf(await call('CreateBooking', booking({ idempotency_token: undefined })), 400, 'INVALID_ARGUMENT')).toMatch(/^idempotency_token: /);
  });

  it('business refusals are 200 with booking_failure alone', async () => {
    const cut = { merchant_id: M, service_id: S, start_sec: String(DAY1 + 1800), duration_sec: '1800' };
    expect((await call('CreateBooking', booking({ slot: cut }))).body.booking.status).toBe('CONFIRMED');
    const full = await call('CreateBooking', booking({ slot: cut, user_information: user('u2') }));
    expect(full.status).toBe(200);
    expect(full.body).toEqual({ booking_failure: { cause: 'SLOT_UNAVAILABLE', description: expect.any(String) } });
    expect((await call('CreateBooking', booking())).body.booking).toBeDefined();
    expect((await call('CreateBooking', booking())).body.booking_failure.cause).toBe('SLOT_ALREADY_BOOKED_BY_USER');
    const lease = (await call('CreateLease', { lease: { slot: slot({ start_sec: String(DAY1 + 24 * HOUR) }), user_reference: 'r1' } })).body.lease;
    expect(lease).toMatchObject({ lease_id: expect.any(String), user_reference: 'r1', lease_expiration_time_sec: String(T0 + 600) });
    gw.clock.advance(601);
    const expired = await call('CreateBooking', booking({ slot: slot({ start_sec: String(DAY1 + 24 * HOUR) }), lease_ref: { lease_id: lease.lease_id } }));
    expect(expired.body).toEqual({ booking_failure: { cause: 'LEASE_EXPIRED', description: expect.any(String) } });
  });

  it('user over the limit and overlapping reservations are booking failures', async () => {
    ok(await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: 'limited', name: 'Limited', maxActiveBookingsPerUser: 1, preventOverlap: true } }, PARTNER));
    ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: M, availability: [0, 1, 3].map((h) => ({ serviceId: 'limited', startSec: DAY1 + h * HOUR, durationSec: 5400, spotsTotal: 5 })) } }, PARTNER));
    const at = (h: number) => slot({ service_id: 'limited', start_sec: String(DAY1 + h * HOUR), duration_sec: '5400' });
    expect((await call('CreateBooking', booking({ slot: at(0) }))).body.booking).toBeDefined();
    expect((await call('CreateBooking', booking({ slot: at(3) }))).body.booking_failure.cause).toBe('USER_OVER_BOOKING_LIMIT');
    ok(await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: 'limited', name: 'Limited', preventOverlap: true } }, PARTNER));
    expect((await call('CreateBooking', booking({ slot: at(1) }))).body.booking_failure.cause).toBe('OVERLAPPING_RESERVATION');
  });

  it('a token reused for a different request is 400 FAILED_PRECONDITION; after a failure the same token is evaluated afresh', async () => {
    expect((await call('CreateBooking', booking({ idempotency_token: 'reused' }))).body.booking).toBeDefined();
    errorOf(await call('CreateBooking', booking({ idempotency_token: 'reused', additional_request: 'window seat' })), 400, 'FAILED_PRECONDITION');
    const cut = { merchant_id: M, service_id: S, start_sec: String(DAY1 + 3 * 1800), duration_sec: '1800' };
    const blocker = (await call('CreateBooking', booking({ slot: cut, user_information: user('blocker') }))).body.booking;
    const retry = booking({ slot: cut, idempotency_token: 'retry-after-failure' });
    expect((await call('CreateBooking', retry)).body.booking_failure.cause).toBe('SLOT_UNAVAILABLE');
    expect((await call('UpdateBooking', { booking: { booking_id: blocker.booking_id, status: 'CANCELED' } })).body.booking.status).toBe('CANCELED');
    expect((await call('CreateBooking', retry)).body.booking.status).toBe('CONFIRMED');
  });

  it('an asynchronous slot books PENDING_MERCHANT_CONFIRMATION; offer_id comes back as offer_info', async () => {
    const res = await call('CreateBooking', booking({ slot: slot({ service_id: ASYNC, duration_sec: '2700' }), offer_id: 'spring-offer' }));
    expect(res.body.booking).toMatchObject({ status: 'PENDING_MERCHANT_CONFIRMATION', offer_info: { offer_id: 'spring-offer' } });
    // GraphQL shows the same offer.
    const seen = ok(await gw.gql(`query($id: ID!) { booking(bookingId: $id) { offerInfo { offerId } } }`, { id: res.body.booking.booking_id }, PARTNER));
    expect(seen.booking.offerInfo).toEqual({ offerId: 'spring-offer' });
  });
});

describe('UpdateBooking', () => {
  it('an unknown booking id is 404; invalid values are 400', async () => {
    errorOf(await call('UpdateBooking', { booking: { booking_id: 'no-such-booking', status: 'CANCELED' } }), 404, 'NOT_FOUND');
    errorOf(await call('UpdateBooking', { booking: { booking_id: 'x', status: 'CONFIRMED' } }), 400, 'INVALID_ARGUMENT');
    errorOf(await call('UpdateBooking', { booking: { status: 'CANCELED' } }), 400, 'INVALID_ARGUMENT');
    errorOf(await call('UpdateBooking', {}), 400, 'INVALID_ARGUMENT');
  });

  it('cancel outside the window, a booking that cannot be cancelled, an unavailable reschedule target: booking failures, nothing changed', async () => {
    const cut = { merchant_id: M, service_id: S, start_sec: String(DAY1), duration_sec: '1800' };
    const b = (await call('CreateBooking', booking({ slot: cut }))).body.booking;
    const other = { ...cut, start_sec: String(DAY1 + 1800) };
    expect((await call('CreateBooking', booking({ slot: other, user_information: user('u2') }))).body.booking).toBeDefined();
    expect((await call('UpdateBooking', { booking: { booking_id: b.booking_id, slot: other } })).body.booking_failure.cause).toBe('SLOT_UNAVAILABLE');
    gw.clock.set(DAY1 - HOUR + 1);
    expect((await call('UpdateBooking', { booking: { booking_id: b.booking_id, status: 'CANCELED' } })).body.booking_failure.cause).toBe('OUTSIDE_CANCELLATION_WINDOW');
    expect((await call('GetBookingStatus', { booking_id: b.booking_id })).body.booking_status).toBe('CONFIRMED');
    const pending = (await call('CreateBooking', booking({ slot: slot({ service_id: ASYNC, duration_sec: '2700' }) }))).body.booking;
    ok(await gw.gql(MQ.decline, { id: pending.booking_id }, PARTNER));
    expect((await call('UpdateBooking', { booking: { booking_id: pending.booking_id, status: 'CANCELED' } })).body.booking_failure.cause).toBe('BOOKING_NOT_CANCELLABLE');
  });

  it('an asynchronous (pending) booking can be cancelled but not modified', async () => {
    const pending = (await call('CreateBooking', booking({ slot: slot({ service_id: ASYNC, duration_sec: '2700' }) }))).body.booking;
    errorOf(await call('UpdateBooking', { booking: { booking_id: pending.booking_id, slot: slot({ service_id: ASYNC, start_sec: String(DAY1 + 2 * HOUR), duration_sec: '2700' }) } }), 400, 'INVALID_ARGUMENT');
    expect((await call('UpdateBooking', { booking: { booking_id: pending.booking_id, status: 'CANCELED' } })).body.booking.status).toBe('CANCELED');
  });
});

describe('GetBookingStatus and ListBookings', () => {
  it('unknown booking id: 404; unknown user: 404; a known user without upcoming bookings: an empty list', async () => {
    errorOf(await call('GetBookingStatus', { booking_id: 'no-such-booking' }), 404, 'NOT_FOUND');
    errorOf(await call('GetBookingStatus', {}), 400, 'INVALID_ARGUMENT');
    errorOf(await call('ListBookings', { user_id: 'never-seen' }), 404, 'NOT_FOUND');
    const soon = { merchant_id: M, service_id: S, start_sec: String(DAY1), duration_sec: '1800' };
    expect((await call('CreateBooking', booking({ slot: soon, user_information: user('past-user') }))).body.booking).toBeDefined();
    gw.clock.set(DAY1 + 1);
    expect((await call('ListBookings', { user_id: 'past-user' })).body).toEqual({ bookings: [] });
  });

  it('each credential is its own caller: its tokens, users and bookings are its own', async () => {
    const mine = (await call('CreateBooking', booking({ idempotency_token: 'shared-token' }))).body.booking;
    const theirs = (await call('CreateBooking', booking({ idempotency_token: 'shared-token' }), OTHER)).body.booking;
    // Same token, same user id, same slot: two callers, two bookings (no replay, no SLOT_ALREADY_BOOKED_BY_USER).
    expect(theirs.booking_id).not.toBe(mine.booking_id);
    expect((await call('ListBookings', { user_id: 'u1' })).body.bookings.map((b: any) => b.booking_id)).toEqual([mine.booking_id]);
    expect((await call('ListBookings', { user_id: 'u1' }, OTHER)).body.bookings.map((b: any) => b.booking_id)).toEqual([theirs.booking_id]);
    const lease = (await call('CreateLease', { lease: { slot: slot(), user_reference: 'ref' } })).body.lease;
    errorOf(await call('CreateBooking', booking({ lease_ref: { lease_id: lease.lease_id }, user_information: user('u9') }), OTHER), 404, 'NOT_FOUND');
  });
});

describe('both faces, one engine', () => {
  it('a booking made over REST is seen over GraphQL, and one made over GraphQL over REST', async () => {
    const viaRest = (await call('CreateBooking', booking())).body.booking;
    const seen = ok(await gw.gql(`query($id: ID!) { booking(bookingId: $id) { bookingId status slot { serviceId startSec } userInformation { userId } } }`, { id: viaRest.booking_id }, PARTNER));
    expect(seen.booking).toEqual({ bookingId: viaRest.booking_id, status: 'CONFIRMED', slot: { serviceId: CLASS, startSec: DAY1 }, userInformation: { userId: 'u1' } });
    const viaGraphql = ok(await gw.gql(Q.createBooking, { input: { slot: { merchantId: M, serviceId: CLASS, startSec: DAY1, durationSec: 3600 }, userInformation: { userId: 'g1', givenName: 'A', familyName: 'B', telephone: '+41 44 000 00 00', email: 'a@example.com' }, idempotencyToken: 'gql-1' } }, PARTNER)).createBooking.booking;
    expect((await call('GetBookingStatus', { booking_id: viaGraphql.bookingId })).body).toEqual({ booking_id: viaGraphql.bookingId, booking_status: 'CONFIRMED', prepayment_status: 'PREPAYMENT_NOT_PROVIDED' });
    // Capacity is one: 5 spots, two taken, seen the same by both faces.
    expect((await call('CheckAvailability', { slot: slot() })).body.count_available).toBe(3);
    expect(ok(await gw.gql(Q.check, { slot: { merchantId: M, serviceId: CLASS, startSec: DAY1, durationSec: 3600 } }, PARTNER)).checkAvailability.countAvailable).toBe(3);
    // A cancel over GraphQL is what REST reads next.
    ok(await gw.gql(MQ.cancel, { id: viaRest.booking_id }, PARTNER));
    expect((await call('GetBookingStatus', { booking_id: viaRest.booking_id })).body.booking_status).toBe('CANCELED');
  });
});
