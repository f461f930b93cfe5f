// Service policies over HTTP (issue 12): maxActiveBookingsPerUser and preventOverlap, decided in the
// booking's own unit of work (so concurrent bookings of one user cannot both slip under the limit),
// the virtual session copied onto bookings with its password shown only to whom may see it, and
// staff and room names as inventory attributes.
import { DAY1, HOUR, M, Q, bookingInput, user } from '../support/fixtures';
import { capturingLogger } from '../support/log-capture';
import { MQ, bookingSeenBy, type Headers } from '../support/merchant-fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

const KEYS = 'widget:wk_widget_one_1,widget:wk_widget_two_2,partner:pk_partner_key_1,merchant:m1:mk_merchant_one_1';
const WIDGET: Headers = { authorization: 'Bearer wk_widget_one_1' };
const OTHER_WIDGET: Headers = { authorization: 'Bearer wk_widget_two_2' };
const PARTNER: Headers = { authorization: 'Bearer pk_partner_key_1' };
const MERCHANT: Headers = { authorization: 'Bearer mk_merchant_one_1' };

const LIMITED = 'limited'; // at most 3 upcoming bookings per user at the merchant
const SOLO = 'solo'; // no overlapping bookings of a user at the merchant
const ONLINE = 'online'; // a video session
const PASSWORD = 'pw-7f3c-secret';
const SLOTS = 12;

let gw: TestGateway;
let logs: () => string[];

const startOf = (i: number) => DAY1 + i * HOUR;
const bookAs = (headers: Headers, serviceId: string, startSec: number, userId = 'ada', durationSec = 3600) =>
  gw.gql(MQ.createBooking, { input: bookingInput({ userInformation: user(userId) }, { serviceId, startSec, durationSec }) }, headers);
const bookedId = async (res: Awaited<ReturnType<typeof bookAs>>) => {
  const payload = ok(res).createBooking;
  if (!payload.booking) throw new Error(`refused: ${JSON.stringify(payload.bookingFailure)}`);
  return payload.booking.bookingId as string;
};
const causeOf = (res: Awaited<ReturnType<typeof bookAs>>) => ok(res).createBooking.bookingFailure?.cause ?? null;

beforeEach(async () => {
  const capture = capturingLogger();
  logs = capture.lines;
  gw = await startTestGateway({ apiKeys: KEYS, logger: capture.logger });
  const asPartner = (doc: string, input: unknown) => gw.gql(doc, { input }, PARTNER).then(ok);
  await asPartner(Q.upsertMerchant, { merchantId: M, name: 'Salon', timeZone: 'Europe/Zurich' });
  await asPartner(Q.upsertService, { merchantId: M, serviceId: LIMITED, name: 'Limited', maxActiveBookingsPerUser: 3 });
  await asPartner(Q.upsertService, { merchantId: M, serviceId: SOLO, name: 'Solo', preventOverlap: true });
  await asPartner(Q.upsertService, {
    merchantId: M,
    serviceId: ONLINE,
    name: 'Online',
    virtualSession: { sessionUrl: 'https://meet.example.com/salon', meetingId: 'salon-1', password: PASSWORD },
  });
  const availability = [LIMITED, SOLO, ONLINE].flatMap((serviceId) =>
    Array.from({ length: SLOTS }, (_, i) => ({ serviceId, startSec: startOf(i), durationSec: 3600, spotsTotal: 20 })),
  );
  // Half-hour offsets for overlap checks.
  for (const i of [0, 2]) availability.push({ serviceId: SOLO, startSec: startOf(i) + 1800, durationSec: 3600, spotsTotal: 20 });
  await asPartner(Q.upsertAvailability, { merchantId: M, availability });
});
afterEach(() => gw.stop());

