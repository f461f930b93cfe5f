// The HTTP edge: Express 5 with Apollo Server at /graphql and a liveness probe at /healthz.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
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
import { DEFAULT_QUERY_LIMITS, queryLimitRules, type QueryLimits } from './query-limits';

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
  queryLimits?: QueryLimits;
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

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { store, logger } = options;
  const services = createServices(store, options.clock, options.policy);
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    schema: gatewaySchema(),
    formatError,
    validationRules: queryLimitRules(options.queryLimits ?? DEFAULT_QUERY_LIMITS),
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    // main.ts owns SIGTERM/SIGINT: stop the server, close the store, exit 0.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 }),
      loggingPlugin(logger),
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
  app.use(
    '/graphql',
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => ({
        requestId: res.locals.requestId,
        caller: options.apiKeys.resolve(req.get('authorization')),
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
