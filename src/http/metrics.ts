// Prometheus metrics: what /metrics exposes, and the Apollo plugin that records it.
//
// Series (all names without a prefix):
//   graphql_requests_total{operation,type,result}      result = success | error (the response carried errors)
//   graphql_request_duration_seconds{operation,type}   histogram, Apollo's requestDidStart → willSendResponse
//   graphql_errors_total{operation,code}               one per error in a response, by extensions.code
//   booking_outcomes_total{operation,outcome}          createBooking / createLease / updateBooking:
//                                                      success, the bookingFailure cause, or error
//   store_call_duration_seconds{method}                histogram per store port method (wrapStore)
//   leases_purged_total                                leases removed by housekeeping (recordLeasesPurged)
//   + prom-client's default process/nodejs metrics (CPU, RSS, heap, event-loop lag, GC) unless turned off.
//
// `operation` is the root field the operation selects (e.g. checkAvailability), `multiple` when it
// selects several different ones, `unknown` when the document did not parse or validate. It is never
// the client-chosen operation name, so the label set stays bounded by the schema.
//
// Hot-path cost (measured by bench/metrics-overhead.ts, see docs/benchmarks.md): labels are worked out
// once per parsed document (Apollo caches documents, so the same AST comes back) and kept in a
// WeakMap with the series they select; recording is an array increment (FastHistogram/FastCounter
// below, turned into Prometheus text only when /metrics is read: prom-client's own observe() hashes
// the label set on every call, ~0.4 µs). Booking outcomes come from wrapping only the three
// mutation resolvers; no per-field hook (willResolveField) is used, so queries pay nothing for them.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import {
  Kind,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { Counter, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import type { GatewayContext } from '../resolvers/context';
import { delegatingStore } from '../store/delegating-store';
import { STORE_WRITER_METHODS as WRITER_METHODS, type BookingStore, type StoreReader, type StoreWriter } from '../store/store.port';

export interface GatewayMetrics {
  /** Records per-operation counts and latencies, booking outcomes by cause. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** GET /metrics in the Prometheus text format. */
  handler: RequestHandler;
  /** The registry behind /metrics, for extra series (e.g. store_calls_total in main.ts). */
  registry: Registry;
  /** The same store, with the latency of every call recorded in store_call_duration_seconds{method}. */
  wrapStore(store: BookingStore): BookingStore;
  /** Housekeeping removed `count` leases (their expiry is judged at read time, see docs/benchmarks.md). */
  recordLeasesPurged(count: number): void;
}

export interface MetricsOptions {
  /** prom-client's default process and Node.js metrics. Default true. */
  defaultMetrics?: boolean;
}

/** Mutations whose payload carries a bookingFailure: their outcomes are counted by cause. */
export const BOOKING_MUTATIONS = ['createBooking', 'createLease', 'updateBooking'] as const;

const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STORE_BUCKETS = [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

interface Observer {
  observe(value: number): void;
}
interface Incrementer {
  inc(value?: number): void;
}

/** Labels and metric children of one operation, worked out once per document. */
interface OperationInfo {
  operation: string;
  type: string;
  duration: Observer;
  success: Incrementer;
  error: Incrementer;
  /** Booking mutations this operation selects: only then are outcomes recorded for it. */
  recordsOutcomes: boolean;
}

type OutcomeRecorder = (operation: string, payload: unknown, error: boolean) => void;
const OUTCOMES = Symbol('gatewayMetricsOutcomes');
type ContextWithOutcomes = GatewayContext & { [OUTCOMES]?: OutcomeRecorder };

function rootFieldNames(set: SelectionSetNode, document: DocumentNode, into: Set<string>, depth = 0): void {
  if (depth > 8) return;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) into.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFieldNames(selection.selectionSet, document, into, depth + 1);
    else {
      const fragment = document.definitions.find(
        (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) rootFieldNames(fragment.selectionSet, document, into, depth + 1);
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * Wraps the resolvers of the booking mutations once per schema. The wrapper looks for a recorder on
 * the request's context, which the plugin puts there for mutation operations only, so a schema shared
 * by several gateways (tests) records into the right registry, and gateways without metrics into none.
 */
const instrumented = new WeakSet<GraphQLSchema>();
function instrumentBookingMutations(schema: GraphQLSchema): void {
  if (instrumented.has(schema)) return;
  instrumented.add(schema);
  const fields = schema.getMutationType()?.getFields() ?? {};
  for (const name of BOOKING_MUTATIONS) {
    const field = fields[name];
    if (!field?.resolve) continue;
    const original: GraphQLFieldResolver<unknown, ContextWithOutcomes> = field.resolve;
    field.resolve = (source, args, context: ContextWithOutcomes, info) => {
      const record = context?.[OUTCOMES];
      if (!record) return original(source, args, context, info);
      let result: unknown;
      try {
        result = original(source, args, context, info);
      } catch (error) {
        record(name, undefined, true);
        throw error;
      }
      if (!isThenable(result)) {
        record(name, result, false);
        return result;
      }
      return Promise.resolve(result).then(
        (payload) => {
          record(name, payload, false);
          return payload;
        },
        (error: unknown) => {
          record(name, undefined, true);
          throw error;
        },
      );
    };
  }
}

// ---- series recorded with plain arithmetic, formatted for prom-client's registry on scrape ----------

interface SeriesValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** One label set of a FastHistogram: counts per bucket (not cumulative), sum and count. */
class HistogramSeries implements Observer {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Record<string, string>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

class CounterSeries implements Incrementer {
  value = 0;
  constructor(readonly labels: Record<string, string>) {}
  inc(by = 1): void {
    this.value += by;
  }
}

/** A labelled metric whose series are created once (`series(...)`) and then updated without lookups. */
abstract class FastMetric<S extends { labels: Record<string, string> }> {
  readonly aggregator = 'sum';
  private readonly all = new Map<string, S>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  protected abstract make(labels: Record<string, string>): S;

  series(...values: string[]): S {
    const key = values.join('\u0000');
    let s = this.all.get(key);
    if (!s) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = values[i]));
      this.all.set(key, (s = this.make(labels)));
    }
    return s;
  }

  protected each(): Iterable<S> {
    return this.all.values();
  }
}

class FastHistogram extends FastMetric<HistogramSeries> {
  readonly type = 'histogram';

  constructor(name: string, help: string, labelNames: readonly string[], private readonly bounds: readonly number[]) {
    super(name, help, labelNames);
  }

  protected make(labels: Record<string, string>): HistogramSeries {
    return new HistogramSeries(labels, this.bounds);
  }

  async get() {
    const values: SeriesValue[] = [];
    for (const s of this.each()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += s.counts[i];
        values.push({ labels: { ...s.labels, le: bound }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { ...s.labels, le: '+Inf' }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}

class FastCounter extends FastMetric<CounterSeries> {
  readonly type = 'counter';

  protected make(labels: Record<string, string>): CounterSeries {
    return new CounterSeries(labels);
  }

  async get() {
    const values: SeriesValue[] = [];
    for (const s of this.each()) values.push({ labels: s.labels, value: s.value });
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}

function register<M extends { name: string }>(registry: Registry, metric: M): M {
  registry.registerMetric(metric as unknown as Metric);
  return metric;
}

/** Records how long `promise` takes to settle, whether it resolves or rejects. */
function timed<T>(timer: Observer, promise: Promise<T>, started: number): Promise<T> {
  const done = () => timer.observe((performance.now() - started) / 1000);
  return promise.then(
    (value) => {
      done();
      return value;
    },
    (error: unknown) => {
      done();
      throw error;
    },
  );
}

/** A store whose every call records its latency; unitOfWork is timed as a whole and per call inside. */
class TimedCalls {
  constructor(
    readonly target: StoreReader,
    readonly timers: Readonly<Record<string, Observer>>,
  ) {}
}
interface TimedCalls extends StoreWriter {}
for (const method of WRITER_METHODS) {
  Object.defineProperty(TimedCalls.prototype, method, {
    value: function (this: TimedCalls, ...args: unknown[]) {
      const started = performance.now();
      const call = (this.target as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method];
      return timed(this.timers[method], call.apply(this.target, args), started);
    },
  });
}

export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const requests = register(
    registry,
    new FastCounter(
      'graphql_requests_total',
      'GraphQL operations answered, by root field (operation), operation type and result (success: no errors in the response).',
      ['operation', 'type', 'result'],
    ),
  );
  const duration = register(
    registry,
    new FastHistogram(
      'graphql_request_duration_seconds',
      'Time from Apollo receiving a parsed HTTP request to the response being ready, by root field and operation type.',
      ['operation', 'type'],
      REQUEST_BUCKETS,
    ),
  );
  const errors = register(
    registry,
    new FastCounter('graphql_errors_total', 'GraphQL errors in responses, by root field and extensions.code.', ['operation', 'code']),
  );
  const outcomes = register(
    registry,
    new FastCounter(
      'booking_outcomes_total',
      'createBooking / createLease / updateBooking results: success, the bookingFailure cause, or error (a GraphQL error; see graphql_errors_total).',
      ['operation', 'outcome'],
    ),
  );
  const storeCalls = register(
    registry,
    new FastHistogram(
      'store_call_duration_seconds',
      'Latency of store port calls (queue wait included), by method; unitOfWork is the whole unit.',
      ['method'],
      STORE_BUCKETS,
    ),
  );
  const leasesPurged = new Counter({
    name: 'leases_purged_total',
    help: 'Expired leases removed by housekeeping (LEASE_RETENTION_SEC after their expiry).',
    registers: [registry],
  });

  const storeTimers: Record<string, Observer> = {};
  for (const method of WRITER_METHODS) storeTimers[method] = storeCalls.series(method);
  const unitTimer = storeCalls.series('unitOfWork');

  const infoByLabels = new Map<string, OperationInfo>();
  const infoFor = (operation: string, type: string): OperationInfo => {
    const key = `${operation}\u0000${type}`;
    let info = infoByLabels.get(key);
    if (!info) {
      info = {
        operation,
        type,
        duration: duration.series(operation, type),
        success: requests.series(operation, type, 'success'),
        error: requests.series(operation, type, 'error'),
        recordsOutcomes: false,
      };
      infoByLabels.set(key, info);
    }
    return info;
  };
  const unknownOperation = infoFor('unknown', 'unknown');
  const infoByOperation = new WeakMap<OperationDefinitionNode, OperationInfo>();
  const operationInfo = (operation: OperationDefinitionNode | undefined, document: DocumentNode | undefined): OperationInfo => {
    if (!operation || !document) return unknownOperation;
    let info = infoByOperation.get(operation);
    if (info) return info;
    const names = new Set<string>();
    rootFieldNames(operation.selectionSet, document, names);
    const label = names.size === 1 ? [...names][0] : names.size === 0 ? 'unknown' : 'multiple';
    const shared = infoFor(label, operation.operation);
    info = {
      ...shared,
      recordsOutcomes:
        operation.operation === 'mutation' && BOOKING_MUTATIONS.some((m) => names.has(m)),
    };
    infoByOperation.set(operation, info);
    return info;
  };

  const recordOutcome: OutcomeRecorder = (operation, payload, error) => {
    const cause = (payload as { bookingFailure?: { cause?: string } | null } | null | undefined)?.bookingFailure?.cause;
    const outcome = error || payload == null ? 'error' : (cause ?? 'success');
    outcomes.series(operation, outcome).inc();
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart({ schema }) {
      instrumentBookingMutations(schema);
    },
    async requestDidStart() {
      const started = performance.now();
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (operationInfo(operation, document).recordsOutcomes) {
            (contextValue as ContextWithOutcomes)[OUTCOMES] = recordOutcome;
          }
        },
        async willSendResponse({ operation, document, response }) {
          const info = operationInfo(operation, document);
          info.duration.observe((performance.now() - started) / 1000);
          const body = response.body;
          const failures = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          if (!failures?.length) {
            info.success.inc();
            return;
          }
          info.error.inc();
          for (const failure of failures) {
            const code = typeof failure.extensions?.code === 'string' ? failure.extensions.code : 'UNKNOWN';
            errors.series(info.operation, code).inc();
          }
        },
      };
    },
  };

  const handler: RequestHandler = (_req, res, next) => {
    registry.metrics().then((text) => {
      res.setHeader('content-type', registry.contentType);
      res.end(text);
    }, next);
  };

  const wrapStore = (store: BookingStore): BookingStore =>
    delegatingStore(store, {
      reader: new TimedCalls(store.reader, storeTimers),
      unitOfWork: (work) => {
        const started = performance.now();
        return timed(unitTimer, store.unitOfWork((tx) => work(new TimedCalls(tx, storeTimers))), started);
      },
    });

  return {
    plugin,
    handler,
    registry,
    wrapStore,
    recordLeasesPurged: (count) => {
      if (count > 0) leasesPurged.inc(count);
    },
  };
}
