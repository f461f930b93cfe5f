// A small local stand-in of Stripe's v1 HTTP API on 127.0.0.1, for tests of the Stripe payment adapter
// through the real `stripe` SDK (`new Stripe(STAND_IN_API_KEY, standIn.sdkConfig())`). It answers the
// handful of endpoints the adapter uses (stripe-stand-in/api.ts), with Stripe's auth, idempotency
// (https://docs.stripe.com/api/idempotent_requests), a ledger of the money actually moved, a log of
// every request, and fault hooks for the crash and retry tests.
//
// Idempotency, as Stripe documents it for v1: a POST's Idempotency-Key (scoped to the API key) saves
// the status and body of the first request once its endpoint starts executing, errors included, and
// replays them (with `Idempotent-Replayed: true`) to every later request with that key; a later request
// with other parameters or another endpoint is a 400 idempotency_error; one that arrives while the
// first is still executing is a 409 idempotency_key_in_use. Parameter-validation failures are not saved.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { StripeState, newId, type LedgerCharge, type LedgerRefund, type Reply } from './stripe-stand-in/api';
import { canonical, parseForm, type FormBody } from './stripe-stand-in/form';

export { TEST_TOKENS, type LedgerCharge, type LedgerRefund } from './stripe-stand-in/api';
export type { FormBody, FormValue } from './stripe-stand-in/form';

/** A secret key the stand-in accepts (any `sk_test_…` does). */
export const STAND_IN_API_KEY = 'sk_test_standin';
/** The version answered when a request names none (the SDK always names its pinned one). */
const DEFAULT_API_VERSION = '2025-03-31.basil';

export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: FormBody;
  /** The form body, parsed from Stripe's bracket notation into nested objects and arrays. */
  body: FormBody;
  rawBody: string;
  contentType: string | undefined;
  idempotencyKey: string | null;
  /** Whether the Authorization header carried a `sk_test_…` key. */
  authorized: boolean;
  headers: http.IncomingHttpHeaders;
  /** The status answered; undefined while in flight, or when the socket was destroyed instead. */
  status?: number;
  /** Answered from the idempotency store. */
  replayed: boolean;
  /** The 'lose-reply-after-charge' fault destroyed the socket instead of answering. */
  replyLost: boolean;
}

/**
 * '500': answer HTTP 500 api_error before doing anything (nothing executed, nothing saved for the key).
 * 'lose-reply-after-charge': execute the request (charge, ledger, onCharge, saved idempotent result) or
 * replay its saved result, then destroy the socket without answering. With count 1, the SDK's retry
 * (same Idempotency-Key) gets the saved result; with a larger count its retries are lost too.
 */
export type FaultMode = '500' | 'lose-reply-after-charge';
/** Which requests a fault hits; default: POST /v1/payment_intents. */
export interface FaultMatch { method?: string; path?: string | RegExp }
/** Processing time of each executed request, in ms, spent after its Idempotency-Key is claimed. */
export type Delay = number | ((request: RecordedRequest) => number);

export interface StripeStandInOptions { delayMs?: Delay }

export interface StripeLedger {
  readonly charges: readonly LedgerCharge[];
  readonly refunds: readonly LedgerRefund[];
  /** Charges matching every given field (or the predicate). */
  chargesFor(filter?: Partial<LedgerCharge> | ((charge: LedgerCharge) => boolean)): LedgerCharge[];
  refundsFor(paymentIntentId: string): LedgerRefund[];
}

export interface StripeStandIn {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly ledger: StripeLedger;
  /** Every HTTP request received, in arrival order (SDK retries are separate entries). */
  readonly requests: RecordedRequest[];
  /** The SDK config that points `new Stripe(key, config)` here; `overrides` win. */
  sdkConfig(overrides?: Stripe.StripeConfig): Stripe.StripeConfig;
  /** The next `count` requests matching `match` meet fault `mode`. */
  failNext(count: number, mode: FaultMode, match?: FaultMatch): void;
  /** Called synchronously once a charge is in the ledger, before its reply is sent. Returns an unsubscribe. */
  onCharge(listener: (charge: LedgerCharge) => void): () => void;
  setDelay(delay: Delay): void;
  /** Passes the 3D Secure challenge of a requires_action intent (pi_… charges, seti_… saves); also `POST /3ds/<id>`. */
  completeThreeDS(intentId: string): Record<string, unknown>;
  close(): Promise<void>;
}

const json = (status: number, error: Record<string, unknown>): Reply => ({ status, body: { error } });

function isAuthorized(header: string | undefined): boolean {
  if (!header) return false;
  const [scheme, credential = ''] = header.split(' ');
  // Bearer is what the SDK sends; Basic (`curl -u sk_test_…:`) is accepted too: https://docs.stripe.com/api/authentication
  const key = /^bearer$/i.test(scheme) ? credential : /^basic$/i.test(scheme) ? Buffer.from(credential, 'base64').toString().replace(/:$/, '') : '';
  return /^sk_test_\w+$/.test(key);
}

