// The BookingStore contract suite (test/store/store-contract.ts), run by the real MongoStore and
// the real driver against the simulator. Not a test file on its own: a test file calls
//
//   import { describeStoreContractOnSim } from '../support/mongo-sim/contract-run';
//   describeStoreContractOnSim();
//
// (kept out of the default run until the adapter findings in README.md are fixed).
import { MongoStore } from '../../../src/store/mongodb/mongo.store';
import { describeStoreContract } from '../../store/store-contract';
import { disposeTestStore } from '../mongodb-test-store';
import { startMongoSim, type MongoSim, type SimOptions } from './index';

export interface ContractOnSim {
  /** The simulator, once beforeAll ran (e.g. to read its stats in an afterAll). */
  sim(): MongoSim;
}

export function describeStoreContractOnSim(name = 'mongodb on the simulator', options: SimOptions = {}): ContractOnSim {
  let sim: MongoSim | undefined;
  let n = 0;
  describe(`${name} (mongo-sim)`, () => {
    beforeAll(async () => {
      sim = await startMongoSim(options);
    });
    afterAll(async () => {
      await sim?.stop();
    });
    describeStoreContract(
      name,
      () => MongoStore.connect({ uri: sim!.uri, dbName: `contract_${process.pid}_${++n}`, serverSelectionTimeoutMS: 5000 }),
      (store) => disposeTestStore(store as MongoStore),
    );
  });
  return {
    sim: () => {
      if (!sim) throw new Error('mongo-sim: the simulator starts in beforeAll');
      return sim;
    },
  };
}
