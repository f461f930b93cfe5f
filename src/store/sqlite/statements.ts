// Every SQL statement of the SQLite adapter, prepared once per connection. Lists of keys travel as one
// JSON array parameter read with json_each, so one prepared statement serves any number of keys.
import type Database from 'libsql';

const LEASED = `COALESCE((SELECT SUM(l.spots) FROM leases l
  WHERE l.slot_key = s.slot_key AND l.consumed_at_sec IS NULL AND l.expires_sec > ?), 0)`;

const SQL = {
  merchants: 'SELECT merchant_id AS id, doc FROM merchants WHERE merchant_id IN (SELECT value FROM json_each(?))',
  services: `SELECT merchant_id, service_id, doc FROM services
    WHERE (merchant_id, service_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`,
  servicesOfMerchants: `SELECT merchant_id, doc FROM services WHERE merchant_id IN (SELECT value FROM json_each(?))
    ORDER BY merchant_id, service_id`,
  slotStates: `SELECT s.*, ${LEASED} AS leased FROM slots s WHERE s.slot_key IN (SELECT value FROM json_each(?))`,
  // ?1 atSec, ?2 merchant, ?3 service or null, ?4 from, ?5 to, ?6 minFreeSpots or null, ?7 limit.
  slotRange: `SELECT * FROM (
      SELECT s.*, ${LEASED.replace('?', '?1')} AS leased FROM slots s
      WHERE s.merchant_id = ?2 AND (?3 IS NULL OR s.service_id = ?3) AND s.start_sec >= ?4 AND s.start_sec < ?5
    ) WHERE ?6 IS NULL OR spots_total - booked_spots - leased >= ?6
    ORDER BY start_sec, service_id, duration_sec, staff_id, room_id LIMIT ?7`,
  bookings: 'SELECT booking_id AS id, doc FROM bookings WHERE booking_id IN (SELECT value FROM json_each(?))',
  bookingRow: 'SELECT slot_key, spots, active FROM bookings WHERE booking_id = ?',
  bookingsOfUser: `SELECT doc FROM bookings WHERE user_id = ? AND start_sec > ?
    ORDER BY start_sec, created_at_sec, booking_id LIMIT ?`,
  leases: 'SELECT lease_id AS id, doc, consumed_at_sec FROM leases WHERE lease_id IN (SELECT value FROM json_each(?))',
  liveLease: `SELECT doc, consumed_at_sec FROM leases
    WHERE caller_id = ? AND user_reference = ? AND slot_key = ? AND consumed_at_sec IS NULL AND expires_sec > ?
    ORDER BY expires_sec DESC LIMIT 1`,
  activeBooking: 'SELECT doc FROM bookings WHERE slot_key = ? AND caller_id = ? AND user_id = ? AND active = 1',
  idempotency: 'SELECT doc FROM idempotency WHERE caller_id = ? AND token = ?',
  anyMerchant: 'SELECT 1 AS found FROM merchants LIMIT 1',

  upsertMerchant: 'INSERT INTO merchants (merchant_id, doc) VALUES (?, ?) ON CONFLICT (merchant_id) DO UPDATE SET doc = excluded.doc',
  upsertService: `INSERT INTO services (merchant_id, service_id, doc) VALUES (?, ?, ?)
    ON CONFLICT (merchant_id, service_id) DO UPDATE SET doc = excluded.doc`,
  // A new slot counts the active bookings already naming its key; an existing one keeps its counter.
  upsertSlot: `INSERT INTO slots (slot_key, merchant_id, service_id, start_sec, duration_sec, staff_id, room_id, spots_total,
      booked_spots, availability_tag, confirmation_mode)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
      (SELECT COALESCE(SUM(spots), 0) FROM bookings WHERE slot_key = ?1 AND active = 1), ?9, ?10)
    ON CONFLICT (slot_key) DO UPDATE SET spots_total = excluded.spots_total, availability_tag = excluded.availability_tag,
      confirmation_mode = excluded.confirmation_mode`,
  insertLease: `INSERT INTO leases (lease_id, caller_id, user_reference, slot_key, spots, expires_sec, consumed_at_sec, doc)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  consumeLease: 'UPDATE leases SET consumed_at_sec = ? WHERE lease_id = ? AND consumed_at_sec IS NULL',
  insertBooking: `INSERT INTO bookings (booking_id, caller_id, slot_key, user_id, start_sec, created_at_sec, spots, active, doc)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  updateBooking: `UPDATE bookings SET caller_id = ?, slot_key = ?, user_id = ?, start_sec = ?, created_at_sec = ?, spots = ?, active = ?, doc = ?
    WHERE booking_id = ?`,
  adjustBooked: 'UPDATE slots SET booked_spots = booked_spots + ? WHERE slot_key = ?',
  insertIdempotency: 'INSERT INTO idempotency (caller_id, token, doc) VALUES (?, ?, ?)',
  purgeLeases: 'DELETE FROM leases WHERE expires_sec < ?',
} as const;

export type StatementName = keyof typeof SQL;

export class Statements {
  private readonly prepared = new Map<StatementName, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(name: StatementName): Database.Statement {
    let statement = this.prepared.get(name);
    if (!statement) {
      statement = this.db.prepare(SQL[name]);
      this.prepared.set(name, statement);
    }
    return statement;
  }
}
