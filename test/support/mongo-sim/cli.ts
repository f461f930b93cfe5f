// Starts a simulator in its own process, for benchmarks and multi-process tests:
//
//   npx ts-node --transpile-only test/support/mongo-sim/cli.ts --port 0 [--ttl-interval-ms 60000]
//       [--txn-lifetime-ms 60000] [--history-window-ms 300000]
//
// prints one JSON line {"uri": "...", "port": N} on stdout, then runs until SIGTERM or SIGINT,
// when it prints its stats as one JSON line on stderr and exits 0.
import { startMongoSim, type SimOptions } from './index';

function parseArgs(argv: string[]): SimOptions {
  const options: SimOptions = {};
  const numeric = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < 0) throw new Error(`mongo-sim: ${flag} needs a number >= 0`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--port':
        options.port = numeric(flag, value);
        break;
      case '--ttl-interval-ms':
        options.ttlIntervalMs = numeric(flag, value);
        break;
      case '--txn-lifetime-ms':
        options.transactionLifetimeLimitMs = numeric(flag, value);
        break;
      case '--history-window-ms':
        options.snapshotHistoryWindowMs = numeric(flag, value);
        break;
      case '--repl-set':
        if (!value) throw new Error('mongo-sim: --repl-set needs a name');
        options.replSetName = value;
        break;
      default:
        throw new Error(`mongo-sim: unknown argument ${flag}`);
    }
    i++;
  }
  return options;
}

async function main(): Promise<void> {
  const sim = await startMongoSim(parseArgs(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify({ uri: sim.uri, port: sim.port })}\n`);
  const shutdown = () => {
    process.stderr.write(`${JSON.stringify({ stats: sim.stats.snapshot() })}\n`);
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
