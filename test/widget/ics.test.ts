// The widget's .ics file (RFC 5545) and its short booking reference.
import { humanReference, icsFor } from '../../widget/src/ics';

const entry = {
  bookingId: '4f2a9c1b-0d3e-4a5b-8c7d-1e2f3a4b5c6d',
  startSec: Date.UTC(2030, 0, 2, 8, 0) / 1000,
  durationSec: 1800,
  summary: 'Haircut, wash; dry at Demo Salon & Studio',
  location: 'Demo Salon & Studio',
  description: 'Reference 4F2A-9C1B\nBring your card',
  nowMs: Date.UTC(2030, 0, 1, 12, 0, 5),
};

it('makes one VEVENT in UTC with CRLF line ends and escaped text', () => {
  const ics = icsFor(entry);
  const lines = ics.split('\r\n');
  expect(lines.at(-1)).toBe(''); // ends with CRLF
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/); // no bare LF
  expect(lines).toEqual(
    expect.arrayContaining([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      `UID:${entry.bookingId}@booking-gateway`,
      'DTSTAMP:20300101T120005Z',
      'DTSTART:20300102T080000Z',
      'DTEND:20300102T083000Z',
      'SUMMARY:Haircut\\, wash\\; dry at Demo Salon & Studio',
      'DESCRIPTION:Reference 4F2A-9C1B\\nBring your card',
      'END:VEVENT',
      'END:VCALENDAR',
    ]),
  );
});

it('folds lines longer than 75 octets without splitting a character', () => {
  const ics = icsFor({ ...entry, summary: 'Massage für zwei – ausführlich, '.repeat(6) });
  const physical = ics.split('\r\n');
  expect(physical.some((l) => l.startsWith(' '))).toBe(true);
  for (const line of physical) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  // Unfolding (RFC 5545 §3.1) gives the escaped value back whole.
  const summary = ics.replace(/\r\n /g, '').split('\r\n').find((l) => l.startsWith('SUMMARY:'))!;
  expect(summary).toBe(`SUMMARY:${'Massage für zwei – ausführlich\\, '.repeat(6)}`);
});

it('gives a short reference to read out', () => {
  expect(humanReference(entry.bookingId)).toBe('4F2A-9C1B');
  expect(humanReference('short')).toBe('short');
});
