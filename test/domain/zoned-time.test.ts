import { localDate, zonedTimeToEpochSec, zoneOffsetSec } from '../../src/domain/zoned-time';

const ZURICH = 'Europe/Zurich';
const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => Date.UTC(y, m - 1, d, h, min, s) / 1000;

/** Wall-clock seconds of the day at an instant in a zone, from the offset (independent of the code under test's parsing). */
const secondOfDay = (epochSec: number, zone: string) => (((epochSec + zoneOffsetSec(epochSec, zone)) % 86400) + 86400) % 86400;

describe('zoneOffsetSec', () => {
  it('Europe/Zurich is UTC+1 in winter and UTC+2 in summer', () => {
    expect(zoneOffsetSec(utc(2025, 1, 15, 12), ZURICH)).toBe(3600);
    expect(zoneOffsetSec(utc(2025, 7, 15, 12), ZURICH)).toBe(7200);
    expect(zoneOffsetSec(utc(2025, 12, 31, 23, 59, 59), ZURICH)).toBe(3600);
  });

  it('switches exactly at the EU transition instants (01:00 UTC on the last Sundays of March and October)', () => {
    expect(zoneOffsetSec(utc(2025, 3, 30, 1) - 1, ZURICH)).toBe(3600);
    expect(zoneOffsetSec(utc(2025, 3, 30, 1), ZURICH)).toBe(7200);
    expect(zoneOffsetSec(utc(2025, 10, 26, 1) - 1, ZURICH)).toBe(7200);
    expect(zoneOffsetSec(utc(2025, 10, 26, 1), ZURICH)).toBe(3600);
  });

  it('works for other zones: UTC, a negative offset, a half-hour offset', () => {
    expect(zoneOffsetSec(utc(2025, 1, 15), 'UTC')).toBe(0);
    expect(zoneOffsetSec(utc(2025, 1, 15), 'America/New_York')).toBe(-5 * 3600);
    expect(zoneOffsetSec(utc(2025, 7, 15), 'America/New_York')).toBe(-4 * 3600);
    expect(zoneOffsetSec(utc(2025, 1, 15), 'Asia/Kolkata')).toBe(5.5 * 3600);
  });
});

describe('zonedTimeToEpochSec', () => {
  it('09:00 in Zurich is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(zonedTimeToEpochSec({ year: 2025, month: 1, day: 15 }, 9, 0, ZURICH)).toBe(utc(2025, 1, 15, 8));
    expect(zonedTimeToEpochSec({ year: 2025, month: 7, day: 15 }, 9, 0, ZURICH)).toBe(utc(2025, 7, 15, 7));
  });

  it('uses the offset of the day itself on the transition days', () => {
    expect(zonedTimeToEpochSec({ year: 2025, month: 3, day: 30 }, 9, 30, ZURICH)).toBe(utc(2025, 3, 30, 7, 30));
    expect(zonedTimeToEpochSec({ year: 2025, month: 3, day: 30 }, 1, 30, ZURICH)).toBe(utc(2025, 3, 30, 0, 30));
    expect(zonedTimeToEpochSec({ year: 2025, month: 10, day: 26 }, 9, 30, ZURICH)).toBe(utc(2025, 10, 26, 8, 30));
    expect(zonedTimeToEpochSec({ year: 2025, month: 10, day: 26 }, 0, 30, ZURICH)).toBe(utc(2025, 10, 25, 22, 30));
  });

  it('a wall time skipped by the spring-forward jump resolves forward (02:30 → 03:30 CEST)', () => {
    expect(zonedTimeToEpochSec({ year: 2025, month: 3, day: 30 }, 2, 30, ZURICH)).toBe(utc(2025, 3, 30, 1, 30));
  });

  it('a wall time repeated by the fall-back jump is its first occurrence (02:30 CEST, not CET)', () => {
    expect(zonedTimeToEpochSec({ year: 2025, month: 10, day: 26 }, 2, 30, ZURICH)).toBe(utc(2025, 10, 26, 0, 30));
  });

  it.each([
    // DST starts at 00:00 local: midnight does not exist and resolves forward to 01:00, on the same day.
    ['America/Santiago', { year: 2024, month: 9, day: 8 }, utc(2024, 9, 8, 4, 0)],
    ['America/Havana', { year: 2024, month: 3, day: 10 }, utc(2024, 3, 10, 5, 0)],
  ])('a midnight that does not exist (%s) resolves forward to 01:00 of that day, never back to the day before', (zone, date, expected) => {
    const epoch = zonedTimeToEpochSec(date, 0, 0, zone);
    expect(epoch).toBe(expected);
    expect(localDate(epoch, zone)).toEqual(date);
  });

  it('a half-hour jump (Australia/Lord_Howe) resolves 02:15 to 02:45', () => {
    const epoch = zonedTimeToEpochSec({ year: 2024, month: 10, day: 6 }, 2, 15, 'Australia/Lord_Howe');
    expect(epoch).toBe(utc(2024, 10, 5, 15, 45));
  });

  it('round-trips with localDate and the zone offset over a year of days and several hours', () => {
    const zones = [ZURICH, 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'];
    for (const zone of zones) {
      for (let dayOffset = 0; dayOffset < 366; dayOffset += 7) {
        const date = localDate(utc(2024, 1, 1, 12), 'UTC', dayOffset);
        for (const [hour, minute] of [
          [0, 0],
          [8, 15],
          [12, 0],
          [23, 45],
        ]) {
          const epoch = zonedTimeToEpochSec(date, hour, minute, zone);
          expect({ zone, date: localDate(epoch, zone), time: secondOfDay(epoch, zone) }).toEqual({
            zone,
            date,
            time: hour * 3600 + minute * 60,
          });
        }
      }
    }
  });
});

