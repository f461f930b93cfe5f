// Every environment variable the gateway reads, parsed once at start. README's configuration table
// lists the same variables; keep them in step.
import { DEFAULT_QUERY_LIMITS } from './http/query-limits';
import { DEFAULT_SECURITY, type SecuritySettings } from './http/security';
import { DEFAULT_POLICY, type BookingPolicy } from './services/policy';
import { DEFAULT_PAYMENT_HOLD_SEC } from './services/payments/payment-engine';
import { SecretBox } from './services/events/secret-box';
import { DEFAULT_EVENTS_SETTINGS } from './webhooks/events-settings';
import { parseRetrySchedule } from './webhooks/retry-schedule';

export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  logLevel: string;
  seedDemo: boolean;
  store: 'memory' | 'sqlite' | 'mongodb';
  /** The SQLite store's directory (STORE=sqlite). */
  dataDir: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  mongodbUri: string | undefined;
  mongodbDb: string | undefined;
  mongodbPoolSize: number;
  mongodbServerSelectionTimeoutMs: number;
  apiKeys: string | undefined;
  apiKeysFile: string | undefined;
  /** The Booking Server face at /v3 (REST_V3, default on). */
  restV3: boolean;
  /** Its HTTP Basic credentials, username:password pairs (BOOKING_SERVER_CREDENTIALS). */
  bookingServerCredentials: string | undefined;
  bodyLimit: string;
  /** GET /metrics and the recording behind it. */
  metrics: boolean;
  /** Count store calls per port method (store_calls_total on /metrics); no wrapper at all when off. */
  storeCallCounts: boolean;
  introspection: boolean;
  shutdownGraceMs: number;
  security: SecuritySettings;
  policy: BookingPolicy;
  events: {
    enabled: boolean;
    allowPrivate: boolean;
    /** WEBHOOK_SECRET_KEY: 32 bytes (base64 or hex) that seal webhook signing secrets at rest. */
    secretKey: string | undefined;
    retrySchedule: readonly number[];
    timeoutMs: number;
    pollMs: number;
    retentionSec: number;
    maxConnectionsPerKey: number;
  };
  payments: PaymentSettings;
}

