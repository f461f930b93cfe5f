// The invariants under concurrency, over the Booking Server face: 200 concurrent CreateBookings on
// 5 spots book exactly 5; 50 concurrent identical requests (Google retrying) make one booking and
// all get its response.
import { M, Q } from '../../support/fixtures';
import { basic, rpc } from '../../support/rest-client';
import { T0, ok, startTestGateway, type TestGateway } from '../../support/test-gateway';

const GOOGLE = basic('google', 'google-test-pass-1');
const START = T0 + 86_400;
const slot = { merchant_id: M, service_id: 'race', start_sec: String(START), duration_sec: '3600' };
const user = (id: string) => ({ user_id: id, given_name: 'Ada', family_name: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' });

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({ bookingServerCredentials: 'google:google-test-pass-1' });
  const partner = {}; // GraphQL runs in development mode here (no API keys)
  ok(await gw.gql(Q.upsertMerchant, { input: { merchantId: M, name: 'Salon', timeZone: 'UTC' } }, partner));
  ok(await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: 'race', name: 'Race' } }, partner));
  ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: M, availability: [{ serviceId: 'race', startSec: START, durationSec: 3600, spotsTotal: 5 }] } }, partner));
});
afterEach(() => gw.stop());

it('200 concurrent CreateBookings on 5 spots: exactly 5 bookings, 195 SLOT_UNAVAILABLE, 0 available after', async () => {
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => rpc(gw, 'CreateBooking', { slot, user_information: user(`racer-${i}`), idempotency_token: `race-${i}` }, GOOGLE)),
  );
  expect(results.map((r) => r.status)).toEqual(Array(200).fill(200));
  const booked = results.filter((r) => r.body.booking);
  expect(booked).toHaveLength(5);
  expect(results.filter((r) => r.body.booking_failure?.cause === 'SLOT_UNAVAILABLE')).toHaveLength(195);
  expect(new Set(booked.map((r) => r.body.booking.booking_id)).size).toBe(5);
  expect((await rpc(gw, 'CheckAvailability', { slot }, GOOGLE)).body.count_available).toBe(0);
  // Every reported booking exists, and no other.
  for (const r of booked) expect((await rpc(gw, 'GetBookingStatus', { booking_id: r.body.booking.booking_id }, GOOGLE)).body.booking_status).toBe('CONFIRMED');
});

it('50 concurrent identical CreateBookings: one booking, the same response to every one, one spot taken', async () => {
  const request = { slot, user_information: user('retrying'), idempotency_token: 'google-retry-1' };
  const results = await Promise.all(Array.from({ length: 50 }, () => rpc(gw, 'CreateBooking', request, GOOGLE)));
  expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
  expect(new Set(results.map((r) => r.text)).size).toBe(1);
  expect(results[0].body.booking.status).toBe('CONFIRMED');
  expect((await rpc(gw, 'CheckAvailability', { slot }, GOOGLE)).body.count_available).toBe(4);
  expect((await rpc(gw, 'ListBookings', { user_id: 'retrying' }, GOOGLE)).body.bookings).toHaveLength(1);
});
