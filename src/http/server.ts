// The HTTP edge: Express 5 with Apollo Server at /graphql and a liveness probe at /healthz.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Clock } from '../domain/clock';
import type { GatewayContext } from '../resolvers/context';
import { gatewaySchema } from '../schema';
import { createServices, type Services } from '../services';
import { createLoaders } from '../services/loaders';
import type { BookingPolicy } from '../services/policy';
import type { BookingStore } from '../store/store.port';
import type { ApiKeys } from './api-keys';
import { formatError } from './format-error';
import type { Logger } from './logger';
import { loggingPlugin } from './logging.plugin';
import type { GatewayMetrics } from './metrics';
import { widgetRouter } from './widget.route';
import { corsMiddleware } from './cors';
import { queryCostPlugin } from './query-cost';
import { queryLimitRules } from './query-limits';
import { TokenBuckets, rateLimitMiddleware } from './rate-limit';
import { DEFAULT_SECURITY, type SecuritySettings } from './security';

export interface GatewayOptions {
  store: BookingStore;
  clock: Clock;
  policy: BookingPolicy;
  apiKeys: ApiKeys;
  logger: Logger;
  port: number;
  host?: string;
  bodyLimit?: string;
  introspection?: boolean;
  shutdownGraceMs?: number;
  /** Abuse limits, CORS; DEFAULT_SECURITY when absent. */
  security?: SecuritySettings;
  /** When given, records metrics and serves them at GET /metrics. */
  metrics?: GatewayMetrics;
  /** Runs after the services exist and before the port opens (e.g. seeding demo data). */
  beforeListen?: (services: Services) => Promise<void>;
}

export interface RunningGateway {
  url: string;
  port: number;
  services: Services;
  /** Stops accepting connections, lets in-flight requests finish, then closes the store. */
  stop(): Promise<void>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Batched (array) requests: refused by Apollo when off; capped at `max` operations when on. */
function batchLimit(max: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (max === 0 || !Array.isArray(req.body) || req.body.length <= max) return next();
    res.status(400).json({
      errors: [{ message: `a batch may hold at most ${max} operations`, extensions: { code: 'RESOURCE_EXHAUSTED' } }],
    });
  };
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { store, logger } = options;
  const security = options.security ?? DEFAULT_SECURITY;
  const services = createServices(store, options.clock, options.policy);
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    schema: gatewaySchema(),
    formatError,
    validationRules: queryLimitRules(security.queryLimits),
    allowBatchedHttpRequests: security.maxBatch > 0,
    hideSchemaDetailsFromClientErrors: security.hideSuggestions,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    // main.ts owns SIGTERM/SIGINT: stop the server, close the store, exit 0.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 }),
      // No cache hints are used; the plugin's per-field hook cost 8.5% of availableSlots (docs/benchmarks.md).
      ApolloServerPluginCacheControlDisabled(),
      loggingPlugin(logger),
      queryCostPlugin(security.maxCost, options.policy),
      ...(options.metrics ? [options.metrics.plugin] : []),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    res.locals.requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', res.locals.requestId);
    next();
  });
  app.get('/healthz', async (_req, res) => {
    const health = await services.health.health();
    res.status(health.status === 'SERVING' ? 200 : 503).json(health);
  });
  if (options.metrics) app.get('/metrics', options.metrics.handler);
  app.use('/widget', widgetRouter());
  // Resolve the caller once per request: the rate limit keys on it, and so does the context.
  const identify = (req: Request, res: Response, next: NextFunction) => {
    res.locals.caller = options.apiKeys.resolve(req.get('authorization'));
    next();
  };
  // A configured key identifies its caller; otherwise (development, unknown keys) the client address.
  const rateKey = (req: Request) =>
    options.apiKeys.configured && req.res?.locals.caller ? `key:${req.res.locals.caller.id}` : `ip:${req.ip}`;
  app.use(
    '/graphql',
    corsMiddleware(security.corsOrigins),
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    identify,
    ...(security.rateLimit ? [rateLimitMiddleware(new TokenBuckets(security.rateLimit), rateKey)] : []),
    batchLimit(security.maxBatch),
    expressMiddleware(apollo, {
      context: async ({ res }): Promise<GatewayContext> => ({
        requestId: res.locals.requestId,
        caller: res.locals.caller,
        services,
        loaders: createLoaders(store.reader),
      }),
    }),
  );
  // Body-parser failures (oversized or malformed JSON) answer in GraphQL's error shape, without a stack.
  app.use((error: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const tooLarge = error.status === 413;
    if (!tooLarge && error.status !== 400) {
      logger.error({ requestId: res.locals.requestId, err: error }, 'unexpected http error');
      res.status(500).json({ errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL' } }] });
      return;
    }
    res.status(error.status!).json({
      errors: [
        {
          message: tooLarge ? `request body exceeds ${options.bodyLimit ?? '1mb'}` : 'request body is not valid JSON',
          extensions: { code: tooLarge ? 'RESOURCE_EXHAUSTED' : 'INVALID_ARGUMENT' },
        },
      ],
    });
  });

  await options.beforeListen?.(services);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    services,
    stop: () =>
      (stopping ??= (async () => {
        await apollo.stop();
        await store.close();
      })()),
  };
}
