import type { BookingStore } from './store.port';

/** A store that forwards everything to `store`, with some members replaced (decorators, test doubles). */
export function delegatingStore(store: BookingStore, replaced: Partial<BookingStore> = {}): BookingStore {
  return {
    kind: store.kind,
    reader: store.reader,
    events: store.events,
    unitOfWork: (work) => store.unitOfWork(work),
    ping: () => store.ping(),
    isEmpty: () => store.isEmpty(),
    purgeExpiredLeases: (beforeSec) => store.purgeExpiredLeases(beforeSec),
    close: () => store.close(),
    ...replaced,
  };
}
