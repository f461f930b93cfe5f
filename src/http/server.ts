// The HTTP edge: Express 5 with Apollo Server at /graphql and a liveness probe at /healthz.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Clock } from '../domain/clock';
import type { GatewayContext } from '../resolvers/context';
import { gatewaySchema } from '../schema';
import { createServices, type Services } from '../services';
import type { PaymentJob } from '../domain/payments';
import type { PaymentsWiring } from '../services/payments/payment-engine';
import { createLoaders } from '../services/loaders';
import type { BookingPolicy } from '../services/policy';
import type { BookingStore } from '../store/store.port';
import type { ApiKeys } from './api-keys';
import { createFormatError } from './format-error';
import type { Logger } from './logger';
import { loggingPlugin } from './logging.plugin';
import type { GatewayMetrics } from './metrics';
import { widgetRouter } from './widget.route';
import { landingRouter } from './landing.route';
import type { BookingServerCredentials } from '../rest-v3/credentials';
import { restMetrics } from '../rest-v3/metrics';
import { isRestV3, restV3Handler } from '../rest-v3/handler';
import { corsMiddleware } from './cors';
import { HttpDrain } from './drain';
import { EventFeed } from '../services/events/event-feed';
import { startSubscriptionServer } from './subscriptions';
import { WebhookDispatcher } from '../webhooks/dispatcher';
import { defaultEventsSettings, type EventsSettings } from '../webhooks/events-settings';
import { ResolvingTargetPolicy } from '../webhooks/target-policy';
import { queryCostPlugin } from './query-cost';
import { queryLimitRule } from './query-limits';
import { TokenBuckets, rateLimitMiddleware } from './rate-limit';
import { DEFAULT_SECURITY, type SecuritySettings } from './security';
import { batchLimit, jsonBodyOnly, refuse, requestIdMiddleware, transportErrorHandler } from './transport';

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
  /** The Booking Server API v3 face at /v3, with its credentials; not mounted when absent. */
  bookingServer?: { credentials: BookingServerCredentials } | null;
  /** The outbox, webhook delivery and subscriptions; defaultEventsSettings() when absent. */
  events?: EventsSettings;
  /** The payment processor and its hold; none (payment information only echoed) when absent. */
  payments?: PaymentsWiring;
  /** Runs after the services exist and before the port opens (e.g. seeding demo data). */
  beforeListen?: (services: Services) => Promise<void>;
}

const LAPSED_SWEEP_MS = 15_000;

export interface RunningGateway {
  url: string;
  port: number;
  services: Services;
  /** The webhook dispatcher of this process (null with EVENTS=false). */
  dispatcher: WebhookDispatcher | null;
  /** Stops accepting connections, lets in-flight requests finish, then closes the store. */
  stop(): Promise<void>;
}

