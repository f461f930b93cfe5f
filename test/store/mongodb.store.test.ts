// The same store contract, against MongoDB, whenever a replica set is available (see
// test/support/mongodb-global-setup.ts); otherwise skipped with the reason in the title.
import { MongoStore } from '../../src/store/mongodb/mongo.store';
import { MONGODB_SKIP_REASON, MONGODB_TEST_URI, connectTestStore, disposeTestStore } from '../support/mongodb-test-store';
import { describeStoreContract } from './store-contract';

if (MONGODB_TEST_URI) {
  describeStoreContract(
    'mongodb',
    () => connectTestStore(),
    (store) => disposeTestStore(store as MongoStore),
  );
} else {
  describe.skip(`BookingStore contract: mongodb — skipped: ${MONGODB_SKIP_REASON}`, () => {
    it('runs the store contract against a MongoDB replica set', () => undefined);
  });
}
