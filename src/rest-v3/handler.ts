// The Booking Server API v3 face (api-contract "The Google Booking Server face"): HTTP Basic
// credentials, a rate limit per credential, JSON bodies by the proto3 mapping, business refusals as
// HTTP 200, request errors as Google's error body, one log line and one metric sample per request.
// Paths work with and without a trailing slash; unknown paths are 404, other methods 405.
//
// It is a plain Node request handler in front of Express (server.ts routes /v3 here): the face is a
// small fixed set of POST RPCs, and Express's router, response helpers and ETag hashing were a fifth
// of a CheckAvailability's CPU (docs/benchmarks.md). Bodies are read by raw-body (Express's own
// reader: length checks, limit, aborted requests); JSON by JSON.parse.
import type { IncomingMessage, ServerResponse } from 'node:http';
import getRawBody from 'raw-body';
import type { Caller } from '../domain/caller';
import { DomainError, type ErrorCode } from '../domain/errors';
import type { Logger } from '../http/logger';
import { TokenBuckets } from '../http/rate-limit';
import type { RateLimitSettings } from '../http/security';
import { requestIdOf } from '../http/transport';
import type { Services } from '../services';
import type { BookingServerCredentials } from './credentials';
import { HTTP_STATUS, protoMessage } from './errors';
import { availabilityFeed } from './feed';
import type { RestMetrics } from './metrics';
import { RPCS, decodeRequest, type Rpc } from './rpcs';

export interface RestV3Options {
  services: Services;
  credentials: BookingServerCredentials;
  logger: Logger;
  /** The largest request body, as a byte count or a string like "1mb". */
  bodyLimit: string | number;
  rateLimit: RateLimitSettings | null;
  metrics?: RestMetrics;
  /** True while the server drains (SIGTERM): HealthCheck then answers 503, as /healthz does. */
  draining?: () => boolean;
}

type Route = { kind: 'rpc'; rpc: Rpc } | { kind: 'health' } | { kind: 'feed' };

/** Routes by lower-cased path without slashes at either end; names (bounded) label logs and metrics. */
const ROUTES = new Map<string, { name: string; route: Route }>([
  ...RPCS.map((rpc) => [rpc.name.toLowerCase(), { name: rpc.name, route: { kind: 'rpc', rpc } as Route }] as const),
  ['healthcheck', { name: 'HealthCheck', route: { kind: 'health' } }],
  ['feeds/availability', { name: 'AvailabilityFeed', route: { kind: 'feed' } }],
]);

/** Whether a request is for this face: /v3 and everything below it. */
export const isRestV3 = (url: string | undefined): boolean => /^\/v3(?:[/?]|$)/.test(url ?? '');

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  caller: Caller | null;
  errorCode?: ErrorCode;
}