export async function startStripeStandIn(options: StripeStandInOptions = {}): Promise<StripeStandIn> {
  const listeners = new Set<(charge: LedgerCharge) => void>();
  const state = new StripeState((charge) => listeners.forEach((l) => l(charge)));
  const requests: RecordedRequest[] = [];
  const faults: Array<{ mode: FaultMode; left: number; method: string; path: string | RegExp }> = [];
  /** Idempotency-Key (scoped to the API key) → the first request's endpoint, parameters and, once done, reply. */
  const saved = new Map<string, { endpoint: string; params: string; reply?: { status: number; text: string } }>();
  let delay: Delay = options.delayMs ?? 0;
  let baseUrl = '';

  const takeFault = (mode: FaultMode, r: RecordedRequest): boolean => {
    const fault = faults.find((f) => f.mode === mode && f.left > 0 && f.method === r.method && (typeof f.path === 'string' ? f.path === r.path : f.path.test(r.path)));
    if (fault) fault.left -= 1;
    return !!fault;
  };

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', baseUrl);
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const apiVersion = typeof req.headers['stripe-version'] === 'string' ? req.headers['stripe-version'] : null;
    const r: RecordedRequest = {
      method: req.method ?? 'GET', path: url.pathname, query: parseForm(url.search.slice(1)), body: parseForm(rawBody), rawBody,
      contentType: req.headers['content-type'], idempotencyKey: key, authorized: isAuthorized(req.headers.authorization),
      headers: req.headers, replayed: false, replyLost: false,
    };
    requests.push(r);
    const send = (status: number, text: string, extra: Record<string, string> = {}): void => {
      r.status = status;
      res.writeHead(status, {
        'Content-Type': 'application/json', 'Request-Id': newId('req'), 'Stripe-Version': apiVersion ?? DEFAULT_API_VERSION,
        ...(key && { 'Idempotency-Key': key }), ...extra,
      });
      res.end(text);
    };
    const reply = (out: Reply): void => send(out.status, JSON.stringify(out.body, null, 2));
    /** Sends an executed or replayed result, unless a 'lose-reply-after-charge' fault eats it. */
    const finish = (status: number, text: string, extra?: Record<string, string>): void => {
      if (!takeFault('lose-reply-after-charge', r)) return send(status, text, extra);
      r.replyLost = true;
      req.socket.destroy();
    };

    // The 3D Secure "challenge page" the next_action URL points at: POST passes it (no API key: it's the customer's browser).
    const threeDS = /^\/3ds\/([^/]+)$/.exec(r.path);
    if (threeDS && r.method === 'POST') {
      try { return reply({ status: 200, body: state.completeThreeDS(threeDS[1]) }); } catch (e) { return reply(json(400, { type: 'invalid_request_error', message: (e as Error).message })); }
    }
    // https://docs.stripe.com/api/authentication
    if (!r.authorized) {
      const given = req.headers.authorization?.replace(/^\S+\s*/, '') ?? '';
      const message = given
        ? `Invalid API Key provided: ${given.slice(0, 8)}${'*'.repeat(Math.max(0, given.length - 12))}${given.slice(-4)}`
        : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";
      return reply(json(401, { type: 'invalid_request_error', message }));
    }
    if (r.method === 'POST' && rawBody && !/^application\/x-www-form-urlencoded\b/i.test(r.contentType ?? '')) {
      return reply(json(400, { type: 'invalid_request_error', message: `Invalid request: the body must be application/x-www-form-urlencoded, not ${r.contentType ?? 'untyped'}.` }));
    }
    if (takeFault('500', r)) return reply(json(500, { type: 'api_error', message: 'An unknown error occurred' }));

    const slot = r.method === 'POST' && key ? `${req.headers.authorization}\n${key}` : null;
    if (slot) {
      const endpoint = `${r.method} ${r.path}`;
      const params = canonical(r.body);
      const first = saved.get(slot);
      if (first && first.endpoint !== endpoint) {
        return reply(json(400, { type: 'idempotency_error', message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${first.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.` }));
      }
      if (first && first.params !== params) {
        return reply(json(400, { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` }));
      }
      if (first && !first.reply) {
        return reply(json(409, { type: 'idempotency_error', code: 'idempotency_key_in_use', doc_url: 'https://docs.stripe.com/error-codes/idempotency-key-in-use', message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.` }));
      }
      if (first?.reply) {
        r.replayed = true;
        return finish(first.reply.status, first.reply.text, { 'Idempotent-Replayed': 'true' });
      }
      saved.set(slot, { endpoint, params });
    }

    const ms = typeof delay === 'function' ? delay(r) : delay;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    let out: Reply;
    try {
      out = state.handle({ method: r.method, path: r.path, query: r.query, body: r.body, idempotencyKey: key, apiVersion, baseUrl });
    } catch (e) {
      out = json(500, { type: 'api_error', message: `stand-in failure: ${(e as Error).message}` });
    }
    const text = JSON.stringify(out.body, null, 2);
    if (slot) {
      if (out.store === false) saved.delete(slot);
      else saved.get(slot)!.reply = { status: out.status, text };
    }
    finish(out.status, text);
  }

  const server = http.createServer((req, res) => {
    serve(req, res).catch((e: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { type: 'api_error', message: e.message } }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  const ledger: StripeLedger = {
    get charges() { return state.charges; },
    get refunds() { return state.refunds; },
    chargesFor(filter = {}) {
      const test = typeof filter === 'function' ? filter : (c: LedgerCharge) => Object.entries(filter).every(([k, v]) => c[k as keyof LedgerCharge] === v);
      return state.charges.filter(test);
    },
    refundsFor: (paymentIntentId) => state.refunds.filter((r) => r.paymentIntentId === paymentIntentId),
  };

  return {
    port,
    url: baseUrl,
    ledger,
    requests,
    sdkConfig: (overrides = {}) => ({ host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 2, timeout: 5000, ...overrides }),
    failNext(count, mode, match = {}) {
      faults.push({ mode, left: count, method: match.method ?? 'POST', path: match.path ?? '/v1/payment_intents' });
    },
    onCharge(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setDelay(next) {
      delay = next;
    },
    completeThreeDS: (intentId) => state.completeThreeDS(intentId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
