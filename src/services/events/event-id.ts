// Event ids are UUIDv7 (RFC 9562 §5.7): a 48-bit millisecond timestamp, then random bits. Within one
// process they are also strictly increasing (RFC 9562 §6.2, method 1: a 12-bit counter in rand_a,
// carried into the timestamp when it overflows), so (occurredAtMs, id) orders the events of a process
// by when they were made even when their occurredAtMs are equal (a test clock, or one busy millisecond).
import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// Random bytes drawn 4 KB at a time: one call into the CSPRNG per 512 ids instead of one per id.
const pool = Buffer.alloc(4096);
let used = pool.length;
function random8(): Buffer {
  if (used + 8 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 8;
  return pool.subarray(used - 8, used);
}

export function newEventId(nowMs: number = Date.now()): string {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  random8().copy(bytes, 8);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
