// hello / isMaster, the streaming ("awaitable") hello, and the small admin commands the driver and
// the adapter send. The hello reply is that of the primary of a one-member replica set (manual,
// "hello" command output: isWritablePrimary, setName, hosts, primary, me, setVersion, electionId,
// topologyVersion, lastWrite, logicalSessionTimeoutMinutes, ...). An awaitable hello (topologyVersion +
// maxAwaitTimeMS, sent by the driver's monitor: node_modules/mongodb/src/sdam/monitor.ts) is held
// until the topology changes or maxAwaitTimeMS passes (SDAM spec, "Streaming Protocol").
import { Long, ObjectId, type Document } from 'mongodb';
import { toTimestamp } from '../clock';
import { CODES, fail } from '../errors';
import type { Args, Handler } from './context';

function helloReply(a: Args, legacy: boolean): Document {
  const { core } = a;
  const ts = toTimestamp(core.clock.current);
  const term = Long.fromNumber(core.topology.term);
  const now = new Date();
  const reply: Document = {
    topologyVersion: core.topologyVersion(),
    hosts: [core.address],
    setName: core.replSetName,
    setVersion: 1,
    [legacy ? 'ismaster' : 'isWritablePrimary']: core.isPrimary,
    secondary: !core.isPrimary,
    ...(core.isPrimary ? { primary: core.address } : {}),
    me: core.address,
    ...(core.isPrimary ? { electionId: new ObjectId(`7fffffff${core.topology.term.toString(16).padStart(16, '0')}`) } : {}),
    lastWrite: { opTime: { ts, t: term }, lastWriteDate: now, majorityOpTime: { ts, t: term }, majorityWriteDate: now },
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: now,
    logicalSessionTimeoutMinutes: 30,
    connectionId: a.conn.id,
    minWireVersion: 0,
    maxWireVersion: core.maxWireVersion,
    readOnly: false,
  };
  if (a.cmd.helloOk === true) reply.helloOk = true;
  return { ...reply, ok: 1 };
}

const hello = (legacy: boolean): Handler => async (a) => {
  const tv = a.cmd.topologyVersion as Document | undefined;
  const maxAwait = a.cmd.maxAwaitTimeMS;
  if (tv && typeof maxAwait === 'number') {
    const mine = a.core.topology;
    const same = String(tv.processId) === mine.processId.toHexString() && Number(tv.counter) === mine.counter;
    if (same) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          a.core.helloWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, maxAwait);
        a.core.helloWaiters.add(wake);
      });
    }
  }
  return helloReply(a, legacy);
};

const buildInfo: Handler = () => ({
  version: '7.0.0',
  gitVersion: 'mongo-sim',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['wiredTiger'],
  javascriptEngine: 'none',
  modules: [],
  debug: false,
  ok: 1,
});

const PARAMETERS: Record<string, (a: Args) => unknown> = {
  featureCompatibilityVersion: () => ({ version: '7.0' }),
  transactionLifetimeLimitSeconds: (a) => Math.round((a.core.options.transactionLifetimeLimitMs ?? 60_000) / 1000),
  minSnapshotHistoryWindowInSeconds: (a) => Math.round((a.core.options.snapshotHistoryWindowMs ?? 300_000) / 1000),
  ttlMonitorSleepSecs: (a) => Math.round((a.core.options.ttlIntervalMs ?? 60_000) / 1000),
};

const getParameter: Handler = (a) => {
  const out: Document = {};
  const all = a.cmd.getParameter === '*';
  for (const [name, read] of Object.entries(PARAMETERS)) if (all || a.cmd[name] !== undefined) out[name] = read(a);
  if (!all && Object.keys(out).length === 0) fail(CODES.InvalidOptions, 'no option found to get');
  return { ...out, ok: 1 };
};

const endSessions: Handler = (a) => {
  a.core.sessions.end((a.cmd.endSessions as Document[]) ?? []);
  return { ok: 1 };
};

const killSessions: Handler = (a) => {
  a.core.sessions.end((a.cmd.killSessions as Document[]) ?? []);
  return { ok: 1 };
};

const killAllSessions: Handler = (a) => {
  a.core.sessions.endAll();
  return { ok: 1 };
};

const serverStatus: Handler = (a) => ({
  host: a.core.address,
  version: '7.0.0',
  process: 'mongod',
  uptime: process.uptime(),
  localTime: new Date(),
  connections: { current: 0, totalCreated: a.core.stats.connectionsOpened },
  transactions: {
    currentOpen: a.core.sessions.open.size,
    totalStarted: a.core.stats.transactionsStarted,
    totalCommitted: a.core.stats.transactionsCommitted,
    totalAborted: a.core.stats.transactionsAborted,
  },
  metrics: { operation: { writeConflicts: a.core.stats.writeConflicts } },
  storageEngine: { name: 'wiredTiger', supportsSnapshotReadConcern: true },
  ok: 1,
});

const ping: Handler = () => ({ ok: 1 });
const whatsmyuri: Handler = (a) => ({ you: a.conn.remote, ok: 1 });
const connectionStatus: Handler = () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 });

export const ADMIN_HANDLERS: Record<string, Handler> = {
  hello: hello(false),
  isMaster: hello(true),
  ismaster: hello(true),
  ping,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  endSessions,
  killSessions,
  killAllSessions,
  serverStatus,
  whatsmyuri,
  connectionStatus,
};

export const SESSIONLESS = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'buildinfo', 'getParameter', 'endSessions', 'killSessions', 'killAllSessions', 'serverStatus', 'whatsmyuri', 'connectionStatus']);
