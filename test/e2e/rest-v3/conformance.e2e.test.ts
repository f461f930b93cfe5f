// The Booking Server face as Google's v3 test client and hosted tester drive it (spec §7): health;
// availability for 10 slots taken from our own exported feed; CreateBooking on each, with an
// identical replay that returns the same response and takes capacity once; availability re-checked
// right after booking; ListBookings; GetBookingStatus for each; a reschedule; cancel all.
import { DAY1, HOUR, M, Q } from '../../support/fixtures';
import { basic, rest, rpc } from '../../support/rest-client';
import { ok, startTestGateway, type TestGateway } from '../../support/test-gateway';

const GOOGLE = basic('google', 'google-test-pass-1');
const PARTNER = { authorization: 'Bearer pk_partner_key_1' };
const USER = { user_id: 'test-user-1', given_name: 'Grace', family_name: 'Hopper', telephone: '+1 415-736-0000', email: 'grace@example.com' };

type FeedEntry = { merchant_id: string; service_id: string; start_sec: number; duration_sec: number; spots_total: number; spots_open: number; resources?: { staff_id?: string }; availability_tag?: string; confirmation_mode: string };

let gw: TestGateway;
const call = (name: string, body: unknown) => rpc(gw, name, body, GOOGLE);
/** The slot a client builds from a feed entry, with int64 values as strings like Google's samples. */
const slotOf = (a: FeedEntry) => ({
  merchant_id: a.merchant_id,
  service_id: a.service_id,
  start_sec: String(a.start_sec),
  duration_sec: String(a.duration_sec),
  ...(a.availability_tag && { availability_tag: a.availability_tag }),
  ...(a.resources?.staff_id && { resources: { staff_id: a.resources.staff_id } }),
  confirmation_mode: a.confirmation_mode,
});
const countOf = async (a: FeedEntry) => (await call('CheckAvailability', { slot: slotOf(a) })).body.count_available as number;

beforeAll(async () => {
  gw = await startTestGateway({ apiKeys: 'partner:pk_partner_key_1', bookingServerCredentials: 'google:google-test-pass-1' });
  const seed = (doc: string, input: unknown) => gw.gql(doc, { input }, PARTNER).then(ok);
  await seed(Q.upsertMerchant, { merchantId: M, name: 'Salon', timeZone: 'Europe/Zurich' });
  await seed(Q.upsertService, { merchantId: M, serviceId: 'cut', name: 'Cut', minAdvanceOnlineCancelingSec: HOUR });
  await seed(Q.upsertService, { merchantId: M, serviceId: 'class', name: 'Class' });
  const availability = [
    ...Array.from({ length: 8 }, (_, i) => ({ serviceId: 'cut', startSec: DAY1 + i * 1800, durationSec: 1800, spotsTotal: 1, resources: { staffId: 'alex', staffName: 'Alex' }, confirmationMode: 'CONFIRMATION_MODE_SYNCHRONOUS' })),
    ...Array.from({ length: 6 }, (_, i) => ({ serviceId: 'class', startSec: DAY1 + 10 * HOUR + i * HOUR, durationSec: 3600, spotsTotal: 3, availabilityTag: 'evening' })),
  ];
  await seed(Q.upsertAvailability, { merchantId: M, availability });
});
afterAll(() => gw.stop());