describe('maxActiveBookingsPerUser', () => {
  it('refuses one booking more than the limit with USER_OVER_BOOKING_LIMIT; a cancel makes room again', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await bookedId(await bookAs(WIDGET, LIMITED, startOf(i))));
    expect(causeOf(await bookAs(WIDGET, LIMITED, startOf(3)))).toBe('USER_OVER_BOOKING_LIMIT');
    // Other users, and the same user id sent by another key (users are per caller), are not affected.
    await bookedId(await bookAs(WIDGET, LIMITED, startOf(3), 'bob'));
    await bookedId(await bookAs(OTHER_WIDGET, LIMITED, startOf(3), 'ada'));
    ok(await gw.gql(MQ.cancel, { id: ids[0] }, WIDGET));
    await bookedId(await bookAs(WIDGET, LIMITED, startOf(3)));
    expect(causeOf(await bookAs(WIDGET, LIMITED, startOf(4)))).toBe('USER_OVER_BOOKING_LIMIT');
  });

  it('counts upcoming bookings only: once one has started, the user may book another', async () => {
    for (let i = 0; i < 3; i++) await bookedId(await bookAs(WIDGET, LIMITED, startOf(i)));
    expect(causeOf(await bookAs(WIDGET, LIMITED, startOf(5)))).toBe('USER_OVER_BOOKING_LIMIT');
    gw.clock.set(startOf(0));
    await bookedId(await bookAs(WIDGET, LIMITED, startOf(5)));
  });

  it('a reschedule is not one booking more', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await bookedId(await bookAs(WIDGET, LIMITED, startOf(i))));
    const moved = ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: ids[2], slot: { merchantId: M, serviceId: LIMITED, startSec: startOf(7), durationSec: 3600 } } } }, WIDGET));
    expect(moved.updateBooking.booking.slot.startSec).toBe(startOf(7));
  });

  it('under concurrency: 10 simultaneous bookings of one user on different slots, limit 3, book exactly 3', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => bookAs(WIDGET, LIMITED, startOf(i))));
    const causes = results.map(causeOf);
    expect(causes.filter((c) => c === null)).toHaveLength(3);
    expect(causes.filter((c) => c === 'USER_OVER_BOOKING_LIMIT')).toHaveLength(7);
    const schedule = ok(await gw.gql(MQ.merchantBookings, { m: M, from: DAY1, to: startOf(SLOTS), service: LIMITED }, PARTNER)).merchantBookings;
    expect(schedule.totalCount).toBe(3);
  });
});

describe('preventOverlap', () => {
  it('refuses a booking of the same user overlapping another at the merchant with OVERLAPPING_RESERVATION', async () => {
    await bookedId(await bookAs(WIDGET, SOLO, startOf(0)));
    expect(causeOf(await bookAs(WIDGET, SOLO, startOf(0) + 1800))).toBe('OVERLAPPING_RESERVATION');
    // Back to back is no overlap; another user, or another key's user, may overlap.
    await bookedId(await bookAs(WIDGET, SOLO, startOf(1)));
    await bookedId(await bookAs(WIDGET, SOLO, startOf(0) + 1800, 'bob'));
    await bookedId(await bookAs(OTHER_WIDGET, SOLO, startOf(0) + 1800, 'ada'));
    // The rule is the new booking's service's: an overlapping booking of another service counts too.
    await bookedId(await bookAs(WIDGET, LIMITED, startOf(2)));
    expect(causeOf(await bookAs(WIDGET, SOLO, startOf(2)))).toBe('OVERLAPPING_RESERVATION');
  });

  it('a reschedule may overlap the booking’s own old time but not another booking of the user', async () => {
    const first = await bookedId(await bookAs(WIDGET, SOLO, startOf(0)));
    await bookedId(await bookAs(WIDGET, SOLO, startOf(2)));
    const move = (startSec: number) =>
      gw.gql(Q.updateBooking, { input: { booking: { bookingId: first, slot: { merchantId: M, serviceId: SOLO, startSec, durationSec: 3600 } } } }, WIDGET);
    expect(ok(await move(startOf(0) + 1800)).updateBooking.booking.slot.startSec).toBe(startOf(0) + 1800);
    expect(ok(await move(startOf(2) + 1800)).updateBooking.bookingFailure.cause).toBe('OVERLAPPING_RESERVATION');
    expect(ok(await move(startOf(4))).updateBooking.booking.slot.startSec).toBe(startOf(4));
  });

  it('under concurrency: two overlapping bookings of one user sent at once, exactly one is made', async () => {
    for (let round = 0; round < 5; round++) {
      const userId = `racer-${round}`;
      const [a, b] = await Promise.all([bookAs(WIDGET, SOLO, startOf(0), userId), bookAs(WIDGET, SOLO, startOf(0) + 1800, userId)]);
      expect([causeOf(a), causeOf(b)].sort()).toEqual(['OVERLAPPING_RESERVATION', null].sort());
    }
  });
});

