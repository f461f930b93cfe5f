// Wall-clock time in an IANA zone ↔ epoch seconds, with Intl only (no date library).

export interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number;
}

function wallClock(epochSec: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochSec * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Offset of the zone from UTC at an instant, in seconds (e.g. +3600 for CET). */
export function zoneOffsetSec(epochSec: number, timeZone: string): number {
  const w = wallClock(epochSec, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) / 1000 - epochSec;
}

/**
 * Epoch seconds of a wall-clock time in a zone. A time that exists twice (clocks turned back) is its
 * first occurrence; a time that does not exist (skipped when clocks jump forward, e.g. midnight on
 * the day DST starts in America/Santiago) resolves forward, to the same distance past the jump
 * (00:00 becomes 01:00): the "compatible" disambiguation of Temporal and RFC 5545.
 */
export function zonedTimeToEpochSec(date: LocalDate, hour: number, minute: number, timeZone: string): number {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute) / 1000;
  // No zone changes its offset twice within two days, so the offsets a day either side are the
  // only candidates; a candidate is right when the zone has that offset at the instant it gives.
  const before = zoneOffsetSec(asUtc - DAY_SEC, timeZone);
  const after = zoneOffsetSec(asUtc + DAY_SEC, timeZone);
  const valid = [before, after].map((offset) => asUtc - offset).filter((epoch) => zoneOffsetSec(epoch, timeZone) === asUtc - epoch);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: read the wall time with the offset in force before the jump.
  return asUtc - before;
}

const DAY_SEC = 24 * 3600;

/** The calendar date at an instant in a zone, plus `days`. */
export function localDate(epochSec: number, timeZone: string, days = 0): LocalDate {
  const w = wallClock(epochSec, timeZone);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
