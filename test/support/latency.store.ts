// Makes every store call yield to the event loop first, the way a networked store's calls do.
// Without it, the in-memory SQLite store's calls resolve as microtasks and concurrent units could never
// interleave, so a concurrency test would pass even against a store that does not isolate units.
import { delegatingStore } from '../../src/store/delegating-store';
import type { BookingStore, StoreReader, StoreWriter } from '../../src/store/store.port';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function delayed<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, property, receiver) {
      const value = Reflect.get(obj, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await yieldToEventLoop();
        return value.apply(obj, args);
      };
    },
  });
}

export function withLatency(store: BookingStore): BookingStore {
  return delegatingStore(store, {
    reader: delayed<StoreReader>(store.reader),
    unitOfWork: (work) => store.unitOfWork((tx) => work(delayed<StoreWriter>(tx))),
  });
}
