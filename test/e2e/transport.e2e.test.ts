// Malformed transport input is a client error (api-contract "No request can stall the server"): a 4xx
// with INVALID_ARGUMENT (415 for a media type the gateway cannot read), never INTERNAL, and nothing
// at error level in the log. Also what production hides and guards.
import { createMetrics } from '../../src/http/metrics';
import { capturingLogger } from '../support/log-capture';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
const log = capturingLogger();
beforeAll(async () => {
  gw = await startTestGateway({ logger: log.logger });
});
afterAll(() => gw.stop());

const HEALTH = JSON.stringify({ query: '{ health { status } }' });

async function send(body: string, headers: Record<string, string>) {
  const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as any };
}

const errorLines = () => log.lines().map((l) => JSON.parse(l)).filter((l) => l.level >= 50);

describe('malformed transport input', () => {
  it.each([
    ['an unknown charset', 415, { 'content-type': 'application/json; charset=latin1' }],
    ['an unknown content-encoding', 415, { 'content-encoding': 'foo' }],
    ['a media type it cannot read', 415, { 'content-type': 'application/xml' }],
    ['text/plain', 415, { 'content-type': 'text/plain' }],
    ['a form post', 415, { 'content-type': 'application/x-www-form-urlencoded' }],
  ])('%s is %i INVALID_ARGUMENT, not INTERNAL', async (_label, status, headers) => {
    const before = errorLines().length;
    const res = await send(HEALTH, headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.body.errors[0].extensions.code).toBe('INVALID_ARGUMENT');
    expect(errorLines().length).toBe(before);
  });

  it.each([
    ['a hash that does not match the query', { version: 1, sha256Hash: 'abc' }, true],
    ['version 2', { version: 2, sha256Hash: 'abc' }, true],
    ['no version', { sha256Hash: 'abc' }, false],
  ])('a persisted-query extension with %s is 400 INVALID_ARGUMENT', async (_label, persistedQuery, withQuery) => {
    const before = errorLines().length;
    const res = await send(JSON.stringify({ ...(withQuery && { query: '{ health { status } }' }), extensions: { persistedQuery } }), {});
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('INVALID_ARGUMENT');
    expect(errorLines().length).toBe(before);
  });

  it('a charset of UTF-8 in any spelling is fine', async () => {
    for (const charset of ['utf-8', 'UTF-8']) {
      expect((await send(HEALTH, { 'content-type': `application/json; charset=${charset}` })).body.data.health.status).toBe('SERVING');
    }
  });

  it('a body that is not JSON and one over the limit keep their answers', async () => {
    expect(await send('{', {})).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'INVALID_ARGUMENT' } }] } });
    const huge = JSON.stringify({ query: `{ health { status } } # ${'x'.repeat(1_100_000)}` });
    expect(await send(huge, {})).toMatchObject({ status: 413, body: { errors: [{ extensions: { code: 'RESOURCE_EXHAUSTED' } }] } });
  });
});

describe('production', () => {
  it('strips "Did you mean …" from every message, variables included; development keeps it', async () => {
    const doc = 'mutation($s: BookingStatus) { updateBooking(input: { booking: { bookingId: "x", status: $s } }) { booking { bookingId } } }';
    const body = JSON.stringify({ query: doc, variables: { s: 'CANCELLED' } });
    const dev = await send(body, {});
    expect(dev.body.errors[0].message).toContain('Did you mean the enum value "CANCELED"?');
    const prod = await startTestGateway({ introspection: false, security: { hideSuggestions: true } });
    try {
      const res = await fetch(prod.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const json = (await res.json()) as any;
      expect(json.errors[0].extensions.code).toBe('INVALID_ARGUMENT');
      expect(json.errors[0].message).toContain('does not exist in "BookingStatus" enum');
      expect(json.errors[0].message).not.toMatch(/Did you mean|CANCELED/);
      const field = await prod.gql('{ healht { status } }');
      expect(field.errors![0].message).not.toContain('Did you mean');
    } finally {
      await prod.stop();
    }
  });

  it('GET /metrics needs a key (any role) unless METRICS_PUBLIC; development serves it openly', async () => {
    const keys = 'widget:wk_metrics_reader,partner:pk_metrics_partner';
    const closed = await startTestGateway({ apiKeys: keys, metrics: createMetrics({ defaultMetrics: false }), security: { metricsPublic: false } });
    const open = await startTestGateway({ apiKeys: keys, metrics: createMetrics({ defaultMetrics: false }), security: { metricsPublic: true } });
    try {
      const metricsOf = (g: TestGateway, headers: Record<string, string> = {}) => fetch(g.url.replace('/graphql', '/metrics'), { headers });
      const refused = await metricsOf(closed);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await refused.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await metricsOf(closed, { authorization: 'Bearer nope-nope-nope' })).status).toBe(401);
      for (const key of ['wk_metrics_reader', 'pk_metrics_partner']) {
        const res = await metricsOf(closed, { authorization: `Bearer ${key}` });
        expect(res.status).toBe(200);
        expect(await res.text()).toContain('graphql_requests_total');
      }
      expect((await metricsOf(open)).status).toBe(200);
    } finally {
      await closed.stop();
      await open.stop();
    }
  });
});