describe('localDate', () => {
  it('is the calendar date in the zone, not in UTC', () => {
    // 23:30 UTC on 31 January is already 00:30 on 1 February in Zurich, still 31 January in New York.
    const instant = utc(2025, 1, 31, 23, 30);
    expect(localDate(instant, ZURICH)).toEqual({ year: 2025, month: 2, day: 1 });
    expect(localDate(instant, 'UTC')).toEqual({ year: 2025, month: 1, day: 31 });
    expect(localDate(utc(2025, 2, 1, 2), 'America/New_York')).toEqual({ year: 2025, month: 1, day: 31 });
  });

  it('adds a day offset across month ends, year ends and leap days', () => {
    expect(localDate(utc(2025, 1, 31, 12), ZURICH, 1)).toEqual({ year: 2025, month: 2, day: 1 });
    expect(localDate(utc(2025, 4, 30, 12), ZURICH, 1)).toEqual({ year: 2025, month: 5, day: 1 });
    expect(localDate(utc(2025, 12, 31, 12), ZURICH, 1)).toEqual({ year: 2026, month: 1, day: 1 });
    expect(localDate(utc(2024, 2, 28, 12), ZURICH, 1)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(localDate(utc(2025, 2, 28, 12), ZURICH, 1)).toEqual({ year: 2025, month: 3, day: 1 });
    expect(localDate(utc(2025, 1, 30, 12), ZURICH, 30)).toEqual({ year: 2025, month: 3, day: 1 });
  });

  it('goes backwards with a negative offset and defaults to 0', () => {
    expect(localDate(utc(2025, 3, 1, 12), ZURICH, -1)).toEqual({ year: 2025, month: 2, day: 28 });
    expect(localDate(utc(2025, 1, 1, 12), ZURICH, -1)).toEqual({ year: 2024, month: 12, day: 31 });
    expect(localDate(utc(2025, 3, 1, 12), ZURICH)).toEqual(localDate(utc(2025, 3, 1, 12), ZURICH, 0));
  });

  it('counts calendar days, not 24-hour periods, across a DST change', () => {
    // From Saturday 29 March 2025 00:30 Zurich, the next calendar day is 30 March even though
    // that day is only 23 hours long.
    const saturday = zonedTimeToEpochSec({ year: 2025, month: 3, day: 29 }, 0, 30, ZURICH);
    expect(localDate(saturday, ZURICH, 1)).toEqual({ year: 2025, month: 3, day: 30 });
    expect(localDate(saturday, ZURICH, 2)).toEqual({ year: 2025, month: 3, day: 31 });
  });
});
