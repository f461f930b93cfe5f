import { ASYNC, CLASS, DAY1, M, Q, S, bookingInput, countAvailable, seedInventory, user } from '../support/fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway();
  await seedInventory(gw);
});
afterEach(() => gw.stop());

const create = async (input: Record<string, unknown>) => gw.gql(Q.createBooking, { input });

describe('createBooking', () => {
  it('books a synchronous slot as CONFIRMED, echoing the slot and user, and takes a spot at once', async () => {
    const input = bookingInput({ additionalRequest: 'window seat' });
    const { createBooking } = ok(await create(input));
    expect(createBooking.bookingFailure).toBeNull();
    expect(createBooking.userPaymentOption).toBeNull();
    const b = createBooking.booking;
    expect(b.bookingId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.status).toBe('CONFIRMED');
    expect(b.slot).toMatchObject({ merchantId: M, serviceId: S, startSec: DAY1, durationSec: 1800 });
    expect(b.userInformation).toMatchObject(user());
    expect(b.paymentInformation.prepaymentStatus).toBe('PREPAYMENT_NOT_PROVIDED');
    expect(b.additionalRequest).toBe('window seat');
    expect(b.createdAtSec).toBe(gw.clock.nowSec());
    expect(await countAvailable(gw)).toBe(0);

    const status = ok(await gw.gql(Q.bookingStatus, { id: b.bookingId })).bookingStatus;
    expect(status).toEqual({ bookingId: b.bookingId, bookingStatus: 'CONFIRMED', prepaymentStatus: 'PREPAYMENT_NOT_PROVIDED' });
    expect(ok(await gw.gql(Q.booking, { id: b.bookingId })).booking.bookingId).toBe(b.bookingId);
  });

  it('books an asynchronous slot as PENDING_MERCHANT_CONFIRMATION and reports the inventory mode', async () => {
    const { createBooking } = ok(await create(bookingInput({}, { serviceId: ASYNC, durationSec: 2700 })));
    expect(createBooking.booking.status).toBe('PENDING_MERCHANT_CONFIRMATION');
    expect(createBooking.booking.slot.confirmationMode).toBe('CONFIRMATION_MODE_ASYNCHRONOUS');
  });

  it('shows the inventory availabilityTag and confirmationMode, not the request values', async () => {
    const input = bookingInput({}, { serviceId: CLASS, durationSec: 3600 });
    (input.slot as any).availabilityTag = 'forged';
    (input.slot as any).confirmationMode = 'CONFIRMATION_MODE_ASYNCHRONOUS';
    const b = ok(await create(input)).createBooking.booking;
    expect(b.slot.availabilityTag).toBe('evening');
    expect(b.slot.confirmationMode).toBe('CONFIRMATION_MODE_UNSPECIFIED');
    expect(b.status).toBe('CONFIRMED');
  });

  it('fills a class up to its spots with distinct users, then refuses with SLOT_UNAVAILABLE', async () => {
    const spec = { serviceId: CLASS, durationSec: 3600 };
    for (let i = 0; i < 5; i++) {
      expect(ok(await create(bookingInput({ userInformation: user(`u${i}`) }, spec))).createBooking.booking.status).toBe('CONFIRMED');
    }
    const refused = ok(await create(bookingInput({ userInformation: user('late') }, spec))).createBooking;
    expect(refused).toEqual({ booking: null, userPaymentOption: null, bookingFailure: expect.objectContaining({ cause: 'SLOT_UNAVAILABLE' }) });
    expect(await countAvailable(gw, spec)).toBe(0);
  });

  it('takes partySize spots and refuses a party larger than what is left', async () => {
    const spec = { serviceId: CLASS, durationSec: 3600 };
    ok(await create(bookingInput({ userInformation: user('a') }, { ...spec, partySize: 3 })));
    expect(await countAvailable(gw, spec)).toBe(2);
    const refused = ok(await create(bookingInput({ userInformation: user('b') }, { ...spec, partySize: 3 }))).createBooking;
    expect(refused.bookingFailure.cause).toBe('SLOT_UNAVAILABLE');
    ok(await create(bookingInput({ userInformation: user('b') }, { ...spec, partySize: 2 })));
    expect(await countAvailable(gw, spec)).toBe(0);
  });

  it('refuses a second active booking of the same user on the same slot', async () => {
    const spec = { serviceId: CLASS, durationSec: 3600 };
    ok(await create(bookingInput({}, spec)));
    const second = ok(await create(bookingInput({}, spec))).createBooking;
    expect(second.booking).toBeNull();
    expect(second.bookingFailure.cause).toBe('SLOT_ALREADY_BOOKED_BY_USER');
    expect(await countAvailable(gw, spec)).toBe(4);
  });

  it('lets the user book the slot again after cancelling', async () => {
    const spec = { serviceId: CLASS, durationSec: 3600 };
    const first = ok(await create(bookingInput({}, spec))).createBooking.booking;
    ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: first.bookingId, status: 'CANCELED' } } }));
    const again = ok(await create(bookingInput({}, spec))).createBooking;
    expect(again.booking.bookingId).not.toBe(first.bookingId);
  });

  it('treats staff slots as their own identity', async () => {
    ok(await create(bookingInput({}, { staffId: 'alex' })));
    expect(await countAvailable(gw, { staffId: 'alex' })).toBe(0);
    expect(await countAvailable(gw)).toBe(1);
  });

  it('keeps payment information and reads UNSPECIFIED prepayment as NOT_PROVIDED', async () => {
    const input = bookingInput({
      paymentInformation: { prepaymentStatus: 'PREPAYMENT_PROVIDED', price: { priceMicros: '45000000', currencyCode: 'CHF' } },
    });
    const b = ok(await create(input)).createBooking.booking;
    expect(b.paymentInformation).toEqual({ prepaymentStatus: 'PREPAYMENT_PROVIDED', price: { priceMicros: 45000000, currencyCode: 'CHF' } });
    const status = ok(await gw.gql(Q.bookingStatus, { id: b.bookingId })).bookingStatus;
    expect(status.prepaymentStatus).toBe('PREPAYMENT_PROVIDED');
  });
});

