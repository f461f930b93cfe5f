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
import { withOutbox } from './events/outbox-recorder';
import type { EventFeed } from './events/event-feed';
import { LiveUpdatesService } from './events/live-updates.service';
import type { SecretBox } from './events/secret-box';
import { WebhookSubscriptionsService, type WebhookTargetPolicy } from './events/webhook-subscriptions.service';
import { NO_PAYMENTS, PaymentEngine, type PaymentsWiring } from './payments/payment-engine';
import { PaymentOptionsService } from './payments/payment-options.service';

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
  webhooks: WebhookSubscriptionsService;
  live: LiveUpdatesService;
  payments: PaymentEngine;
  paymentOptions: PaymentOptionsService;
}

/** The events half: the outbox around every unit of work, and what webhook subscriptions need. */
export interface EventsWiring {
  /** False with EVENTS=false: no outbox, and subscriptions cannot be created. */
  outbox: boolean;
  targets: WebhookTargetPolicy;
  secrets: SecretBox | null;
  /** Called after a unit that appended events has committed (wakes the local dispatcher). */
  onCommit?: () => void;
  /** The outbox read live, for GraphQL subscriptions (none with EVENTS=false). */
  feed?: EventFeed | null;
}

const NO_EVENTS: EventsWiring = { outbox: false, targets: { assertAllowed: async () => undefined }, secrets: null };

export function createServices(
  raw: BookingStore,
  clock: Clock,
  policy: BookingPolicy,
  events: EventsWiring = NO_EVENTS,
  paymentsWiring: PaymentsWiring = NO_PAYMENTS,
): Services {
  const store = events.outbox ? withOutbox(raw, clock, events.onCommit) : raw;
  const availability = new AvailabilityService(store, clock, policy);
  const payments = new PaymentEngine(store, clock, paymentsWiring);
  const bookings = new BookingService(store, clock, policy, payments);
  return {
    inventory: new InventoryService(store, policy, clock),
    inventoryExport: new InventoryExportService(store, clock),
    availability,
    leases: new LeaseService(store, clock, policy),
    bookings,
    bookingUpdates: new BookingUpdateService(store, clock, payments.followUps),
    schedule: new MerchantScheduleService(store, clock, policy),
    decisions: new BookingDecisionsService(store, clock, payments.followUps),
    health: new HealthService(store),
    webhooks: new WebhookSubscriptionsService(store.events, clock, events.targets, events.secrets, events.outbox),
    live: new LiveUpdatesService(events.outbox ? (events.feed ?? null) : null, bookings, availability),
    payments,
    paymentOptions: new PaymentOptionsService(store, clock),
  };
}