describe('Booking Server conformance (the v3 test client’s flow)', () => {
  let feed: FeedEntry[];
  let chosen: FeedEntry[];
  const first: any[] = [];

  it('HealthCheck succeeds', async () => {
    const res = await rest(gw, 'GET', '/v3/HealthCheck', undefined, GOOGLE);
    expect(res.status).toBe(200);
  });

  it('exports the availability feed: every future slot with its capacity and open spots', async () => {
    const res = await rest(gw, 'GET', `/v3/feeds/availability?merchant_id=${M}`, undefined, GOOGLE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body.metadata).toMatchObject({ processing_instruction: 'PROCESS_AS_COMPLETE', shard_number: 0, total_shards: 1 });
    feed = res.body.service_availability[0].availability;
    expect(feed).toHaveLength(14);
    expect(feed[0]).toEqual({
      merchant_id: M, service_id: 'cut', start_sec: DAY1, duration_sec: 1800, spots_total: 1, spots_open: 1,
      resources: { staff_id: 'alex', staff_name: 'Alex' }, confirmation_mode: 'CONFIRMATION_MODE_SYNCHRONOUS',
    });
    chosen = [...feed.slice(0, 6), ...feed.slice(8, 12)];
    expect(chosen).toHaveLength(10);
  });

  it('availability for the 10 slots: BatchAvailabilityLookup and CheckAvailability agree with the feed', async () => {
    const times = chosen.map((a) => ({ service_id: a.service_id, start_sec: String(a.start_sec), duration_sec: String(a.duration_sec), ...(a.resources?.staff_id && { resource_ids: { staff_id: a.resources.staff_id } }) }));
    const batch = await call('BatchAvailabilityLookup', { merchant_id: M, slot_time: times });
    expect(batch.status).toBe(200);
    expect(batch.body.slot_time_availability).toHaveLength(10);
    expect(batch.body.slot_time_availability.map((e: any) => e.available)).toEqual(Array(10).fill(true));
    expect(batch.body.slot_time_availability.map((e: any) => e.slot_time.start_sec)).toEqual(times.map((t) => t.start_sec));
    for (const a of chosen) {
      const check = await call('CheckAvailability', { slot: slotOf(a) });
      expect(check.status).toBe(200);
      expect(check.body).toEqual({ slot: slotOf(a), count_available: a.spots_open });
    }
  });

  it('CreateBooking on each slot: the booking echoes slot and user; an identical replay returns the same response and takes capacity once', async () => {
    for (const [i, a] of chosen.entries()) {
      const request = { slot: slotOf(a), user_information: USER, payment_information: { prepayment_status: 'PREPAYMENT_NOT_PROVIDED' }, idempotency_token: `conformance-${i}` };
      const res = await call('CreateBooking', request);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['booking']);
      expect(res.body.booking).toEqual({
        booking_id: expect.any(String),
        slot: request.slot,
        user_information: USER,
        status: 'CONFIRMED',
        payment_information: { prepayment_status: 'PREPAYMENT_NOT_PROVIDED' },
      });
      first.push(res.body);
      const replay = await call('CreateBooking', request);
      expect(replay.status).toBe(200);
      expect(replay.text).toBe(res.text);
      expect(await countOf(a)).toBe(a.spots_open - 1);
    }
    expect(new Set(first.map((r) => r.booking.booking_id)).size).toBe(10);
  });

  it('availability right after booking is consistent with the bookings just made', async () => {
    const batch = await call('BatchAvailabilityLookup', {
      merchant_id: M,
      slot_time: chosen.map((a) => ({ service_id: a.service_id, start_sec: a.start_sec, duration_sec: a.duration_sec, ...(a.resources?.staff_id && { resource_ids: { staff_id: a.resources.staff_id } }) })),
    });
    // The one-spot cuts are now full; the three-spot classes still have room.
    expect(batch.body.slot_time_availability.map((e: any) => e.available)).toEqual(chosen.map((a) => a.spots_open > 1));
    const booked = await call('CreateBooking', { slot: slotOf(chosen[0]), user_information: { ...USER, user_id: 'someone-else' }, idempotency_token: 'late' });
    expect(booked.body).toEqual({ booking_failure: { cause: 'SLOT_UNAVAILABLE', description: expect.any(String) } });
  });

  it('ListBookings returns the test user’s 10 bookings; GetBookingStatus answers each', async () => {
    const list = await call('ListBookings', { user_id: USER.user_id });
    expect(list.status).toBe(200);
    expect(list.body.bookings.map((b: any) => b.booking_id).sort()).toEqual(first.map((r) => r.booking.booking_id).sort());
    expect(list.body.bookings.map((b: any) => Number(b.slot.start_sec))).toEqual([...list.body.bookings.map((b: any) => Number(b.slot.start_sec))].sort((x, y) => x - y));
    for (const r of first) {
      const status = await call('GetBookingStatus', { booking_id: r.booking.booking_id });
      expect(status.body).toEqual({ booking_id: r.booking.booking_id, booking_status: 'CONFIRMED', prepayment_status: 'PREPAYMENT_NOT_PROVIDED' });
    }
  });

  it('reschedules a booking to another open slot of the same service: same booking id, capacity moved', async () => {
    const from = chosen[0];
    const to = feed[6]; // an open cut the test did not book
    const moved = await call('UpdateBooking', { booking: { booking_id: first[0].booking.booking_id, slot: slotOf(to) } });
    expect(moved.status).toBe(200);
    expect(moved.body.booking).toMatchObject({ booking_id: first[0].booking.booking_id, slot: slotOf(to), status: 'CONFIRMED' });
    expect([await countOf(from), await countOf(to)]).toEqual([1, 0]);
    // Only the changed fields need be sent: start and duration alone keep merchant, service and staff.
    const back = await call('UpdateBooking', { booking: { booking_id: first[0].booking.booking_id, slot: { start_sec: String(from.start_sec), duration_sec: String(from.duration_sec) } } });
    expect(back.body.booking.slot).toEqual(slotOf(from));
    expect([await countOf(from), await countOf(to)]).toEqual([0, 1]);
  });

  it('cancels every booking: each answers CANCELED, capacity returns to the feed’s, a repeated cancel answers the same', async () => {
    for (const r of first) {
      const request = { booking: { booking_id: r.booking.booking_id, status: 'CANCELED' } };
      const cancelled = await call('UpdateBooking', request);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.booking).toMatchObject({ booking_id: r.booking.booking_id, status: 'CANCELED' });
      expect((await call('UpdateBooking', request)).text).toBe(cancelled.text);
    }
    for (const a of chosen) expect(await countOf(a)).toBe(a.spots_open);
    const list = await call('ListBookings', { user_id: USER.user_id });
    expect(list.body.bookings.map((b: any) => b.status)).toEqual(Array(10).fill('CANCELED'));
  });
});
