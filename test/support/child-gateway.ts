// A gateway in its own process (test/support/gateway-child.ts: the real src/main.ts), for tests that
// send signals or kill it. Loopback only; every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'gateway-child.ts');

export interface ChildGateway {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ status: number; data?: T; errors?: any[] }>;
  kill(signal?: NodeJS.Signals): void;
}

export interface ChildGatewayOptions {
  env?: Record<string, string>;
  /** Each unit of work waits this long before it starts (in-flight requests for shutdown tests). */
  storeDelayMs?: number;
  readyTimeoutMs?: number;
}

export async function startChildGateway(options: ChildGatewayOptions = {}): Promise<ChildGateway> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CHILD], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      STORE: 'memory',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_SEC: '0',
      TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
      STORE_DELAY_MS: String(options.storeDelayMs ?? 0),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway did not start within ${options.readyTimeoutMs ?? 60_000} ms:\n${out}`));
    }, options.readyTimeoutMs ?? 60_000);
    const look = () => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', look);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before it was ready:\n${out}`));
    });
  });
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, ...((await res.json()) as object) };
  };
  return {
    url,
    port: Number(new URL(url).port),
    process: child,
    output: () => out,
    exited,
    gql,
    kill: (signal = 'SIGTERM') => child.kill(signal),
  };
}
