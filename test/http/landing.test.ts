// GET /: the first-run landing page. Its headers and structure, which links it offers in which
// configuration, that a hostile Host header is never reflected, and the real proof: the curl session
// it serves, taken out of the HTML and run with bash against a gateway seeded with the demo merchant,
// books a haircut. Loopback only; every request and the session have bounded timeouts.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../../src/domain/clock';
import { KEY_PLACEHOLDER, LANDING_CSP, landingPage } from '../../src/http/landing.route';
import { createMetrics } from '../../src/http/metrics';
import { seedDemo } from '../../src/seed/demo-seed';
import { ok, startTestGateway, type TestGateway, type TestGatewayOptions } from '../support/test-gateway';

interface Page {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.stop();
  gw = undefined;
});

const portOf = (g: TestGateway) => Number(new URL(g.url).port);

/** One request over node:http, which (unlike fetch) lets a test send any Host header. */
function request(g: TestGateway, pathname: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Page> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: portOf(g), path: pathname, method: options.method ?? 'GET', headers: options.headers, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${pathname}: no answer within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}

const unescapeHtml = (html: string) =>
  html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The curl session as a person copies it: the text of the page's <pre id="curl-session">. */
function sessionOf(page: Page): string {
  const match = /<pre id="curl-session"[^>]*><code>([\s\S]*?)<\/code><\/pre>/.exec(page.body);
  if (!match) throw new Error('the page has no curl session');
  return unescapeHtml(match[1]);
}

const hrefs = (page: Page) => [...page.body.matchAll(/href="([^"]*)"/g)].map((m) => unescapeHtml(m[1]));

/** A gateway on the system clock with the demo merchant seeded as `npm start` seeds it. */
async function demoGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const started = await startTestGateway({ clock: systemClock, ...options });
  await seedDemo(started.gateway.services.inventory, systemClock.nowSec());
  return started;
}

