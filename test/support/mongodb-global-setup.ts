// Finds the MongoDB the MongoDB suites run against, once per jest run:
//  1. MONGODB_URI, if it names a reachable replica set (a real server);
//  2. else, with MONGODB_MEMORY_SERVER=1 (or MONGOMS_SYSTEM_BINARY naming a mongod), a one-node replica
//     set started by mongodb-memory-server (a real server; it may download mongod, so it is opt-in:
//     tests send traffic to loopback only unless asked);
//  3. else the replica-set simulator (test/support/mongo-sim), which the real driver talks to over TCP.
// MONGODB_REQUIRED=1 refuses to fall back from 1 or 2. The outcome reaches the test files as
// MONGODB_TEST_URI and MONGODB_TEST_TARGET ("a real server …" or "the replica-set simulator").
import { MongoClient } from 'mongodb';
import { startMongoSim } from './mongo-sim';

type Found = { uri: string; label: string; stop?: () => Promise<void> } | { reason: string };

async function fromEnvironment(uri: string): Promise<Found> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
  try {
    await client.connect();
    const hello = await client.db().admin().command({ hello: 1 });
    if (!hello.setName && hello.msg !== 'isdbgrid') return { reason: 'MONGODB_URI names a standalone server, and transactions need a replica set' };
    return { uri, label: 'a real server (MONGODB_URI)' };
  } catch (error) {
    return { reason: `MONGODB_URI is not reachable (${firstLine(error)})` };
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function fromMemoryServer(): Promise<Found> {
  let module: typeof import('mongodb-memory-server-core');
  try {
    module = await import('mongodb-memory-server-core');
  } catch {
    return { reason: 'mongodb-memory-server-core is not installed' };
  }
  // The library logs its failures at length; one line from us says enough.
  const quiet = silenceConsole();
  try {
    const replSet = await module.MongoMemoryReplSet.create({ replSet: { count: 1, storageEngine: 'wiredTiger' } });
    return { uri: replSet.getUri(), label: 'a real server (mongodb-memory-server)', stop: () => replSet.stop().then(() => undefined) };
  } catch (error) {
    return { reason: `mongodb-memory-server could not start a replica set (${firstLine(error)})` };
  } finally {
    quiet.restore();
  }
}

async function fromSimulator(): Promise<Found> {
  const sim = await startMongoSim();
  return { uri: sim.uri, label: 'the replica-set simulator (test/support/mongo-sim; set MONGODB_URI for a real server)', stop: () => sim.stop() };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim().slice(0, 200);
}

function silenceConsole() {
  const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info };
  console.log = console.warn = console.error = console.info = () => undefined;
  return { restore: () => Object.assign(console, saved) };
}

export default async function mongodbGlobalSetup(): Promise<void> {
  const wantsRealServer = Boolean(process.env.MONGODB_URI || process.env.MONGODB_MEMORY_SERVER === '1' || process.env.MONGOMS_SYSTEM_BINARY);
  let found: Found = { reason: 'no real server was asked for' };
  if (process.env.MONGODB_URI) found = await fromEnvironment(process.env.MONGODB_URI);
  else if (wantsRealServer) found = await fromMemoryServer();
  if ('reason' in found) {
    if (wantsRealServer && process.env.MONGODB_REQUIRED === '1') throw new Error(`MONGODB_REQUIRED=1, but ${found.reason}`);
    if (wantsRealServer) console.log(`\nNo real MongoDB: ${found.reason}; falling back to the simulator.`);
    found = await fromSimulator();
  }
  if ('reason' in found) throw new Error(found.reason);
  process.env.MONGODB_TEST_URI = found.uri;
  process.env.MONGODB_TEST_TARGET = found.label;
  (globalThis as { stopTestMongo?: () => Promise<void> }).stopTestMongo = found.stop;
  console.log(`\nMongoDB suites: running against ${found.label}`);
}
