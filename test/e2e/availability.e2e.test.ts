import { ASYNC, CLASS, DAY1, HOUR, M, Q, S, bookingInput, countAvailable, seedInventory, slot, user } from '../support/fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway();
  await seedInventory(gw);
});
afterEach(() => gw.stop());

const BATCH = `query($merchantId: ID!, $slotTime: [SlotTimeInput!]!) { batchAvailabilityLookup(merchantId: $merchantId, slotTime: $slotTime) {
  slotTimeAvailability { available slotTime { serviceId startSec durationSec availabilityTag confirmationMode resourceIds { staffId partySize } } } } }`;
const AVAILABLE = `query($merchantId: ID!, $serviceId: ID, $from: Int64!, $to: Int64!, $partySize: Int) {
  availableSlots(merchantId: $merchantId, serviceId: $serviceId, startSecFrom: $from, startSecTo: $to, partySize: $partySize) {
    countAvailable spotsTotal slot { serviceId startSec durationSec resources { staffId } } } }`;

describe('checkAvailability', () => {
  it('reports live counts: bookings, cancellations and leases show at once', async () => {
    const spec = { serviceId: CLASS, durationSec: 3600 };
    const res = ok(await gw.gql(Q.check, { slot: slot(spec) })).checkAvailability;
    expect(res).toEqual({
      countAvailable: 5,
      slot: { merchantId: M, serviceId: CLASS, startSec: DAY1, durationSec: 3600, availabilityTag: 'evening', confirmationMode: 'CONFIRMATION_MODE_UNSPECIFIED', resources: null },
    });
    const b = ok(await gw.gql(Q.createBooking, { input: bookingInput({}, { ...spec, partySize: 2 }) })).createBooking.booking;
    expect(await countAvailable(gw, spec)).toBe(3);
    ok(await gw.gql(Q.createLease, { input: { lease: { slot: slot(spec), userReference: 'r' } } }));
    expect(await countAvailable(gw, spec)).toBe(2);
    ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: b.bookingId, status: 'CANCELED' } } }));
    expect(await countAvailable(gw, spec)).toBe(4);
  });

  it('names the field at fault for unknown merchant, service, or a slot not in the inventory', async () => {
    expect(errorOf(await gw.gql(Q.check, { slot: { ...slot(), merchantId: 'nope' } }), 'INVALID_ARGUMENT').message).toMatch(/^slot\.merchantId/);
    expect(errorOf(await gw.gql(Q.check, { slot: { ...slot(), serviceId: 'nope' } }), 'INVALID_ARGUMENT').message).toMatch(/^slot\.serviceId/);
    expect(errorOf(await gw.gql(Q.check, { slot: slot({ startSec: DAY1 + 1 }) }), 'INVALID_ARGUMENT').message).toMatch(/^slot:/);
    expect(errorOf(await gw.gql(Q.check, { slot: slot({ durationSec: 0 }) }), 'INVALID_ARGUMENT').message).toMatch(/^slot\.durationSec/);
  });
});

describe('upsertAvailability', () => {
  it('updates an existing slot by identity; lowering spotsTotal below what is held keeps bookings and reports 0', async () => {
    const spec = { serviceId: CLASS, durationSec: 3600 };
    for (const u of ['a', 'b', 'c']) ok(await gw.gql(Q.createBooking, { input: bookingInput({ userInformation: user(u) }, spec) }));
    const res = ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: M, availability: [{ serviceId: CLASS, startSec: DAY1, durationSec: 3600, spotsTotal: 2, availabilityTag: 'new-tag' }] } }));
    expect(res.upsertAvailability.upsertedCount).toBe(1);
    const check = ok(await gw.gql(Q.check, { slot: slot(spec) })).checkAvailability;
    expect(check.countAvailable).toBe(0);
    expect(check.slot.availabilityTag).toBe('new-tag');
    expect(ok(await gw.gql(Q.bookings, { userId: 'a' })).bookings).toHaveLength(1);
    ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: M, availability: [{ serviceId: CLASS, startSec: DAY1, durationSec: 3600, spotsTotal: 10 }] } }));
    expect(await countAvailable(gw, spec)).toBe(7);
  });

  it('refuses unknown merchants and services naming the entry, and writes nothing of the batch', async () => {
    const bad = { merchantId: M, availability: [
      { serviceId: CLASS, startSec: DAY1 + 99 * HOUR, durationSec: 3600, spotsTotal: 3 },
      { serviceId: 'ghost', startSec: DAY1, durationSec: 3600, spotsTotal: 3 },
    ] };
    expect(errorOf(await gw.gql(Q.upsertAvailability, { input: bad }), 'INVALID_ARGUMENT').message).toContain('input.availability[1].serviceId');
    errorOf(await gw.gql(Q.check, { slot: slot({ serviceId: CLASS, startSec: DAY1 + 99 * HOUR, durationSec: 3600 }) }), 'INVALID_ARGUMENT');
    expect(errorOf(await gw.gql(Q.upsertAvailability, { input: { ...bad, merchantId: 'nope' } }), 'INVALID_ARGUMENT').message).toContain('input.merchantId');
    const negative = { merchantId: M, availability: [{ serviceId: CLASS, startSec: DAY1, durationSec: 3600, spotsTotal: -1 }] };
    expect(errorOf(await gw.gql(Q.upsertAvailability, { input: negative }), 'INVALID_ARGUMENT').message).toContain('input.availability[0].spotsTotal');
  });
});

