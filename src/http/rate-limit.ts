// Per-caller token buckets: each caller (API key, or client IP when no keys are configured) may
// send `burst` requests at once and `perSecond` on average. Over it: HTTP 429 with a GraphQL-shaped
// RESOURCE_EXHAUSTED error carrying retryAfterSec, and a Retry-After header.
import type { NextFunction, Request, Response } from 'express';
import type { RateLimitSettings } from './security';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Buckets kept at most; the least recently used are dropped first (a dropped bucket is full again). */
const MAX_BUCKETS = 50_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** Takes one token; answers 0 when allowed, else the seconds until a token is available. */
  take(key: string): number {
    const now = this.nowMs();
    const bucket = this.buckets.get(key) ?? { tokens: this.settings.burst, updatedMs: now };
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.settings.perSecond);
    bucket.updatedMs = now;
    // Re-insert so Map order is least-recently-used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.settings.perSecond));
  }
}

export function rateLimitMiddleware(buckets: TokenBuckets, keyOf: (req: Request) => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const retryAfterSec = buckets.take(keyOf(req));
    if (retryAfterSec === 0) return next();
    res.setHeader('retry-after', String(retryAfterSec));
    res.status(429).json({
      errors: [
        {
          message: `rate limit exceeded; retry in ${retryAfterSec} s`,
          extensions: { code: 'RESOURCE_EXHAUSTED', retryAfterSec },
        },
      ],
    });
  };
}
