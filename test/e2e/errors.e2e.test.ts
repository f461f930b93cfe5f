// The error model: every class of invalid input is INVALID_ARGUMENT naming the field and changes
// nothing; unexpected failures are a generic INTERNAL with details only in the log.
import { CLASS, DAY1, M, Q, S, bookingInput, seedInventory, slot, user } from '../support/fixtures';
import { capturingLogger } from '../support/log-capture';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';
import { SqliteStore } from '../../src/store/sqlite/sqlite.store';
import { delegatingStore } from '../../src/store/delegating-store';

let gw: TestGateway;

const long = (n: number) => 'x'.repeat(n);
const withUser = (patch: Record<string, unknown>) => bookingInput({ userInformation: { ...user(), ...patch } });
const withSlot = (patch: Record<string, unknown>) => {
  const input = bookingInput();
  return { ...input, slot: { ...(input.slot as object), ...patch } };
};

/** [label, mutation, variables, text the message must contain] */
const INVALID: Array<[string, string, Record<string, unknown>, string]> = [
  ['blank givenName', Q.createBooking, { input: withUser({ givenName: '   ' }) }, 'input.userInformation.givenName'],
  ['41-char familyName', Q.createBooking, { input: withUser({ familyName: long(41) }) }, 'input.userInformation.familyName'],
  ['missing familyName', Q.createBooking, { input: withUser({ familyName: undefined }) }, 'familyName'],
  ['e-mail without @', Q.createBooking, { input: withUser({ email: 'ada.example.com' }) }, 'input.userInformation.email'],
  ['e-mail with two @', Q.createBooking, { input: withUser({ email: 'a@b@example.com' }) }, 'input.userInformation.email'],
  ['e-mail without a dot in the domain', Q.createBooking, { input: withUser({ email: 'ada@localhost' }) }, 'input.userInformation.email'],
  ['255-char e-mail', Q.createBooking, { input: withUser({ email: `${long(243)}@example.com` }) }, 'input.userInformation.email'],
  ['phone with letters', Q.createBooking, { input: withUser({ telephone: '+41 44 CALL ME' }) }, 'input.userInformation.telephone'],
  ['phone of 5 digits', Q.createBooking, { input: withUser({ telephone: '12-345' }) }, 'input.userInformation.telephone'],
  ['phone of 21 digits', Q.createBooking, { input: withUser({ telephone: '1'.repeat(21) }) }, 'input.userInformation.telephone'],
  ['41-char phone of spaces and digits', Q.createBooking, { input: withUser({ telephone: `+41 ${' '.repeat(30)}44 668 18 00` }) }, 'input.userInformation.telephone'],
  ['8193-char payment token', Q.createBooking, { input: bookingInput({ paymentProcessingParameters: { unparsedPaymentMethodToken: long(8193) } }) }, 'input.paymentProcessingParameters.unparsedPaymentMethodToken'],
  ['empty userId', Q.createBooking, { input: withUser({ userId: '' }) }, 'input.userInformation.userId'],
  ['129-char userId', Q.createBooking, { input: withUser({ userId: long(129) }) }, 'input.userInformation.userId'],
  ['empty token', Q.createBooking, { input: bookingInput({ idempotencyToken: '' }) }, 'input.idempotencyToken'],
  ['256-char token', Q.createBooking, { input: bookingInput({ idempotencyToken: long(256) }) }, 'input.idempotencyToken'],
  ['1001-char additionalRequest', Q.createBooking, { input: bookingInput({ additionalRequest: long(1001) }) }, 'input.additionalRequest'],
  ['partySize 0', Q.createBooking, { input: withSlot({ resources: { partySize: 0 } }) }, 'input.slot.resources.partySize'],
  ['partySize 101', Q.createBooking, { input: withSlot({ resources: { partySize: 101 } }) }, 'input.slot.resources.partySize'],
  ['durationSec 0', Q.createBooking, { input: withSlot({ durationSec: 0 }) }, 'input.slot.durationSec'],
  ['negative durationSec', Q.createBooking, { input: withSlot({ durationSec: -1800 }) }, 'input.slot.durationSec'],
  ['Int64 as a word', Q.createBooking, { input: withSlot({ startSec: 'tomorrow' }) }, 'startSec'],
  ['Int64 as a fraction', Q.createBooking, { input: withSlot({ startSec: 1.5 }) }, 'startSec'],
  ['Int64 beyond 2^53', Q.createBooking, { input: withSlot({ startSec: '9007199254740993' }) }, 'startSec'],
  ['Int64 as a boolean', Q.createBooking, { input: withSlot({ durationSec: true }) }, 'durationSec'],
  ['unknown enum value', Q.createBooking, { input: withSlot({ confirmationMode: 'SOMETIMES' }) }, 'confirmationMode'],
  ['unknown merchant', Q.createBooking, { input: withSlot({ merchantId: 'nope' }) }, 'input.slot.merchantId'],
  ['unknown service', Q.createBooking, { input: withSlot({ serviceId: 'nope' }) }, 'input.slot.serviceId'],
  ['slot not in the inventory', Q.createBooking, { input: withSlot({ startSec: DAY1 + 60 }) }, 'input.slot'],
  ['lowercase currency', Q.createBooking, { input: bookingInput({ paymentInformation: { price: { priceMicros: 1, currencyCode: 'chf' } } }) }, 'input.paymentInformation.price.currencyCode'],
  ['empty userReference', Q.createLease, { input: { lease: { slot: slot(), userReference: '' } } }, 'input.lease.userReference'],
  ['lease expiring in the past', Q.createLease, { input: { lease: { slot: slot(), userReference: 'r', leaseExpirationTimeSec: DAY1 - 86_400 * 2 } } }, 'input.lease.leaseExpirationTimeSec'],
  ['upsert with durationSec 0', Q.upsertAvailability, { input: { merchantId: M, availability: [{ serviceId: S, startSec: DAY1, durationSec: 0, spotsTotal: 1 }] } }, 'input.availability[0].durationSec'],
];

