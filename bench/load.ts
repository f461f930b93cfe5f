// The load generator: autocannon (v9) over keep-alive connections to 127.0.0.1, bounded in count
// and in time. Latencies are taken per response from autocannon's own timer (write → complete) at
// float precision and summarised here; autocannon's histogram rounds to whole milliseconds.
import autocannon from 'autocannon';
import { assertLoopback } from './gql';
import { summarise, round, type LatencySummary } from './stats';

export interface Outgoing {
  body: string;
  /** Groups latencies (e.g. "first" / "retry"). */
  kind?: string;
  /** Handed back with the response. */
  tag?: unknown;
}

export interface LoadSpec {
  label: string;
  url: string;
  headers: Record<string, string>;
  connections: number;
  /** Run for this long (seconds)... */
  durationSec?: number;
  /** ...or send exactly this many requests (still stopped at maxSec). */
  amount?: number;
  /** Hard stop, whatever else happens. */
  maxSec: number;
  /** At most this many requests per second over all connections (an open-loop rate); as fast as possible when absent. */
  overallRate?: number;
  /** A fixed request body, or one per request: `next(i)` for the i-th request sent. */
  body?: string;
  next?: (i: number) => Outgoing;
  /** Sees every response body (parsing it costs load-generator CPU, so only where needed). */
  onResponse?: (status: number, body: string, tag: unknown) => void;
}

export interface LoadResult {
  label: string;
  connections: number;
  requests: number;
  seconds: number;
  reqPerSec: number;
  latency: LatencySummary;
  byKind: Record<string, LatencySummary>;
  non2xx: number;
  errors: number;
  timeouts: number;
  stoppedAtMaxSec: boolean;
}

interface ClientContext {
  kind?: string;
  tag?: unknown;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  assertLoopback(spec.url);
  if (!spec.body && !spec.next) throw new Error('bench: a load needs a body or next()');
  const headers = { 'content-type': 'application/json', ...spec.headers };
  const target = new URL(spec.url);
  let sent = 0;
  const request: autocannon.Request = spec.next
    ? {
        method: 'POST',
        path: target.pathname,
        headers,
        setupRequest: (req: autocannon.Request, context: ClientContext) => {
          const out = spec.next!(sent++);
          context.kind = out.kind;
          context.tag = out.tag;
          return { ...req, body: out.body };
        },
        onResponse: (status: number, body: string, context: ClientContext) => {
          spec.onResponse?.(status, body, context.tag);
        },
      }
    : {
        method: 'POST',
        path: target.pathname,
        headers,
        body: spec.body,
        ...(spec.onResponse && { onResponse: (status: number, body: string) => spec.onResponse!(status, body, undefined) }),
      };

  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  let first = Infinity;
  let last = 0;
  let stoppedAtMaxSec = false;

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    let guard: NodeJS.Timeout | undefined;
    first = performance.now();
    const instance = autocannon(
      {
        url: `${target.protocol}//${target.host}`,
        connections: spec.connections,
        pipelining: 1,
        timeout: 30,
        ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationSec ?? 5 }),
        ...(spec.overallRate && { overallRate: spec.overallRate }),
        requests: [request],
      } as autocannon.Options,
      (error, res) => {
        clearTimeout(guard);
        if (error) reject(error);
        else resolve(res);
      },
    );
    guard = setTimeout(() => {
      stoppedAtMaxSec = true;
      instance.stop();
    }, spec.maxSec * 1000);
    instance.on('response', (client: any, _status: number, _bytes: number, ms: number) => {
      last = performance.now();
      latencies.push(ms);
      const kind = (client?.requestIterator?.context as ClientContext | undefined)?.kind;
      if (kind) {
        let list = byKind.get(kind);
        if (!list) byKind.set(kind, (list = []));
        list.push(ms);
      }
    });
  });

  const seconds = Number.isFinite(first) && last > first ? (last - first) / 1000 : result.duration;
  const kinds: Record<string, LatencySummary> = {};
  for (const [kind, list] of byKind) kinds[kind] = summarise(list);
  return {
    label: spec.label,
    connections: spec.connections,
    requests: latencies.length,
    seconds: round(seconds, 2),
    reqPerSec: round(latencies.length / seconds, 0),
    latency: summarise(latencies),
    byKind: kinds,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    stoppedAtMaxSec,
  };
}
