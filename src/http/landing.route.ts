// The first-run landing page at GET / (and /index.html): what this gateway serves, where to explore it,
// and a curl session that books a demo haircut against this very server. The page is self-contained,
// so it works offline: inline CSS, no script, no font, image or anything else from another origin, under a
// Content-Security-Policy that allows nothing more. It never shows a key or a secret: only whether keys are
// configured.
import type { TLSSocket } from 'node:tls';
import { Router, type Request, type Response } from 'express';

export interface LandingSettings {
  /** GraphQL introspection, as Apollo Server is given it. */
  introspection: boolean;
  /** Only whether keys are configured is read; keys themselves never reach the page. */
  apiKeys: { readonly configured: boolean };
  /** GET /metrics is served. */
  metrics: boolean;
  /** /metrics is served without an API key. */
  metricsPublic: boolean;
  /** The Booking Server face at /v3, when mounted. */
  bookingServer?: { credentials: { readonly configured: boolean } } | null;
  /**
   * Whether Apollo Server renders its embedded Sandbox at GET /graphql. server.ts installs no landing
   * page plugin, so Apollo picks its default: the local one (Sandbox) unless NODE_ENV is production,
   * where it renders a static "Welcome to Apollo Server" page. Defaults to that same rule.
   */
  sandbox?: boolean;
}

/** Only this origin, inline styles, no script, no framing. */
export const LANDING_CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A Host header the page may repeat: a DNS name or IPv4 address, or a bracketed IPv6 address, with an
 * optional port. Everything else (and a missing header) is replaced by localhost and the port the request
 * came in on: the origin ends up in a shell session people paste, so it must never carry shell or HTML syntax.
 */
const SAFE_HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9_])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;

/**
 * The origin this request reached, from its own Host header and the connection itself. X-Forwarded-*
 * headers are not trusted: anyone can send them.
 */
export function originOf(req: Request): string {
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const host = req.headers.host;
  if (typeof host === 'string' && SAFE_HOST.test(host)) return `${scheme}://${host}`;
  return `${scheme}://localhost:${req.socket.localPort ?? 4000}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** The placeholder the KEY line carries when the gateway needs a key; a test swaps in a real one. */
export const KEY_PLACEHOLDER = 'paste-your-api-key-here';

/**
 * A bash (or zsh) session against `origin`: the demo merchant, the open haircuts of the next 24 hours,
 * a lease on the first one, and a booking through that lease. Each answer feeds the next step, and
 * `curl-$NOW` makes the lease reference, user id and idempotency token new on every run.
 */
export function curlSession(origin: string, keyNeeded: boolean): string {
  const slot = 'slot: {merchantId: \\"demo-salon\\", serviceId: \\"haircut\\", startSec: $START, durationSec: 1800, resources: {staffId: \\"$STAFF\\"}}';
  const user = 'userInformation: {userId: \\"curl-$NOW\\", givenName: \\"Ada\\", familyName: \\"Lovelace\\", telephone: \\"+41 44 668 18 00\\", email: \\"ada@example.com\\"}';
  return [
    `GW='${origin}/graphql'`,
    ...(keyNeeded ? [`KEY='${KEY_PLACEHOLDER}'   # a widget or partner key, or a merchant key for demo-salon`] : []),
    keyNeeded
      ? `gql() { curl -sS --max-time 10 "$GW" -H 'content-type: application/json' -H "authorization: Bearer $KEY" --data-binary @-; }`
      : `gql() { curl -sS --max-time 10 "$GW" -H 'content-type: application/json' --data-binary @-; }`,
    'NOW=$(date +%s)',
    '',
    '# 1. The demo merchant and its services',
    'gql <<EOF',
    '{"query": "{ merchant(merchantId: \\"demo-salon\\") { name timeZone services { serviceId name } } }"}',
    'EOF',
    '',
    '# 2. Haircuts open from now for a day, soonest first; the first one\'s start time and staff member',
    'SLOTS=$(gql <<EOF',
    '{"query": "{ availableSlots(merchantId: \\"demo-salon\\", serviceId: \\"haircut\\", startSecFrom: $NOW, startSecTo: $((NOW + 86400))) { countAvailable slot { startSec durationSec resources { staffId } } } }"}',
    'EOF',
    ')',
    `START=$(printf '%s' "$SLOTS" | grep -o '"startSec":[0-9]*' | head -n 1 | cut -d: -f2)`,
    `STAFF=$(printf '%s' "$SLOTS" | grep -o '"staffId":"[^"]*"' | head -n 1 | cut -d'"' -f4)`,
    'echo "first open haircut: START=$START ($(( (START - NOW) / 60 )) min from now) STAFF=$STAFF"',
    '',
    '# 3. Hold it (a lease, 10 minutes by default)',
    'LEASE=$(gql <<EOF',
    `{"query": "mutation { createLease(input: {lease: {${slot}, userReference: \\"curl-$NOW\\"}}) { lease { leaseId leaseExpirationTimeSec } bookingFailure { cause description } } }"}`,
    'EOF',
    ')',
    `printf '%s\\n' "$LEASE"`,
    `LEASE_ID=$(printf '%s' "$LEASE" | grep -o '"leaseId":"[^"]*"' | cut -d'"' -f4)`,
    '',
    '# 4. Book it through the lease (sent again, the same idempotencyToken returns the same booking)',
    'gql <<EOF',
    `{"query": "mutation { createBooking(input: {${slot}, leaseRef: {leaseId: \\"$LEASE_ID\\"}, ${user}, idempotencyToken: \\"curl-$NOW\\"}) { booking { bookingId status slot { startSec resources { staffName } } } bookingFailure { cause description } } }"}`,
    'EOF',
    '',
  ].join('\n');
}

