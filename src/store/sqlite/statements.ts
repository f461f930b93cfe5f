// Every SQL statement of the SQLite adapter, prepared once per connection. Lists of keys travel as one
// JSON array parameter read with json_each, so one prepared statement serves any number of keys.
// test/store/sqlite/query-plans.test.ts checks that each is served by an index.
import type Database from 'libsql';

const LEASED = `COALESCE((SELECT SUM(l.spots) FROM leases l
  WHERE l.slot_key = s.slot_key AND l.consumed_at_sec IS NULL AND l.expires_sec > ?), 0)`;
// Bookings holding spots: the counter (no deadline) plus pending bookings before their deadline.
const BOOKED = `s.booked_spots + COALESCE((SELECT SUM(b.spots) FROM bookings b
  WHERE b.slot_key = s.slot_key AND b.active = 1 AND b.hold_until > ?), 0)`;
// A booking's status as of ?7: a pending one past its deadline counts as declined.
const STATUS_AT = `CASE WHEN status = 'PENDING_MERCHANT_CONFIRMATION' AND hold_until IS NOT NULL AND hold_until <= ?7
  THEN 'DECLINED_BY_MERCHANT' ELSE status END`;
// ?1 merchant, ?2 from, ?3 to, ?4 service or null, ?5 staff or null, ?6 statuses (JSON) or null, ?7 atSec.
// INDEXED BY: the plan must not depend on statistics the planner may not have (no ANALYZE runs here).
const MERCHANT_BOOKINGS = `FROM bookings INDEXED BY merchant_bookings WHERE merchant_id = ?1 AND start_sec >= ?2 AND start_sec < ?3
  AND (?4 IS NULL OR service_id = ?4) AND (?5 IS NULL OR staff_id = ?5)
  AND (?6 IS NULL OR ${STATUS_AT} IN (SELECT value FROM json_each(?6)))`;

