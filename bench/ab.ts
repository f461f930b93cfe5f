// A/B of two versions of src/ under the same load, for changes whose effect is smaller than the
// run-to-run noise of a shared machine: both gateways run side by side, seeded alike, warmed alike,
// and each scenario alternates A, B, A, B, ... so that a noisy neighbour hits both. Prints, per
// scenario, the median of each side and B ÷ A.
//
//   npx ts-node --transpile-only bench/ab.ts --b /path/with/src [--a /path/with/src] [--rounds 3] [--sec 2]
//
// A defaults to this checkout. Everything runs against 127.0.0.1, bounded in count and time.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { BUILD_DIR, buildGateway } from './build';
import { AUTH_HEADERS, killAll, launchGateway, type GatewayProcess } from './gateway-process';
import { GqlClient } from './gql';
import { runLoad, type LoadSpec } from './load';
import { BIG, DAY, MAIN, Q, RACE, person, seedMain, slotInput, type MainInventory } from './scenarios';
import { median, ratio, round } from './stats';

const ROOT = path.resolve(__dirname, '..');

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

interface Side {
  name: 'A' | 'B';
  gw: GatewayProcess;
  inv: MainInventory;
  raceRound: number;
}

type Metric = 'req/s' | 'p50 ms';

async function main() {
  const a = path.resolve(arg('a', ROOT)!);
  const bDir = arg('b');
  if (!bDir) throw new Error('usage: bench/ab.ts --b <dir with src/> [--a <dir>] [--rounds 3] [--sec 2]');
  const b = path.resolve(bDir);
  const rounds = Number(arg('rounds', '3'));
  const sec = Number(arg('sec', '2'));
  const watchdog = setTimeout(() => {
    process.stderr.write('ab: over the 10-minute budget, stopping\n');
    killAll();
    process.exit(2);
  }, 600_000);
  watchdog.unref();

  const sides: Side[] = [];
  const buildDirs: string[] = [];
  for (const [name, root] of [
    ['A', a],
    ['B', b],
  ] as const) {
    const buildDir = path.join(BUILD_DIR, `ab-${process.pid}-${name}`);
    buildDirs.push(buildDir);
    const built = buildGateway(buildDir, root);
    const gw = await launchGateway({ label: name, entry: { kind: 'compiled', mainJs: built.mainJs }, env: { STORE: 'memory', MONGODB_URI: undefined } });
    const inv = await seedMain(new GqlClient(gw.url, AUTH_HEADERS));
    sides.push({ name, gw, inv, raceRound: 0 });
    process.stderr.write(`ab: ${name} = ${root} (pid ${gw.pid})\n`);
  }

  const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });
  const scenarios: Array<{ name: string; metric: Metric; spec: (s: Side) => Omit<LoadSpec, 'url' | 'headers' | 'label' | 'maxSec'> }> = [
    { name: 'baseline', metric: 'req/s', spec: () => ({ connections: 10, durationSec: sec, body: body(Q.baseline) }) },
    { name: 'checkAvailability', metric: 'req/s', spec: (s) => ({ connections: 10, durationSec: sec, body: body(Q.check, { slot: s.inv.hotSlot }) }) },
    {
      name: 'batchAvailabilityLookup ×100',
      metric: 'p50 ms',
      spec: (s) => ({ connections: 1, durationSec: sec, body: body(Q.batch, { m: MAIN, t: s.inv.gridStarts.slice(0, 100).map((startSec) => ({ serviceId: 'grid', startSec, durationSec: 1800 })) }) }),
    },
    {
      name: 'batchAvailabilityLookup ×1000',
      metric: 'p50 ms',
      spec: (s) => ({ connections: 1, durationSec: sec, body: body(Q.batch, { m: MAIN, t: s.inv.gridStarts.map((startSec) => ({ serviceId: 'grid', startSec, durationSec: 1800 })) }) }),
    },
    { name: 'availableSlots', metric: 'p50 ms', spec: (s) => ({ connections: 1, durationSec: sec, body: body(Q.available, { m: BIG, from: s.inv.bigFrom, to: s.inv.bigFrom + 7 * DAY }) }) },
    {
      name: 'createBooking (one contention round)',
      metric: 'req/s',
      spec: (s) => {
        const round = s.raceRound++ % RACE.rounds;
        return {
          connections: 100,
          amount: RACE.requestsPerRound,
          next: (i: number) => {
            const slotIndex = round * RACE.slotsPerRound + (i % RACE.slotsPerRound);
            return {
              body: body(Q.createBooking, {
                input: { slot: slotInput(MAIN, 'race', s.inv.raceStart(slotIndex), 1800), userInformation: person(`race-u${i}`), idempotencyToken: `ab-${round}-${i}` },
              }),
            };
          },
        };
      },
    },
  ];

  const lines = ['| scenario | metric | A | B | B ÷ A | runs A | runs B |', '|---|---|---:|---:|---:|---|---|'];
  try {
    for (const scenario of scenarios) {
      const values: Record<'A' | 'B', number[]> = { A: [], B: [] };
      for (const side of sides) {
        await runLoad({ ...scenario.spec(side), label: 'warm-up', url: side.gw.url, headers: AUTH_HEADERS, maxSec: 30 });
      }
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          const res = await runLoad({ ...scenario.spec(side), label: `${scenario.name} ${side.name}`, url: side.gw.url, headers: AUTH_HEADERS, maxSec: 30 });
          values[side.name].push(scenario.metric === 'req/s' ? res.reqPerSec : res.latency.p50);
        }
      }
      const ma = median(values.A);
      const mb = median(values.B);
      lines.push(`| ${scenario.name} | ${scenario.metric} | ${round(ma, 2)} | ${round(mb, 2)} | ${ratio(mb, ma)} | ${values.A.join(', ')} | ${values.B.join(', ')} |`);
      process.stderr.write(`ab: ${lines[lines.length - 1]}\n`);
    }
  } finally {
    for (const side of sides) await side.gw.stop();
    for (const dir of buildDirs) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => {
    killAll();
    process.exit(0);
  },
  (error: Error) => {
    process.stderr.write(`ab: ${error.stack ?? error.message}\n`);
    killAll();
    process.exit(2);
  },
);
