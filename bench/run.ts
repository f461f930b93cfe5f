// `npm run bench`: starts fresh gateway processes, seeds them over HTTP, drives them from this
// process with autocannon over 127.0.0.1, checks that nothing was oversold or duplicated, and
// prints one markdown table plus bench/results.json. See docs/benchmarks.md.
//
//   npm run bench                      STORE=memory (in-memory SQLite), ~2.5 min on 2 cores (stops itself at 300 s)
//   npm run bench -- --store sqlite    the durable SQLite store (a data directory per gateway), plus
//                                      bytes on disk per booking and start-up with 100,000 bookings
//   npm run bench -- --store mongodb   against MONGODB_URI (a replica set), else the replica-set
//                                      simulator (test/support/mongo-sim); adds store commands per operation
//   npm run bench -- --quick           shorter runs (smoke test of the harness)
//   npm run bench -- --profile         each scenario on its own gateway under node --cpu-prof; prints top frames
//
// Exit code: 0 when every check passed (targets are reported, not enforced), 1 when a check failed
// (oversold capacity, duplicate bookings, N+1 growth, error responses), 2 on a harness failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_DIR, buildGateway } from './build';
import { AUTH_HEADERS, killAll, launchGateway, type Entry, type GatewayProcess } from './gateway-process';
import { GqlClient } from './gql';
import { runLoad } from './load';
import { formatSummary, summariseProfile, type ProfileSummary } from './profile-summary';
import { formatChecks, formatTable, type Machine } from './report';
import { measureRoundTrips, roundTripRow } from './round-trips';
import { merchantBookingsRows } from './merchant-bookings';
import { measureRestCheck, restRows } from './rest-scenarios';
import { eventsRows } from './events-scenarios';
import { paymentsRows } from './payments-scenarios';
import { sqliteRows } from './sqlite-scenarios';
import {
  MEMORY,
  Q,
  baselineRows,
  runAvailableSlots,
  runBaseline,
  runBatch,
  runCheckAvailability,
  runContention,
  runIdempotency,
  runMemory,
  runNPlusOne,
  seedHotHolds,
  seedMain,
  seedMerchant,
  seedSlots,
  type Baselines,
  type Check,
  type Durations,
  type MainInventory,
  measuredRow,
  type ScenarioRow,
} from './scenarios';
import { median, ratio, round } from './stats';

const ROOT = path.resolve(__dirname, '..');

const SCENARIOS = ['checkAvailability', 'rest', 'batch', 'availableSlots', 'createBooking', 'idempotency', 'events', 'payments', 'metrics', 'nplusone', 'schedule', 'memory', 'coldstart'] as const;
type ScenarioId = (typeof SCENARIOS)[number];

interface Args {
  store: 'memory' | 'sqlite' | 'mongodb';
  quick: boolean;
  profile: boolean;
  /** Scenarios to run (the baseline always runs); all when absent. */
  only: Set<ScenarioId> | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { store: 'memory', quick: false, profile: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a.startsWith('--only=')) {
      const ids = a.slice('--only='.length).split(',');
      const unknown = ids.filter((id) => !(SCENARIOS as readonly string[]).includes(id));
      if (unknown.length) throw new Error(`--only: unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
      args.only = new Set(ids as ScenarioId[]);
    } else if (a === '--profile') args.profile = true;
    else if (a === '--store' || a.startsWith('--store=')) {
      const value = a.includes('=') ? a.split('=')[1] : argv[++i];
      if (value !== 'memory' && value !== 'sqlite' && value !== 'mongodb') throw new Error(`--store must be memory, sqlite or mongodb, got "${value}"`);
      args.store = value;
    } else throw new Error(`unknown argument "${a}" (use --store memory|mongodb, --quick, --profile, --only=${SCENARIOS.join(',')})`);
  }
  return args;
}

function machine(store: string): Machine {
  let commit = 'unknown commit';
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    commit = `commit ${sha}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    // not a git checkout
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.cpus().length,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    store,
    loadAverageBefore: os.loadavg().map((l) => round(l, 2)),
    commit,
    date: new Date().toISOString(),
  };
}

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const runStarted = performance.now();
  const budgetSec = args.profile ? 900 : 300;
  const watchdog = setTimeout(() => {
    log(`harness failure: the run exceeded its ${budgetSec} s budget; stopping`);
    killAll();
    process.exit(2);
  }, budgetSec * 1000);
  watchdog.unref();

