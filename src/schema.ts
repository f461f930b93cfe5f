import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { authChecker } from './resolvers/auth-checker';
import { AvailabilityResolver } from './resolvers/availability.resolver';
import { BookingResolver } from './resolvers/booking.resolver';
import { HealthResolver } from './resolvers/health.resolver';
import { InventoryResolver } from './resolvers/inventory.resolver';
import { LeaseResolver } from './resolvers/lease.resolver';
import { MerchantResolver } from './resolvers/merchant.resolver';
import { MerchantBookingsResolver } from './resolvers/merchant-bookings.resolver';
import { ServiceResolver } from './resolvers/service.resolver';
import { SlotResolver } from './resolvers/slot.resolver';

let built: GraphQLSchema | undefined;

/** The gateway's schema, built once per process from the decorated classes. */
export function gatewaySchema(): GraphQLSchema {
  built ??= buildSchemaSync({
    resolvers: [
      HealthResolver,
      AvailabilityResolver,
      LeaseResolver,
      BookingResolver,
      InventoryResolver,
      MerchantBookingsResolver,
      SlotResolver,
      MerchantResolver,
      ServiceResolver,
    ],
    authChecker,
    // Input rules live in the services (one place, field paths in messages), not in class-validator.
    validate: false,
  });
  return built;
}