describe('batchAvailabilityLookup', () => {
  it('answers one entry per slot time in request order; unknown times are unavailable, not errors', async () => {
    ok(await gw.gql(Q.createBooking, { input: bookingInput() })); // cut @ DAY1 is now full
    const slotTime = [
      { serviceId: S, startSec: DAY1 + 1800, durationSec: 1800 },
      { serviceId: S, startSec: DAY1, durationSec: 1800 },
      { serviceId: S, startSec: DAY1 + 5, durationSec: 1800 },
      { serviceId: 'ghost', startSec: DAY1 },
      { serviceId: CLASS, startSec: String(DAY1), resourceIds: { partySize: 5 } },
      { serviceId: CLASS, startSec: DAY1, resourceIds: { partySize: 6 } },
      { serviceId: S, startSec: DAY1, resourceIds: { staffId: 'alex' } },
      { serviceId: ASYNC, startSec: DAY1, durationSec: 2700 },
    ];
    const res = ok(await gw.gql(BATCH, { merchantId: M, slotTime })).batchAvailabilityLookup.slotTimeAvailability;
    expect(res.map((r: any) => r.available)).toEqual([true, false, false, false, true, false, true, true]);
    expect(res.map((r: any) => [r.slotTime.serviceId, r.slotTime.startSec])).toEqual(slotTime.map((t) => [t.serviceId, Number(t.startSec)]));
    expect(res[4].slotTime).toMatchObject({ durationSec: null, availabilityTag: 'evening', resourceIds: { partySize: 5 } });
    expect(res[7].slotTime.confirmationMode).toBe('CONFIRMATION_MODE_ASYNCHRONOUS');
  });

  it('reflects leases and their expiry', async () => {
    const l = ok(await gw.gql(Q.createLease, { input: { lease: { slot: slot(), userReference: 'r' } } })).createLease.lease;
    const ask = async () => ok(await gw.gql(BATCH, { merchantId: M, slotTime: [{ serviceId: S, startSec: DAY1, durationSec: 1800 }] })).batchAvailabilityLookup.slotTimeAvailability[0].available;
    expect(await ask()).toBe(false);
    gw.clock.set(l.leaseExpirationTimeSec);
    expect(await ask()).toBe(true);
  });

  it('refuses an unknown merchant and bad durations; accepts an empty list', async () => {
    expect(errorOf(await gw.gql(BATCH, { merchantId: 'nope', slotTime: [] }), 'INVALID_ARGUMENT').message).toContain('merchantId');
    expect(errorOf(await gw.gql(BATCH, { merchantId: M, slotTime: [{ serviceId: S, startSec: DAY1, durationSec: -5 }] }), 'INVALID_ARGUMENT').message).toContain('slotTime[0].durationSec');
    expect(ok(await gw.gql(BATCH, { merchantId: M, slotTime: [] })).batchAvailabilityLookup.slotTimeAvailability).toEqual([]);
  });
});

