// Thousands of random and malformed operations: wrong types, huge strings, deep nesting, unicode,
// negative and huge numbers, garbage documents and variables. Whatever arrives, the gateway answers
// with a client error (never INTERNAL, never 5xx), keeps serving, and commits nothing.
import fc from 'fast-check';
import { delegatingStore } from '../../src/store/delegating-store';
import type { BookingStore, StoreWriter } from '../../src/store/store.port';
import { CLASS, DAY1, M, Q, S, bookingInput, seedInventory, slot } from '../support/fixtures';
import { ok, startTestGateway, type TestGateway } from '../support/test-gateway';

const WRITES = new Set(['upsertMerchant', 'upsertService', 'upsertSlots', 'insertLease', 'consumeLease', 'insertBooking', 'replaceBooking', 'insertIdempotency']);

/** Counts write calls made by units of work that committed. */
function committedWrites() {
  let committed = 0;
  const wrap = (store: BookingStore) => delegatingStore(store, {
    unitOfWork: async (work) => {
      let writes = 0;
      const result = await store.unitOfWork((tx) =>
        work(
          new Proxy(tx, {
            get(target, property, receiver) {
              const value = Reflect.get(target, property, receiver);
              if (typeof value !== 'function') return value;
              return (...args: unknown[]) => {
                if (WRITES.has(String(property))) writes++;
                return value.apply(target, args);
              };
            },
          }) as StoreWriter,
        ),
      );
      committed += writes;
      return result;
    },
  });
  return { wrap, count: () => committed, reset: () => (committed = 0) };
}

let gw: TestGateway;
const writes = committedWrites();
const seen = new Map<string, number>();

beforeAll(async () => {
  gw = await startTestGateway({ wrapStore: writes.wrap });
  await seedInventory(gw);
  writes.reset();
});
afterAll(() => gw.stop());

async function send(body: string, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  expect(res.status).toBeLessThan(500);
  const json = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  for (const error of json.errors ?? []) {
    const code = String(error.extensions?.code);
    seen.set(code, (seen.get(code) ?? 0) + 1);
    expect(code).not.toBe('INTERNAL');
  }
}

const gql = (query: string, variables: unknown) => send(JSON.stringify({ query, variables }));

// ---- values that are wrong for a field ------------------------------------------------------

/** A finite non-integer: NaN and ±Infinity would travel as JSON null, which optional fields accept. */
const fraction = fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true });
const hugeString = fc.string({ minLength: 1025, maxLength: 5000 });
const structures = fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }));
/** Not a string: wrong for text fields. */
const wrongType = fc.oneof(fc.integer(), fraction, fc.boolean(), fc.constant(null), structures);
/** Not an integer: wrong for Int fields. */
const notAnInt = fc.oneof(fraction, fc.boolean(), fc.string({ maxLength: 10 }), structures);
const badText = fc.oneof(hugeString, wrongType, fc.constantFrom('', '   ', '\u0000', '\u0007bell', '\u200b\u2060', '\u3164', 'a\u202eb', 'a\u0085b', 'a\u2028b', 'a\ud800'));
/** Wrong for ID fields (an integer is a valid ID: GraphQL coerces it to a string). */
const badId = fc.oneof(fc.string({ minLength: 129, maxLength: 2000 }), fraction, fc.boolean(), fc.constant(null), structures, fc.constantFrom('', '   ', '\u0000', 'a\u0007b'));
const badEmail = fc.oneof(badText, fc.constantFrom('no-at-sign', 'a@b', '@example.com', 'a@@example.com', 'a b@example.com', `${'x'.repeat(250)}@example.com`));
const badPhone = fc.oneof(badText, fc.constantFrom('12345', '1'.repeat(21), '+41 44 CALL ME', '++41 44 668 18 00', '☎️ 044 668 18 00'));
// No null in the sets below: several of their targets are optional, and null is valid there.
const badInt64 = fc.oneof(
  fraction,
  fc.constantFrom(2 ** 53, -(2 ** 53), Number.MAX_VALUE, '9007199254740993', '1e3', '0x10', 'NaN', 'Infinity', '', ' 1', '1.0', true, [], {}),
  fc.string({ maxLength: 20 }).filter((s) => !/^-?\d+$/.test(s)),
);
const badDuration = fc.oneof(badInt64, fc.integer({ min: -(2 ** 31), max: 0 }));
const badEnum = fc.oneof(fc.string({ maxLength: 30 }).filter((s) => !/^[A-Z_]+$/.test(s)), fc.constantFrom('SOMETIMES', 'confirmed', 'CANCELLED', 1));
const badPartySize = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 101 }), fraction, fc.constant('2'));

