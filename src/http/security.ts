// The settings of every protection in front of the resolvers (README "Security").
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits';

export interface RateLimitSettings {
  /** Bucket size: requests a caller may send in a burst. */
  burst: number;
  /** Requests per second a caller's bucket refills at. */
  perSecond: number;
}

export interface SecuritySettings {
  /** Origins allowed in browsers (CORS). 'localhost' = any http(s)://localhost or 127.0.0.1 port. */
  corsOrigins: readonly string[] | 'localhost';
  queryLimits: QueryLimits;
  /** Most cost units one operation may have (see query-cost.ts); over it is RESOURCE_EXHAUSTED. */
  maxCost: number;
  /** null = no rate limit. */
  rateLimit: RateLimitSettings | null;
  /** Most operations in one batched (array) HTTP request; 0 turns batching off. */
  maxBatch: number;
  /** Production: "Did you mean …?" suggestions are dropped from error messages. */
  hideSuggestions: boolean;
  /** GET /metrics without an API key (development default); otherwise any valid key may read it. */
  metricsPublic: boolean;
}

export const DEFAULT_SECURITY: SecuritySettings = {
  corsOrigins: 'localhost',
  queryLimits: DEFAULT_QUERY_LIMITS,
  maxCost: 50_000,
  rateLimit: { burst: 200, perSecond: 100 },
  maxBatch: 0,
  hideSuggestions: false,
  metricsPublic: true,
};