interface Link {
  href: string | null;
  label: string;
  /** Trusted HTML (built here from constants and escaped values). */
  about: string;
}

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

function sandboxItem(settings: LandingSettings, sandbox: boolean): Link {
  const keyNote = settings.apiKeys.configured
    ? ` This gateway needs an API key: add the header ${code('Authorization: Bearer <key>')} in Sandbox's connection settings.`
    : '';
  if (!settings.introspection) {
    return {
      href: null,
      label: 'Apollo Sandbox: not available here',
      about:
        `GraphQL introspection is off (${code('INTROSPECTION=false')}, the default with ${code('NODE_ENV=production')}), ` +
        `so Sandbox could not read the schema, and no link to it is offered. The endpoint ${code('/graphql')} still ` +
        'answers POST requests: try the curl session below.',
    };
  }
  if (!sandbox) {
    return {
      href: null,
      label: 'Apollo Sandbox: not embedded here',
      about:
        `With ${code('NODE_ENV=production')} Apollo Server shows its production page at ${code('/graphql')} instead of ` +
        `Sandbox. Introspection is on, so a Sandbox you open elsewhere can be pointed at this endpoint.${keyNote}`,
    };
  }
  return {
    href: '/graphql',
    label: 'Apollo Sandbox',
    about:
      `Apollo's GraphQL explorer at this gateway's endpoint ${code('/graphql')}: every operation with autocompletion ` +
      `from the schema, run against this server. Sandbox itself loads from Apollo's CDN, so it needs an internet ` +
      `connection; the rest of this page works offline.${keyNote}`,
  };
}

function links(settings: LandingSettings, sandbox: boolean): { explore: Link[]; operate: Link[] } {
  const explore: Link[] = [
    sandboxItem(settings, sandbox),
    {
      href: '/widget/',
      label: 'Booking widget demo',
      about: `The embeddable booking widget on a demo page, with the snippet it uses (built by ${code('npm run build:widget')}, which ${code('npm start')} runs).`,
    },
  ];
  const operate: Link[] = [{ href: '/healthz', label: '/healthz', about: 'Liveness and store health as JSON; needs no key.' }];
  if (settings.metrics) {
    operate.push({
      href: '/metrics',
      label: '/metrics',
      about: settings.metricsPublic
        ? 'Prometheus metrics; served without a key.'
        : `Prometheus metrics; needs any configured API key (${code('Authorization: Bearer <key>')}), so a browser gets 401.`,
    });
  }
  if (settings.bookingServer) {
    const auth = settings.bookingServer.credentials.configured
      ? `HTTP Basic credentials from ${code('BOOKING_SERVER_CREDENTIALS')} (a browser asks for them)`
      : 'no credentials configured, so requests act as the development partner';
    operate.push(
      {
        href: '/v3/HealthCheck',
        label: '/v3 Booking Server face',
        about: `Google's partner Booking Server API v3 (Actions Center) on the same engine: POST RPCs under ${code('/v3/')}, ${auth}. This link is its health check (200, empty body).`,
      },
      {
        href: '/v3/feeds/availability?merchant_id=demo-salon',
        label: '/v3/feeds/availability',
        about: 'The demo merchant’s future inventory as Google’s availability feed (JSON).',
      },
    );
  }
  return { explore, operate };
}

