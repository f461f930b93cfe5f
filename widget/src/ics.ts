// An iCalendar file for a booking (RFC 5545), made in the browser for "Add to calendar": one VEVENT
// with UTC times, CRLF line ends, escaped text (§3.3.11) and lines folded at 75 octets (§3.1).
// DOM-free: tested in node.

export interface CalendarEntry {
  bookingId: string;
  startSec: number;
  durationSec: number;
  summary: string;
  location: string;
  description: string;
  /** When the file is made (DTSTAMP), epoch ms. */
  nowMs: number;
}

const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT values. */
const text = (value: string) => value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** §3.1: lines longer than 75 octets continue on the next line after a CRLF and a space (never inside a UTF-8 sequence). */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = new TextEncoder().encode(char).length;
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function icsFor(entry: CalendarEntry): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//booking-gateway//widget//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${entry.bookingId}@booking-gateway`,
    `DTSTAMP:${utc(entry.nowMs)}`,
    `DTSTART:${utc(entry.startSec * 1000)}`,
    `DTEND:${utc((entry.startSec + entry.durationSec) * 1000)}`,
    `SUMMARY:${text(entry.summary)}`,
    `LOCATION:${text(entry.location)}`,
    `DESCRIPTION:${text(entry.description)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/**
 * A short reference a person can read out on the phone: the booking id's first 8 hex digits in two
 * groups ("4F2A-9C1B"). The full id stays the key; this only helps to find it.
 */
export function humanReference(bookingId: string): string {
  const hex = bookingId.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.length >= 8 ? `${hex.slice(0, 4)}-${hex.slice(4, 8)}` : bookingId;
}
