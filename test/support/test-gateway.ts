// Starts a real gateway on an ephemeral loopback port with a movable clock, and talks to it over HTTP.
import 'reflect-metadata';
import { ManualClock, type Clock } from '../../src/domain/clock';
import { ApiKeys } from '../../src/http/api-keys';
import { BookingServerCredentials } from '../../src/rest-v3/credentials';
import { createLogger, type Logger } from '../../src/http/logger';
import type { GatewayMetrics } from '../../src/http/metrics';
import { startGateway, type RunningGateway } from '../../src/http/server';
import { DEFAULT_SECURITY, type SecuritySettings } from '../../src/http/security';
import { DEFAULT_POLICY, type BookingPolicy } from '../../src/services/policy';
import { SqliteStore } from '../../src/store/sqlite/sqlite.store';
import type { BookingStore } from '../../src/store/store.port';
import type { MongoStore } from '../../src/store/mongodb/mongo.store';
import { connectTestStore, disposeTestStore } from './mongodb-test-store';
import { defaultEventsSettings, type EventsSettings } from '../../src/webhooks/events-settings';
import type { PaymentsWiring } from '../../src/services/payments/payment-engine';

/** 2030-01-01T00:00:00Z: every fixture time is relative to it. */
export const T0 = 1_893_456_000;

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestGateway {
  url: string;
  /** The gateway's clock: a ManualClock at T0 unless options.clock was given. */
  clock: ManualClock;
  store: BookingStore;
  gateway: RunningGateway;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  stop(): Promise<void>;
}

export interface TestGatewayOptions {
  store?: BookingStore;
  apiKeys?: string;
  /** A JSON key file (API_KEYS_FILE), alongside or instead of apiKeys. */
  apiKeysFile?: string;
  /** BOOKING_SERVER_CREDENTIALS of the /v3 face (none: the development partner); `restV3: false` unmounts it. */
  bookingServerCredentials?: string;
  restV3?: boolean;
  policy?: Partial<BookingPolicy>;
  logger?: Logger;
  bodyLimit?: string;
  /** Defaults to DEFAULT_SECURITY without the rate limit (suites send bursts on purpose). */
  security?: Partial<SecuritySettings>;
  /** GraphQL introspection (on by default, as in development). */
  introspection?: boolean;
  /** Another clock (e.g. systemClock for browser tests); `clock` in the result is then unusable. */
  clock?: Clock;
  /** Records metrics and serves GET /metrics. */
  metrics?: GatewayMetrics;
  /** Events settings over defaultEventsSettings() (e.g. allowPrivate, a short retry schedule). */
  events?: Partial<EventsSettings>;
  /** The payment processor (none when absent: payment information only echoed). */
  payments?: PaymentsWiring;
  /** Decorates the suite's store (memory, or MongoDB with E2E_STORE=mongodb) before the gateway uses it. */
  wrapStore?: (store: BookingStore) => BookingStore;
}

/**
 * The store end-to-end suites run on: memory, or MongoDB with E2E_STORE=mongodb (a fresh database
 * per gateway, dropped when it stops).
 */
async function defaultStore(): Promise<{ store: BookingStore; dispose: () => Promise<void> }> {
  if (process.env.E2E_STORE !== 'mongodb') return { store: SqliteStore.inMemory(), dispose: async () => undefined };
  const store = await connectTestStore();
  return { store, dispose: () => disposeTestStore(store as MongoStore) };
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const clock = new ManualClock(T0);
  const gatewayClock = options.clock ?? clock;
  const found = options.store ? { store: options.store, dispose: async () => undefined } : await defaultStore();
  const store = options.wrapStore ? options.wrapStore(found.store) : found.store;
  const dispose = found.dispose;
  const gateway = await startGateway({
    store,
    clock: gatewayClock,
    policy: { ...DEFAULT_POLICY, ...options.policy },
    apiKeys: ApiKeys.fromConfig(options.apiKeys, options.apiKeysFile),
    logger: options.logger ?? createLogger('silent'),
    port: 0,
    host: '127.0.0.1',
    bodyLimit: options.bodyLimit,
    introspection: options.introspection,
    security: { ...DEFAULT_SECURITY, rateLimit: null, ...options.security },
    shutdownGraceMs: 2000,
    metrics: options.metrics,
    events: defaultEventsSettings(options.events),
    payments: options.payments,
    bookingServer: options.restV3 === false ? null : { credentials: BookingServerCredentials.fromConfig(options.bookingServerCredentials) },
  });
  const gql = async (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResponse;
    return { ...body, status: res.status };
  };
  const stop = async () => {
    await gateway.stop();
    await dispose();
  };
  return { url: gateway.url, clock, store, gateway, gql, stop };
}

/** Fails with the errors in view when a response has any. */
export function ok<T>(res: GqlResponse<T>): T {
  if (res.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
  return res.data as T;
}

/** The single error of a response, checked to carry `code`. */
export function errorOf(res: GqlResponse, code: string) {
  expect(res.errors).toBeDefined();
  const error = res.errors![0];
  expect({ code: error.extensions?.code, message: error.message }).toEqual({ code, message: expect.any(String) });
  return error;
}