/** Runs a session with bash, loopback only: no proxy settings from the environment reach curl. */
function runSession(session: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'landing-'));
  const script = path.join(dir, 'session.sh');
  writeFileSync(script, session);
  return new Promise<string>((resolve, reject) => {
    execFile(
      'bash',
      [script],
      { timeout: 30_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', NO_PROXY: '*' } },
      (error, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        if (error) reject(new Error(`the session failed (${error.message}); is curl installed?\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

describe('GET /', () => {
  it('is a self-contained HTML page: 200, text/html, a CSP of self and inline styles, no-cache', async () => {
    gw = await startTestGateway({ metrics: createMetrics({ defaultMetrics: false }) });
    const page = await request(gw, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const csp = page.headers['content-security-policy'];
    expect(csp).toBe(LANDING_CSP);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).not.toMatch(/https?:|\*/);

    // Accessible structure: a language, one h1, landmarks, a viewport for narrow screens, visible focus.
    expect(page.body).toMatch(/^<!DOCTYPE html>\s*<html lang="en">/);
    expect(page.body.match(/<h1[\s>]/g)).toHaveLength(1);
    for (const landmark of ['<header>', '<main id="main">', '<footer>']) expect(page.body).toContain(landmark);
    expect(page.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page.body).toContain(':focus-visible');
    expect(page.body).not.toContain('<noscript');

    // Nothing from another origin: no script, no external resource, every absolute URL is this server's own.
    expect(page.body).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|@import|url\(/i);
    const origin = `http://127.0.0.1:${portOf(gw)}`;
    for (const url of page.body.match(/https?:\/\/[^\s"'<&]+/g) ?? []) expect(url.startsWith(origin)).toBe(true);
  });

  it('links Apollo Sandbox at /graphql, the widget demo, /v3, /healthz and /metrics when they are on', async () => {
    gw = await startTestGateway({ metrics: createMetrics({ defaultMetrics: false }) });
    const page = await request(gw, '/');
    expect(hrefs(page)).toEqual(expect.arrayContaining(['/graphql', '/widget/', '/healthz', '/metrics', '/v3/HealthCheck', '/v3/feeds/availability?merchant_id=demo-salon']));
    expect(page.body).toContain('Apollo Sandbox');
    expect(page.body).toContain('Prometheus metrics; served without a key.');
    // Every local link answers something other than 404 (the widget may be unbuilt: 503 then).
    for (const href of ['/graphql', '/healthz', '/metrics', '/v3/HealthCheck']) {
      expect({ href, status: (await request(gw, href, { headers: { accept: 'text/html' } })).status }).toEqual({ href, status: 200 });
    }
    expect([200, 503]).toContain((await request(gw, '/widget/')).status);
  });

  it('with introspection off offers no Sandbox link and says why', async () => {
    gw = await startTestGateway({ introspection: false });
    const page = await request(gw, '/');
    expect(page.status).toBe(200);
    expect(hrefs(page)).not.toContain('/graphql');
    expect(page.body).toContain('Apollo Sandbox: not available here');
    expect(page.body).toContain('GraphQL introspection is off');
    expect(hrefs(page)).toContain('/widget/');
  });

  it('with NODE_ENV=production (Apollo shows no Sandbox at /graphql) offers no Sandbox link, also with introspection on', () => {
    const body = landingPage({ introspection: true, apiKeys: { configured: true }, metrics: false, metricsPublic: false, bookingServer: null }, 'https://gw.example.com', false);
    expect(body).not.toContain('href="/graphql"');
    expect(body).toContain('Apollo Sandbox: not embedded here');
  });

  it('leaves out /metrics and /v3 when they are not mounted', async () => {
    gw = await startTestGateway({ restV3: false });
    const links = hrefs(await request(gw, '/'));
    expect(links).toEqual(expect.arrayContaining(['/graphql', '/widget/', '/healthz']));
    expect(links.filter((href) => href.startsWith('/metrics') || href.startsWith('/v3'))).toEqual([]);
  });

  it('answers HEAD / with the headers and no body, and GET /index.html with the same page', async () => {
    gw = await startTestGateway();
    const get = await request(gw, '/');
    const head = await request(gw, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(head.headers['content-security-policy']).toBe(LANDING_CSP);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.body)));
    const alias = await request(gw, '/index.html');
    expect(alias.status).toBe(200);
    expect(alias.body).toBe(get.body);
  });

  it('puts its own origin and $(date +%s) in the curl session, with no key line when no keys are configured', async () => {
    gw = await startTestGateway();
    const session = sessionOf(await request(gw, '/'));
    expect(session).toContain(`GW='http://127.0.0.1:${portOf(gw)}/graphql'`);
    expect(session).toContain('NOW=$(date +%s)');
    expect(session).not.toMatch(/KEY=|authorization/i);
  });

  it('never reflects a hostile Host header: it falls back to localhost and the port, and ignores X-Forwarded-*', async () => {
    gw = await startTestGateway();
    const fallback = `GW='http://localhost:${portOf(gw)}/graphql'`;
    for (const host of ['"><script>alert(1)</script>', "x'$(touch /tmp/landing-pwned)'", 'a b', 'evil.example/<svg onload=alert(1)>']) {
      const page = await request(gw, '/', { headers: { host } });
      expect(page.status).toBe(200);
      expect(page.body).not.toMatch(/<script|<svg|onload|\$\(touch/i);
      expect(sessionOf(page)).toContain(fallback);
    }
    const forwarded = await request(gw, '/', {
      headers: { host: 'gateway.example.org:8443', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    expect(sessionOf(forwarded)).toContain("GW='http://gateway.example.org:8443/graphql'");
    expect(forwarded.body).not.toContain('evil.example');
  });
});

describe('the curl session of GET /', () => {
  it('books a demo haircut when run with bash against this very server', async () => {
    gw = await demoGateway();
    const session = sessionOf(await request(gw, '/'));
    const out = await runSession(session);
    expect(out).toContain('"name":"Demo Salon & Studio"');
    expect(out).toMatch(/first open haircut: START=\d+ \(\d+ min from now\) STAFF=(alex|sam)/);
    expect(out).toMatch(/"leaseId":"[^"]+"/);
    const booked = /"createBooking":\{"booking":\{"bookingId":"([^"]+)","status":"CONFIRMED"/.exec(out);
    expect(booked).not.toBeNull();
    // The booking is really there, on the slot the session picked.
    const start = Number(/START=(\d+)/.exec(out)![1]);
    const { booking } = ok(await gw.gql('query($id: ID!) { booking(bookingId: $id) { status slot { serviceId startSec } } }', { id: booked![1] }));
    expect(booking).toEqual({ status: 'CONFIRMED', slot: { serviceId: 'haircut', startSec: start } });
    expect(start).toBeGreaterThan(systemClock.nowSec());
  });

  it('with API keys configured carries a KEY line and a Bearer header, never a key, and books once a key is pasted in', async () => {
    const key = 'wk_landing_test_key_1234';
    gw = await demoGateway({ apiKeys: `widget:${key}`, metrics: createMetrics({ defaultMetrics: false }), security: { metricsPublic: false } });
    const page = await request(gw, '/');
    expect(page.body).not.toContain(key);
    expect(page.body).toContain('needs any configured API key');
    const session = sessionOf(page);
    expect(session).toContain(`KEY='${KEY_PLACEHOLDER}'`);
    expect(session).toContain('-H "authorization: Bearer $KEY"');
    // As pasted, unchanged: the gateway refuses it.
    expect(await runSession(session)).toContain('UNAUTHENTICATED');
    const out = await runSession(session.replace(KEY_PLACEHOLDER, key));
    expect(out).toMatch(/"createBooking":\{"booking":\{"bookingId":"[^"]+","status":"CONFIRMED"/);
  });
});
