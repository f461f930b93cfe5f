// When a failed delivery is tried again. The default is the Standard Webhooks specification's example
// schedule (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md,
// "Retry schedule"): immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — 27.6 h in all, then
// FAILED. Each wait is stretched by a random 0–25 % (jitter, so receivers coming back after an outage
// are not hit by every sender at once); stretching only, so the total never drops below 24 h.
export const STANDARD_RETRY_SCHEDULE_SEC: readonly number[] = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];

export const JITTER = 0.25;

/**
 * The instant of the next attempt after `attempts` failed ones, or null when there is none left.
 * `random` is in [0, 1).
 */
export function nextAttemptAtMs(schedule: readonly number[], attempts: number, nowMs: number, random: () => number = Math.random): number | null {
  const waitSec = schedule[attempts - 1];
  if (waitSec === undefined) return null;
  return nowMs + Math.round(waitSec * 1000 * (1 + JITTER * random()));
}

/** Parses WEBHOOK_RETRY_SCHEDULE: comma-separated waits in seconds (decimals allowed). */
export function parseRetrySchedule(text: string): number[] {
  const waits = text.split(',').map((w) => w.trim()).filter(Boolean).map(Number);
  if (waits.length === 0 || waits.length > 50 || waits.some((w) => !Number.isFinite(w) || w < 0 || w > 7 * 86_400)) {
    throw new Error('WEBHOOK_RETRY_SCHEDULE must be 1–50 comma-separated waits in seconds, each from 0 to 604800');
  }
  return waits;
}
