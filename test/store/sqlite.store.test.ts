// The store contract on the SQLite adapter: a database file in a fresh directory (WAL, synchronous=FULL),
// and an in-memory database (what STORE=memory uses). Then what only this adapter has: durability
// across a reopen, its schema version, one writer per data directory, and backups.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { BackupError, backupDatabase } from '../../src/store/sqlite/backup';
import { SqliteStore, DATABASE_FILE } from '../../src/store/sqlite/sqlite.store';
import { BookingStatus } from '../../src/domain/enums';
import { MIGRATIONS, SCHEMA_VERSION, SchemaTooNewError, pragmaValue } from '../../src/store/sqlite/schema';
import { DataDirInUseError } from '../../src/store/sqlite/writer-lock';
import { T0, bookingRecord, describeStoreContract, inventorySlot, keyOf, keyStringOf, merchantRecord, serviceRecord } from './store-contract';
import { describeMerchantStoreContract } from './store-contract.merchant';
import { describeEventStoreContract } from './store-contract.events';
import { describePaymentStoreContract } from './store-contract.payments';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gateway-sqlite-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('SqliteStore (file, WAL, synchronous=FULL)', async () => SqliteStore.open({ dataDir: freshDir() }));
describeStoreContract('SqliteStore (in memory)', async () => SqliteStore.open({ dataDir: null }));
describeMerchantStoreContract('SqliteStore (file, WAL, synchronous=FULL)', async () => SqliteStore.open({ dataDir: freshDir() }));
describeEventStoreContract('SqliteStore (file, WAL, synchronous=FULL)', async () => SqliteStore.open({ dataDir: freshDir() }));
describeEventStoreContract('SqliteStore (in memory)', async () => SqliteStore.open({ dataDir: null }));
describePaymentStoreContract('SqliteStore (file, WAL, synchronous=FULL)', async () => SqliteStore.open({ dataDir: freshDir() }));