describe('invalid input', () => {
  beforeAll(async () => {
    gw = await startTestGateway();
    await seedInventory(gw);
  });
  afterAll(() => gw.stop());

  const state = async () => {
    const slots = ok(await gw.gql(`query($f: Int64!, $t: Int64!) { availableSlots(merchantId: "${M}", startSecFrom: $f, startSecTo: $t) { countAvailable slot { serviceId startSec } } }`, { f: DAY1, t: DAY1 + 2 * 86400 }));
    const bookings = ok(await gw.gql(Q.bookings, { userId: 'u1' }));
    return JSON.stringify([slots, bookings]);
  };

  it.each(INVALID)('%s → INVALID_ARGUMENT naming the field, nothing written', async (_label, query, variables, field) => {
    const before = await state();
    const res = await gw.gql(query, variables);
    const error = errorOf(res, 'INVALID_ARGUMENT');
    expect(error.message).toContain(field);
    expect(error.extensions?.stacktrace).toBeUndefined();
    expect(res.data?.createBooking ?? null).toBeNull();
    expect(await state()).toBe(before);
  });

  it('a bad Int64 literal in the document is INVALID_ARGUMENT too', async () => {
    const res = await gw.gql(`{ checkAvailability(slot: { merchantId: "${M}", serviceId: "${S}", startSec: "soon", durationSec: 1800 }) { countAvailable } }`);
    expect(errorOf(res, 'INVALID_ARGUMENT').message).toContain('Int64');
  });

  it('documents that do not parse or validate keep Apollo’s codes', async () => {
    errorOf(await gw.gql('{ health { status '), 'GRAPHQL_PARSE_FAILED');
    errorOf(await gw.gql('{ health { nonsense } }'), 'GRAPHQL_VALIDATION_FAILED');
  });
});

describe('unexpected failures', () => {
  it('reach the client as a generic INTERNAL and the log with the request id, never the details', async () => {
    const store = SqliteStore.inMemory();
    const broken = delegatingStore(store, {
      reader: { ...store.reader, getBookings: async () => { throw new Error('disk on fire at /var/secret'); } },
    });
    const { logger, lines } = capturingLogger();
    gw = await startTestGateway({ store: broken, logger });
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-abc-123' },
      body: JSON.stringify({ query: '{ booking(bookingId: "x") { bookingId } }' }),
    });
    const body = await res.text();
    expect(body).not.toContain('secret');
    expect(body).not.toContain('stacktrace');
    const json = JSON.parse(body);
    expect(json.errors[0].extensions).toEqual({ code: 'INTERNAL' });
    const logged = lines().map((l) => JSON.parse(l)).find((l) => l.msg === 'unexpected error');
    expect(logged).toMatchObject({ requestId: 'req-abc-123', err: { message: 'disk on fire at /var/secret' } });
    await gw.stop();
  });
});

describe('logs', () => {
  it('a whole booking flow logs no e-mail, phone or name', async () => {
    const { logger, lines } = capturingLogger();
    gw = await startTestGateway({ logger });
    await seedInventory(gw);
    const person = { userId: 'pii-user', givenName: 'Grace', familyName: 'Hopper', telephone: '+1 415 736 0000', email: 'grace.hopper@example.org' };
    const spec = { serviceId: CLASS, durationSec: 3600 };
    const lease = ok(await gw.gql(Q.createLease, { input: { lease: { slot: slot(spec), userReference: 'r' } } })).createLease.lease;
    const b = ok(await gw.gql(Q.createBooking, { input: bookingInput({ userInformation: person, leaseRef: { leaseId: lease.leaseId } }, spec) }));
    await gw.gql(Q.createBooking, { input: bookingInput({ userInformation: { ...person, email: 'grace@invalid' } }, spec) });
    ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: b.createBooking.booking.bookingId, status: 'CANCELED' } } }));
    const log = lines().join('\n');
    expect(lines().length).toBeGreaterThan(5);
    for (const secret of ['Grace', 'Hopper', 'grace', '415 736', '4157360000', 'example.org']) expect(log).not.toContain(secret);
    await gw.stop();
  });

  it('API keys never reach the log, only the caller id', async () => {
    const { logger, lines } = capturingLogger();
    gw = await startTestGateway({ logger, apiKeys: 'partner:pk_super_secret_value' });
    ok(await gw.gql('{ health { status } }', {}, { authorization: 'Bearer pk_super_secret_value' }));
    await gw.gql('{ bookings(userId: "u") { bookingId } }', {}, { authorization: 'Bearer pk_wrong_secret_value' });
    const log = lines().join('\n');
    expect(log).not.toContain('super_secret');
    expect(log).not.toContain('wrong_secret');
    expect(log).toMatch(/"caller":"partner-[0-9a-f]{12}"/);
    await gw.stop();
  });
});
