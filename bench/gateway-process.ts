// Starts a gateway as its own process (the load generator never shares a process with it), waits
// for its first answered query, and stops it. Everything is bounded in time.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const BENCH_KEY = 'pk_bench_0123456789abcdef';
export const AUTH_HEADERS = { authorization: `Bearer ${BENCH_KEY}` };
/** The Booking Server face's credential of every bench gateway (production mode needs one). */
export const BENCH_CREDENTIAL = 'bench:bench-pass-0123456789';
export const BASIC_HEADERS = { authorization: `Basic ${Buffer.from(BENCH_CREDENTIAL).toString('base64')}` };

/** How the gateway is started: compiled JS (see build.ts; what `npm start` runs) or ts-node (`npm run dev`). */
export type Entry = { kind: 'compiled'; mainJs: string } | { kind: 'ts-node' } | { kind: 'script'; file: string };

export interface LaunchOptions {
  label: string;
  entry: Entry;
  env?: Record<string, string | undefined>;
  nodeArgs?: string[];
  /** Longest wait for the first answered query. */
  readyTimeoutMs?: number;
}

export interface GatewayProcess {
  label: string;
  pid: number;
  /** http://127.0.0.1:<port> */
  base: string;
  /** base + /graphql */
  url: string;
  /** Process spawn to the first answered `{ __typename }` (ms). */
  coldStartMs: number;
  /** Resident set size from /proc (Linux), else null. */
  rssBytes(): number | null;
  signal(name: NodeJS.Signals): void;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
/** Kills every gateway still running (bench failure or interrupt). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The environment every bench gateway gets: production mode, one partner key, loopback only. */
export function gatewayEnv(port: number, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['API_KEYS', 'API_KEYS_FILE', 'STORE', 'MONGODB_DB', 'NODE_OPTIONS', 'BOOKING_SERVER_CREDENTIALS', 'REST_V3']) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'production',
    API_KEYS: `partner:${BENCH_KEY}`,
    BOOKING_SERVER_CREDENTIALS: BENCH_CREDENTIAL,
    HOST: '127.0.0.1',
    PORT: String(port),
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    // One client address sends everything: the per-caller rate limit would measure itself.
    RATE_LIMIT_PER_SEC: '0',
    // The cost and document limits guard against abuse; the bench's 1,000-slot lookups and its
    // 100-alias seeding mutations are legitimate.
    MAX_QUERY_COST: '10000000',
    MAX_QUERY_FIELDS: '2000',
    MAX_QUERY_TOKENS: '50000',
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export async function launchGateway(options: LaunchOptions): Promise<GatewayProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const entryArgs =
    options.entry.kind === 'compiled'
      ? [options.entry.mainJs]
      : options.entry.kind === 'ts-node'
        ? ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'main.ts')]
        : [options.entry.file];
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entryArgs], {
    cwd: ROOT,
    env: gatewayEnv(port, options.env),
    // Request logs go to /dev/null: serialised and written like in production, never read here.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  live.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? -1 : 0);
      live.delete(child);
      resolve();
    }),
  );

  const deadline = started + (options.readyTimeoutMs ?? 30_000);
  const probe = JSON.stringify({ query: '{ __typename }' });
  let coldStartMs = NaN;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    if (exited !== undefined) throw new Error(`bench: gateway "${options.label}" exited with ${exited} before answering:\n${stderr}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bench: gateway "${options.label}" did not answer within ${options.readyTimeoutMs ?? 30_000} ms:\n${stderr}`);
    }
    try {
      const res = await fetch(options.entry.kind === 'script' ? base : `${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...AUTH_HEADERS },
        body: probe,
        signal: AbortSignal.timeout(2000),
      });
      await res.arrayBuffer();
      if (res.status === 200) {
        coldStartMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(5);
  }

  return {
    label: options.label,
    pid: child.pid!,
    base,
    url: `${base}/graphql`,
    coldStartMs,
    rssBytes: () => {
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return match ? Number(match[1]) * 1024 : null;
      } catch {
        return null;
      }
    },
    signal: (name) => {
      if (exited === undefined) child.kill(name);
    },
    stop: async () => {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
      if (exited !== 0) process.stderr.write(`bench: gateway "${options.label}" exited with ${exited}\n${stderr.slice(-2000)}\n`);
    },
  };
}
