// HTTP transport concerns in front of Apollo: request ids, what a POST body may be, batching, and
// how transport failures answer. Every refusal here is a 4xx in GraphQL's error shape with a
// contract code (api-contract "No request can stall the server": malformed transport input is
// INVALID_ARGUMENT, 400 or 415, never INTERNAL, and no error-level log line).
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from './logger';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** The request id a client sent in `x-request-id` when it is valid, else a new one. */
export function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Takes a valid `x-request-id` header, or makes one, and echoes it back. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  res.locals.requestId = requestIdOf(req.get('x-request-id'));
  res.setHeader('x-request-id', res.locals.requestId);
  next();
}

/**
 * POST bodies must be JSON. Anything else is a media type the gateway cannot read: 415 (Apollo would
 * otherwise answer text/plain and form posts with its CSRF refusal, and other types with a 400).
 */
export function jsonBodyOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || req.is('application/json')) return next();
  refuse(res, 415, 'INVALID_ARGUMENT', 'POST bodies must have content-type application/json');
}

/** Batched (array) requests: refused by Apollo when off; capped at `max` operations when on. */
export function batchLimit(max: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (max === 0 || !Array.isArray(req.body) || req.body.length <= max) return next();
    refuse(res, 400, 'RESOURCE_EXHAUSTED', `a batch may hold at most ${max} operations`);
  };
}

/** body-parser's failures by their `type`: what the client did wrong. */
const BODY_FAILURES: Record<string, string> = {
  'entity.too.large': 'request body exceeds the size limit',
  'entity.parse.failed': 'request body is not valid JSON',
  'charset.unsupported': 'unsupported charset: send UTF-8 JSON',
  'encoding.unsupported': 'unsupported content-encoding: send identity, gzip, deflate or br',
  'entity.verify.failed': 'request body could not be verified',
  'request.size.invalid': 'request body is shorter or longer than its content-length',
  'request.aborted': 'the request was aborted',
};

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
}

/**
 * The last error handler. A 4xx from the body parser answers with its status (413 is
 * RESOURCE_EXHAUSTED, every other one INVALID_ARGUMENT); only a genuine server fault is INTERNAL
 * and logged at error level.
 */
export function transportErrorHandler(logger: Logger, bodyLimit: string) {
  return (error: HttpError, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message = error.type === 'entity.too.large' ? `request body exceeds ${bodyLimit}` : (BODY_FAILURES[error.type ?? ''] ?? 'the request could not be read');
      refuse(res, status, status === 413 ? 'RESOURCE_EXHAUSTED' : 'INVALID_ARGUMENT', message);
      return;
    }
    logger.error({ requestId: res.locals.requestId, err: error }, 'unexpected http error');
    refuse(res, 500, 'INTERNAL', 'Internal error');
  };
}
