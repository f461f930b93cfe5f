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

/** The months the calendar may show: this one and the next eleven. */
export const MONTHS_AHEAD = 11;

/**
 * The bookable days of the month `offset` months after the one containing `nowSec` (0: this month,
 * from today on; later months: every day), in `timeZone`.
 */
export function monthDays(nowSec: number, timeZone: string, offset: number): LocalDay[] {
  const today = localDate(nowSec, timeZone);
  const first = new Date(Date.UTC(today.year, today.month - 1 + offset, 1));
  const year = first.getUTCFullYear();
  const month = first.getUTCMonth() + 1;
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const startDay = offset === 0 ? today.day : 1;
  // Noon of the first day: never on a clock change, so localDays starts on the right date.
  const startSec = zonedTimeToEpochSec({ year, month, day: startDay }, 12, 0, timeZone);
  return localDays(startSec, timeZone, length - startDay + 1);
}

/** Year and month (1–12) of a day key. */
export function monthOf(key: string): { year: number; month: number } {
  const [year, month] = key.split('-').map(Number);
  return { year, month };
}

/** "December 2026" for a day key's month. */
export function formatMonth(key: string, locale?: string): string {
  return dateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(dayDate(key));
}

/** The day key `days` after `key` (negative: before). */
export function addDays(key: string, days: number): string {
  const d = dayDate(key);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** 1 (Monday) … 7 (Sunday), ISO weekday of a day key. */
export function weekdayOf(key: string): number {
  return ((dayDate(key).getUTCDay() + 6) % 7) + 1;
}

/** The locale's first day of the week (1 Monday … 7 Sunday): Intl.Locale's weekInfo where known, else Monday. */
export function firstDayOfWeek(locale?: string): number {
  try {
    const info = (new Intl.Locale(locale ?? 'en-GB') as Intl.Locale & { weekInfo?: { firstDay: number }; getWeekInfo?: () => { firstDay: number } });
    return info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay ?? 1;
  } catch {
    return 1;
  }
}