export function restV3Handler(options: RestV3Options): (req: IncomingMessage, res: ServerResponse) => void {
  const { services, credentials, logger } = options;
  const buckets = options.rateLimit ? new TokenBuckets(options.rateLimit) : null;
  // The request line's fields are fixed primitives built below, never a record from outside, so the
  // redaction pass (a second line of defence for free-form records, 5% of a CheckAvailability's CPU
  // with its wildcard paths) has nothing to find in it and is skipped for this line only.
  const requestLog = logger.child({}, { redact: [] });

  const serve = async (x: Exchange, path: string, query: URLSearchParams): Promise<void> => {
    const { req, res } = x;
    x.caller = credentials.resolve(req.headers.authorization);
    if (!x.caller) {
      res.setHeader('www-authenticate', 'Basic realm="booking-server", charset="UTF-8"');
      return fail(x, 'UNAUTHENTICATED', 'missing or unknown credentials: send Authorization: Basic base64(username:password)');
    }
    if (buckets) {
      const retryAfterSec = buckets.take(credentials.configured ? x.caller.id : `ip:${req.socket.remoteAddress}`);
      if (retryAfterSec > 0) {
        res.setHeader('retry-after', String(retryAfterSec));
        return fail(x, 'RESOURCE_EXHAUSTED', `rate limit exceeded; retry in ${retryAfterSec} s`);
      }
    }
    const found = ROUTES.get(path.toLowerCase());
    if (!found) return fail(x, 'NOT_FOUND', `unknown Booking Server path /v3/${path}`);
    const { route } = found;
    const method = req.method ?? 'GET';
    const wanted = route.kind === 'rpc' ? 'POST' : 'GET';
    if (method !== wanted && !(wanted === 'GET' && method === 'HEAD')) {
      res.setHeader('allow', wanted === 'GET' ? 'GET, HEAD' : 'POST');
      return fail(x, 'INVALID_ARGUMENT', `${method} is not allowed here; use ${wanted}`, 405);
    }
    if (route.kind === 'health') {
      const health = await services.health.health();
      const serving = health.status === 'SERVING' && !options.draining?.();
      res.writeHead(serving ? 200 : 503, { 'content-length': '0' });
      res.end();
      return;
    }
    if (route.kind === 'feed') {
      const exported = await services.inventoryExport.futureInventory(x.caller, query.get('merchant_id') ?? query.get('merchantId'), 'merchant_id');
      return sendJson(res, 200, availabilityFeed(exported, Date.now()));
    }
    const body = await readJson(x, options.bodyLimit);
    if (body === undefined) return;
    sendJson(res, 200, await route.rpc.handle(services, x.caller, decodeRequest(route.rpc, body)));
  };

  return (req, res) => {
    const started = performance.now();
    const requestId = requestIdOf(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const [rawPath, rawQuery = ''] = (req.url ?? '').split('?', 2);
    const path = rawPath.replace(/^\/v3\/*/, '').replace(/\/+$/, '');
    const name = ROUTES.get(path.toLowerCase())?.name ?? 'unknown';
    const x: Exchange = { req, res, requestId, caller: null };
    // One log line and one metric sample per request; never a body, a credential or personal data.
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      options.metrics?.observe(name, res.statusCode, seconds);
      requestLog.info(
        {
          requestId,
          rpc: name,
          caller: x.caller?.id,
          status: res.statusCode,
          durationMs: Math.round(seconds * 10_000) / 10,
          ...(x.errorCode && { errorCode: x.errorCode }),
        },
        'booking server request',
      );
    });
    serve(x, path, new URLSearchParams(rawQuery)).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof DomainError) {
        if (error.code === 'UNAVAILABLE') logger.warn({ requestId, err: error.cause }, error.reason === 'PAYMENT_OUTCOME_UNKNOWN' ? 'payment processor did not answer' : 'store unavailable');
        if (error.code !== 'INTERNAL') return fail(x, error.code, protoMessage(error));
      }
      logger.error({ requestId, err: error }, 'unexpected error');
      fail(x, 'INTERNAL', 'Internal error');
    });
  };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Google's REST error body for a canonical code: `{ "error": { "code": <http>, "status": "<CODE>", "message": "..." } }`. */
function fail(x: Exchange, code: ErrorCode, message: string, httpStatus = HTTP_STATUS[code]): void {
  x.errorCode = code;
  // A request whose body was not read: close the connection after the answer rather than read it.
  if (!x.req.complete) x.res.setHeader('connection', 'close');
  sendJson(x.res, httpStatus, { error: { code: httpStatus, status: code, message } });
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** The request's JSON body; undefined when a refusal has been sent instead. */
async function readJson(x: Exchange, limit: string | number): Promise<unknown> {
  const { req } = x;
  const type = req.headers['content-type'];
  if (type !== undefined && !JSON_TYPE.test(type)) {
    fail(x, 'INVALID_ARGUMENT', 'request bodies must have content-type application/json', 415);
    return undefined;
  }
  const charset = type ? CHARSET.exec(type)?.[1]?.toLowerCase() : undefined;
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    fail(x, 'INVALID_ARGUMENT', `unsupported charset "${charset}": send UTF-8 JSON`, 415);
    return undefined;
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    fail(x, 'INVALID_ARGUMENT', `unsupported content-encoding "${encoding}": send identity-encoded JSON`, 415);
    return undefined;
  }
  let text: string;
  try {
    text = await getRawBody(req, { limit, length: req.headers['content-length'], encoding: 'utf8' });
  } catch (error) {
    const e = error as { status?: number; type?: string };
    if (e.type === 'entity.too.large') fail(x, 'RESOURCE_EXHAUSTED', `request body exceeds ${limit}`, 413);
    else fail(x, 'INVALID_ARGUMENT', e.type === 'request.size.invalid' ? 'request body is shorter or longer than its content-length' : 'the request body could not be read', 400);
    return undefined;
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    fail(x, 'INVALID_ARGUMENT', 'request body is not valid JSON', 400);
    return undefined;
  }
}
