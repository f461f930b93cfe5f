// `npm start`: configuration from the environment, the store, the demo seed, the server, and a
// graceful stop on SIGTERM/SIGINT.
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { systemClock } from './domain/clock';
import { ApiKeys } from './http/api-keys';
import { createLogger } from './http/logger';
import { startGateway } from './http/server';
import { seedDemo } from './seed/demo-seed';
import { createStore } from './store/create-store';
import { LEASE_RETENTION_SEC } from './store/store.port';
import { MongoStartError } from './store/mongodb/mongo.store';

const LEASE_PURGE_INTERVAL_MS = 60_000;

function fail(message: string): never {
  console.error(`booking-gateway: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  let apiKeys;
  try {
    config = loadConfig();
    apiKeys = ApiKeys.fromConfig(config.apiKeys, config.apiKeysFile);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (!apiKeys.configured) {
    if (config.production) fail('NODE_ENV=production needs API keys: set API_KEYS or API_KEYS_FILE');
    logger.warn('no API keys configured: every request acts as the partner role (development only)');
  }

  const store = await createStore(config).catch((error) => {
    if (error instanceof MongoStartError) fail(error.message);
    throw error;
  });
  const gateway = await startGateway({
    store,
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
    beforeListen: async (services) => {
      if (!config.seedDemo) return;
      const slots = await seedDemo(services.inventory, systemClock.nowSec());
      logger.info({ merchantId: 'demo-salon', slots }, 'demo merchant seeded');
    },
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`port ${config.port} is in use; set PORT to another port`);
    throw error;
  });
  logger.info({ url: gateway.url, store: store.kind }, 'booking gateway ready');

  // Memory store housekeeping (MongoDB's TTL index does the same there); correctness never depends on it.
  const purge = setInterval(() => {
    store.purgeExpiredLeases(systemClock.nowSec() - LEASE_RETENTION_SEC).catch((err) => logger.error({ err }, 'lease purge failed'));
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
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