/** Sets `path` (a.b.c) in a deep copy of `value`. */
function withField(value: unknown, path: string, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, any>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys[keys.length - 1]] = replacement;
  return copy;
}

const validBooking = () => bookingInput({ idempotencyToken: 'fuzz-token' }, { serviceId: CLASS, durationSec: 3600 });
const validLease = { lease: { slot: slot({ serviceId: CLASS, durationSec: 3600 }), userReference: 'fuzz-ref' } };

/** [document, valid variables, path under variables, bad values for it] */
const TARGETS: Array<[string, () => Record<string, unknown>, string, fc.Arbitrary<unknown>]> = [
  [Q.createBooking, () => ({ input: validBooking() }), 'input.userInformation.givenName', badText],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.userInformation.familyName', badText],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.userInformation.email', badEmail],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.userInformation.telephone', badPhone],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.userInformation.userId', badId],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.idempotencyToken', fc.oneof(hugeString.map((s) => s + 'x'.repeat(256)), wrongType, fc.constant(''))],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.slot.startSec', badInt64],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.slot.durationSec', badDuration],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.slot.merchantId', badId],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.slot.resources.partySize', badPartySize],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.slot.confirmationMode', badEnum],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.paymentInformation.price.priceMicros', badInt64],
  [Q.createBooking, () => ({ input: validBooking() }), 'input.additionalRequest', fc.oneof(fc.string({ minLength: 1001, maxLength: 3000 }), wrongType.filter((v) => v !== null))],
  [Q.createLease, () => validLease, 'lease.userReference', badText],
  [Q.createLease, () => validLease, 'lease.leaseExpirationTimeSec', fc.oneof(badInt64, fc.integer({ min: -(2 ** 40), max: DAY1 - 86401 }))],
  [Q.createLease, () => validLease, 'lease.slot.durationSec', badDuration],
  [Q.updateBooking, () => ({ input: { booking: { bookingId: 'nope', status: 'CANCELED' } } }), 'input.booking.status', badEnum],
  [Q.updateBooking, () => ({ input: { booking: { bookingId: 'x', slot: slot() } } }), 'input.booking.slot.startSec', badInt64],
  [Q.upsertMerchant, () => ({ input: { merchantId: 'fz', name: 'Fuzz', timeZone: 'UTC' } }), 'input.timeZone', fc.oneof(badText, fc.constantFrom('Mars/Olympus', 'UTC+99', 'Europe'))],
  [Q.upsertMerchant, () => ({ input: { merchantId: 'fz', name: 'Fuzz', timeZone: 'UTC' } }), 'input.name', badText],
  [Q.upsertService, () => ({ input: { merchantId: M, serviceId: 'fz', name: 'Fuzz' } }), 'input.minAdvanceOnlineCancelingSec', fc.oneof(badInt64, fc.integer({ max: -1 }))],
  [Q.upsertAvailability, () => ({ input: { merchantId: M, availability: [{ serviceId: S, startSec: DAY1 + 7, durationSec: 60, spotsTotal: 1 }] } }), 'input.availability.0.spotsTotal', fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 1_000_001 }), notAnInt)],
  [Q.upsertAvailability, () => ({ input: { merchantId: M, availability: [{ serviceId: S, startSec: DAY1 + 7, durationSec: 60, spotsTotal: 1 }] } }), 'input.availability.0.durationSec', badDuration],
];

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

it.each(TARGETS.map((t) => [t[2], t] as const))('malformed %s: a client error, nothing written', async (_path, [doc, valid, path, bad]) => {
  await fc.assert(
    fc.asyncProperty(bad, async (value) => {
      await gql(doc, withField(valid(), path, value));
    }),
    { numRuns: RUNS },
  );
});

