// Request-scoped batching of lookups that many fields repeat (Slot.merchant, Slot.service, ...):
// one store call per batch, whatever the number of bookings or slots in the response.
import DataLoader from 'dataloader';
import type { Merchant, ServiceRecord } from '../domain/records';
import { serviceKeyString } from '../domain/slot-key';
import type { ServiceKey, StoreReader } from '../store/store.port';

export interface RequestLoaders {
  merchant: DataLoader<string, Merchant | null>;
  service: DataLoader<ServiceKey, ServiceRecord | null, string>;
  servicesOfMerchant: DataLoader<string, ServiceRecord[]>;
}

export function createLoaders(reader: StoreReader): RequestLoaders {
  return {
    merchant: new DataLoader((ids) => reader.getMerchants(ids)),
    service: new DataLoader((keys) => reader.getServices(keys), {
      cacheKeyFn: (k) => serviceKeyString(k.merchantId, k.serviceId),
    }),
    servicesOfMerchant: new DataLoader((ids) => reader.listServicesOfMerchants(ids)),
  };
}
