import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { BookingConnection, MerchantBookingsArgs } from '../models/merchant-bookings.type';
import { BookingRefInput, DeclineBookingInput, MarkNoShowInput, MerchantBookingPayload } from '../models/merchant-operations.input';
import { requireCaller } from './auth-checker';
import type { GatewayContext } from './context';

/** The merchant's half of a booking's life: the schedule and the merchant's answers (partner and merchant keys). */
@Resolver()
export class MerchantBookingsResolver {
  @Authorized('partner', 'merchant')
  @Query(() => BookingConnection, { description: "A merchant's bookings in a time range (at most 62 days), ordered by (slot.startSec, bookingId)." })
  merchantBookings(@Args(() => MerchantBookingsArgs) args: MerchantBookingsArgs, @Ctx() ctx: GatewayContext) {
    return ctx.services.schedule.merchantBookings(requireCaller(ctx), args);
  }

  @Authorized('partner', 'merchant')
  @Mutation(() => MerchantBookingPayload, { description: 'PENDING_MERCHANT_CONFIRMATION -> CONFIRMED.' })
  async confirmBooking(@Arg('input', () => BookingRefInput) input: BookingRefInput, @Ctx() ctx: GatewayContext) {
    return { booking: await ctx.services.decisions.confirmBooking(requireCaller(ctx), input) };
  }

  @Authorized('partner', 'merchant')
  @Mutation(() => MerchantBookingPayload, { description: 'PENDING_MERCHANT_CONFIRMATION -> DECLINED_BY_MERCHANT; the spots are released.' })
  async declineBooking(@Arg('input', () => DeclineBookingInput) input: DeclineBookingInput, @Ctx() ctx: GatewayContext) {
    return { booking: await ctx.services.decisions.declineBooking(requireCaller(ctx), input) };
  }

  @Authorized('partner', 'merchant')
  @Mutation(() => MerchantBookingPayload, { description: 'CONFIRMED, slot started -> NO_SHOW (or NO_SHOW_PENALIZED).' })
  async markNoShow(@Arg('input', () => MarkNoShowInput) input: MarkNoShowInput, @Ctx() ctx: GatewayContext) {
    return { booking: await ctx.services.decisions.markNoShow(requireCaller(ctx), input) };
  }
}
