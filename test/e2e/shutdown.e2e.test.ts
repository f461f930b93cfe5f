// SIGTERM on a real gateway process (src/main.ts) under load: every request already received is
// answered, new connections are refused, keep-alive sockets close after their current response, and
// the process exits 0. Units of work are delayed (STORE_DELAY_MS) so requests are truly in flight.
import http from 'node:http';
import net from 'node:net';
import { startChildGateway, type ChildGateway } from '../support/child-gateway';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const START = Math.floor(Date.now() / 1000) + 86_400;
const BURST = 64;
const DELAY_MS = 700;

interface Answer {
  status?: number;
  connection?: string;
  bookingId?: string;
  error?: string;
  at: number;
}

function post(gw: ChildGateway, agent: http.Agent, body: unknown): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port: gw.port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let data = '';
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => {
          const bookingId = JSON.parse(data)?.data?.createBooking?.booking?.bookingId;
          resolve({ status: res.statusCode, connection: res.headers.connection, bookingId, at: Date.now() });
        });
      },
    );
    req.on('error', (error) => resolve({ error: error.message, at: Date.now() }));
    req.end(payload);
  });
}

const booking = (i: number) => ({
  query: 'mutation($i: CreateBookingInput!) { createBooking(input: $i) { booking { bookingId } bookingFailure { cause } } }',
  variables: {
    i: {
      slot: { merchantId: 'm', serviceId: 's', startSec: START, durationSec: 1800 },
      userInformation: { userId: `u${i}`, givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' },
      idempotencyToken: `t${i}`,
    },
  },
});

function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

it('SIGTERM during a burst of in-flight createBookings answers every one, refuses new connections, exits 0', async () => {
  const gw = await startChildGateway({ storeDelayMs: DELAY_MS, env: { SHUTDOWN_GRACE_MS: '10000' } });
  try {
    expect((await gw.gql('mutation { upsertMerchant(input: {merchantId: "m", name: "M", timeZone: "UTC"}) { merchantId } }')).data).toBeDefined();
    await gw.gql('mutation { upsertService(input: {merchantId: "m", serviceId: "s", name: "S"}) { serviceId } }');
    await gw.gql('mutation($s: Int64!) { upsertAvailability(input: {merchantId: "m", availability: [{serviceId: "s", startSec: $s, durationSec: 1800, spotsTotal: 100}]}) { upsertedCount } }', { s: START });

    // An idle keep-alive socket (one answered request on it) and raw sockets that have not sent a request yet.
    const idleAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const health = await new Promise<http.IncomingMessage>((resolve) => http.get({ host: '127.0.0.1', port: gw.port, path: '/healthz', agent: idleAgent }, resolve));
    health.resume();
    const idleSocket = health.socket;
    const idleClosed = new Promise<number>((resolve) => idleSocket.once('close', () => resolve(Date.now())));
    const fresh = await Promise.all([1, 2, 3].map(() => new Promise<net.Socket>((resolve) => { const s = net.connect(gw.port, '127.0.0.1', () => resolve(s)); })));

    const agent = new http.Agent({ keepAlive: true, maxSockets: BURST });
    const answers = Array.from({ length: BURST }, (_, i) => post(gw, agent, booking(i)));
    await sleep(200); // the requests are received and waiting in their units' delay
    const signalledAt = Date.now();
    gw.kill('SIGTERM');

    // A request written after the signal on a connection accepted before it is still answered.
    await sleep(60);
    // The last one asks the Booking Server face's HealthCheck, which drains the same way.
    const lateAnswers = fresh.map(
      (socket, i) =>
        new Promise<string>((resolve) => {
          let data = '';
          socket.on('data', (chunk) => (data += chunk));
          socket.on('close', () => resolve(data));
          socket.write(`GET ${i === fresh.length - 1 ? '/v3/HealthCheck' : '/healthz'} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
        }),
    );
    await sleep(300);
    expect(await connectOutcome(gw.port)).toBe('ECONNREFUSED');

    const results = await Promise.all(answers);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results).toHaveLength(BURST);
    expect(results.every((r) => r.status === 200 && typeof r.bookingId === 'string')).toBe(true);
    expect(new Set(results.map((r) => r.bookingId)).size).toBe(BURST);
    expect(results.every((r) => r.connection === 'close')).toBe(true);
    expect(Math.min(...results.map((r) => r.at))).toBeGreaterThan(signalledAt);

    const late = await Promise.all(lateAnswers);
    expect(late).toHaveLength(3);
    for (const text of late) {
      expect(text).toMatch(/^HTTP\/1\.1 503/); // /healthz and /v3/HealthCheck say NOT_SERVING while draining
      expect(text.toLowerCase()).toContain('connection: close');
    }
    const { code } = await gw.exited;
    expect(code).toBe(0);
    expect(await idleClosed).toBeGreaterThan(signalledAt);
    expect(gw.output()).toContain('shutting down');
  } finally {
    gw.kill('SIGKILL');
  }
}, 60_000);