describe('availableSlots', () => {
  it('lists slots in [from, to) that can take partySize, soonest first, with live counts', async () => {
    ok(await gw.gql(Q.createBooking, { input: bookingInput({}, { startSec: DAY1 + 1800 }) }));
    const all = ok(await gw.gql(AVAILABLE, { merchantId: M, serviceId: S, from: DAY1, to: DAY1 + 3 * 1800 })).availableSlots;
    expect(all.map((s: any) => [s.slot.startSec, s.slot.resources?.staffId ?? null])).toEqual([
      [DAY1, null],
      [DAY1, 'alex'],
      [DAY1 + 3600, null],
    ]);
    const party = ok(await gw.gql(AVAILABLE, { merchantId: M, from: DAY1, to: DAY1 + 1, partySize: 3 })).availableSlots;
    expect(party).toEqual([{ countAvailable: 5, spotsTotal: 5, slot: { serviceId: CLASS, startSec: DAY1, durationSec: 3600, resources: null } }]);
    const merchantWide = ok(await gw.gql(AVAILABLE, { merchantId: M, from: DAY1, to: DAY1 + 1 })).availableSlots;
    expect(merchantWide.map((s: any) => s.slot.serviceId).sort()).toEqual([ASYNC, CLASS, S, S].sort());
  });

  it('validates the range, merchant, service and party size', async () => {
    errorOf(await gw.gql(AVAILABLE, { merchantId: M, from: DAY1, to: DAY1 }), 'INVALID_ARGUMENT');
    errorOf(await gw.gql(AVAILABLE, { merchantId: M, from: DAY1, to: DAY1 + 63 * 24 * HOUR }), 'INVALID_ARGUMENT');
    errorOf(await gw.gql(AVAILABLE, { merchantId: 'nope', from: DAY1, to: DAY1 + HOUR }), 'INVALID_ARGUMENT');
    errorOf(await gw.gql(AVAILABLE, { merchantId: M, serviceId: 'ghost', from: DAY1, to: DAY1 + HOUR }), 'INVALID_ARGUMENT');
    expect(errorOf(await gw.gql(AVAILABLE, { merchantId: M, from: DAY1, to: DAY1 + HOUR, partySize: 101 }), 'INVALID_ARGUMENT').message).toContain('partySize');
  });

  it('caps one answer at maxAvailableSlots, soonest first', async () => {
    await gw.stop();
    gw = await startTestGateway({ policy: { maxAvailableSlots: 4 } });
    await seedInventory(gw);
    const res = ok(await gw.gql(AVAILABLE, { merchantId: M, serviceId: S, from: DAY1, to: DAY1 + 24 * HOUR })).availableSlots;
    expect(res.map((s: any) => s.slot.startSec)).toEqual([DAY1, DAY1, DAY1 + 1800, DAY1 + 3600]);
  });

  it('finds an open slot however many full slots come before it (6,000 here)', async () => {
    const full = Array.from({ length: 6000 }, (_, i) => ({ serviceId: CLASS, startSec: DAY1 + 2 * 24 * HOUR + i * 60, durationSec: 60, spotsTotal: 0 }));
    const open = { serviceId: CLASS, startSec: DAY1 + 2 * 24 * HOUR + 6000 * 60, durationSec: 60, spotsTotal: 2 };
    ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: M, availability: [...full, open] } }));
    const res = ok(await gw.gql(AVAILABLE, { merchantId: M, serviceId: CLASS, from: open.startSec - 6000 * 60, to: open.startSec + 60 })).availableSlots;
    expect(res).toHaveLength(1);
    expect(res[0]).toMatchObject({ countAvailable: 2, slot: { startSec: open.startSec } });
    const party = ok(await gw.gql(AVAILABLE, { merchantId: M, serviceId: CLASS, from: open.startSec - 6000 * 60, to: open.startSec + 60, partySize: 3 })).availableSlots;
    expect(party).toEqual([]);
  });
});

describe('merchant', () => {
  it('returns the merchant with its services; unknown merchant is null', async () => {
    const res = ok(await gw.gql(`{ merchant(merchantId: "${M}") { merchantId name timeZone services { serviceId minAdvanceOnlineCancelingSec } } }`));
    expect(res.merchant.services.map((s: any) => s.serviceId)).toEqual([CLASS, ASYNC, S].sort());
    expect(res.merchant.services.find((s: any) => s.serviceId === S).minAdvanceOnlineCancelingSec).toBe(HOUR);
    expect(ok(await gw.gql(`{ merchant(merchantId: "nope") { name } }`)).merchant).toBeNull();
  });

  it('validates merchant and service input', async () => {
    expect(errorOf(await gw.gql(Q.upsertMerchant, { input: { merchantId: 'x', name: 'X', timeZone: 'Mars/Olympus' } }), 'INVALID_ARGUMENT').message).toContain('input.timeZone');
    expect(errorOf(await gw.gql(Q.upsertService, { input: { merchantId: 'nope', serviceId: 's', name: 'S' } }), 'INVALID_ARGUMENT').message).toContain('input.merchantId');
    expect(errorOf(await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: 's', name: 'S', price: { priceMicros: 1, currencyCode: 'eur' } } }), 'INVALID_ARGUMENT').message).toContain('input.price.currencyCode');
  });
});
