// The logical cluster time: a Timestamp(seconds, increment) that advances on every write and is
// gossiped in $clusterTime / operationTime of every reply (manual, "Causal Consistency and Read and
// Write Concerns"; driver spec "Driver Sessions": $clusterTime gossiping).
import { Binary, Long, Timestamp, type Document } from 'mongodb';

export const toBig = (ts: Timestamp): bigint => (BigInt(ts.t) << 32n) | BigInt(ts.i);
export const toTimestamp = (v: bigint): Timestamp => new Timestamp({ t: Number(v >> 32n), i: Number(v & 0xffffffffn) });

export class ClusterClock {
  private last: bigint;
  /** Wall-clock time of commits, to map the snapshot history window onto cluster times. */
  private readonly log: Array<[bigint, number]> = [];

  constructor(private readonly now: () => number = Date.now) {
    this.last = (BigInt(Math.floor(this.now() / 1000)) << 32n) | 1n;
    this.log.push([this.last, this.now()]);
  }

  get current(): bigint {
    return this.last;
  }

  /** A new cluster time, later than every earlier one. */
  tick(): bigint {
    const seconds = BigInt(Math.floor(this.now() / 1000));
    const lastSeconds = this.last >> 32n;
    this.last = seconds > lastSeconds ? (seconds << 32n) | 1n : this.last + 1n;
    this.log.push([this.last, this.now()]);
    if (this.log.length > 100_000) this.log.splice(0, 50_000);
    return this.last;
  }

  /** Moves the clock to at least `v` (a client gossiped a later time, e.g. after a restart). */
  advanceTo(v: bigint): void {
    if (v > this.last) this.last = v;
  }

  /** The latest cluster time committed at or before `wallMs`. */
  timeAtWall(wallMs: number): bigint {
    let found = 0n;
    for (const [ts, wall] of this.log) {
      if (wall > wallMs) break;
      found = ts;
    }
    return found;
  }

  forgetBefore(wallMs: number): void {
    let i = 0;
    while (i < this.log.length - 1 && this.log[i + 1][1] <= wallMs) i++;
    if (i > 0) this.log.splice(0, i);
  }

  /** $clusterTime as the server gossips it (the signature is a dummy: no keys, no auth). */
  gossip(): Document {
    return { clusterTime: toTimestamp(this.last), signature: { hash: new Binary(Buffer.alloc(20)), keyId: Long.fromNumber(0) } };
  }
}
