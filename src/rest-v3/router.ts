// The Booking Server API v3 face, mounted at /v3 (api-contract "The Google Booking Server face"):
// HTTP Basic credentials, a rate limit per credential, JSON bodies by the proto3 mapping, business
// refusals as HTTP 200, request errors as Google's error body, one log line and one metric sample
// per request. Paths work with and without a trailing slash; unknown paths are 404.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Caller } from '../domain/caller';
import { DomainError } from '../domain/errors';
import type { Logger } from '../http/logger';
import { TokenBuckets } from '../http/rate-limit';
import type { RateLimitSettings } from '../http/security';
import type { Services } from '../services';
import type { BookingServerCredentials } from './credentials';
import { protoMessage, sendError } from './errors';
import { availabilityFeed } from './feed';
import type { RestMetrics } from './metrics';
import { RPCS, decodeRequest, type Rpc } from './rpcs';

export interface RestV3Options {
  services: Services;
  credentials: BookingServerCredentials;
  logger: Logger;
  bodyLimit: string;
  rateLimit: RateLimitSettings | null;
  metrics?: RestMetrics;
}

const FEED_PATH = '/feeds/availability';

/** What a request calls, for its log line and metrics: an RPC name, the feed, or "unknown" (a bounded label set). */
const KNOWN = new Map<string, string>([...RPCS.map((r) => [r.name.toLowerCase(), r.name] as const), ['healthcheck', 'HealthCheck'], [FEED_PATH.slice(1), 'AvailabilityFeed']]);
const rpcOf = (req: Request): string => KNOWN.get(req.path.replace(/^\/+|\/+$/g, '').toLowerCase()) ?? 'unknown';

export function restV3Router(options: RestV3Options): express.Router {
  const { services, credentials, logger } = options;
  const router = express.Router({ strict: false });
  const buckets = options.rateLimit ? new TokenBuckets(options.rateLimit) : null;

  // One log line and one metric sample per request; never a body, a credential or personal data.
  router.use((req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const rpc = rpcOf(req);
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      options.metrics?.observe(rpc, res.statusCode, seconds);
      logger.info(
        {
          requestId: res.locals.requestId,
          rpc,
          caller: (res.locals.caller as Caller | null | undefined)?.id,
          status: res.statusCode,
          durationMs: Math.round(seconds * 10_000) / 10,
          ...(res.locals.errorCode && { errorCode: res.locals.errorCode }),
        },
        'booking server request',
      );
    });
    next();
  });

  router.use((req: Request, res: Response, next: NextFunction) => {
    const caller = credentials.resolve(req.get('authorization'));
    if (!caller) {
      res.setHeader('www-authenticate', 'Basic realm="booking-server", charset="UTF-8"');
      return fail(res, 'UNAUTHENTICATED', 'missing or unknown credentials: send Authorization: Basic base64(username:password)');
    }
    res.locals.caller = caller;
    if (buckets) {
      const retryAfterSec = buckets.take(credentials.configured ? `booking-server:${caller.id}` : `ip:${req.ip}`);
      if (retryAfterSec > 0) {
        res.setHeader('retry-after', String(retryAfterSec));
        return fail(res, 'RESOURCE_EXHAUSTED', `rate limit exceeded; retry in ${retryAfterSec} s`);
      }
    }
    next();
  });

  const only = (method: 'GET' | 'POST') => (req: Request, res: Response, next: NextFunction) => {
    if (req.method === method || (method === 'GET' && req.method === 'HEAD')) return next();
    res.setHeader('allow', method === 'GET' ? 'GET, HEAD' : 'POST');
    fail(res, 'INVALID_ARGUMENT', `${req.method} is not allowed here; use ${method}`, 405);
  };

  router.all('/HealthCheck', only('GET'), async (_req, res, next) => {
    try {
      const health = await services.health.health();
      res.status(health.status === 'SERVING' ? 200 : 503).end();
    } catch (error) {
      next(error);
    }
  });

  router.all(FEED_PATH, only('GET'), async (req, res, next) => {
    try {
      const exported = await services.inventoryExport.futureInventory(res.locals.caller, req.query.merchant_id ?? req.query.merchantId, 'merchant_id');
      res.status(200).json(availabilityFeed(exported, Date.now()));
    } catch (error) {
      next(error);
    }
  });

  const json = express.json({ limit: options.bodyLimit, strict: false });
  for (const rpc of RPCS) router.all(`/${rpc.name}`, only('POST'), jsonOnly, json, handler(rpc, services));

  router.use((req: Request, res: Response) => fail(res, 'NOT_FOUND', `unknown Booking Server path /v3${req.path}`));
  router.use(errorHandler(logger, options.bodyLimit));
  return router;
}

function handler(rpc: Rpc, services: Services) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const request = decodeRequest(rpc, req.body);
      res.status(200).json(await rpc.handle(services, res.locals.caller as Caller, request));
    } catch (error) {
      next(error);
    }
  };
}

function jsonOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.is('application/json') || !req.headers['content-type']) return next();
  fail(res, 'INVALID_ARGUMENT', 'request bodies must have content-type application/json', 415);
}

function fail(res: Response, code: DomainError['code'], message: string, httpStatus?: number): void {
  res.locals.errorCode = code;
  sendError(res, code, message, httpStatus);
}

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
}

function errorHandler(logger: Logger, bodyLimit: string) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof DomainError) {
      if (error.code === 'UNAVAILABLE') logger.warn({ requestId: res.locals.requestId, err: error.cause }, 'store unavailable');
      if (error.code === 'INTERNAL') logger.error({ requestId: res.locals.requestId, err: error }, 'unexpected error');
      return fail(res, error.code, error.code === 'INTERNAL' ? 'Internal error' : protoMessage(error));
    }
    const status = (error as HttpError).status ?? (error as HttpError).statusCode ?? 500;
    if (status === 413) return fail(res, 'RESOURCE_EXHAUSTED', `request body exceeds ${bodyLimit}`, 413);
    if (status >= 400 && status < 500) {
      const type = (error as HttpError).type;
      return fail(res, 'INVALID_ARGUMENT', type === 'entity.parse.failed' ? 'request body is not valid JSON' : 'the request body could not be read', status === 415 ? 415 : 400);
    }
    logger.error({ requestId: res.locals.requestId, err: error }, 'unexpected error');
    fail(res, 'INTERNAL', 'Internal error');
  };
}