describe('SqliteStore on disk', () => {
  it('keeps what was committed across a close and a reopen', async () => {
    const dir = freshDir();
    const slot = inventorySlot({ spotsTotal: 3 });
    const first = SqliteStore.open({ dataDir: dir });
    expect(await first.isEmpty()).toBe(true);
    await first.unitOfWork(async (tx) => {
      await tx.upsertMerchant(merchantRecord('m1'));
      await tx.upsertSlots([slot]);
      await tx.insertBooking(bookingRecord({ bookingId: 'b1', slot, spots: 2 }));
    });
    await first.close();
    const again = SqliteStore.open({ dataDir: dir });
    try {
      expect(await again.isEmpty()).toBe(false);
      expect((await again.reader.getBookings(['b1']))[0]?.bookingId).toBe('b1');
      expect((await again.reader.getSlotStates([keyOf(slot)], 0))[0]).toMatchObject({ bookedSpots: 2 });
    } finally {
      await again.close();
    }
  });

  it('a second store on the same data directory refuses to open, naming it; after close it opens', async () => {
    const dir = freshDir();
    const first = SqliteStore.open({ dataDir: dir });
    expect(() => SqliteStore.open({ dataDir: dir })).toThrow(DataDirInUseError);
    expect(() => SqliteStore.open({ dataDir: dir })).toThrow(`another gateway process is using DATA_DIR ${dir}`);
    await first.close();
    const second = SqliteStore.open({ dataDir: dir });
    await second.close();
  });

  it('records its schema version and refuses a database written by a newer version with one clear line', async () => {
    const dir = freshDir();
    await SqliteStore.open({ dataDir: dir }).close();
    const file = path.join(dir, DATABASE_FILE);
    const raw = new Database(file);
    expect(pragmaValue(raw, 'user_version')).toBe(SCHEMA_VERSION);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => SqliteStore.open({ dataDir: dir })).toThrow(SchemaTooNewError);
    expect(() => SqliteStore.open({ dataDir: dir })).toThrow(`schema ${SCHEMA_VERSION + 1}; this version knows up to ${SCHEMA_VERSION}`);
  });

  it('upgrades a schema-1 database in place: old records read with the new fields at their defaults, and the new queries find them', async () => {
    const dir = freshDir();
    const raw = new Database(path.join(dir, DATABASE_FILE));
    raw.exec(MIGRATIONS[0].sql);
    raw.pragma('user_version = 1');
    // Rows exactly as the schema-1 adapter wrote them: records without the fields added since.
    const slot = inventorySlot({ staffId: 'alex', spotsTotal: 3 });
    const { staffName, roomName, ...oldSlot } = slot;
    const booking = bookingRecord({ bookingId: 'b-old', slot, spots: 2 });
    const { confirmationDeadlineSec, virtualSessionInfo, declineReason, ...oldBooking } = booking;
    const service = serviceRecord('m1', 's1', { minAdvanceOnlineCancelingSec: 600 });
    const oldService = { merchantId: 'm1', serviceId: 's1', name: service.name, price: service.price, minAdvanceOnlineCancelingSec: 600 };
    raw.prepare('INSERT INTO services (merchant_id, service_id, doc) VALUES (?, ?, ?)').run('m1', 's1', JSON.stringify(oldService));
    raw.prepare(`INSERT INTO slots (slot_key, merchant_id, service_id, start_sec, duration_sec, staff_id, room_id, spots_total, booked_spots, availability_tag, confirmation_mode)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(keyStringOf(slot), oldSlot.merchantId, oldSlot.serviceId, oldSlot.startSec, oldSlot.durationSec, oldSlot.staffId, oldSlot.roomId, oldSlot.spotsTotal, 2, null, oldSlot.confirmationMode);
    raw.prepare('INSERT INTO bookings (booking_id, caller_id, slot_key, user_id, start_sec, created_at_sec, spots, active, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run('b-old', booking.callerId, booking.slotKey, booking.userInformation.userId, slot.startSec, booking.createdAtSec, 2, 1, JSON.stringify(oldBooking));
    raw.close();
    expect([staffName, roomName, confirmationDeadlineSec, virtualSessionInfo, declineReason]).toEqual([null, null, null, null, null]);

    const store = SqliteStore.open({ dataDir: dir });
    try {
      const check = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
      expect(pragmaValue(check, 'user_version')).toBe(SCHEMA_VERSION);
      check.close();
      expect(await store.reader.getBookings(['b-old'])).toEqual([booking]);
      expect(await store.reader.getServices([{ merchantId: 'm1', serviceId: 's1' }])).toEqual([service]);
      expect((await store.reader.getSlotStates([keyOf(slot)], T0 - 86_400))[0]).toEqual({ slot, bookedSpots: 2, leasedSpots: 0 });
      const schedule = { merchantId: 'm1', startSecFrom: slot.startSec, startSecTo: slot.startSec + 1, limit: 10 };
      expect((await store.reader.listMerchantBookings({ ...schedule, staffId: 'alex', statuses: [BookingStatus.CONFIRMED] }, T0)).map((b) => b.bookingId)).toEqual(['b-old']);
      expect(await store.reader.countMerchantBookings(schedule, T0)).toBe(1);
      expect((await store.reader.listActiveBookingsOfUser({ callerId: booking.callerId, merchantId: 'm1', userId: booking.userInformation.userId, startAfterSec: 0 }, T0 - 86_400, 10)).map((b) => b.bookingId)).toEqual(['b-old']);
      // The counter still moves with the booking: cancelling it frees its two spots.
      await store.unitOfWork((tx) => tx.replaceBooking(booking, { ...booking, status: BookingStatus.CANCELED }));
      expect((await store.reader.getSlotStates([keyOf(slot)], T0 - 86_400))[0]?.bookedSpots).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('uses WAL and synchronous=FULL unless told otherwise', async () => {
    const full = SqliteStore.open({ dataDir: freshDir() });
    const normal = SqliteStore.open({ dataDir: freshDir(), synchronous: 'NORMAL' });
    try {
      expect(await full.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
      expect(await normal.durability()).toEqual({ journalMode: 'wal', synchronous: 1 });
    } finally {
      await full.close();
      await normal.close();
    }
  });

  it('backs up a consistent copy that opens as a store with the same data', async () => {
    const dir = freshDir();
    const store = SqliteStore.open({ dataDir: dir });
    const slot = inventorySlot({ spotsTotal: 2 });
    await store.unitOfWork(async (tx) => {
      await tx.upsertMerchant(merchantRecord('m1'));
      await tx.upsertSlots([slot]);
      await tx.insertBooking(bookingRecord({ bookingId: 'b1', slot }));
    });
    const target = freshDir();
    // Online: the store is still open (its writer lock held) while the copy is taken.
    const { bytes } = backupDatabase(dir, path.join(target, DATABASE_FILE));
    expect(bytes).toBeGreaterThan(0);
    expect(() => backupDatabase(dir, path.join(target, DATABASE_FILE))).toThrow(BackupError);
    await store.close();
    const restored = SqliteStore.open({ dataDir: target });
    try {
      expect((await restored.reader.getBookings(['b1']))[0]?.bookingId).toBe('b1');
      expect((await restored.reader.getSlotStates([keyOf(slot)], 0))[0]?.bookedSpots).toBe(1);
    } finally {
      await restored.close();
    }
  });
});
