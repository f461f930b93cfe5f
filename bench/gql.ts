// GraphQL over HTTP for seeding and checks (not for load: that is autocannon, see load.ts).
// Every call is bounded in time; the target must be loopback.

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1') throw new Error(`bench: refusing to target ${host}; only 127.0.0.1 is allowed`);
}

export class GqlClient {
  constructor(
    readonly url: string,
    readonly headers: Record<string, string>,
  ) {
    assertLoopback(url);
  }

  async request<T = any>(query: string, variables?: Record<string, unknown>, timeoutMs = 60_000): Promise<GqlResult<T>> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: GqlResult<T>;
    try {
      body = JSON.parse(text) as GqlResult<T>;
    } catch {
      throw new Error(`bench: HTTP ${res.status} with a non-JSON body: ${text.slice(0, 200)}`);
    }
    return { ...body, status: res.status };
  }

  /** The data of a response that must have no errors. */
  async ok<T = any>(query: string, variables?: Record<string, unknown>, timeoutMs?: number): Promise<T> {
    const res = await this.request<T>(query, variables, timeoutMs);
    if (res.errors?.length || res.status !== 200) {
      throw new Error(`bench: unexpected GraphQL errors (HTTP ${res.status}): ${JSON.stringify(res.errors ?? res).slice(0, 500)}`);
    }
    return res.data as T;
  }
}

/** Runs `task` over `items` with at most `concurrency` in flight; results in item order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
