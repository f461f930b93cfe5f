// The store contract against MongoDB with the real driver: a real replica set when MONGODB_URI (or
// mongodb-memory-server) gives one, else the replica-set simulator (test/support/mongodb-global-setup.ts).
import { MongoStore } from '../../src/store/mongodb/mongo.store';
import { MONGODB_TEST_TARGET, connectTestStore, disposeTestStore } from '../support/mongodb-test-store';
import { describeStoreContract } from './store-contract';
import { describeEventStoreContract } from './store-contract.events';
import { describeMerchantStoreContract } from './store-contract.merchant';
import { describePaymentStoreContract } from './store-contract.payments';

describeStoreContract(
  `mongodb (${MONGODB_TEST_TARGET})`,
  () => connectTestStore(),
  (store) => disposeTestStore(store as MongoStore),
);

describeMerchantStoreContract(
  `mongodb (${MONGODB_TEST_TARGET})`,
  () => connectTestStore(),
  (store) => disposeTestStore(store as MongoStore),
);

describeEventStoreContract(
  `mongodb (${MONGODB_TEST_TARGET})`,
  () => connectTestStore(),
  (store) => disposeTestStore(store as MongoStore),
);

describePaymentStoreContract(
  `mongodb (${MONGODB_TEST_TARGET})`,
  () => connectTestStore(),
  (store) => disposeTestStore(store as MongoStore),
);
