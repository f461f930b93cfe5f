// Which browser origins may call the gateway (booking widgets on merchants' pages). Server-to-server
// callers send no Origin and are unaffected. Apollo's CSRF prevention stays on besides.
import cors from 'cors';

const LOCALHOST = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export function corsMiddleware(origins: readonly string[] | 'localhost') {
  const allowed = origins === 'localhost' ? null : new Set(origins);
  return cors({
    origin: (origin, callback) => {
      if (!origin) return callback(null, false);
      callback(null, allowed ? allowed.has(origin) || allowed.has('*') : LOCALHOST.test(origin));
    },
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-request-id'],
    // date: the widget corrects its hold countdown for a wrong client clock with it.
    exposedHeaders: ['x-request-id', 'retry-after', 'date'],
    maxAge: 600,
  });
}