it('garbage documents, random variables and unicode are client errors', async () => {
  const documents = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(Q.createBooking, Q.createLease, Q.updateBooking, Q.check, Q.bookings, Q.upsertAvailability),
  );
  const variables = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.record({ input: fc.jsonValue({ maxDepth: 4 }) }), fc.record({ slot: fc.jsonValue({ maxDepth: 3 }) }));
  await fc.assert(fc.asyncProperty(documents, variables, (query, vars) => gql(query, vars)), { numRuns: RUNS * 10 });
});

it('deeply nested and wide documents are refused, not executed', async () => {
  const nested = fc.integer({ min: 13, max: 300 }).map((depth) => `{ ${'merchant(merchantId: "m1") { services { '.repeat(Math.ceil(depth / 2))}name${' } }'.repeat(Math.ceil(depth / 2))} }`);
  const wide = fc.integer({ min: 31, max: 500 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: health { status }`).join(' ')} }`);
  await fc.assert(fc.asyncProperty(fc.oneof(nested, wide), (query) => gql(query, {})), { numRuns: RUNS });
});

it('fragment diamonds, repeated fields and directives: refused or answered, always a client error or data', async () => {
  const diamond = fc.integer({ min: 1, max: 40 }).map((levels) => {
    let doc = 'query { ...F0 }';
    for (let i = 0; i < levels; i++) doc += ` fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`;
    return `${doc} fragment F${levels} on Query { health { status } }`;
  });
  const repeated = fc.tuple(fc.integer({ min: 1, max: 15_000 }), fc.constantFrom('status', 'health { status }', '__typename')).map(([n, field]) =>
    field === 'status' ? `{ health { ${'status '.repeat(n)} } }` : `{ ${`${field} `.repeat(n)} }`,
  );
  const directives = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('@include(if: true)', '@skip(if: false)', '@deprecated', '@nope')).map(
    ([n, d]) => `{ health { status ${`${d} `.repeat(n)} } }`,
  );
  const sideBySide = fc.tuple(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 6 })).map(([n, k]) => {
    const spreads = Array.from({ length: n }, (_, i) => `...F${i}`).join(' ');
    return `{ ${spreads} } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ${'health { status } '.repeat(k)} }`).join(' ')}`;
  });
  const cyclic = fc.integer({ min: 1, max: 20 }).map((n) => `{ ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ...F${(i + 1) % n} health { status } }`).join(' ')}`);
  await fc.assert(fc.asyncProperty(fc.oneof(diamond, repeated, directives, sideBySide, cyclic), (query) => gql(query, {})), { numRuns: RUNS * 2 });
});

it('bad transport headers are client errors', async () => {
  const headers = fc.oneof(
    fc.record({ 'content-type': fc.constantFrom('application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=nonsense', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/graphql', '*/*') }),
    fc.record({ 'content-encoding': fc.constantFrom('foo', 'gzip', 'deflate', 'br', 'identity, foo', 'x-gzip') }),
  );
  const body = fc.constantFrom('{"query":"{ health { status } }"}', '{"query":"{ health { status } }","extensions":{"persistedQuery":{"version":2,"sha256Hash":"abc"}}}', '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}', '{"query":"{ health { status } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":42}}}');
  await fc.assert(fc.asyncProperty(body, headers, (b, h) => send(b, h)), { numRuns: RUNS });
});

it('raw bodies that are not GraphQL requests are client errors', async () => {
  const bodies = fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)));
  await fc.assert(fc.asyncProperty(bodies, (body) => send(body)), { numRuns: RUNS * 5 });
});

// Runs last (jest runs a file's tests in order): the verdict on everything sent above.
it('after all of it: still serving, nothing committed, every kind of client error seen', async () => {
  expect(ok(await gw.gql('{ health { status } }')).health.status).toBe('SERVING');
  expect(writes.count()).toBe(0);
  expect([...seen.keys()].sort()).toEqual(expect.arrayContaining(['GRAPHQL_PARSE_FAILED', 'INVALID_ARGUMENT', 'RESOURCE_EXHAUSTED']));
});
