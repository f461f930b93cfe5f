// Every environment variable the gateway reads, parsed once at start. README's configuration table
// lists the same variables; keep them in step.
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './http/query-limits';
import { DEFAULT_POLICY, type BookingPolicy } from './services/policy';

export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  logLevel: string;
  seedDemo: boolean;
  store: 'memory' | 'mongodb';
  mongodbUri: string | undefined;
  mongodbDb: string | undefined;
  mongodbPoolSize: number;
  mongodbServerSelectionTimeoutMs: number;
  apiKeys: string | undefined;
  apiKeysFile: string | undefined;
  bodyLimit: string;
  introspection: boolean;
  shutdownGraceMs: number;
  queryLimits: QueryLimits;
  policy: BookingPolicy;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const store = env.STORE || (env.MONGODB_URI ? 'mongodb' : 'memory');
  if (store !== 'memory' && store !== 'mongodb') throw new ConfigError(`STORE must be memory or mongodb, got "${store}"`);
  if (store === 'mongodb' && !env.MONGODB_URI) throw new ConfigError('STORE=mongodb needs MONGODB_URI, e.g. mongodb://localhost:27017/booking?replicaSet=rs0');
  const leaseMaxSec = int(env, 'LEASE_MAX_SEC', DEFAULT_POLICY.leaseMaxSec, 1, 86_400);
  return {
    port: int(env, 'PORT', 4000, 0, 65_535),
    host: env.HOST || '0.0.0.0',
    production,
    logLevel: env.LOG_LEVEL || 'info',
    seedDemo: bool(env, 'SEED_DEMO', true),
    store,
    mongodbUri: env.MONGODB_URI || undefined,
    mongodbDb: env.MONGODB_DB || undefined,
    mongodbPoolSize: int(env, 'MONGODB_POOL_SIZE', 20, 1, 1000),
    mongodbServerSelectionTimeoutMs: int(env, 'MONGODB_SERVER_SELECTION_TIMEOUT_MS', 5000, 100, 120_000),
    apiKeys: env.API_KEYS || undefined,
    apiKeysFile: env.API_KEYS_FILE || undefined,
    bodyLimit: env.BODY_LIMIT || '1mb',
    introspection: bool(env, 'INTROSPECTION', !production),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    queryLimits: {
      maxDepth: int(env, 'MAX_QUERY_DEPTH', DEFAULT_QUERY_LIMITS.maxDepth, 1, 100),
      maxAliases: int(env, 'MAX_ALIASES', DEFAULT_QUERY_LIMITS.maxAliases, 0, 10_000),
    },
    policy: {
      ...DEFAULT_POLICY,
      leaseMaxSec,
      leaseDefaultSec: Math.min(int(env, 'LEASE_DEFAULT_SEC', DEFAULT_POLICY.leaseDefaultSec, 1, 86_400), leaseMaxSec),
    },
  };
}
