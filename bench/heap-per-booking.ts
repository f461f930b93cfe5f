// Heap per stored slot and booking in the memory store, in-process and without HTTP: a quick loop
// for working on the store's memory layout (the bench's memory scenario measures RSS of a real
// gateway). Needs --expose-gc:
//   node --expose-gc -r ts-node/register/transpile-only bench/heap-per-booking.ts [count] [snapshot.heapsnapshot]
import 'reflect-metadata';
import { writeHeapSnapshot } from 'node:v8';
import { ApiKeys } from '../src/http/api-keys';
import { createServices } from '../src/services';
import { DEFAULT_POLICY } from '../src/services/policy';
import { MemoryStore } from '../src/store/memory/memory.store';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

async function main() {
  const count = Number(process.argv[2] ?? 100_000);
  const now = Math.floor(Date.now() / 1000);
  const services = createServices(new MemoryStore(), { nowSec: () => now }, DEFAULT_POLICY);
  const caller = ApiKeys.DEVELOPMENT_CALLER;
  await services.inventory.upsertMerchant({ merchantId: 'mem', name: 'Mem', timeZone: 'Europe/Zurich' });
  await services.inventory.upsertService({ merchantId: 'mem', serviceId: 'mem-svc', name: 'Svc' });
  const startOf = (k: number) => now + 86_400 + k * 60;
  const empty = heapUsed();
  for (let i = 0; i < count; i += 10_000) {
    const n = Math.min(10_000, count - i);
    await services.inventory.upsertAvailability({
      merchantId: 'mem',
      availability: Array.from({ length: n }, (_, k) => ({ serviceId: 'mem-svc', startSec: startOf(i + k), durationSec: 1800, spotsTotal: 1 })),
    });
  }
  const withSlots = heapUsed();
  if (!(await services.inventory.getMerchant('mem'))) throw new Error('store lost');
  for (let k = 0; k < count; k++) {
    const outcome = await services.bookings.createBooking(caller, {
      slot: { merchantId: 'mem', serviceId: 'mem-svc', startSec: startOf(k), durationSec: 1800 },
      userInformation: { userId: `mem-u${k % 20_000}`, givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' },
      idempotencyToken: `mem-${k}`,
    });
    if (!outcome.booking) throw new Error(`booking ${k} refused: ${outcome.bookingFailure?.cause}`);
  }
  const withBookings = heapUsed();
  // Keeps the store reachable until after the last measurement (V8 may free what a function no longer uses).
  const listed = await services.bookings.listBookings('mem-u1');
  console.log({
    listedForOneUser: listed.length,
    count,
    heapBytesPerSlot: Math.round((withSlots - empty) / count),
    heapBytesPerBooking: Math.round((withBookings - withSlots) / count),
    heapMB: Math.round(withBookings / 2 ** 20),
  });
  if (process.argv[3]) console.log('snapshot:', writeHeapSnapshot(process.argv[3]));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
