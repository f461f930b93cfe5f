// What only the SQLite store has to measure (npm run bench -- --store sqlite): bytes on disk per
// booking, and how fast the compiled gateway starts on a data directory holding 100,000 bookings.
// The files are written in-process through the adapter itself (same schema, same SQL), in batches.
import { execFileSync } from 'node:child_process';
import Database from 'libsql';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BookingStatus, ConfirmationMode, PrepaymentStatus } from '../src/domain/enums';
import { NO_SERVICE_POLICY, type BookingRecord, type InventorySlot } from '../src/domain/records';
import { slotKeyString } from '../src/domain/slot-key';
import { DATABASE_FILE, SqliteStore } from '../src/store/sqlite/sqlite.store';
import { launchGateway, type Entry } from './gateway-process';
import { measuredRow, type Check, type ScenarioRow } from './scenarios';
import { median, round } from './stats';

const START = Math.floor(Date.now() / 1000) + 30 * 86_400;

function slotOf(i: number): InventorySlot {
  return {
    merchantId: 'bench',
    serviceId: 'cut',
    startSec: START + (i % 5000) * 1800,
    durationSec: 1800,
    staffId: '',
    roomId: '',
    spotsTotal: 100,
    availabilityTag: null,
    confirmationMode: ConfirmationMode.CONFIRMATION_MODE_SYNCHRONOUS,
    staffName: null,
    roomName: null,
  };
}

function bookingOf(i: number, slot: InventorySlot): BookingRecord {
  return {
    payment: null,
    bookingId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    callerId: 'partner-bench',
    slotKey: slotKeyString(slot),
    slot: { merchantId: slot.merchantId, serviceId: slot.serviceId, startSec: slot.startSec, durationSec: slot.durationSec, availabilityTag: null, resources: null, confirmationMode: slot.confirmationMode },
    spots: 1,
    userInformation: { userId: `user-${i}`, givenName: 'Ada', familyName: 'Lovelace', address: null, telephone: '+41 44 668 18 00', email: `user-${i}@example.com`, languageCode: 'de' },
    status: BookingStatus.CONFIRMED,
    paymentInformation: { prepaymentStatus: PrepaymentStatus.PREPAYMENT_NOT_PROVIDED, paymentTransactionId: null, price: null, taxAmount: null, fees: null, feesAndTaxes: null, paymentProcessedBy: null, paymentOptionId: null, userPaymentOptionId: null },
    additionalRequest: null,
    createdAtSec: START - 86_400,
    updatedAtSec: START - 86_400,
    confirmationDeadlineSec: null,
    virtualSessionInfo: null,
    declineReason: null,
    offerInfo: null,
  };
}

/**
 * Writes `bookings` bookings (with their idempotency records) on 5,000 slots into a new data directory,
 * in a process of its own: a process keeps the data directory's writer lock until it ends.
 */
function fill(dataDir: string, bookings: number): void {
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, dataDir, String(bookings)], { stdio: 'inherit', cwd: path.resolve(__dirname, '..') });
}

async function fillHere(dataDir: string, bookings: number): Promise<void> {
  const store = SqliteStore.open({ dataDir, synchronous: 'OFF' });
  try {
    await store.unitOfWork(async (tx) => {
      await tx.upsertMerchant({ merchantId: 'bench', name: 'Bench', timeZone: 'UTC' });
      await tx.upsertService({ ...NO_SERVICE_POLICY, merchantId: 'bench', serviceId: 'cut', name: 'Cut', price: null });
      await tx.upsertSlots(Array.from({ length: 5000 }, (_, i) => slotOf(i)));
    });
    for (let from = 0; from < bookings; from += 2000) {
      await store.unitOfWork(async (tx) => {
        for (let i = from; i < Math.min(bookings, from + 2000); i++) {
          const booking = bookingOf(i, slotOf(i));
          await tx.insertBooking(booking);
          await tx.insertIdempotency({ callerId: booking.callerId, token: `t-${i}`, fingerprint: 'bench', bookingId: booking.bookingId, booking, createdAtSec: booking.createdAtSec });
        }
      });
    }
  } finally {
    await store.close();
  }
  // Fold the WAL into the database file, as a long-running gateway's checkpoints do.
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
  db.close();
}

function bytesOnDisk(dataDir: string): number {
  return [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((f) => path.join(dataDir, f)).filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
}

export async function sqliteRows(compiled: Entry, checks: Check[]): Promise<ScenarioRow[]> {
  const rows: ScenarioRow[] = [];
  const small = mkdtempSync(path.join(os.tmpdir(), 'bench-sqlite-small-'));
  const large = mkdtempSync(path.join(os.tmpdir(), 'bench-sqlite-100k-'));
  try {
    fill(small, 10_000);
    fill(large, 100_000);
    const perBooking = round((bytesOnDisk(large) - bytesOnDisk(small)) / 90_000, 0);
    rows.push(
      measuredRow({
        id: 'sqlite-disk',
        scenario: 'sqlite: bytes on disk per booking (with its idempotency record and indexes)',
        target: 'reported',
        met: null,
        result: `${perBooking.toLocaleString('en-US')} B per booking (${(bytesOnDisk(large) / 1e6).toFixed(1)} MB for 100,000)`,
        details: { small: bytesOnDisk(small), large: bytesOnDisk(large) },
      }),
    );
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const gw = await launchGateway({ label: 'sqlite-100k', entry: compiled, env: { STORE: 'sqlite', DATA_DIR: large, MONGODB_URI: undefined, LOG_LEVEL: 'warn' } });
      times.push(gw.coldStartMs);
      const res = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer pk_bench_0123456789abcdef' },
        body: JSON.stringify({ query: `{ availableSlots(merchantId: "bench", serviceId: "cut", startSecFrom: ${START}, startSecTo: ${START + 3600}) { countAvailable } }` }),
      });
      const answer = ((await res.json()) as any).data?.availableSlots?.[0]?.countAvailable;
      checks.push({ name: `sqlite: the gateway on 100,000 bookings answers with the stored counts (start ${i + 1})`, ok: answer === 80, detail: `countAvailable ${answer} (100 spots, 20 booked)` });
      await gw.stop();
    }
    const startMs = round(median(times));
    rows.push(
      measuredRow({
        id: 'sqlite-startup-100k',
        scenario: 'sqlite: cold start with 100,000 bookings in the file, spawn → first answer',
        target: '< 1.5 s',
        met: startMs < 1500,
        result: `${startMs.toLocaleString('en-US')} ms median of ${times.length}`,
        details: { runs: times.map((t) => round(t)) },
      }),
    );
  } finally {
    rmSync(small, { recursive: true, force: true });
    rmSync(large, { recursive: true, force: true });
  }
  return rows;
}

if (require.main === module) {
  fillHere(process.argv[2], Number(process.argv[3])).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
