// Two gateway processes' worth of servers sharing one MongoDB database: the invariants hold across
// them because they live in MongoDB (transactions and unique indexes), not in a process.
import { MongoStore } from '../../src/store/mongodb/mongo.store';
import { CLASS, Q, bookingInput, countAvailable, seedInventory, user } from '../support/fixtures';
import { MONGODB_TEST_TARGET, MONGODB_TEST_URI, disposeTestStore, freshDatabaseName } from '../support/mongodb-test-store';
import { ok, startTestGateway, type TestGateway } from '../support/test-gateway';

const CLASS_SLOT = { serviceId: CLASS, durationSec: 3600 };

describe(`two gateways on one MongoDB database (${MONGODB_TEST_TARGET})`, () => {
  let a: TestGateway;
  let b: TestGateway;
  let stores: MongoStore[];

  beforeEach(async () => {
    const dbName = freshDatabaseName('e2e');
    stores = [await MongoStore.connect({ uri: MONGODB_TEST_URI!, dbName }), await MongoStore.connect({ uri: MONGODB_TEST_URI!, dbName })];
    a = await startTestGateway({ store: stores[0] });
    b = await startTestGateway({ store: stores[1] });
    await seedInventory(a);
  });

  afterEach(async () => {
    await a.stop();
    await b.stop();
    await disposeTestStore(stores[0]);
  });

  it('40 concurrent bookers split across both gateways on a 5-spot slot: exactly 5 confirmed', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).gql(Q.createBooking, { input: bookingInput({ userInformation: user(`racer-${i}`) }, CLASS_SLOT) }),
      ),
    );
    const payloads = results.map((r) => ok(r).createBooking);
    expect(payloads.filter((p) => p.booking?.status === 'CONFIRMED')).toHaveLength(5);
    expect(payloads.filter((p) => p.bookingFailure?.cause === 'SLOT_UNAVAILABLE')).toHaveLength(35);
    expect(await countAvailable(a, CLASS_SLOT)).toBe(0);
    expect(await countAvailable(b, CLASS_SLOT)).toBe(0);
  }, 60_000);

  it('20 concurrent duplicates split across both gateways make one booking', async () => {
    const input = bookingInput({ idempotencyToken: 'dup-across' }, CLASS_SLOT);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).gql(Q.createBooking, { input })));
    const ids = new Set(results.map((r) => ok(r).createBooking.booking.bookingId));
    expect(ids.size).toBe(1);
    expect(await countAvailable(a, CLASS_SLOT)).toBe(4);
  }, 60_000);

  it('health reports the mongodb store', async () => {
    expect(ok(await a.gql('{ health { status store } }')).health).toEqual({ status: 'SERVING', store: 'mongodb' });
  });
});