/** Any configured API key (any role) may pass: used for /metrics in production. */
function requireAnyKey(apiKeys: ApiKeys) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (apiKeys.resolve(req.get('authorization'))) return next();
    res.setHeader('www-authenticate', 'Bearer');
    refuse(res, 401, 'UNAUTHENTICATED', 'missing or unknown API key: send Authorization: Bearer <key>');
  };
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { store, logger } = options;
  const security = options.security ?? DEFAULT_SECURITY;
  const events = options.events ?? defaultEventsSettings();
  let dispatcher: WebhookDispatcher | null = null;
  const feed = events.enabled ? new EventFeed(store.events, options.clock, { pollMs: events.pollMs }) : null;
  const services = createServices(store, options.clock, options.policy, {
    outbox: events.enabled,
    targets: new ResolvingTargetPolicy(events.allowPrivate),
    secrets: events.secrets,
    feed,
    onCommit: () => {
      dispatcher?.nudge();
      feed?.nudge();
    },
  }, options.payments);
  // Also without a secret key: events are then still fanned out and purged, so the outbox stays bounded.
  if (events.enabled) dispatcher = new WebhookDispatcher({ ...events, events: store.events, secrets: events.secrets, logger });
  const app = express();
  // The Booking Server face answers /v3 itself, in front of Express (rest-v3/handler.ts says why).
  const restV3 = options.bookingServer
    ? restV3Handler({
        services,
        credentials: options.bookingServer.credentials,
        logger,
        bodyLimit: options.bodyLimit ?? '1mb',
        rateLimit: security.rateLimit,
        metrics: options.metrics ? restMetrics(options.metrics.registry) : undefined,
        draining: () => drain.draining,
      })
    : null;
  const httpServer = http.createServer((req, res) => (restV3 && isRestV3(req.url) ? restV3(req, res) : app(req, res)));
  const drain = new HttpDrain(httpServer);
  const subscriptions = feed
    ? startSubscriptionServer({
        httpServer,
        schema: gatewaySchema(),
        apiKeys: options.apiKeys,
        services,
        reader: store.reader,
        logger,
        queryLimits: security.queryLimits,
        hideSuggestions: security.hideSuggestions,
        maxPerKey: events.maxConnectionsPerKey,
      })
    : null;
  const apollo = new ApolloServer<GatewayContext>({
    schema: gatewaySchema(),
    formatError: createFormatError({ hideSuggestions: security.hideSuggestions }),
    // graphql-js's parser stops at maxTokens; the rule checks every other shape limit before validation works.
    parseOptions: { maxTokens: security.queryLimits.maxTokens },
    validationRules: [queryLimitRule(security.queryLimits)],
    allowBatchedHttpRequests: security.maxBatch > 0,
    hideSchemaDetailsFromClientErrors: security.hideSuggestions,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    // main.ts owns SIGTERM/SIGINT: stop the server, close the store, exit 0.
    stopOnTerminationSignals: false,
    plugins: [
      // No cache hints are used; the plugin's per-field hook cost 8.5% of availableSlots (docs/benchmarks.md).
      ApolloServerPluginCacheControlDisabled(),
      loggingPlugin(logger),
      queryCostPlugin(security.maxCost, options.policy),
      ...(options.metrics ? [options.metrics.plugin] : []),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  app.get('/healthz', async (_req, res) => {
    const health = drain.draining ? { ...(await services.health.health()), status: 'NOT_SERVING' as const } : await services.health.health();
    res.status(health.status === 'SERVING' ? 200 : 503).json(health);
  });
  if (options.metrics) {
    const readers = security.metricsPublic ? [] : [requireAnyKey(options.apiKeys)];
    app.get('/metrics', ...readers, options.metrics.handler);
  }
  app.use('/widget', widgetRouter());
  app.use(landingRouter({ introspection: options.introspection ?? true, apiKeys: options.apiKeys, metrics: Boolean(options.metrics), metricsPublic: security.metricsPublic, bookingServer: options.bookingServer }));
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
    jsonBodyOnly,
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
  app.use(transportErrorHandler(logger, options.bodyLimit ?? '1mb'));

  await options.beforeListen?.(services);
  // Payment work a request left behind (a crash, a processor that did not answer) is settled. With a
  // single-process store every job found before the port opens is an orphan of a process that ended;
  // with MongoDB only jobs past their due time are (another process may be running the rest).
  const paymentsOn = Boolean(options.payments?.processor);
  const orphans = paymentsOn && store.kind !== 'mongodb' ? await services.payments.dueJobs(Number.MAX_SAFE_INTEGER, 1000) : null;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  dispatcher?.start();
  feed?.start();
  // Pending bookings past their deadline are recorded as declined, so that change has its event, its
  // refund and its pack use back (they count as declined at their deadline whether or not this runs).
  let sweeping: Promise<unknown> | null = null;
  const sweep = (jobs: PaymentJob[] | null) => {
    sweeping ??= (async () => {
      if (paymentsOn) {
        const { settled, failed } = await services.payments.reconcile(jobs ?? (await services.payments.dueJobs(options.clock.nowSec())));
        if (settled > 0) logger.info({ jobs: settled }, 'payment work reconciled');
        for (const { jobId, error } of failed) logger.warn({ jobId, err: error }, 'payment work not settled; trying again later');
      }
      await services.decisions.recordLapsedPending();
    })()
      .catch((err) => logger.error({ err }, 'housekeeping sweep failed'))
      .finally(() => (sweeping = null));
  };
  const lapsedSweep = setInterval(() => sweep(null), LAPSED_SWEEP_MS);
  lapsedSweep.unref();
  if (paymentsOn) sweep(orphans);
  const host = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    services,
    dispatcher,
    stop: () =>
      (stopping ??= (async () => {
        // Live subscriptions end first (1001 going away: clients reconnect elsewhere), then HTTP:
        // every request already received is answered before Apollo and the store stop.
        clearInterval(lapsedSweep);
        await sweeping;
        await subscriptions?.close();
        await feed?.stop();
        await drain.drain(options.shutdownGraceMs ?? 10_000);
        // Attempts in flight finish and are recorded; the rest waits in the outbox for the next start.
        await dispatcher?.stop();
        await apollo.stop();
        await store.close();
      })()),
  };
}
