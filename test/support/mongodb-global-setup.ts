// Finds a MongoDB replica set for the MongoDB suites, once per jest run:
//  1. MONGODB_URI, if it names a reachable replica set;
//  2. otherwise a one-node replica set (wiredTiger) started by mongodb-memory-server;
//  3. otherwise the suites are skipped, with one line saying why (MONGODB_REQUIRED=1 fails instead).
// The outcome reaches the test files as MONGODB_TEST_URI or MONGODB_SKIP_REASON.
import { MongoClient } from 'mongodb';

type Found = { uri: string; label: string; stop?: () => Promise<void> } | { reason: string };

async function fromEnvironment(uri: string): Promise<Found> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
  try {
    await client.connect();
    const hello = await client.db().admin().command({ hello: 1 });
    if (!hello.setName && hello.msg !== 'isdbgrid') return { reason: 'MONGODB_URI names a standalone server, and transactions need a replica set' };
    return { uri, label: 'MONGODB_URI' };
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
    return { reason: 'no MONGODB_URI, and mongodb-memory-server-core is not installed' };
  }
  // The library logs its download failures at length; one line from us says enough.
  const quiet = silenceConsole();
  try {
    const replSet = await module.MongoMemoryReplSet.create({ replSet: { count: 1, storageEngine: 'wiredTiger' } });
    return { uri: replSet.getUri(), label: 'a mongodb-memory-server replica set', stop: () => replSet.stop().then(() => undefined) };
  } catch (error) {
    return { reason: `no MONGODB_URI, and mongodb-memory-server could not start a replica set (${firstLine(error)})` };
  } finally {
    quiet.restore();
  }
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
  const found = process.env.MONGODB_URI ? await fromEnvironment(process.env.MONGODB_URI) : await fromMemoryServer();
  if ('reason' in found) {
    if (process.env.MONGODB_REQUIRED === '1') throw new Error(`MONGODB_REQUIRED=1, but ${found.reason}`);
    process.env.MONGODB_SKIP_REASON = found.reason;
    console.log(`\nMongoDB suites skipped: ${found.reason}. Set MONGODB_URI to a replica set to run them.`);
    return;
  }
  process.env.MONGODB_TEST_URI = found.uri;
  (globalThis as { stopTestMongo?: () => Promise<void> }).stopTestMongo = found.stop;
  console.log(`\nMongoDB suites: running against ${found.label}`);
}
