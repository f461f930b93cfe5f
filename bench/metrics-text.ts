// Reads the gateway's /metrics (Prometheus text format) into series → value.
import { AUTH_HEADERS } from './gateway-process';
import { assertLoopback } from './gql';

/** Bench gateways run in production mode, where /metrics needs a key. */
export async function readMetrics(base: string): Promise<Map<string, number>> {
  assertLoopback(base);
  const res = await fetch(`${base}/metrics`, { headers: AUTH_HEADERS, signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`bench: GET /metrics answered ${res.status}`);
  return parseMetrics(await res.text());
}

export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

/** Sum of a metric's series, optionally only those whose labels include `labels` (e.g. 'method="x"'). */
export function sumSeries(series: Map<string, number>, name: string, labels?: string): number {
  let sum = 0;
  for (const [key, value] of series) {
    const brace = key.indexOf('{');
    const metric = brace < 0 ? key : key.slice(0, brace);
    if (metric !== name) continue;
    if (labels && !key.includes(labels)) continue;
    sum += value;
  }
  return sum;
}
