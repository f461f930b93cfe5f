// The SQLite schema, versioned in PRAGMA user_version and changed only by forward migrations, run
// in order at start-up, each in its own transaction. A database written by a newer version (a
// user_version above the last migration here) is refused: this code cannot know what it holds.
//
// Records are stored whole as JSON (`doc`), beside the columns the queries filter, sort and count
// by, so a field added to a record needs no migration; a new query needs a migration for its index.
import type Database from 'libsql';

export class SchemaTooNewError extends Error {}

interface Migration {
  version: number;
  why: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    why: 'the first schema: inventory, leases, bookings, idempotency records',
    sql: `
      CREATE TABLE merchants (
        merchant_id TEXT PRIMARY KEY,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE TABLE services (
        merchant_id TEXT NOT NULL,
        service_id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (merchant_id, service_id)
      ) STRICT;
      -- One row per slot identity (slot_key is the identity as a string); booked_spots is kept in step
      -- with the active bookings by every booking write, in the same transaction.
      CREATE TABLE slots (
        slot_key TEXT PRIMARY KEY,
        merchant_id TEXT NOT NULL,
        service_id TEXT NOT NULL,
        start_sec INTEGER NOT NULL,
        duration_sec INTEGER NOT NULL,
        staff_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        spots_total INTEGER NOT NULL,
        booked_spots INTEGER NOT NULL DEFAULT 0,
        availability_tag TEXT,
        confirmation_mode TEXT NOT NULL
      ) STRICT;
      -- availableSlots / findSlotStates: a merchant's slots by start, in result order.
      CREATE INDEX slot_range ON slots (merchant_id, start_sec, service_id, duration_sec, staff_id, room_id);
      CREATE TABLE leases (
        lease_id TEXT PRIMARY KEY,
        caller_id TEXT NOT NULL,
        user_reference TEXT NOT NULL,
        slot_key TEXT NOT NULL,
        spots INTEGER NOT NULL,
        expires_sec INTEGER NOT NULL,
        consumed_at_sec INTEGER,
        doc TEXT NOT NULL
      ) STRICT;
      -- Spots held by live leases of a slot.
      CREATE INDEX lease_hold ON leases (slot_key, consumed_at_sec, expires_sec);
      -- createLease idempotency: the live lease of (caller, userReference, slot).
      CREATE INDEX lease_reference ON leases (caller_id, user_reference, slot_key, consumed_at_sec, expires_sec);
      -- Housekeeping of long-expired leases.
      CREATE INDEX lease_expiry ON leases (expires_sec);
      CREATE TABLE bookings (
        booking_id TEXT PRIMARY KEY,
        caller_id TEXT NOT NULL,
        slot_key TEXT NOT NULL,
        user_id TEXT NOT NULL,
        start_sec INTEGER NOT NULL,
        created_at_sec INTEGER NOT NULL,
        spots INTEGER NOT NULL,
        active INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      -- SLOT_ALREADY_BOOKED_BY_USER: one active booking per (slot, caller, user); users are per caller.
      CREATE UNIQUE INDEX one_active_booking ON bookings (slot_key, caller_id, user_id) WHERE active = 1;
      -- bookings(userId): a user's upcoming bookings, soonest first.
      CREATE INDEX bookings_of_user ON bookings (user_id, start_sec, created_at_sec, booking_id);
      CREATE TABLE idempotency (
        caller_id TEXT NOT NULL,
        token TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (caller_id, token)
      ) STRICT;
    `,
  },
  {
    version: 2,
    why: "merchant operations: a merchant's schedule, per-user rules, pending deadlines, staff and room names",
    sql: `
      ALTER TABLE slots ADD COLUMN staff_name TEXT;
      ALTER TABLE slots ADD COLUMN room_name TEXT;
      ALTER TABLE bookings ADD COLUMN merchant_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE bookings ADD COLUMN service_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE bookings ADD COLUMN staff_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE bookings ADD COLUMN status TEXT NOT NULL DEFAULT '';
      -- A pending booking's confirmation deadline: its spots are held until then, judged at read time,
      -- and booked_spots counts only the bookings without one.
      ALTER TABLE bookings ADD COLUMN hold_until INTEGER;
      UPDATE bookings SET
        merchant_id = json_extract(doc, '$.slot.merchantId'),
        service_id = json_extract(doc, '$.slot.serviceId'),
        staff_id = COALESCE(json_extract(doc, '$.slot.resources.staffId'), ''),
        status = json_extract(doc, '$.status');
      -- merchantBookings: a merchant's bookings in a time range, in page order; the filter columns ride
      -- along so that a page's totalCount is counted from the index alone.
      CREATE INDEX merchant_bookings ON bookings (merchant_id, start_sec, booking_id, service_id, staff_id, status, hold_until);
      -- The per-user limit and overlap rules: a user's bookings at a merchant.
      CREATE INDEX bookings_of_user_at_merchant ON bookings (caller_id, user_id, merchant_id, start_sec);
      -- Spots of pending bookings with a deadline, summed at read time like live leases.
      CREATE INDEX pending_holds ON bookings (slot_key, hold_until) WHERE active = 1 AND hold_until IS NOT NULL;
    `,
  },
  {
    version: 3,
    why: 'events: the outbox, webhook subscriptions and their deliveries',
    sql: `
      -- The outbox: appended in the unit of the change it reports. position is the commit order.
      CREATE TABLE events (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        aggregate_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        occurred_at_ms INTEGER NOT NULL,
        fanned_out INTEGER NOT NULL DEFAULT 0,
        claimed_by TEXT,
        claim_until_ms INTEGER,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX event_order ON events (aggregate_id, sequence);
      CREATE INDEX events_to_fan_out ON events (position) WHERE fanned_out = 0;
      CREATE INDEX events_by_time ON events (occurred_at_ms, event_id);
      -- The last sequence number given to each aggregate (kept when its events are purged).
      CREATE TABLE event_sequences (
        aggregate_id TEXT PRIMARY KEY,
        last INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE webhook_subscriptions (
        subscription_id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL,
        created_at_sec INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX subscriptions_of_owner ON webhook_subscriptions (owner_id, created_at_sec, subscription_id);
      CREATE TABLE webhook_deliveries (
        subscription_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        aggregate_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        status TEXT NOT NULL,
        next_attempt_at_ms INTEGER,
        created_at_ms INTEGER NOT NULL,
        claimed_by TEXT,
        claim_until_ms INTEGER,
        doc TEXT NOT NULL,
        PRIMARY KEY (subscription_id, event_id)
      ) STRICT;
      CREATE INDEX deliveries_due ON webhook_deliveries (next_attempt_at_ms) WHERE status = 'PENDING';
      CREATE INDEX deliveries_in_order ON webhook_deliveries (subscription_id, aggregate_id, sequence) WHERE status = 'PENDING';
      CREATE INDEX deliveries_page ON webhook_deliveries (subscription_id, created_at_ms, event_id);
      CREATE INDEX deliveries_of_event ON webhook_deliveries (event_id);
    `,
  },
  {
    version: 4,
    why: 'pending bookings past their confirmation deadline, found by deadline (recorded as declined, with an event)',
    sql: `
      CREATE INDEX pending_deadlines ON bookings (hold_until) WHERE active = 1 AND hold_until IS NOT NULL;
    `,
  },
  {
    version: 5,
    why: 'payments: packs and memberships, and the payment work that outlives a request (charges under way, refunds, fees)',
    sql: `
      CREATE TABLE payment_options (
        merchant_id TEXT NOT NULL,
        payment_option_id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (merchant_id, payment_option_id)
      ) STRICT;
      CREATE TABLE user_payment_options (
        user_payment_option_id TEXT PRIMARY KEY,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE TABLE payment_jobs (
        job_id TEXT PRIMARY KEY,
        due_at_sec INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      -- Reconciliation: the work whose request gave up or died, earliest first.
      CREATE INDEX payment_jobs_due ON payment_jobs (due_at_sec, job_id);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** A pragma's value (libsql's pragma(…, { simple: true }) answers an object, not the value). */
export function pragmaValue(db: Database.Database, name: string): unknown {
  return (db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>)[name];
}

/** Brings the database to SCHEMA_VERSION; answers the version it found. */
export function migrate(db: Database.Database): number {
  const found = Number(pragmaValue(db, 'user_version'));
  if (!Number.isInteger(found)) throw new Error(`unreadable schema version ${String(found)}`);
  if (found > SCHEMA_VERSION) {
    throw new SchemaTooNewError(
      `the database was written by a newer version of the gateway (schema ${found}; this version knows up to ${SCHEMA_VERSION}): ` +
        'run that version, or restore a backup made by this one',
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= found) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return found;
}
