// Running the Booking Server face: request logs without personal data or credentials, metrics per
// RPC, the rate limit per credential, and the start-up rules (production needs credentials unless
// REST_V3=false, which does not mount the face).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createMetrics } from '../../../src/http/metrics';
import { CLASS, DAY1, M, seedInventory } from '../../support/fixtures';
import { capturingLogger } from '../../support/log-capture';
import { basic, originOf, rest, rpc } from '../../support/rest-client';
import { startTestGateway } from '../../support/test-gateway';

const GOOGLE = basic('google', 'google-test-pass-1');
const USER = { user_id: 'private-user-77', given_name: 'Marguerite', family_name: 'Perey', telephone: '+33 1 23 45 67 89', email: 'marguerite@example.org' };
const SLOT = { merchant_id: M, service_id: CLASS, start_sec: String(DAY1), duration_sec: '3600' };

it('logs one line per request with the RPC, caller, status and duration, and never a body or a credential', async () => {
  const { logger, lines } = capturingLogger();
  const gw = await startTestGateway({ logger, bookingServerCredentials: 'google:google-test-pass-1' });
  try {
    await seedInventory(gw);
    const before = lines().length;
    const booked = await rpc(gw, 'CreateBooking', { slot: SLOT, user_information: USER, idempotency_token: 'log-token-secret' }, GOOGLE);
    expect(booked.body.booking).toBeDefined();
    await rpc(gw, 'ListBookings', { user_id: USER.user_id }, GOOGLE);
    await rpc(gw, 'CreateBooking', { slot: { ...SLOT, start_sec: 'bad' } }, GOOGLE);
    await rpc(gw, 'CreateBooking', {}, basic('google', 'not-the-password'));
    const rest_ = lines().slice(before).map((l) => JSON.parse(l)).filter((l) => l.msg === 'booking server request');
    expect(rest_.map((l) => [l.rpc, l.status, l.caller ?? null])).toEqual([
      ['CreateBooking', 200, 'booking-server:google'],
      ['ListBookings', 200, 'booking-server:google'],
      ['CreateBooking', 400, 'booking-server:google'],
      ['CreateBooking', 401, null],
    ]);
    expect(rest_[2].errorCode).toBe('INVALID_ARGUMENT');
    expect(rest_.every((l) => typeof l.durationMs === 'number' && typeof l.requestId === 'string')).toBe(true);
    const text = lines().join('\n');
    for (const secret of [USER.given_name, USER.family_name, USER.email, USER.telephone, 'google-test-pass-1', 'not-the-password', Buffer.from('google:google-test-pass-1').toString('base64')]) {
      expect({ secret, logged: text.includes(secret) }).toEqual({ secret, logged: false });
    }
  } finally {
    await gw.stop();
  }
});

it('counts requests and latency per RPC and status on /metrics', async () => {
  const metrics = createMetrics({ defaultMetrics: false });
  const gw = await startTestGateway({ metrics, bookingServerCredentials: 'google:google-test-pass-1' });
  try {
    await seedInventory(gw);
    await rpc(gw, 'CheckAvailability', { slot: SLOT }, GOOGLE);
    await rpc(gw, 'CheckAvailability', { slot: SLOT }, GOOGLE);
    await rpc(gw, 'GetBookingStatus', { booking_id: 'nope' }, GOOGLE);
    const text = await (await fetch(`${originOf(gw)}/metrics`)).text();
    expect(text).toContain('booking_server_requests_total{rpc="CheckAvailability",status="200"} 2');
    expect(text).toContain('booking_server_requests_total{rpc="GetBookingStatus",status="404"} 1');
    expect(text).toMatch(/booking_server_request_duration_seconds_count\{rpc="CheckAvailability"\} 2/);
  } finally {
    await gw.stop();
  }
});

it('rate-limits per credential: a burst, then 429 with Retry-After in Google’s error body; another credential has its own bucket', async () => {
  const gw = await startTestGateway({ bookingServerCredentials: 'google:google-test-pass-1,other:other-pass-123', security: { rateLimit: { burst: 3, perSecond: 0.01 } } });
  try {
    for (let i = 0; i < 3; i++) expect((await rest(gw, 'GET', '/v3/HealthCheck', undefined, GOOGLE)).status).toBe(200);
    const limited = await rest(gw, 'GET', '/v3/HealthCheck', undefined, GOOGLE);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect((await rest(gw, 'GET', '/v3/HealthCheck', undefined, basic('other', 'other-pass-123'))).status).toBe(200);
  } finally {
    await gw.stop();
  }
});

it('without credentials outside production, requests act as the development partner: the one GraphQL uses', async () => {
  const gw = await startTestGateway();
  try {
    await seedInventory(gw);
    const viaRest = await rpc(gw, 'CreateBooking', { slot: SLOT, user_information: USER, idempotency_token: 'dev-1' });
    expect(viaRest.body.booking.status).toBe('CONFIRMED');
    const seen = await gw.gql(`query($u: ID!) { bookings(userId: $u) { bookingId } }`, { u: USER.user_id });
    expect(seen.data.bookings).toEqual([{ bookingId: viaRest.body.booking.booking_id }]);
  } finally {
    await gw.stop();
  }
});

it('REST_V3=false: the face is not mounted', async () => {
  const gw = await startTestGateway({ restV3: false });
  try {
    expect((await rest(gw, 'GET', '/v3/HealthCheck')).status).toBe(404);
    expect((await rest(gw, 'POST', '/v3/CreateBooking', {})).body).toBeNull();
  } finally {
    await gw.stop();
  }
});

describe('start-up', () => {
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
        cwd: path.resolve(__dirname, '../../..'),
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', API_KEYS: 'partner:pk_partner_key_1', API_KEYS_FILE: '', BOOKING_SERVER_CREDENTIALS: '', REST_V3: '', STORE: 'memory', MONGODB_URI: '', NODE_ENV: 'production', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      // A gateway that starts is stopped once it says it is ready; one that refuses exits at once.
      let stdout = '';
      const onOutput = (d: Buffer) => {
        stdout += d;
        if (!stdout.includes('booking gateway ready')) return;
        child.stdout.off('data', onOutput); // one SIGTERM: a second one would kill it mid-shutdown
        child.kill('SIGTERM');
      };
      child.stdout.on('data', onOutput);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });

  it('production without BOOKING_SERVER_CREDENTIALS refuses to start with one clear line; REST_V3=false starts', async () => {
    const refused = await run({});
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('booking-gateway: NODE_ENV=production needs BOOKING_SERVER_CREDENTIALS for the Booking Server face at /v3, or REST_V3=false');
    const malformed = await run({ BOOKING_SERVER_CREDENTIALS: 'google:short' });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('BOOKING_SERVER_CREDENTIALS entry 1: a password must have at least 8 characters');
    const off = await run({ REST_V3: 'false' });
    expect(off.code).toBe(0);
  }, 60_000);
});
