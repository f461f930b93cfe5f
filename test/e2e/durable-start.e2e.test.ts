// `npm start` on the SQLite store, as a user runs it (the real src/main.ts, in child processes): the
// demo seed goes only into an empty store, a graceful restart keeps everything, and a second
// process on the same DATA_DIR refuses to start with one clear line.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChildGateway } from '../support/child-gateway';

const ROOT = path.resolve(__dirname, '../..');
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-start-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const SLOTS = `{ merchant(merchantId: "demo-salon") { name } availableSlots(merchantId: "demo-salon", serviceId: "yoga", startSecFrom: ${Math.floor(Date.now() / 1000)}, startSecTo: ${Math.floor(Date.now() / 1000) + 14 * 86_400}) { countAvailable spotsTotal slot { merchantId serviceId startSec durationSec } } }`;

it('the demo seed runs into an empty store only: a restart neither duplicates nor resets the inventory', async () => {
  const env = { STORE: 'sqlite', DATA_DIR: dataDir, SEED_DEMO: 'true' };
  const first = await startChildGateway({ env });
  const before = (await first.gql(SLOTS)).data;
  expect(before.merchant.name).toBe('Demo Salon & Studio');
  expect(before.availableSlots.length).toBeGreaterThan(5);
  const yoga = before.availableSlots[0];
  const booked = await first.gql('mutation($i: CreateBookingInput!) { createBooking(input: $i) { booking { bookingId } } }', {
    i: { slot: yoga.slot, userInformation: { userId: 'u1', givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' }, idempotencyToken: 'seed-test' },
  });
  const bookingId = booked.data.createBooking.booking.bookingId;
  // A merchant change the seed must not undo.
  await first.gql('mutation($i: UpsertAvailabilityInput!) { upsertAvailability(input: $i) { upsertedCount } }', {
    i: { merchantId: 'demo-salon', availability: [{ serviceId: 'yoga', startSec: yoga.slot.startSec, durationSec: yoga.slot.durationSec, spotsTotal: 3 }] },
  });
  first.kill('SIGTERM');
  expect((await first.exited).code).toBe(0);

  const second = await startChildGateway({ env });
  try {
    expect(second.output()).toContain('demo seed skipped');
    const after = (await second.gql(SLOTS)).data;
    expect(after.availableSlots).toHaveLength(before.availableSlots.length);
    expect(after.availableSlots[0]).toMatchObject({ spotsTotal: 3, countAvailable: 2 });
    expect((await second.gql(`{ booking(bookingId: "${bookingId}") { bookingId status } }`)).data.booking).toEqual({ bookingId, status: 'CONFIRMED' });
  } finally {
    second.kill('SIGTERM');
    await second.exited;
  }
}, 60_000);

it('a second gateway on the same DATA_DIR refuses to start with one clear line', async () => {
  const first = await startChildGateway({ env: { STORE: 'sqlite', DATA_DIR: dataDir } });
  try {
    const second = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', STORE: 'sqlite', DATA_DIR: dataDir, SEED_DEMO: 'false', TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    second.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `booking-gateway: another gateway process is using DATA_DIR ${dataDir}; one process per data directory (for several, use STORE=mongodb)`,
    );
    // The first one is unharmed.
    expect((await first.gql('{ health { status store } }')).data.health).toEqual({ status: 'SERVING', store: 'sqlite' });
  } finally {
    first.kill('SIGTERM');
    await first.exited;
  }
}, 60_000);

it('npm run backup -- <file> copies the data of a running gateway; the copy starts as a gateway with the same bookings', async () => {
  const gw = await startChildGateway({ env: { STORE: 'sqlite', DATA_DIR: dataDir, SEED_DEMO: 'true' } });
  const restoredDir = mkdtempSync(path.join(tmpdir(), 'gateway-restored-'));
  try {
    const slot = (await gw.gql(SLOTS)).data.availableSlots[0].slot;
    const booked = await gw.gql('mutation($i: CreateBookingInput!) { createBooking(input: $i) { booking { bookingId } } }', {
      i: { slot, userInformation: { userId: 'u1', givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' }, idempotencyToken: 'backup-test' },
    });
    const bookingId = booked.data.createBooking.booking.bookingId;
    const backup = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/backup.ts', path.join(restoredDir, 'gateway.db')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    backup.stdout.on('data', (d) => (out += d));
    backup.stderr.on('data', (d) => (out += d));
    expect(await new Promise<number | null>((resolve) => backup.once('exit', resolve))).toBe(0);
    expect(out).toMatch(/^backed up .*gateway\.db to .* \(\d+ bytes\)/);
    // The running gateway still answers; the copy opens as a gateway of its own.
    expect((await gw.gql('{ health { status } }')).data.health.status).toBe('SERVING');
    const restored = await startChildGateway({ env: { STORE: 'sqlite', DATA_DIR: restoredDir, SEED_DEMO: 'true' } });
    try {
      expect((await restored.gql(`{ booking(bookingId: "${bookingId}") { bookingId } }`)).data.booking).toEqual({ bookingId });
      expect(restored.output()).toContain('demo seed skipped');
    } finally {
      restored.kill('SIGTERM');
      await restored.exited;
    }
  } finally {
    gw.kill('SIGTERM');
    await gw.exited;
    rmSync(restoredDir, { recursive: true, force: true });
  }
}, 60_000);