const item = (link: Link) =>
  `<li>${link.href ? `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>` : `<strong>${escapeHtml(link.label)}</strong>`}<br>${link.about}</li>`;

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #ffffff; --muted: #4a5260; --link: #0b57d0; --code-bg: #f2f4f7; --rule: #d0d5dd; --focus: #b3261e; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8eaed; --bg: #121417; --muted: #b4bac4; --link: #8ab4f8; --code-bg: #1e2227; --rule: #3c424b; --focus: #f6aea9; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 1px solid var(--rule); }
h1 { font-size: 1.75rem; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 1.75rem 0 0.5rem; }
p, li { max-width: 46rem; }
ul { padding-left: 1.25rem; }
li { margin: 0.6rem 0; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:focus-visible, pre:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
code { font: 0.92em/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code-bg); padding: 0 0.2em; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: var(--code-bg); border: 1px solid var(--rule); border-radius: 6px; padding: 0.75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { padding: 0; background: none; }
.muted, footer { color: var(--muted); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.25rem 0.5rem; }
`;

export function landingPage(settings: LandingSettings, origin: string, sandbox: boolean): string {
  const { explore, operate } = links(settings, sandbox);
  const keys = settings.apiKeys.configured;
  const keyText = keys
    ? `<p>This gateway has API keys configured, so GraphQL requests need ${code('Authorization: Bearer <key>')}. ` +
      `Put one of your keys (from ${code('API_KEYS')} or ${code('API_KEYS_FILE')}: a widget or partner key, or a merchant key for ` +
      `${code('demo-salon')}) in the ${code('KEY=')} line first. Keys are never shown on this page.</p>`
    : '<p>No API keys are configured (development), so every request acts as the development partner and needs no ' +
      `${code('Authorization')} header. Once ${code('API_KEYS')} or ${code('API_KEYS_FILE')} is set, this page adds a ${code('KEY=')} line.</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Booking gateway</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header>
<h1>Booking gateway</h1>
<p>A GraphQL booking API: check availability, hold a slot, book it, reschedule or cancel it. It answers at ${code(`${origin}/graphql`)}.</p>
</header>
<main id="main">
<section aria-labelledby="explore">
<h2 id="explore">Explore</h2>
<ul>
${explore.map(item).join('\n')}
</ul>
</section>
<section aria-labelledby="try">
<h2 id="try">Book a haircut with curl</h2>
<p>Paste this into bash or zsh. It uses the demo merchant ${code('demo-salon')}, seeded into an empty store at the first
${code('npm start')} (${code('SEED_DEMO')}; off by default with ${code('NODE_ENV=production')}): it lists the merchant, finds the
open haircuts from now for a day, holds the first one with a lease and books it through that lease. The answer of the last
step is a booking with status ${code('CONFIRMED')}.</p>
${keyText}
<pre id="curl-session" tabindex="0" aria-label="curl session"><code>${escapeHtml(curlSession(origin, keys))}</code></pre>
<p class="muted">The address is the one this server was reached at, from the request's Host header
(${code('X-Forwarded-*')} headers are not trusted); behind a TLS proxy, change ${code('http://')} to ${code('https://')}.</p>
</section>
<section aria-labelledby="operate">
<h2 id="operate">Operate</h2>
<ul>
${operate.map(item).join('\n')}
</ul>
</section>
</main>
<footer>
<p>The API reference, every operation, rule, error and limit, is ${code('docs/api.md')} in the repository.</p>
</footer>
</body>
</html>
`;
}

export function landingRouter(settings: LandingSettings): Router {
  const sandbox = settings.sandbox ?? process.env.NODE_ENV !== 'production';
  const router = Router();
  router.get(['/', '/index.html'], (req: Request, res: Response) => {
    res
      .status(200)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': LANDING_CSP,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        vary: 'Host',
      })
      .send(landingPage(settings, originOf(req), sandbox));
  });
  return router;
}