  const d: Durations = args.quick ? { warmupSec: 0.5, measureSec: 2, latencySec: 2 } : { warmupSec: 1, measureSec: 5, latencySec: 4 };
  const info = machine(args.store);
  log(`${info.cpu} × ${info.cores}, Node ${info.node}, store ${args.store}${args.quick ? ', quick' : ''}${args.profile ? ', profile' : ''}`);

  const buildDir = path.join(BUILD_DIR, String(process.pid));
  process.once('exit', () => rmSync(buildDir, { recursive: true, force: true }));
  const built = buildGateway(buildDir);
  log(`compiled ${built.files} files of ${path.relative(ROOT, built.root) || '.'}/src in ${built.ms} ms`);
  const compiled: Entry = { kind: 'compiled', mainJs: built.mainJs };

  let mongoTarget = 'a real server (MONGODB_URI)';
  if (args.store === 'mongodb' && !process.env.MONGODB_URI) {
    const sim = await startSimulator();
    process.env.MONGODB_URI = sim.uri;
    mongoTarget = 'the replica-set simulator';
    process.once('exit', () => sim.stop());
    log(`no MONGODB_URI: running against the replica-set simulator at ${sim.uri}`);
  }
  const databases: string[] = [];
  const storeEnv = (label: string): Record<string, string | undefined> => {
    if (args.store === 'memory') return { STORE: 'memory', MONGODB_URI: undefined };
    if (args.store === 'sqlite') {
      const dir = mkdtempSync(path.join(os.tmpdir(), `bench-sqlite-${label.replace(/\W/g, '_')}-`));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      return { STORE: 'sqlite', DATA_DIR: dir, MONGODB_URI: undefined };
    }
    const db = `bench_${Date.now()}_${label.replace(/\W/g, '_')}`;
    databases.push(db);
    return { STORE: 'mongodb', MONGODB_DB: db };
  };

  const rows: ScenarioRow[] = [];
  const checks: Check[] = [];
  const profiles: Record<string, ProfileSummary & { file: string }> = {};

  if (args.profile) {
    await profileRun(compiled, d, storeEnv, checks, profiles);
  } else {
    await fullRun(compiled, d, args, storeEnv, rows, checks, mongoTarget === 'the replica-set simulator');
    if (args.store === 'sqlite') {
      log('sqlite: bytes on disk per booking, start-up with 100,000 bookings');
      rows.push(...(await sqliteRows(compiled, checks)));
    }
    if (args.store === 'mongodb') {
      log('store commands per operation');
      rows.push(roundTripRow(await measureRoundTrips(process.env.MONGODB_URI!, `bench_round_trips_${Date.now()}`), mongoTarget, checks));
    }
  }

  info.loadAverageAfter = os.loadavg().map((l) => round(l, 2));
  await dropDatabases(databases);

  const table = rows.length ? formatTable(rows, info) : '';
  const failed = checks.filter((c) => !c.ok);
  const results = {
    machine: info,
    args,
    durations: d,
    seconds: round((performance.now() - runStarted) / 1000, 1),
    table,
    rows,
    checks,
    profiles,
  };
  writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  if (table) process.stdout.write(`${table}\n\n`);
  for (const [title, p] of Object.entries(profiles)) process.stdout.write(`${formatSummary(`${title} (${p.file})`, p)}\n`);
  process.stdout.write(`Checks:\n${formatChecks(checks)}\n\n`);
  process.stdout.write(`bench/results.json written; ${results.seconds} s in all.\n`);
  clearTimeout(watchdog);
  return failed.length ? 1 : 0;
}

