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
import { WebhookSubscriptionResolver } from './resolvers/webhook.resolver';
import { SubscriptionResolver } from './resolvers/subscription.resolver';
import { PaymentOptionResolver } from './resolvers/payment-option.resolver';

let built: GraphQLSchema | undefined;

const UNUSED_PUB_SUB = {
  publish: () => {
    throw new Error('no PubSub: events are published through the outbox');
  },
  subscribe: () => {
    throw new Error('no PubSub: subscriptions read the outbox');
  },
};

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
      WebhookSubscriptionResolver,
      SubscriptionResolver,
      PaymentOptionResolver,
    ],
    authChecker,
    // type-graphql insists on a PubSub once a resolver has @Subscription; ours use `subscribe` functions
    // over the outbox (services/events/event-feed.ts), so this one is never asked for anything.
    pubSub: UNUSED_PUB_SUB,
    // Input rules live in the services (one place, field paths in messages), not in class-validator.
    validate: false,
  });
  return built;
}
