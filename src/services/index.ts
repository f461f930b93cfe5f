// Composition of the domain: one instance of each service over one store, clock and policy.
import type { Clock } from '../domain/clock';
import type { BookingStore } from '../store/store.port';
import { AvailabilityService } from './availability.service';
import { BookingUpdateService } from './booking-update.service';
import { BookingService } from './booking.service';
import { HealthService } from './health.service';
import { InventoryExportService } from './inventory-export.service';
import { InventoryService } from './inventory.service';
import { LeaseService } from './lease.service';
import { BookingDecisionsService } from './merchant/booking-decisions.service';
import { MerchantScheduleService } from './merchant/schedule.service';
import type { BookingPolicy } from './policy';

export interface Services {
  inventory: InventoryService;
  inventoryExport: InventoryExportService;
  availability: AvailabilityService;
  leases: LeaseService;
  bookings: BookingService;
  bookingUpdates: BookingUpdateService;
  schedule: MerchantScheduleService;
  decisions: BookingDecisionsService;
  health: HealthService;
}

export function createServices(store: BookingStore, clock: Clock, policy: BookingPolicy): Services {
  return {
    inventory: new InventoryService(store, policy, clock),
    inventoryExport: new InventoryExportService(store, clock),
    availability: new AvailabilityService(store, clock, policy),
    leases: new LeaseService(store, clock, policy),
    bookings: new BookingService(store, clock, policy),
    bookingUpdates: new BookingUpdateService(store, clock),
    schedule: new MerchantScheduleService(store, clock, policy),
    decisions: new BookingDecisionsService(store, clock),
    health: new HealthService(store),
  };
}