async function fullRun(
  compiled: Entry,
  d: Durations,
  args: Args,
  storeEnv: (label: string) => Record<string, string | undefined>,
  rows: ScenarioRow[],
  checks: Check[],
  /** MongoDB is the replica-set simulator (no latency figures on it). */
  simulated: boolean,
): Promise<void> {
  const want = (id: ScenarioId) => !args.only || args.only.has(id);
  // Cold start first, while nothing else of ours runs.
  const coldRows = want('coldstart') ? await coldStart(compiled, args.quick ? 2 : 3) : [];

  const mainGw = await launchGateway({ label: 'main', entry: compiled, env: storeEnv('main') });
  try {
    const gql = new GqlClient(mainGw.url, AUTH_HEADERS);
    log('seeding the main gateway');
    const inv = await seedMain(gql);
    log('baseline');
    const b = await runBaseline(mainGw.url, AUTH_HEADERS, d);
    rows.push(...baselineRows(b));
    if (want('checkAvailability') || want('rest')) {
      log('checkAvailability');
      const graphqlCheck = await runCheckAvailability(mainGw.url, AUTH_HEADERS, inv, b, d, checks);
      rows.push(graphqlCheck);
      if (want('rest')) {
        log('Booking Server face (REST v3): CheckAvailability, BatchAvailabilityLookup');
        rows.push(...(await restRows(mainGw.base, inv, b, graphqlCheck, d, checks)));
      }
    }
    if (want('batch')) {
      log('batchAvailabilityLookup');
      rows.push(await runBatch(mainGw.url, AUTH_HEADERS, inv, 100, b, d, checks));
      rows.push(await runBatch(mainGw.url, AUTH_HEADERS, inv, 1000, b, d, checks));
    }
    if (want('availableSlots')) {
      log('availableSlots');
      rows.push(await runAvailableSlots(mainGw.url, AUTH_HEADERS, inv, b, d, checks));
    }
    if (want('createBooking')) {
      log('createBooking under contention');
      rows.push(await runContention(mainGw.url, AUTH_HEADERS, inv, b, checks, args.quick ? 8 : 15));
    }
    if (want('idempotency')) {
      log('idempotent retries');
      rows.push(await runIdempotency(mainGw.url, AUTH_HEADERS, inv, b, checks, args.quick ? 8 : 12));
    }
    if (want('events')) {
      log('events: createBooking with the outbox on vs off; webhook delivery latency at 500/s');
      rows.push(...(await eventsRows(compiled, storeEnv, b, d, checks)));
    }
    if (want('payments')) {
      log('payments: createBooking with sandbox prepayment vs without');
      rows.push(...(await paymentsRows(compiled, storeEnv, b, d, checks)));
    }
    if (want('metrics')) {
      log('metrics overhead (in-process, then METRICS on vs off alternating)');
      rows.push(await metricsOverhead(compiled, inv, d, storeEnv, rows));
    }
  } finally {
    await mainGw.stop();
  }

  if (want('nplusone')) {
    log('N+1 (STORE_CALL_COUNTS=true)');
    const countGw = await launchGateway({ label: 'counts', entry: compiled, env: { ...storeEnv('counts'), STORE_CALL_COUNTS: 'true' } });
    try {
      rows.push(await runNPlusOne(countGw.base, countGw.url, AUTH_HEADERS, checks));
    } finally {
      await countGw.stop();
    }
  }

  if (want('schedule')) {
    log('merchantBookings over 100,000 bookings (filled through the store, then served)');
    rows.push(...(await merchantBookingsRows(compiled, args.store, d, checks, args.store === 'mongodb' && simulated)));
  }

  if (!want('memory')) {
    // skipped
  } else if (args.store === 'memory') {
    log(`memory (${MEMORY.slots} slots, ${MEMORY.bookings} bookings)`);
    const memGw = await launchGateway({
      label: 'memory',
      entry: compiled,
      env: { ...storeEnv('memory'), MAX_ALIASES: String(MEMORY.perRequest), LOG_LEVEL: 'warn' },
      nodeArgs: ['--expose-gc', '-r', path.join(__dirname, 'gc-on-signal.cjs')],
    });
    try {
      rows.push(await runMemory(memGw, AUTH_HEADERS, checks, performance.now() + (args.quick ? 30_000 : 60_000)));
    } finally {
      await memGw.stop();
    }
  } else {
    rows.push(
      measuredRow({
        id: 'memory',
        scenario: 'memory',
        target: 'reported',
        met: null,
        result: `not measured: with ${args.store === 'sqlite' ? 'SQLite the bookings are on disk (see bytes on disk per booking)' : 'MongoDB the data is not in the gateway process'}`,
      }),
    );
  }
  rows.push(...coldRows);
}

/** Spawn → first answered `{ __typename }`, for the compiled gateway (`npm start`), ts-node (`npm run dev`) and a bare Node server. */
async function coldStart(compiled: Entry, runs: number): Promise<ScenarioRow[]> {
  log('cold start');
  const measure = async (label: string, entry: Entry, n: number) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const gw = await launchGateway({ label, entry, env: { STORE: 'memory', MONGODB_URI: undefined, LOG_LEVEL: 'warn' } });
      times.push(gw.coldStartMs);
      await gw.stop();
    }
    return { median: round(median(times)), runs: times.map((t) => round(t)) };
  };
  const bare = await measure('bare node', { kind: 'script', file: path.join(__dirname, 'bare-server.cjs') }, runs);
  const js = await measure('compiled', compiled, runs);
  const tsNode = await measure('npm run dev', { kind: 'ts-node' }, Math.max(1, runs - 1));
  const mk = (id: string, scenario: string, m: { median: number; runs: number[] }): ScenarioRow => measuredRow({
    id,
    scenario,
    target: '< 1.5 s',
    met: m.median < 1500,
    result: `${m.median.toLocaleString('en-US')} ms median (${ratio(m.median, bare.median, 1)}× a bare Node HTTP server's ${bare.median} ms)`,
    details: { runs: m.runs, bare },
  });
  return [
    mk('coldstart-compiled', 'cold start: compiled JS (`npm start`), spawn → first answer', js),
    mk('coldstart-tsnode', 'cold start: ts-node (`npm run dev`)', tsNode),
  ];
}

