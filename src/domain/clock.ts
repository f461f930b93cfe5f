/** Time source of the domain. Injected everywhere so tests can move time (lease expiry, windows). */
export interface Clock {
  /** Seconds since the Unix epoch, UTC, as an integer. */
  nowSec(): number;
  /** Milliseconds since the epoch, where the clock has them (event timestamps); nowSec() × 1000 otherwise. */
  nowMs?(): number;
}

export const systemClock: Clock = { nowSec: () => Math.floor(Date.now() / 1000), nowMs: () => Date.now() };

export const nowMsOf = (clock: Clock): number => clock.nowMs?.() ?? clock.nowSec() * 1000;

/** A clock that only moves when told to; used by tests and available to embedders. */
export class ManualClock implements Clock {
  constructor(private current: number) {}
  nowSec(): number {
    return this.current;
  }
  set(sec: number): void {
    this.current = sec;
  }
  advance(sec: number): void {
    this.current += sec;
  }
}
