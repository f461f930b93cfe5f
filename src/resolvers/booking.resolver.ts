import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { CreateBookingPayload, UpdateBookingPayload } from '../models/booking-payload.type';
import { GetBookingStatusPayload } from '../models/booking-status.type';
import { Booking } from '../models/booking.type';
import { CreateBookingInput } from '../models/create-booking.input';
import { UpdateBookingInput } from '../models/update-booking.input';
import { requireCaller } from './auth-checker';
import type { GatewayContext } from './context';

@Resolver()
export class BookingResolver {
  @Authorized()
  @Mutation(() => CreateBookingPayload, { description: 'Book a slot; idempotent per idempotencyToken.' })
  createBooking(@Arg('input', () => CreateBookingInput) input: CreateBookingInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.bookings.createBooking(requireCaller(ctx), input);
  }

  @Authorized()
  @Mutation(() => UpdateBookingPayload, { description: 'Cancel (status: CANCELED) or reschedule (slot).' })
  updateBooking(@Arg('input', () => UpdateBookingInput) input: UpdateBookingInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.bookingUpdates.updateBooking(requireCaller(ctx), input);
  }

  @Authorized()
  @Query(() => Booking, { nullable: true })
  booking(@Arg('bookingId', () => ID) bookingId: string, @Ctx() ctx: GatewayContext) {
    return ctx.services.bookings.getBooking(requireCaller(ctx), bookingId);
  }

  @Authorized()
  @Query(() => GetBookingStatusPayload)
  bookingStatus(@Arg('bookingId', () => ID) bookingId: string, @Ctx() ctx: GatewayContext) {
    return ctx.services.bookings.bookingStatus(requireCaller(ctx), bookingId);
  }

  @Authorized('partner')
  @Query(() => [Booking], { description: "The user's bookings that start in the future, cancelled included, soonest first." })
  bookings(@Arg('userId', () => ID) userId: string, @Ctx() ctx: GatewayContext) {
    return ctx.services.bookings.listBookings(requireCaller(ctx), userId);
  }
}