describe('createBooking idempotency', () => {
  it('replays the same payload for the same token and request, taking capacity once', async () => {
    const spec = { serviceId: CLASS, durationSec: 3600 };
    const input = bookingInput({}, spec);
    const first = ok(await create(input)).createBooking;
    gw.clock.advance(60);
    const second = ok(await create(input)).createBooking;
    expect(second).toEqual(first);
    expect(await countAvailable(gw, spec)).toBe(4);
    expect(ok(await gw.gql(Q.bookings, { userId: 'u1' })).bookings).toHaveLength(1);
  });

  it('treats "1800" and 1800 as the same request', async () => {
    const input = bookingInput();
    const first = ok(await create(input)).createBooking.booking;
    const asStrings = { ...input, slot: { ...(input.slot as object), startSec: String(DAY1), durationSec: '1800' } };
    expect(ok(await create(asStrings)).createBooking.booking.bookingId).toBe(first.bookingId);
  });

  it('returns the first payload as it was even after the booking was cancelled', async () => {
    const input = bookingInput({}, { serviceId: CLASS, durationSec: 3600 });
    const first = ok(await create(input)).createBooking;
    ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: first.booking.bookingId, status: 'CANCELED' } } }));
    const replay = ok(await create(input)).createBooking;
    expect(replay).toEqual(first);
    expect(replay.booking.status).toBe('CONFIRMED');
  });

  it('refuses the same token with a different request as FAILED_PRECONDITION, before any other check', async () => {
    const input = bookingInput();
    ok(await create(input));
    const other = { ...input, userInformation: { ...user(), email: 'other@example.com' } };
    const error = errorOf(await create(other), 'FAILED_PRECONDITION');
    expect(error.extensions?.reason).toBe('IDEMPOTENCY_TOKEN_REUSED');
    // Even a request that would fail validation: the token decides first.
    const invalid = { ...input, slot: { ...(input.slot as object), merchantId: 'nope' } };
    errorOf(await create(invalid), 'FAILED_PRECONDITION');
  });

  it('evaluates a token afresh after a failed attempt', async () => {
    const blocker = ok(await create(bookingInput({ userInformation: user('blocker') }))).createBooking.booking;
    const input = bookingInput();
    expect(ok(await create(input)).createBooking.bookingFailure.cause).toBe('SLOT_UNAVAILABLE');
    ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: blocker.bookingId, status: 'CANCELED' } } }));
    const retried = ok(await create(input)).createBooking;
    expect(retried.bookingFailure).toBeNull();
    expect(retried.booking.status).toBe('CONFIRMED');
  });

  it('scopes tokens per API key: the same token from two callers makes two bookings', async () => {
    await gw.stop();
    gw = await startTestGateway({ apiKeys: 'partner:pk_aaaaaaaaaa,partner:pk_bbbbbbbbbb' });
    await seedInventory(withKey(gw, 'pk_aaaaaaaaaa'));
    const spec = { serviceId: CLASS, durationSec: 3600 };
    const shared = { idempotencyToken: 'same-token' };
    const a = ok(await gw.gql(Q.createBooking, { input: bookingInput({ ...shared, userInformation: user('a') }, spec) }, auth('pk_aaaaaaaaaa')));
    const b = ok(await gw.gql(Q.createBooking, { input: bookingInput({ ...shared, userInformation: user('b') }, spec) }, auth('pk_bbbbbbbbbb')));
    expect(a.createBooking.booking.bookingId).not.toBe(b.createBooking.booking.bookingId);
  });
});

