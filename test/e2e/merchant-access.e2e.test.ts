// The access matrix of the merchant's half (api-contract "Merchant operations", Roles): every new
// operation, and every merchant-scoped older one, × every kind of key × its own merchant or another.
// Each call is valid, so only access can make it fail.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ASYNC, CLASS, DAY1, HOUR, Q, S, bookingInput, seedInventory, slot, user } from '../support/fixtures';
import { MQ, type Headers } from '../support/merchant-fixtures';
import { T0, errorOf, ok, startTestGateway, type GqlResponse, type TestGateway } from '../support/test-gateway';

const OWN = 'm1';
const OTHER = 'm2';
const KEY_FILE = [
  { name: 'shop-widget', role: 'widget', key: 'wk_widget_key_1' },
  { name: 'platform', role: 'partner', key: 'pk_partner_key_1' },
  { name: 'm1-back-office', role: 'partner', key: 'pk_restricted_1', merchantIds: [OWN] },
  { name: 'm1-staff', role: 'merchant', key: 'mk_merchant_m1_1', merchantIds: [OWN] },
];
const CALLERS: Array<[Caller, Headers]> = [
  ['none', {}],
  ['widget', { authorization: 'Bearer wk_widget_key_1' }],
  ['partner', { authorization: 'Bearer pk_partner_key_1' }],
  ['partner restricted to m1', { authorization: 'Bearer pk_restricted_1' }],
  ['merchant m1', { authorization: 'Bearer mk_merchant_m1_1' }],
];
type Caller = 'none' | 'widget' | 'partner' | 'partner restricted to m1' | 'merchant m1';
const PARTNER = CALLERS[2][1];
const MERCHANT = CALLERS[4][1];
const WIDGET = CALLERS[1][1];

/** Who may call an operation at all: widget operations, merchant operations (partner and merchant keys). */
type Kind = 'widget' | 'merchant' | 'partner';
const MAY: Record<Kind, Caller[]> = {
  widget: ['widget', 'partner', 'partner restricted to m1', 'merchant m1'],
  merchant: ['partner', 'partner restricted to m1', 'merchant m1'],
  partner: ['partner', 'partner restricted to m1'],
};
/** Keys restricted to m1: another merchant is PERMISSION_DENIED for them. */
const RESTRICTED: Caller[] = ['partner restricted to m1', 'merchant m1'];

const bookings: Record<string, Record<string, string>> = {};
const at = (merchantId: string, spec: Parameters<typeof slot>[0] = {}) => ({ ...slot(spec), merchantId });

/** [operation, kind, document, variables for a merchant] — valid calls, idempotent when repeated. */
const OPERATIONS: Array<[string, Kind, string, (m: string) => Record<string, unknown>]> = [
  ['merchantBookings', 'merchant', MQ.merchantBookings, (m) => ({ m, from: DAY1 - HOUR, to: DAY1 + 7 * 24 * HOUR })],
  ['confirmBooking', 'merchant', MQ.confirm, (m) => ({ id: bookings[m].toConfirm })],
  ['declineBooking', 'merchant', MQ.decline, (m) => ({ id: bookings[m].toDecline })],
  ['markNoShow', 'merchant', MQ.noShow, (m) => ({ id: bookings[m].noShow })],
  ['deleteAvailability', 'merchant', MQ.deleteAvailability, (m) => ({ input: { merchantId: m, slot: [{ serviceId: S, startSec: DAY1 + 500 * HOUR, durationSec: 1800 }] } })],
  ['upsertMerchant', 'merchant', Q.upsertMerchant, (m) => ({ input: { merchantId: m, name: `Salon ${m}`, timeZone: 'Europe/Zurich' } })],
  ['upsertService', 'merchant', Q.upsertService, (m) => ({ input: { merchantId: m, serviceId: 'extra', name: 'Extra' } })],
  ['upsertAvailability', 'merchant', Q.upsertAvailability, (m) => ({ input: { merchantId: m, availability: [{ serviceId: S, startSec: DAY1 + 99 * HOUR, durationSec: 1800, spotsTotal: 1 }] } })],
  ['checkAvailability', 'widget', Q.check, (m) => ({ slot: at(m) })],
  ['batchAvailabilityLookup', 'widget', `query($m: ID!) { batchAvailabilityLookup(merchantId: $m, slotTime: [{ serviceId: "${S}", startSec: ${DAY1} }]) { slotTimeAvailability { available } } }`, (m) => ({ m })],
  ['availableSlots', 'widget', `query($m: ID!) { availableSlots(merchantId: $m, startSecFrom: ${DAY1}, startSecTo: ${DAY1 + HOUR}) { countAvailable } }`, (m) => ({ m })],
  ['merchant', 'widget', `query($m: ID!) { merchant(merchantId: $m) { name } }`, (m) => ({ m })],
  ['createLease', 'widget', Q.createLease, (m) => ({ input: { lease: { slot: at(m, { serviceId: CLASS, durationSec: 3600 }), userReference: 'matrix' } } })],
  ['createBooking', 'widget', Q.createBooking, (m) => ({ input: { ...bookingInput({}, { serviceId: CLASS, durationSec: 3600 }), slot: at(m, { serviceId: CLASS, durationSec: 3600 }) } })],
];

