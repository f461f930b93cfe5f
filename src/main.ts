// `npm start`: configuration from the environment, the store, the demo seed, the server, and a
// graceful stop on SIGTERM/SIGINT.
import 'reflect-metadata';
import { Counter } from 'prom-client';
import { ConfigError, loadConfig } from './config';
import { systemClock } from './domain/clock';
import { ApiKeys } from './http/api-keys';
import { BookingServerCredentials } from './rest-v3/credentials';
import { createLogger } from './http/logger';
import { createMetrics, type GatewayMetrics } from './http/metrics';
import { createPaymentProcessor } from './payments/create-processor';
import { startGateway } from './http/server';
import { seedDemo } from './seed/demo-seed';
import { webhookSecretKey } from './webhooks/secret-key';
import { CallCounter, countingStore } from './store/counting.store';
import { createStore } from './store/create-store';
import { SchemaTooNewError } from './store/sqlite/schema';
import { DataDirInUseError } from './store/sqlite/writer-lock';
import { LEASE_RETENTION_SEC, type BookingStore } from './store/store.port';

const LEASE_PURGE_INTERVAL_MS = 60_000;

function fail(message: string): never {
  console.error(`booking-gateway: ${message}`);
  process.exit(1);
}

/**
 * METRICS (default on): GET /metrics and the recording behind it. STORE_CALL_COUNTS=true (default
 * off) also counts store calls per port method, served as store_calls_total{method}; when off the
 * store is not wrapped for it at all.
 */
function instrument(store: BookingStore, metricsOn: boolean, countCalls: boolean): { store: BookingStore; metrics?: GatewayMetrics } {
  if (!metricsOn) return { store };
  const metrics = createMetrics();
  let instrumented = metrics.wrapStore(store);
  if (countCalls) {
    const counter = new CallCounter();
    instrumented = countingStore(instrumented, counter);
    new Counter({
      name: 'store_calls_total',
      help: 'Calls into the store port by method (STORE_CALL_COUNTS=true); unitOfWork counts the unit, its calls count too.',
      labelNames: ['method'],
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const [method, n] of counter.calls) this.inc({ method }, n);
      },
    });
  }
  return { store: instrumented, metrics };
}

export interface MainOptions {
  /** Wraps the store the gateway uses (test harnesses: latency, fault injection). */
  decorateStore?: (store: BookingStore) => BookingStore;
}

export async function main(options: MainOptions = {}): Promise<void> {
  let config;
  let apiKeys;
  let credentials;
  try {
    config = loadConfig();
    apiKeys = ApiKeys.fromConfig(config.apiKeys, config.apiKeysFile);
    credentials = BookingServerCredentials.fromConfig(config.bookingServerCredentials);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (!apiKeys.configured) {
    if (config.production) fail('NODE_ENV=production needs API keys: set API_KEYS or API_KEYS_FILE');
    logger.warn('no API keys configured: every request acts as the partner role (development only)');
  }
  if (config.restV3 && !credentials.configured) {
    if (config.production) fail('NODE_ENV=production needs BOOKING_SERVER_CREDENTIALS for the Booking Server face at /v3, or REST_V3=false');
    logger.warn('no Booking Server credentials configured: /v3 requests act as the development partner (development only)');
  }

  const rawStore = await createStore(config).catch(async (error) => {
    if (error instanceof DataDirInUseError || error instanceof SchemaTooNewError) fail(error.message);
    // Loaded only here: the MongoDB driver costs ~60-90 ms of start-up (docs/benchmarks.md).
    const { MongoStartError } = await import('./store/mongodb/mongo.store');
    if (error instanceof MongoStartError) fail(error.message);
    throw error;
  });
  const webhookKey = webhookSecretKey({ secretKey: config.events.secretKey, store: config.store, dataDir: config.dataDir, production: config.production });
  if (config.events.enabled && webhookKey.source === 'none') logger.warn('no WEBHOOK_SECRET_KEY: webhook subscriptions cannot be created (set it to 32 random bytes, base64)');
  if (config.events.enabled && webhookKey.source === 'development key') logger.warn('no WEBHOOK_SECRET_KEY: webhook secrets are sealed with a publicly known development key');
  const { store, metrics } = instrument(options.decorateStore?.(rawStore) ?? rawStore, config.metrics, config.storeCallCounts);
  const processor = await createPaymentProcessor(config.payments);
  if (processor?.name === 'sandbox' && config.production) logger.warn('PAYMENT_PROCESSOR=sandbox in production: bookings are "paid" with test tokens and no money moves');
  if (processor) logger.info({ processor: processor.name, ...(config.payments.stripeApiBase && { apiBase: config.payments.stripeApiBase }) }, 'payments on');
  const gateway = await startGateway({
    store,
    metrics,
    clock: systemClock,
    policy: config.policy,
    apiKeys,
    logger,
    port: config.port,
    host: config.host,
    bodyLimit: config.bodyLimit,
    introspection: config.introspection,
    shutdownGraceMs: config.shutdownGraceMs,
    security: config.security,
    events: { ...config.events, secrets: webhookKey.box },
    payments: { processor, holdSec: config.payments.holdSec },
    bookingServer: config.restV3 ? { credentials } : null,
    beforeListen: async (services) => {
      if (!config.seedDemo) return;
      // Only into an empty store: a restart must neither duplicate nor reset what is there.
      if (!(await store.isEmpty())) {
        logger.info('demo seed skipped: the store already holds data');
        return;
      }
      const slots = await seedDemo(services.inventory, systemClock.nowSec());
      logger.info({ merchantId: 'demo-salon', slots }, 'demo merchant seeded');
    },
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`port ${config.port} is in use; set PORT to another port`);
    throw error;
  });
  // Housekeeping of long-expired leases (MongoDB's TTL index does it there too); correctness never depends on it.
  const purge = setInterval(() => {
    store
      .purgeExpiredLeases(systemClock.nowSec() - LEASE_RETENTION_SEC)
      .then((purged) => metrics?.recordLeasesPurged(purged))
      .catch((err) => logger.error({ err }, 'lease purge failed'));
  }, LEASE_PURGE_INTERVAL_MS);
  purge.unref();

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    clearInterval(purge);
    gateway.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Before "ready" is announced: a supervisor may send SIGTERM the moment it reads that line.
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  logger.info(
    { url: gateway.url, store: store.kind, ...(store.kind === 'sqlite' && { dataDir: config.dataDir }), metrics: config.metrics, storeCallCounts: config.storeCallCounts },
    'booking gateway ready',
  );
}

if (require.main === module) {
  main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
}
