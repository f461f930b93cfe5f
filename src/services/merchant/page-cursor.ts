// Opaque, stable cursors for merchantBookings. A cursor is the position of the last booking of a page
// in the page order (slot.startSec, bookingId) plus a digest of the query it belongs to: the next page
// is "everything after this position" (keyset pagination), so a booking inserted before the cursor
// never shifts later pages, and a cursor cannot be replayed against a different query.
import { createHash } from 'node:crypto';
import { invalidArgument } from '../../domain/errors';

export interface PagePosition {
  startSec: number;
  bookingId: string;
}

/** What a cursor is bound to: every filter of the query (the page size may change between pages). */
export interface CursorScope {
  merchantId: string;
  startSecFrom: number;
  startSecTo: number;
  serviceId: string | null;
  staffId: string | null;
  statuses: readonly string[] | null;
}

function digest(scope: CursorScope): string {
  const canonical = JSON.stringify([
    scope.merchantId,
    scope.startSecFrom,
    scope.startSecTo,
    scope.serviceId,
    scope.staffId,
    scope.statuses ? [...new Set(scope.statuses)].sort() : null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeCursor(position: PagePosition, scope: CursorScope): string {
  return Buffer.from(JSON.stringify([position.startSec, position.bookingId, digest(scope)])).toString('base64url');
}

/** The position a cursor names; INVALID_ARGUMENT naming `path` when it is not a cursor of this query. */
export function decodeCursor(path: string, cursor: string, scope: CursorScope): PagePosition {
  const parsed = readJson(cursor);
  const valid =
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    Number.isSafeInteger(parsed[0]) &&
    typeof parsed[1] === 'string' &&
    parsed[1].length > 0 &&
    typeof parsed[2] === 'string';
  if (!valid) throw invalidArgument(path, 'is not a cursor this API issued (use pageInfo.endCursor of an earlier page)');
  if (parsed[2] !== digest(scope)) throw invalidArgument(path, 'belongs to a different query (the same filters must be sent with every page)');
  return { startSec: parsed[0], bookingId: parsed[1] };
}

/** The JSON value a cursor carries; null when it is not base64url JSON of a sane length. */
function readJson(cursor: string): unknown {
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