/**
 * The cost of METRICS: measured in-process (bench/metrics-overhead.ts, precise), then end to end on two
 * fresh gateways seeded alike, METRICS on and off, warmed up alike and driven alternately.
 */
async function metricsOverhead(
  compiled: Entry,
  inv: MainInventory,
  d: Durations,
  storeEnv: (label: string) => Record<string, string | undefined>,
  rows: ScenarioRow[],
): Promise<ScenarioRow> {
  const micro = inProcessMetricsCost();
  const twins: GatewayProcess[] = [];
  try {
    for (const metrics of ['true', 'false']) {
      const gw = await launchGateway({ label: `metrics-${metrics === 'true' ? 'on' : 'off'}`, entry: compiled, env: { ...storeEnv(`metrics-${metrics}`), METRICS: metrics } });
      twins.push(gw);
      const gql = new GqlClient(gw.url, AUTH_HEADERS);
      await seedMerchant(gql, 'bench', ['hot']);
      await seedSlots(gql, 'bench', [{ serviceId: 'hot', startSec: inv.hotSlot.startSec, durationSec: 3600, spotsTotal: 100 }]);
      await seedHotHolds(gql, inv.hotSlot);
    }
    const [onGw, offGw] = twins;
    const body = JSON.stringify({ query: Q.check, variables: { slot: inv.hotSlot } });
    const sec = Math.max(2, Math.round(d.measureSec * 0.4));
    for (const gw of twins) {
      await runLoad({ label: 'warm-up', url: gw.url, headers: AUTH_HEADERS, connections: 10, durationSec: Math.max(1, d.warmupSec * 2), maxSec: 10, body });
    }
    const on: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < 3; i++) {
      for (const [gw, list] of [
        [onGw, on],
        [offGw, off],
      ] as const) {
        const r = await runLoad({ label: `checkAvailability ${gw.label}`, url: gw.url, headers: AUTH_HEADERS, connections: 10, durationSec: sec, maxSec: sec + 5, body });
        list.push(r.reqPerSec);
      }
    }
    const onRate = median(on);
    const offRate = median(off);
    const overheadPct = round((1 - onRate / offRate) * 100, 1);
    // The in-process cost as a share of one request's CPU time (1 / req/s on one core).
    const share = (id: string, storeCalls: number) => {
      const r = rows.find((x) => x.id === id);
      if (!micro || !r?.reqPerSec) return null;
      return round(((micro.pluginUsPerRequest + storeCalls * micro.storeUsPerCall) / (1e6 / r.reqPerSec)) * 100, 2);
    };
    const checkShare = share('checkAvailability', 1);
    const bookShare = share('createBooking', 6);
    const microText = micro
      ? `in-process: ${micro.pluginUsPerRequest} µs per request + ${micro.storeUsPerCall} µs per store call = ${checkShare ?? '?'}% of a checkAvailability, ${bookShare ?? '?'}% of a createBooking; `
      : '';
    return {
      id: 'metrics-overhead',
      scenario: 'metrics overhead: checkAvailability, METRICS on vs off',
      connections: 10,
      reqPerSec: onRate,
      reqPerSecRatio: ratio(onRate, offRate),
      p50: null,
      p99: null,
      p99Ratio: null,
      target: 'low',
      met: null,
      result: `${microText}end to end (median of 3 alternating runs each): on ${onRate.toLocaleString('en-US')} vs off ${offRate.toLocaleString('en-US')} req/s (${overheadPct}%; runs on ${on.join(', ')}, off ${off.join(', ')})`,
      details: { on, off, overheadPct, inProcess: micro, checkShare, bookShare },
    };
  } finally {
    for (const gw of twins) await gw.stop();
  }
}

interface MetricsCost {
  pluginUsPerRequest: number;
  pluginWorkUsPerRequest: number;
  storeUsPerCall: number;
  bareStoreUsPerCall: number;
  scrapeMs: number;
}