let gw: TestGateway;
let keyDir: string;
beforeAll(async () => {
  keyDir = mkdtempSync(path.join(tmpdir(), 'gateway-keys-'));
  const file = path.join(keyDir, 'keys.json');
  writeFileSync(file, JSON.stringify(KEY_FILE));
  gw = await startTestGateway({ apiKeysFile: file });
  for (const m of [OWN, OTHER]) {
    // The shared fixture inventory, under each merchant id.
    await seedInventory({ ...gw, gql: (q, v, h) => gw.gql(q, JSON.parse(JSON.stringify(v ?? {}).replaceAll('"m1"', JSON.stringify(m))), { ...PARTNER, ...h }) });
    ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: m, availability: [{ serviceId: S, startSec: T0 + 60, durationSec: 1800, spotsTotal: 1 }] } }, PARTNER));
    const make = async (spec: Parameters<typeof slot>[0], userId: string) =>
      ok(await gw.gql(Q.createBooking, { input: { ...bookingInput({ userInformation: { userId, givenName: 'A', familyName: 'B', telephone: '+41 44 000 00 00', email: 'a@example.com' } }), slot: at(m, spec) } }, WIDGET)).createBooking.booking.bookingId;
    bookings[m] = {
      toConfirm: await make({ serviceId: ASYNC, durationSec: 2700 }, 'c1'),
      toDecline: await make({ serviceId: ASYNC, durationSec: 2700 }, 'c2'),
      noShow: await make({ startSec: T0 + 60 }, 'c3'),
    };
  }
  gw.clock.set(T0 + 60); // the no-show slots have started; everything else is still ahead
});
afterAll(async () => {
  await gw.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

const cases = OPERATIONS.flatMap(([op, kind, doc, vars]) =>
  CALLERS.flatMap(([who, headers]) => [OWN, OTHER].map((m) => [op, who, m === OWN ? 'own' : 'other', kind, doc, () => vars(m), headers] as const)),
);

describe('merchant access matrix', () => {
  it('covers every new operation and every merchant-scoped one, for five kinds of caller and two merchants', () => {
    expect(cases).toHaveLength(OPERATIONS.length * CALLERS.length * 2);
    expect(OPERATIONS.map(([op]) => op)).toEqual(expect.arrayContaining(['merchantBookings', 'confirmBooking', 'declineBooking', 'markNoShow', 'deleteAvailability']));
  });

  it.each(cases)('%s as %s on its %s merchant', async (_op, who, merchant, kind, doc, variables, headers) => {
    const res: GqlResponse = await gw.gql(doc, variables(), headers);
    const denied = who === 'none' ? 'UNAUTHENTICATED' : !MAY[kind].includes(who) || (merchant === 'other' && RESTRICTED.includes(who)) ? 'PERMISSION_DENIED' : null;
    if (denied) {
      errorOf(res, denied);
      // Nothing leaks: a non-null field nulls the whole result, a nullable one is null.
      expect(Object.values(res.data ?? {}).every((v) => v === null)).toBe(true);
    } else {
      expect(res.errors ?? []).toEqual([]);
      expect(res.data).toBeTruthy();
    }
  });

  it('every allowed answer took effect once: the bookings ended as the merchant answered', async () => {
    for (const m of [OWN, OTHER]) {
      const status = async (id: string) => ok(await gw.gql(Q.bookingStatus, { id }, PARTNER)).bookingStatus.bookingStatus;
      expect([await status(bookings[m].toConfirm), await status(bookings[m].toDecline), await status(bookings[m].noShow)]).toEqual(['CONFIRMED', 'DECLINED_BY_MERCHANT', 'NO_SHOW']);
    }
  });
});

describe('what a merchant key sees', () => {
  it('every booking of its merchants, whoever made it; none of another merchant’s', async () => {
    const own = await gw.gql(MQ.booking, { id: bookings[OWN].toConfirm }, MERCHANT);
    expect(ok(own).booking.bookingId).toBe(bookings[OWN].toConfirm);
    expect(ok(await gw.gql(MQ.booking, { id: bookings[OTHER].toConfirm }, MERCHANT)).booking).toBeNull();
    errorOf(await gw.gql(Q.bookingStatus, { id: bookings[OTHER].toConfirm }, MERCHANT), 'NOT_FOUND');
    const listed = ok(await gw.gql(MQ.merchantBookings, { m: OWN, from: T0, to: DAY1 + 7 * 24 * HOUR }, MERCHANT)).merchantBookings;
    expect(listed.edges.map((e: { node: { bookingId: string } }) => e.node.bookingId)).toEqual(expect.arrayContaining(Object.values(bookings[OWN])));
  });

  it('may cancel a booking of its merchant made through a widget key, not one of another merchant', async () => {
    const make = async (m: string) => {
      const input = { ...bookingInput({ userInformation: user('cancel-me') }), slot: at(m, { serviceId: CLASS, startSec: DAY1 + 24 * HOUR, durationSec: 3600 }) };
      const res = ok(await gw.gql(Q.createBooking, { input }, WIDGET)).createBooking;
      if (!res.booking) throw new Error(JSON.stringify(res.bookingFailure));
      return res.booking.bookingId;
    };
    const ownId = await make(OWN);
    const otherId = await make(OTHER);
    expect(ok(await gw.gql(MQ.cancel, { id: ownId }, MERCHANT)).updateBooking.booking.status).toBe('CANCELED');
    errorOf(await gw.gql(MQ.cancel, { id: otherId }, MERCHANT), 'NOT_FOUND');
  });

  it('bookings(userId) stays a partner operation; a restricted partner sees only its merchants’ bookings there', async () => {
    errorOf(await gw.gql(Q.bookings, { userId: 'c1' }, MERCHANT), 'PERMISSION_DENIED');
    const all = ok(await gw.gql(Q.bookings, { userId: 'c1' }, PARTNER)).bookings;
    const restricted = ok(await gw.gql(Q.bookings, { userId: 'c1' }, CALLERS[3][1])).bookings;
    expect(all.map((b: { bookingId: string }) => b.bookingId).sort()).toEqual([bookings[OWN].toConfirm, bookings[OTHER].toConfirm].sort());
    expect(restricted.map((b: { bookingId: string }) => b.bookingId)).toEqual([bookings[OWN].toConfirm]);
  });
});

describe('releaseLease access', () => {
  it('every key may give back its own lease, and nobody else’s', async () => {
    const holders = CALLERS.filter(([who]) => who !== 'none');
    expect(holders).toHaveLength(4);
    const leases = [];
    for (const [, headers] of holders) {
      const res = ok(await gw.gql(Q.createLease, { input: { lease: { slot: at(OWN, { serviceId: CLASS, startSec: DAY1 + 24 * HOUR, durationSec: 3600 }), userReference: 'own' } } }, headers));
      leases.push(res.createLease.lease.leaseId as string);
    }
    for (const [i, [, headers]] of holders.entries()) {
      const someoneElses = leases[(i + 1) % leases.length];
      errorOf(await gw.gql(MQ.releaseLease, { id: someoneElses }, headers), 'NOT_FOUND');
      expect(ok(await gw.gql(MQ.releaseLease, { id: leases[i] }, headers)).releaseLease.lease.leaseId).toBe(leases[i]);
    }
    errorOf(await gw.gql(MQ.releaseLease, { id: leases[0] }), 'UNAUTHENTICATED');
  });
});

describe('merchant keys in the configuration', () => {
  it('API_KEYS takes merchant:<id>[+<id>…]:<key>; such a key serves exactly those merchants', async () => {
    const multi = await startTestGateway({ apiKeys: 'merchant:m1+m2:mk_two_merchants_1,merchant:m2:mk_only_m2_key_1', store: gw.store });
    try {
      const q = (m: string, key: string) => multi.gql(`query($m: ID!) { merchant(merchantId: $m) { name } }`, { m }, { authorization: `Bearer ${key}` });
      expect(ok(await q(OWN, 'mk_two_merchants_1')).merchant.name).toBe(`Salon ${OWN}`);
      expect(ok(await q(OTHER, 'mk_two_merchants_1')).merchant.name).toBe(`Salon ${OTHER}`);
      errorOf(await q(OWN, 'mk_only_m2_key_1'), 'PERMISSION_DENIED');
    } finally {
      await multi.gateway.stop();
    }
  });
});
