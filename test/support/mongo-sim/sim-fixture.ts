// One simulator and one driver client per test file, stopped in afterAll.
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { startMongoSim, type MongoSim, type SimOptions } from './index';

export interface SimFixture {
  sim: MongoSim;
  client: MongoClient;
  /** A fresh database name for one test. */
  dbName(): string;
}

let counter = 0;

export function useSim(options: SimOptions = {}, clientOptions: MongoClientOptions = {}): SimFixture {
  const fixture = { dbName: () => `simtest_${++counter}` } as SimFixture;
  beforeAll(async () => {
    fixture.sim = await startMongoSim(options);
    fixture.client = new MongoClient(fixture.sim.uri, { serverSelectionTimeoutMS: 5000, ...clientOptions });
    await fixture.client.connect();
  });
  afterAll(async () => {
    await fixture.client?.close().catch(() => undefined);
    await fixture.sim?.stop();
  });
  return fixture;
}

/** Resolves after `ms`, or says whether a promise settled within `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await sleep(ms);
  return settled;
}
