// A minimal GraphQL-over-HTTP client with an injected fetch, so tests can script the network.
// DOM-free: imported by the jest tests.
import type { Operation } from './operations';

/** The part of the Fetch API the widget uses. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal?: AbortSignal; keepalive?: boolean },
) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}>;

export interface GraphqlError {
  message: string;
  extensions?: { code?: string; field?: string; reason?: string };
}

export interface GraphqlResponse<TData> {
  data?: TData | null;
  errors?: GraphqlError[];
  /** Server time from the HTTP Date header (epoch ms), when the response exposes it. */
  serverDateMs?: number;
}

/** The request did not produce a GraphQL answer: offline, timed out, a proxy error page, etc. */
export class NetworkError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ClientOptions {
  endpoint: string;
  apiKey?: string | null;
  fetch: FetchLike;
  timers: Timers;
  /** Abandon a request after this long (a NetworkError; the caller may retry). */
  timeoutMs?: number;
}

export interface RequestOptions {
  /** Outlive the page (fetch keepalive): for a release sent while the page is being hidden or closed. */
  keepalive?: boolean;
}

export interface GraphqlClient {
  request<V, D>(op: Operation<V, D>, variables: V, requestOptions?: RequestOptions): Promise<GraphqlResponse<D>>;
}

export function createClient(options: ClientOptions): GraphqlClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async request<V, D>(op: Operation<V, D>, variables: V, requestOptions: RequestOptions = {}): Promise<GraphqlResponse<D>> {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
      const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
      let timer: unknown;
      const timeout = new Promise<never>((_, reject) => {
        timer = options.timers.set(() => {
          controller?.abort();
          reject(new NetworkError('the request timed out'));
        }, timeoutMs);
      });
      try {
        const body = JSON.stringify({ operationName: op.name, query: op.document, variables });
        const response = await Promise.race([
          options.fetch(options.endpoint, { method: 'POST', headers, body, signal: controller?.signal, ...(requestOptions.keepalive && { keepalive: true }) }),
          timeout,
        ]);
        let json: unknown;
        try {
          json = await Promise.race([response.json(), timeout]);
        } catch (error) {
          if (error instanceof NetworkError) throw error;
          throw new NetworkError(`HTTP ${response.status} without a GraphQL answer`, response.status);
        }
        const result = json as GraphqlResponse<D> | null;
        if (!result || typeof result !== 'object' || (!('data' in result) && !Array.isArray(result.errors))) {
          throw new NetworkError(`HTTP ${response.status} without a GraphQL answer`, response.status);
        }
        const date = Date.parse(response.headers.get('date') ?? '');
        return { data: result.data, errors: result.errors, ...(Number.isFinite(date) && { serverDateMs: date }) };
      } catch (error) {
        if (error instanceof NetworkError) throw error;
        throw new NetworkError(error instanceof Error ? error.message : 'the network request failed');
      } finally {
        options.timers.clear(timer);
      }
    },
  };
}