describe('reads', () => {
  it('bookingStatus of an unknown id is NOT_FOUND; booking of an unknown id is null', async () => {
    errorOf(await gw.gql(Q.bookingStatus, { id: 'nope' }), 'NOT_FOUND');
    expect(ok(await gw.gql(Q.booking, { id: 'nope' })).booking).toBeNull();
  });

  it('bookings(userId) lists future bookings soonest first, cancelled included, past ones left out', async () => {
    const later = ok(await create(bookingInput({}, { startSec: DAY1 + 3600 }))).createBooking.booking;
    const sooner = ok(await create(bookingInput({}, { startSec: DAY1 + 1800 }))).createBooking.booking;
    const cancelled = ok(await create(bookingInput({}, { startSec: DAY1 + 5400 }))).createBooking.booking;
    ok(await create(bookingInput({ userInformation: user('someone-else') })));
    ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: cancelled.bookingId, status: 'CANCELED' } } }));
    const list = ok(await gw.gql(Q.bookings, { userId: 'u1' })).bookings;
    expect(list.map((b: any) => b.bookingId)).toEqual([sooner.bookingId, later.bookingId, cancelled.bookingId]);
    expect(list[2].status).toBe('CANCELED');

    gw.clock.set(DAY1 + 1800); // sooner starts now: no longer in the future
    expect(ok(await gw.gql(Q.bookings, { userId: 'u1' })).bookings.map((b: any) => b.bookingId)).toEqual([later.bookingId, cancelled.bookingId]);
    expect(ok(await gw.gql(Q.bookings, { userId: 'nobody' })).bookings).toEqual([]);
  });

  it('resolves slot.merchant and slot.service', async () => {
    const b = ok(await create(bookingInput())).createBooking.booking;
    const res = ok(await gw.gql(`query($id: ID!) { booking(bookingId: $id) { slot { merchant { name timeZone } service { name price { currencyCode } merchant { merchantId } } } } }`, { id: b.bookingId }));
    expect(res.booking.slot).toEqual({
      merchant: { name: 'Salon', timeZone: 'Europe/Zurich' },
      service: { name: 'Cut', price: { currencyCode: 'CHF' }, merchant: { merchantId: M } },
    });
  });
});

function auth(key: string) {
  return { authorization: `Bearer ${key}` };
}

function withKey(gateway: TestGateway, key: string): TestGateway {
  return { ...gateway, gql: (q, v, h) => gateway.gql(q, v, { ...auth(key), ...h }) };
}

