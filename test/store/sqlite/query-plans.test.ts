// Every statement of the SQLite adapter is served by an index: none scans a whole table of slots,
// leases, bookings or idempotency records (the SQLite side of test/store/mongodb/indexes.test.ts).
// The plans are read with EXPLAIN QUERY PLAN on a migrated, empty database, where the planner has
// no statistics to lean on, so a plan that holds here does not depend on ANALYZE having run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { DATABASE_FILE, SqliteStore } from '../../../src/store/sqlite/sqlite.store';
import { SQL, type StatementName } from '../../../src/store/sqlite/statements';

/** Statements allowed to scan, and why. */
const MAY_SCAN: Partial<Record<StatementName, string>> = {
  anyMerchant: 'LIMIT 1 of any merchant: reads one row',
  eventsToFanOut: 'walks the partial index of events not yet fanned out, oldest first: the rows it wants, up to its limit',
  allSubscriptions: 'an admin listing every webhook subscription: the answer is the whole table',
};

let dir: string;
let db: Database.Database;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gateway-plans-'));
  await SqliteStore.open({ dataDir: dir }).close();
  db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const planOf = (sql: string): string[] => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail);
const names = Object.keys(SQL) as StatementName[];

describe('SQLite query plans', () => {
  it('finds the statements (so the checks below are not vacuous)', () => {
    expect(names.length).toBeGreaterThan(25);
  });

  it.each(names.filter((n) => !(n in MAY_SCAN)))('%s scans no table', (name) => {
    const plan = planOf(SQL[name]);
    const scans = plan.filter((step) => /^SCAN (slots|leases|bookings|idempotency|merchants|services|events|event_sequences|webhook_subscriptions|webhook_deliveries)\b/.test(step));
    expect({ name, scans }).toEqual({ name, scans: [] });
  });

  it('the merchant schedule is one index range (counted from the index alone); a user’s bookings use their own index', () => {
    expect(planOf(SQL.merchantBookings).join(' | ')).toMatch(/SEARCH bookings USING INDEX merchant_bookings \(merchant_id=\? AND start_sec>\? AND start_sec<\?\)/);
    expect(planOf(SQL.countMerchantBookings).join(' | ')).toMatch(/USING COVERING INDEX merchant_bookings/);
    expect(planOf(SQL.activeBookingsOfUser).join(' | ')).toMatch(/USING INDEX bookings_of_user_at_merchant \(caller_id=\? AND user_id=\? AND merchant_id=\? AND start_sec>\? AND start_sec<\?\)/);
    expect(planOf(SQL.slotStates).join(' | ')).toMatch(/SEARCH b USING INDEX pending_holds/);
  });

  it('the check itself tells a scan from a search', () => {
    expect(planOf('SELECT doc FROM bookings WHERE status = ?').some((s) => s.startsWith('SCAN bookings'))).toBe(true);
  });
});