describe('virtual sessions', () => {
  const SERVICE_DOC = `{ merchant(merchantId: "${M}") { services { serviceId virtualSession { sessionUrl meetingId password } } } }`;
  const sessionOf = async (headers: Headers) =>
    ok(await gw.gql(SERVICE_DOC, {}, headers)).merchant.services.find((s: { serviceId: string }) => s.serviceId === ONLINE).virtualSession;

  it('copies the service’s session onto the booking; the password is shown to its maker and to partner and merchant keys only', async () => {
    const id = await bookedId(await bookAs(WIDGET, ONLINE, startOf(0)));
    const full = { sessionUrl: 'https://meet.example.com/salon', meetingId: 'salon-1', password: PASSWORD };
    expect((await bookingSeenBy(gw, id, WIDGET)).virtualSessionInfo).toEqual(full);
    expect((await bookingSeenBy(gw, id, PARTNER)).virtualSessionInfo).toEqual(full);
    expect((await bookingSeenBy(gw, id, MERCHANT)).virtualSessionInfo).toEqual(full);
    expect(await bookingSeenBy(gw, id, OTHER_WIDGET)).toBeNull();
    // On the service itself, widget keys see how to join but not the password.
    expect(await sessionOf(WIDGET)).toEqual({ ...full, password: null });
    expect(await sessionOf(PARTNER)).toEqual(full);
    // Changing the service later does not change bookings already made.
    ok(await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: ONLINE, name: 'Online', virtualSession: { sessionUrl: 'https://meet.example.com/new' } } }, PARTNER));
    expect((await bookingSeenBy(gw, id, WIDGET)).virtualSessionInfo).toEqual(full);
    expect(ok(await bookAs(WIDGET, ONLINE, startOf(1))).createBooking.booking.virtualSessionInfo).toEqual({ sessionUrl: 'https://meet.example.com/new', meetingId: null, password: null });
    // The password never reached the log.
    expect(logs().length).toBeGreaterThan(5);
    expect(logs().filter((line) => line.includes(PASSWORD))).toEqual([]);
  });

  it('refuses a session URL that is not http(s), naming the field', async () => {
    const res = await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: ONLINE, name: 'x', virtualSession: { sessionUrl: 'javascript:alert(1)' } } }, PARTNER);
    expect(errorOf(res, 'INVALID_ARGUMENT').extensions?.field).toBe('input.virtualSession.sessionUrl');
  });

  it('reads the new policy fields back from the service', async () => {
    const doc = `{ merchant(merchantId: "${M}") { services { serviceId maxActiveBookingsPerUser preventOverlap pendingConfirmationTimeoutSec } } }`;
    const services = ok(await gw.gql(doc, {}, WIDGET)).merchant.services;
    expect(services).toEqual(
      expect.arrayContaining([
        { serviceId: LIMITED, maxActiveBookingsPerUser: 3, preventOverlap: false, pendingConfirmationTimeoutSec: null },
        { serviceId: SOLO, maxActiveBookingsPerUser: null, preventOverlap: true, pendingConfirmationTimeoutSec: null },
      ]),
    );
    for (const [field, value] of [['maxActiveBookingsPerUser', 0], ['pendingConfirmationTimeoutSec', 0]] as const) {
      const res = await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: 'x', name: 'x', [field]: value } }, PARTNER);
      expect(errorOf(res, 'INVALID_ARGUMENT').extensions?.field).toBe(`input.${field}`);
    }
  });
});

describe('staff and room names', () => {
  it('are inventory attributes: shown on slots and bookings, set only by upsertAvailability, not part of identity', async () => {
    const slotAt = { serviceId: LIMITED, startSec: startOf(11), durationSec: 3600 };
    ok(
      await gw.gql(Q.upsertAvailability, {
        input: { merchantId: M, availability: [{ ...slotAt, spotsTotal: 2, resources: { staffId: 'alex', staffName: 'Alex', roomId: 'r1', roomName: 'Blue room' } }] },
      }, PARTNER),
    );
    const listed = ok(
      await gw.gql(`{ availableSlots(merchantId: "${M}", serviceId: "${LIMITED}", startSecFrom: ${startOf(11)}, startSecTo: ${startOf(12)}) { slot { resources { staffId staffName roomId roomName } } } }`, {}, WIDGET),
    ).availableSlots;
    expect(listed).toContainEqual({ slot: { resources: { staffId: 'alex', staffName: 'Alex', roomId: 'r1', roomName: 'Blue room' } } });
    // A booking naming the slot by ids alone shows the inventory's names; names it sends are ignored.
    const input = bookingInput({ userInformation: user('ada') }, slotAt);
    input.slot.resources = { staffId: 'alex', roomId: 'r1', staffName: 'Not Alex' } as never;
    const booked = ok(await gw.gql(MQ.createBooking, { input }, WIDGET)).createBooking.booking;
    expect(booked.slot.resources).toEqual({ staffId: 'alex', staffName: 'Alex', partySize: null });
    // Renaming keeps the slot (same identity) and its booking.
    ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: M, availability: [{ ...slotAt, spotsTotal: 2, resources: { staffId: 'alex', staffName: 'Alexandra', roomId: 'r1' } }] } }, PARTNER));
    const check = ok(await gw.gql(`query($slot: SlotInput!) { checkAvailability(slot: $slot) { countAvailable slot { resources { staffName roomName } } } }`, { slot: { merchantId: M, ...slotAt, resources: { staffId: 'alex', roomId: 'r1' } } }, WIDGET)).checkAvailability;
    expect(check).toEqual({ countAvailable: 1, slot: { resources: { staffName: 'Alexandra', roomName: null } } });
  });
});
