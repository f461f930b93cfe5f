import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { BookingRecord } from '../domain/records';
import { Booking } from '../models/booking.type';
import { SlotAvailability } from '../models/slot-availability.type';
import type { SlotAvailability as SlotAvailabilityView } from '../services/availability.service';
import { requireCaller } from './auth-checker';
import type { GatewayContext } from './context';

/** Live changes over graphql-ws on /graphql (api-contract "Events"), with the queries' access rules. */
@Resolver()
export class SubscriptionResolver {
  @Authorized()
  @Subscription(() => Booking, {
    description: 'Each change of a booking the key may read (made by it, or of a merchant it serves as a partner or merchant key).',
    subscribe: ({ args, context }) => (context as GatewayContext).services.live.bookingChanged(requireCaller(context as GatewayContext), args.bookingId),
  })
  bookingChanged(@Arg('bookingId', () => ID) _bookingId: string, @Root() booking: BookingRecord, @Ctx() _ctx: GatewayContext): BookingRecord {
    return booking;
  }

  @Authorized()
  @Subscription(() => SlotAvailability, {
    description: "A slot of the merchant (of one service, when given) whose availability changed, as checkAvailability would answer it now.",
    subscribe: ({ args, context }) =>
      (context as GatewayContext).services.live.slotAvailabilityChanged(requireCaller(context as GatewayContext), args.merchantId, args.serviceId),
  })
  slotAvailabilityChanged(
    @Arg('merchantId', () => ID) _merchantId: string,
    @Arg('serviceId', () => ID, { nullable: true }) _serviceId: string | null,
    @Root() availability: SlotAvailabilityView,
  ): SlotAvailabilityView {
    return availability;
  }
}
