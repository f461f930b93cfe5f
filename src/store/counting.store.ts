// Counts calls into a store, per method, by wrapping it. Used by tests and the benchmark to prove
// that store calls per request do not grow with the size of a response (no N+1). Not wrapped at
// all unless asked for (STORE_CALL_COUNTS=true), so it costs nothing when off.
import { delegatingStore } from './delegating-store';
import type { BookingStore, StoreReader, StoreWriter } from './store.port';

export class CallCounter {
  readonly calls = new Map<string, number>();

  count(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
  }

  total(): number {
    let sum = 0;
    for (const n of this.calls.values()) sum += n;
    return sum;
  }

  reset(): void {
    this.calls.clear();
  }
}

function counted<T extends object>(target: T, counter: CallCounter): T {
  return new Proxy(target, {
    get(obj, property, receiver) {
      const value = Reflect.get(obj, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counter.count(String(property));
        return value.apply(obj, args);
      };
    },
  });
}

export function countingStore(store: BookingStore, counter: CallCounter): BookingStore {
  return delegatingStore(store, {
    reader: counted<StoreReader>(store.reader, counter),
    unitOfWork: (work) => {
      counter.count('unitOfWork');
      return store.unitOfWork((tx) => work(counted<StoreWriter>(tx, counter)));
    },
  });
}