export interface PaymentSettings {
  /** PAYMENT_PROCESSOR: none (payment information only stored and echoed), sandbox or stripe. */
  processor: 'none' | 'sandbox' | 'stripe';
  stripeSecretKey: string | undefined;
  /** STRIPE_API_BASE: another address for Stripe's API (a local stand-in), e.g. http://127.0.0.1:12111. */
  stripeApiBase: string | undefined;
  /** PAYMENT_HOLD_SEC: how long a booking's spots are held while its card is charged. */
  holdSec: number;
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

function security(env: NodeJS.ProcessEnv, production: boolean): SecuritySettings {
  const origins = (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError(`CORS_ORIGINS entries must be origins like https://shop.example.com, got "${origin}"`);
  }
  const perSecond = int(env, 'RATE_LIMIT_PER_SEC', DEFAULT_SECURITY.rateLimit!.perSecond, 0, 1_000_000);
  return {
    // Development allows pages on localhost; production allows only what CORS_ORIGINS lists.
    corsOrigins: origins.length > 0 ? origins : production ? [] : 'localhost',
    queryLimits: {
      maxDepth: int(env, 'MAX_QUERY_DEPTH', DEFAULT_QUERY_LIMITS.maxDepth, 1, 100),
      maxAliases: int(env, 'MAX_ALIASES', DEFAULT_QUERY_LIMITS.maxAliases, 0, 10_000),
      maxTokens: int(env, 'MAX_QUERY_TOKENS', DEFAULT_QUERY_LIMITS.maxTokens, 100, 1_000_000),
      maxFields: int(env, 'MAX_QUERY_FIELDS', DEFAULT_QUERY_LIMITS.maxFields, 10, 100_000),
      maxDirectives: int(env, 'MAX_DIRECTIVES', DEFAULT_QUERY_LIMITS.maxDirectives, 0, 10_000),
      maxFragmentSpreads: int(env, 'MAX_FRAGMENT_SPREADS', DEFAULT_QUERY_LIMITS.maxFragmentSpreads, 0, 10_000),
    },
    maxCost: int(env, 'MAX_QUERY_COST', DEFAULT_SECURITY.maxCost, 1, 10_000_000),
    rateLimit: perSecond === 0 ? null : { perSecond, burst: int(env, 'RATE_LIMIT_BURST', DEFAULT_SECURITY.rateLimit!.burst, 1, 1_000_000) },
    maxBatch: int(env, 'MAX_BATCH', DEFAULT_SECURITY.maxBatch, 0, 100),
    hideSuggestions: production,
    metricsPublic: bool(env, 'METRICS_PUBLIC', !production),
  };
}

function events(env: NodeJS.ProcessEnv): GatewayConfig['events'] {
  const secretKey = env.WEBHOOK_SECRET_KEY || undefined;
  if (secretKey) {
    try {
      SecretBox.fromKey(secretKey);
    } catch {
      throw new ConfigError('WEBHOOK_SECRET_KEY must be 32 bytes as base64 (44 characters) or hex (64), e.g. from `openssl rand -base64 32`');
    }
  }
  let retrySchedule = DEFAULT_EVENTS_SETTINGS.retrySchedule;
  if (env.WEBHOOK_RETRY_SCHEDULE) {
    try {
      retrySchedule = parseRetrySchedule(env.WEBHOOK_RETRY_SCHEDULE);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }
  return {
    enabled: bool(env, 'EVENTS', true),
    allowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    secretKey,
    retrySchedule,
    timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', DEFAULT_EVENTS_SETTINGS.timeoutMs, 100, 120_000),
    pollMs: int(env, 'WEBHOOK_POLL_MS', DEFAULT_EVENTS_SETTINGS.pollMs, 10, 60_000),
    retentionSec: int(env, 'EVENT_RETENTION_SEC', DEFAULT_EVENTS_SETTINGS.retentionSec, 60, 366 * 86_400),
    maxConnectionsPerKey: int(env, 'SUBSCRIPTION_CONNECTIONS_PER_KEY', DEFAULT_EVENTS_SETTINGS.maxConnectionsPerKey, 1, 10_000),
  };
}

function payments(env: NodeJS.ProcessEnv): PaymentSettings {
  const processor = env.PAYMENT_PROCESSOR || 'none';
  if (processor !== 'none' && processor !== 'sandbox' && processor !== 'stripe') {
    throw new ConfigError(`PAYMENT_PROCESSOR must be none, sandbox or stripe, got "${processor}"`);
  }
  const stripeSecretKey = env.STRIPE_SECRET_KEY || undefined;
  if (processor === 'stripe' && !stripeSecretKey) throw new ConfigError('PAYMENT_PROCESSOR=stripe needs STRIPE_SECRET_KEY (sk_live_… or sk_test_…)');
  const stripeApiBase = env.STRIPE_API_BASE || undefined;
  if (stripeApiBase && !/^https?:\/\/[^/]+\/?$/.test(stripeApiBase)) throw new ConfigError(`STRIPE_API_BASE must be a base URL such as http://127.0.0.1:12111, got "${stripeApiBase}"`);
  return { processor, stripeSecretKey, stripeApiBase, holdSec: int(env, 'PAYMENT_HOLD_SEC', DEFAULT_PAYMENT_HOLD_SEC, 1, 3600) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const store = env.STORE || (env.MONGODB_URI ? 'mongodb' : 'sqlite');
  if (store !== 'memory' && store !== 'sqlite' && store !== 'mongodb') throw new ConfigError(`STORE must be sqlite, memory or mongodb, got "${store}"`);
  const sqliteSynchronous = (env.SQLITE_SYNCHRONOUS || 'FULL').toUpperCase();
  if (sqliteSynchronous !== 'FULL' && sqliteSynchronous !== 'NORMAL') throw new ConfigError(`SQLITE_SYNCHRONOUS must be FULL or NORMAL, got "${env.SQLITE_SYNCHRONOUS}"`);
  if (store === 'mongodb' && !env.MONGODB_URI) throw new ConfigError('STORE=mongodb needs MONGODB_URI, e.g. mongodb://localhost:27017/booking?replicaSet=rs0');
  const leaseMaxSec = int(env, 'LEASE_MAX_SEC', DEFAULT_POLICY.leaseMaxSec, 1, 86_400);
  const metrics = bool(env, 'METRICS', true);
  const storeCallCounts = bool(env, 'STORE_CALL_COUNTS', false);
  if (storeCallCounts && !metrics) throw new ConfigError('STORE_CALL_COUNTS=true serves its counts at /metrics: it needs METRICS on');
  return {
    port: int(env, 'PORT', 4000, 0, 65_535),
    host: env.HOST || '0.0.0.0',
    production,
    logLevel: env.LOG_LEVEL || 'info',
    seedDemo: bool(env, 'SEED_DEMO', !production),
    store,
    dataDir: env.DATA_DIR || './data',
    sqliteSynchronous,
    mongodbUri: env.MONGODB_URI || undefined,
    mongodbDb: env.MONGODB_DB || undefined,
    mongodbPoolSize: int(env, 'MONGODB_POOL_SIZE', 20, 1, 1000),
    mongodbServerSelectionTimeoutMs: int(env, 'MONGODB_SERVER_SELECTION_TIMEOUT_MS', 5000, 100, 120_000),
    apiKeys: env.API_KEYS || undefined,
    apiKeysFile: env.API_KEYS_FILE || undefined,
    restV3: bool(env, 'REST_V3', true),
    bookingServerCredentials: env.BOOKING_SERVER_CREDENTIALS || undefined,
    bodyLimit: env.BODY_LIMIT || '1mb',
    metrics,
    storeCallCounts,
    introspection: bool(env, 'INTROSPECTION', !production),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    security: security(env, production),
    events: events(env),
    payments: payments(env),
    policy: {
      ...DEFAULT_POLICY,
      leaseMaxSec,
      leaseDefaultSec: Math.min(int(env, 'LEASE_DEFAULT_SEC', DEFAULT_POLICY.leaseDefaultSec, 1, 86_400), leaseMaxSec),
    },
  };
}