export const SQL = {
  merchants: 'SELECT merchant_id AS id, doc FROM merchants WHERE merchant_id IN (SELECT value FROM json_each(?))',
  // One-key forms of the batch reads, read with .get(): the hot paths ask for one key, and a batch
  // read's row iteration was a fifth of a CheckAvailability's CPU (docs/benchmarks.md).
  merchant: 'SELECT doc FROM merchants WHERE merchant_id = ?',
  service: 'SELECT doc FROM services WHERE merchant_id = ? AND service_id = ?',
  services: `SELECT merchant_id, service_id, doc FROM services
    WHERE (merchant_id, service_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`,
  servicesOfMerchants: `SELECT merchant_id, doc FROM services WHERE merchant_id IN (SELECT value FROM json_each(?))
    ORDER BY merchant_id, service_id`,
  // ?1 atSec, ?2 slot keys (JSON).
  slotStates: `SELECT s.*, ${BOOKED.replace('?', '?1')} AS booked, ${LEASED.replace('?', '?1')} AS leased FROM slots s
    WHERE s.slot_key IN (SELECT value FROM json_each(?2))`,
  slotState: `SELECT s.*, ${BOOKED.replace('?', '?1')} AS booked, ${LEASED.replace('?', '?1')} AS leased FROM slots s WHERE s.slot_key = ?2`,
  // ?1 atSec, ?2 merchant, ?3 service or null, ?4 from, ?5 to, ?6 minFreeSpots or null, ?7 limit.
  slotRange: `SELECT * FROM (
      SELECT s.*, ${BOOKED.replace('?', '?1')} AS booked, ${LEASED.replace('?', '?1')} AS leased FROM slots s
      WHERE s.merchant_id = ?2 AND (?3 IS NULL OR s.service_id = ?3) AND s.start_sec >= ?4 AND s.start_sec < ?5
    ) WHERE ?6 IS NULL OR spots_total - booked - leased >= ?6
    ORDER BY start_sec, service_id, duration_sec, staff_id, room_id LIMIT ?7`,
  bookings: 'SELECT booking_id AS id, doc FROM bookings WHERE booking_id IN (SELECT value FROM json_each(?))',
  bookingRow: 'SELECT slot_key, spots, active, hold_until FROM bookings WHERE booking_id = ?',
  // ?8 after.startSec or null, ?9 after.bookingId, ?10 limit.
  merchantBookings: `SELECT doc ${MERCHANT_BOOKINGS} AND (?8 IS NULL OR start_sec > ?8 OR (start_sec = ?8 AND booking_id > ?9))
    ORDER BY start_sec, booking_id LIMIT ?10`,
  countMerchantBookings: `SELECT COUNT(*) AS n ${MERCHANT_BOOKINGS}`,
  // ?1 caller, ?2 user, ?3 merchant, ?4 startAfterSec, ?5 startBeforeSec or null, ?6 atSec, ?7 limit.
  activeBookingsOfUser: `SELECT doc FROM bookings INDEXED BY bookings_of_user_at_merchant
    WHERE caller_id = ?1 AND user_id = ?2 AND merchant_id = ?3 AND start_sec > ?4 AND start_sec < COALESCE(?5, 9007199254740991)
    AND active = 1 AND (hold_until IS NULL OR hold_until > ?6) ORDER BY start_sec, booking_id LIMIT ?7`,
  // ?1 user, ?2 afterSec, ?3 merchant ids (JSON) or null for every merchant, ?4 limit, ?5 caller or null for any.
  bookingsOfUser: `SELECT doc FROM bookings WHERE user_id = ?1 AND start_sec > ?2
    AND (?3 IS NULL OR merchant_id IN (SELECT value FROM json_each(?3))) AND (?5 IS NULL OR caller_id = ?5)
    ORDER BY start_sec, created_at_sec, booking_id LIMIT ?4`,
  leases: 'SELECT lease_id AS id, doc, consumed_at_sec, expires_sec FROM leases WHERE lease_id IN (SELECT value FROM json_each(?))',
  liveLease: `SELECT doc, consumed_at_sec, expires_sec FROM leases
    WHERE caller_id = ? AND user_reference = ? AND slot_key = ? AND consumed_at_sec IS NULL AND expires_sec > ?
    ORDER BY expires_sec DESC LIMIT 1`,
  activeBooking: 'SELECT doc FROM bookings WHERE slot_key = ? AND caller_id = ? AND user_id = ? AND active = 1',
  idempotency: 'SELECT doc FROM idempotency WHERE caller_id = ? AND token = ?',
  // ?1 atSec, ?2 limit.
  lapsedPending: `SELECT doc FROM bookings INDEXED BY pending_deadlines
    WHERE active = 1 AND hold_until IS NOT NULL AND hold_until <= ?1 ORDER BY hold_until LIMIT ?2`,
  anyMerchant: 'SELECT 1 AS found FROM merchants LIMIT 1',

  upsertMerchant: 'INSERT INTO merchants (merchant_id, doc) VALUES (?, ?) ON CONFLICT (merchant_id) DO UPDATE SET doc = excluded.doc',
  upsertService: `INSERT INTO services (merchant_id, service_id, doc) VALUES (?, ?, ?)
    ON CONFLICT (merchant_id, service_id) DO UPDATE SET doc = excluded.doc`,
  // A new slot counts the active bookings already naming its key; an existing one keeps its counter.
  upsertSlot: `INSERT INTO slots (slot_key, merchant_id, service_id, start_sec, duration_sec, staff_id, room_id, spots_total,
      booked_spots, availability_tag, confirmation_mode, staff_name, room_name)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
      (SELECT COALESCE(SUM(spots), 0) FROM bookings WHERE slot_key = ?1 AND active = 1 AND hold_until IS NULL), ?9, ?10, ?11, ?12)
    ON CONFLICT (slot_key) DO UPDATE SET spots_total = excluded.spots_total, availability_tag = excluded.availability_tag,
      confirmation_mode = excluded.confirmation_mode, staff_name = excluded.staff_name, room_name = excluded.room_name`,
  deleteSlots: 'DELETE FROM slots WHERE slot_key IN (SELECT value FROM json_each(?))',
  insertLease: `INSERT INTO leases (lease_id, caller_id, user_reference, slot_key, spots, expires_sec, consumed_at_sec, doc)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  consumeLease: 'UPDATE leases SET consumed_at_sec = ? WHERE lease_id = ? AND consumed_at_sec IS NULL',
  expireLease: 'UPDATE leases SET expires_sec = ?1 WHERE lease_id = ?2 AND expires_sec > ?1',
  insertBooking: `INSERT INTO bookings (booking_id, caller_id, slot_key, user_id, start_sec, created_at_sec, spots, active, doc,
      merchant_id, service_id, staff_id, status, hold_until)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  updateBooking: `UPDATE bookings SET caller_id = ?, slot_key = ?, user_id = ?, start_sec = ?, created_at_sec = ?, spots = ?, active = ?, doc = ?,
      merchant_id = ?, service_id = ?, staff_id = ?, status = ?, hold_until = ?
    WHERE booking_id = ?`,
  adjustBooked: 'UPDATE slots SET booked_spots = booked_spots + ? WHERE slot_key = ?',
  insertIdempotency: 'INSERT INTO idempotency (caller_id, token, doc) VALUES (?, ?, ?)',
  purgeLeases: 'DELETE FROM leases WHERE expires_sec < ?',

  // ---- payments ----
  paymentOption: 'SELECT doc FROM payment_options WHERE merchant_id = ? AND payment_option_id = ?',
  upsertPaymentOption: `INSERT INTO payment_options (merchant_id, payment_option_id, doc) VALUES (?, ?, ?)
    ON CONFLICT (merchant_id, payment_option_id) DO UPDATE SET doc = excluded.doc`,
  userPaymentOption: 'SELECT doc FROM user_payment_options WHERE user_payment_option_id = ?',
  putUserPaymentOption: `INSERT INTO user_payment_options (user_payment_option_id, doc) VALUES (?, ?)
    ON CONFLICT (user_payment_option_id) DO UPDATE SET doc = excluded.doc`,
  paymentJob: 'SELECT doc FROM payment_jobs WHERE job_id = ?',
  duePaymentJobs: 'SELECT doc FROM payment_jobs INDEXED BY payment_jobs_due WHERE due_at_sec <= ? ORDER BY due_at_sec, job_id LIMIT ?',
  putPaymentJob: `INSERT INTO payment_jobs (job_id, due_at_sec, doc) VALUES (?, ?, ?)
    ON CONFLICT (job_id) DO UPDATE SET due_at_sec = excluded.due_at_sec, doc = excluded.doc`,
  deletePaymentJob: 'DELETE FROM payment_jobs WHERE job_id = ?',

  // ---- events (store/events.port.ts) ----
  nextSequence: `INSERT INTO event_sequences (aggregate_id, last) VALUES (?, 1)
    ON CONFLICT (aggregate_id) DO UPDATE SET last = last + 1 RETURNING last`,
  insertEvent: 'INSERT INTO events (event_id, aggregate_id, sequence, occurred_at_ms, doc) VALUES (?, ?, ?, ?, ?)',
  // ?1 nowMs, ?2 limit.
  eventsToFanOut: `SELECT position, doc, sequence FROM events INDEXED BY events_to_fan_out
    WHERE fanned_out = 0 AND (claim_until_ms IS NULL OR claim_until_ms <= ?1) ORDER BY position LIMIT ?2`,
  // ?1 worker, ?2 untilMs, ?3 positions (JSON).
  claimEvents: 'UPDATE events SET claimed_by = ?1, claim_until_ms = ?2 WHERE position IN (SELECT value FROM json_each(?3))',
  // ?1 worker, ?2 event ids (JSON): those still held by the worker, not yet fanned out.
  markManyFannedOut: `UPDATE events SET fanned_out = 1, claimed_by = NULL, claim_until_ms = NULL
    WHERE event_id IN (SELECT value FROM json_each(?2)) AND claimed_by = ?1 AND fanned_out = 0`,
  eventClaim: 'SELECT claimed_by, claim_until_ms, fanned_out FROM events WHERE event_id = ?',
  markFannedOut: 'UPDATE events SET fanned_out = 1, claimed_by = NULL, claim_until_ms = NULL WHERE event_id = ?',
  // Only for a subscription that still exists (one deleted since the dispatcher read them gets none); a
  // delivery behind a pending one of the same (subscription, aggregate) is due no earlier than it.
  insertDelivery: `INSERT INTO webhook_deliveries (subscription_id, event_id, aggregate_id, sequence, status, next_attempt_at_ms, created_at_ms, doc)
    SELECT ?1, ?2, ?3, ?4, ?5, due, ?7, json_set(?8, '$.nextAttemptAtMs', due) FROM (
      SELECT MAX(?6, COALESCE((SELECT MAX(e.next_attempt_at_ms) FROM webhook_deliveries e INDEXED BY deliveries_in_order
        WHERE e.subscription_id = ?1 AND e.aggregate_id = ?3 AND e.status = 'PENDING' AND e.sequence < ?4), 0)) AS due)
    WHERE EXISTS (SELECT 1 FROM webhook_subscriptions WHERE subscription_id = ?1)
    ON CONFLICT (subscription_id, event_id) DO NOTHING`,
  // ?1 retry at (ms), ?2 subscription, ?3 aggregate, ?4 the retried delivery's sequence.
  deferFollowers: `UPDATE webhook_deliveries SET next_attempt_at_ms = ?1, doc = json_set(doc, '$.nextAttemptAtMs', ?1)
    WHERE subscription_id = ?2 AND aggregate_id = ?3 AND status = 'PENDING' AND sequence > ?4 AND next_attempt_at_ms < ?1`,
  // ?1 nowMs, ?2 limit. Only the lowest pending sequence of each (subscription, aggregate) is due, and
  // only once every earlier event of its aggregate is fanned out (it may yet become an earlier delivery).
  dueDeliveries: `SELECT d.subscription_id, d.event_id FROM webhook_deliveries d INDEXED BY deliveries_due
    WHERE d.status = 'PENDING' AND d.next_attempt_at_ms <= ?1 AND (d.claim_until_ms IS NULL OR d.claim_until_ms <= ?1)
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e INDEXED BY deliveries_in_order
        WHERE e.subscription_id = d.subscription_id AND e.aggregate_id = d.aggregate_id AND e.status = 'PENDING' AND e.sequence < d.sequence)
      AND NOT EXISTS (SELECT 1 FROM events ev INDEXED BY event_order
        WHERE ev.aggregate_id = d.aggregate_id AND ev.sequence < d.sequence AND ev.fanned_out = 0)
    ORDER BY d.next_attempt_at_ms LIMIT ?2`,
  claimDelivery: 'UPDATE webhook_deliveries SET claimed_by = ?1, claim_until_ms = ?2 WHERE subscription_id = ?3 AND event_id = ?4',
  claimedDelivery: `SELECT d.doc AS delivery, e.doc AS event, e.sequence AS sequence, s.doc AS subscription
    FROM webhook_deliveries d JOIN events e ON e.event_id = d.event_id JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id
    WHERE d.subscription_id = ? AND d.event_id = ?`,
  deliveryClaim: 'SELECT claimed_by, claim_until_ms FROM webhook_deliveries WHERE subscription_id = ? AND event_id = ?',
  recordAttempt: `UPDATE webhook_deliveries SET status = ?1, next_attempt_at_ms = ?2, doc = ?3, claimed_by = NULL, claim_until_ms = NULL
    WHERE subscription_id = ?4 AND event_id = ?5`,
  // ?1 subscription, ?2 after.createdAtMs or null, ?3 after.eventId, ?4 limit.
  deliveriesPage: `SELECT doc FROM webhook_deliveries INDEXED BY deliveries_page WHERE subscription_id = ?1
    AND (?2 IS NULL OR created_at_ms > ?2 OR (created_at_ms = ?2 AND event_id > ?3)) ORDER BY created_at_ms, event_id LIMIT ?4`,
  // ?1 occurredAtMs, ?2 id, ?3 limit.
  eventsSince: `SELECT doc, sequence FROM events INDEXED BY events_by_time
    WHERE occurred_at_ms > ?1 OR (occurred_at_ms = ?1 AND event_id > ?2) ORDER BY occurred_at_ms, event_id LIMIT ?3`,
  insertSubscription: 'INSERT INTO webhook_subscriptions (subscription_id, owner_id, created_at_sec, doc) VALUES (?, ?, ?, ?)',
  deleteSubscription: 'DELETE FROM webhook_subscriptions WHERE subscription_id = ?',
  deleteDeliveriesOf: 'DELETE FROM webhook_deliveries WHERE subscription_id = ?',
  subscription: 'SELECT doc FROM webhook_subscriptions WHERE subscription_id = ?',
  subscriptionsOf: 'SELECT doc FROM webhook_subscriptions WHERE owner_id = ? ORDER BY created_at_sec, subscription_id',
  allSubscriptions: 'SELECT doc FROM webhook_subscriptions ORDER BY created_at_sec, subscription_id',
  // ?1 beforeMs, ?2 limit: fanned-out events before the cutoff with no delivery still pending.
  purgeableEvents: `SELECT event_id FROM events INDEXED BY events_by_time WHERE occurred_at_ms < ?1 AND fanned_out = 1
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d INDEXED BY deliveries_of_event WHERE d.event_id = events.event_id AND d.status = 'PENDING')
    LIMIT ?2`,
  deleteEvents: 'DELETE FROM events WHERE event_id IN (SELECT value FROM json_each(?))',
  deleteDeliveriesOfEvents: 'DELETE FROM webhook_deliveries WHERE event_id IN (SELECT value FROM json_each(?))',
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
