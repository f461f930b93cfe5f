// Calendar days and clock times in the merchant's time zone, with Intl only. DOM-free. The zone
// arithmetic is the gateway's own (src/domain/zoned-time.ts), bundled in.
import { localDate, zonedTimeToEpochSec } from '../../src/domain/zoned-time';

export interface LocalDay {
  /** YYYY-MM-DD in the merchant's zone. */
  key: string;
  /** First second of the day (inclusive) and of the next day (exclusive), epoch seconds. */
  startSec: number;
  endSec: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `count` consecutive days in `timeZone`, starting with the day that contains `nowSec`. */
export function localDays(nowSec: number, timeZone: string, count: number): LocalDay[] {
  const days: LocalDay[] = [];
  for (let i = 0; i < count; i++) {
    const date = localDate(nowSec, timeZone, i);
    days.push({
      key: `${date.year}-${pad(date.month)}-${pad(date.day)}`,
      startSec: zonedTimeToEpochSec(date, 0, 0, timeZone),
      endSec: zonedTimeToEpochSec({ ...date, day: date.day + 1 }, 0, 0, timeZone),
    });
  }
  return days;
}

/** A formatter that tolerates a bad locale (falls back to en-GB). */
function dateTimeFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, options);
  } catch {
    return new Intl.DateTimeFormat('en-GB', options);
  }
}

/** "09:30" in the zone (24-hour unless the locale prefers otherwise). */
export function formatTime(epochSec: number, timeZone: string, locale?: string): string {
  return dateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(epochSec * 1000));
}

/** A day key formatted with any date fields ("Tue", "4 Nov", …). */
export function formatDay(key: string, locale: string | undefined, options: Intl.DateTimeFormatOptions): string {
  return dateTimeFormat(locale, { timeZone: 'UTC', ...options }).format(dayDate(key));
}

/** "Tue 4 Nov" for a day key. */
export function formatDayShort(key: string, locale?: string): string {
  return dateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(dayDate(key));
}

/** "Tuesday 4 November 2025" for a day key. */
export function formatDayLong(key: string, locale?: string): string {
  return dateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    dayDate(key),
  );
}

/** "Today", "Tomorrow" (in the locale's words) for the first two days, else null. */
export function relativeDay(index: number, locale?: string): string | null {
  if (index > 1) return null;
  let text: string;
  try {
    text = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(index, 'day');
  } catch {
    text = index === 0 ? 'today' : 'tomorrow';
  }
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function dayDate(key: string): Date {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** "9:05" for a countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}
