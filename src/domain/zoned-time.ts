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

/** Epoch seconds of a wall-clock time in a zone (a time skipped by a DST jump resolves forward). */
export function zonedTimeToEpochSec(date: LocalDate, hour: number, minute: number, timeZone: string): number {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute) / 1000;
  let epoch = asUtc - zoneOffsetSec(asUtc, timeZone);
  // Second pass: the offset at the true instant may differ from the guess near a DST change.
  epoch = asUtc - zoneOffsetSec(epoch, timeZone);
  return epoch;
}

/** The calendar date at an instant in a zone, plus `days`. */
export function localDate(epochSec: number, timeZone: string, days = 0): LocalDate {
  const w = wallClock(epochSec, timeZone);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