/** bench/metrics-overhead.ts in its own process (bounded to 60 s). */
function inProcessMetricsCost(): MetricsCost | null {
  try {
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'metrics-overhead.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    return JSON.parse(out.trim().split('\n').pop()!) as MetricsCost;
  } catch (error) {
    log(`in-process metrics cost not measured: ${(error as Error).message}`);
    return null;
  }
}

/** --profile: each scenario on a fresh gateway under --cpu-prof; the top frames of each. */
async function profileRun(
  compiled: Entry,
  d: Durations,
  storeEnv: (label: string) => Record<string, string | undefined>,
  checks: Check[],
  profiles: Record<string, ProfileSummary & { file: string }>,
): Promise<void> {
  const dir = path.join(os.tmpdir(), `booking-gateway-profiles-${Date.now()}`);
  log(`profiles go to ${dir}`);
  const scenarios: Array<[string, (gw: GatewayProcess, inv: MainInventory, b: Baselines) => Promise<unknown>]> = [
    ['baseline', async () => undefined],
    ['checkAvailability', (gw, inv, b) => runCheckAvailability(gw.url, AUTH_HEADERS, inv, b, d, checks)],
    ['rest-CheckAvailability', (gw, inv) => measureRestCheck(gw.base, inv, d, checks)],
    ['batchAvailabilityLookup-1000', (gw, inv, b) => runBatch(gw.url, AUTH_HEADERS, inv, 1000, b, { ...d, latencySec: d.measureSec }, checks)],
    ['availableSlots', (gw, inv, b) => runAvailableSlots(gw.url, AUTH_HEADERS, inv, b, { ...d, latencySec: d.measureSec }, checks)],
    ['createBooking-contention', (gw, inv, b) => runContention(gw.url, AUTH_HEADERS, inv, b, checks, 15)],
    ['idempotent-retries', (gw, inv, b) => runIdempotency(gw.url, AUTH_HEADERS, inv, b, checks, 15)],
  ];
  for (const [name, run] of scenarios) {
    const profileDir = path.join(dir, name);
    mkdirSync(profileDir, { recursive: true });
    const gw = await launchGateway({ label: name, entry: compiled, env: storeEnv(name), nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
    try {
      const inv = await seedMain(new GqlClient(gw.url, AUTH_HEADERS));
      log(`profiling ${name}`);
      // The baseline load runs in every profile (it gives the ratios); its frames are the framework's.
      const b = await runBaseline(gw.url, AUTH_HEADERS, name === 'baseline' ? d : { warmupSec: 0, measureSec: 1, latencySec: 1 });
      await run(gw, inv, b);
    } finally {
      await gw.stop();
    }
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) profiles[name] = { ...summariseProfile(path.join(profileDir, file), 20), file: path.join(profileDir, file) };
  }
  log('profiling the memory seeding');
  const profileDir = path.join(dir, 'memory-seeding');
  mkdirSync(profileDir, { recursive: true });
  const memGw = await launchGateway({
    label: 'memory',
    entry: compiled,
    env: { ...storeEnv('memory'), MAX_ALIASES: String(MEMORY.perRequest), LOG_LEVEL: 'warn' },
    nodeArgs: ['--expose-gc', '-r', path.join(__dirname, 'gc-on-signal.cjs'), '--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  try {
    await runMemory(memGw, AUTH_HEADERS, checks, performance.now() + 120_000);
  } finally {
    await memGw.stop();
  }
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (file) profiles['memory-seeding'] = { ...summariseProfile(path.join(profileDir, file), 20), file: path.join(profileDir, file) };
}

async function dropDatabases(names: string[]): Promise<void> {
  if (!names.length || !process.env.MONGODB_URI) return;
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    for (const name of names) await client.db(name).dropDatabase();
  } catch (error) {
    log(`could not drop the bench databases ${names.join(', ')}: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
}

process.once('SIGINT', () => {
  killAll();
  process.exit(130);
});

main().then(
  (code) => {
    killAll();
    process.exit(code);
  },
  (error: Error) => {
    log(`harness failure: ${error.stack ?? error.message}`);
    killAll();
    process.exit(2);
  },
);

/** The simulator in its own process (test/support/mongo-sim/cli.ts), so it never shares a CPU slice with the load. */
async function startSimulator(): Promise<{ uri: string; stop: () => void }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'test/support/mongo-sim/cli.ts'), '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the simulator did not start within 20 s')), 20_000);
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line).uri);
      }
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
  });
  return { uri, stop: () => child.kill('SIGTERM') };
}
