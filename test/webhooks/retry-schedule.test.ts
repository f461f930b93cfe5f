import { JITTER, STANDARD_RETRY_SCHEDULE_SEC, nextAttemptAtMs, parseRetrySchedule } from '../../src/webhooks/retry-schedule';

describe('retry schedule', () => {
  it('retries for at least 24 hours in all, even with the least jitter, then stops', () => {
    let at = 0;
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAtMs(STANDARD_RETRY_SCHEDULE_SEC, attempts, at, () => 0);
      if (next === null) break;
      expect(next).toBeGreaterThan(at);
      at = next;
      attempts++;
    }
    expect(attempts).toBe(8); // the first attempt and 7 retries
    expect(at).toBeGreaterThanOrEqual(24 * 3600 * 1000);
    expect(at).toBe(99_305_000);
  });

  it('grows exponentially-ish and stretches each wait by at most 25 %', () => {
    const waits = STANDARD_RETRY_SCHEDULE_SEC;
    for (let i = 1; i < waits.length - 1; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]);
    expect(nextAttemptAtMs(waits, 1, 1000, () => 0)).toBe(6000);
    expect(nextAttemptAtMs(waits, 1, 1000, () => 0.999999)).toBe(1000 + Math.round(5000 * (1 + JITTER * 0.999999)));
    expect(nextAttemptAtMs(waits, 2, 0, () => 0.5)).toBe(Math.round(300_000 * 1.125));
  });

  it('parses WEBHOOK_RETRY_SCHEDULE and refuses nonsense', () => {
    expect(parseRetrySchedule('0.05, 0.1,1')).toEqual([0.05, 0.1, 1]);
    expect(() => parseRetrySchedule('')).toThrow('WEBHOOK_RETRY_SCHEDULE');
    expect(() => parseRetrySchedule('5,-1')).toThrow('WEBHOOK_RETRY_SCHEDULE');
    expect(() => parseRetrySchedule('5,x')).toThrow('WEBHOOK_RETRY_SCHEDULE');
  });
});
