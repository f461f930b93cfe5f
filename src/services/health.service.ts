import type { BookingStore, StoreKind } from '../store/store.port';

export interface HealthView {
  status: 'SERVING' | 'NOT_SERVING';
  store: StoreKind;
}

export class HealthService {
  constructor(private readonly store: BookingStore) {}

  async health(): Promise<HealthView> {
    const serving = await this.store.ping().catch(() => false);
    return { status: serving ? 'SERVING' : 'NOT_SERVING', store: this.store.kind };
  }
}
