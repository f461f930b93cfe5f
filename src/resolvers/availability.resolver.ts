import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { BatchAvailabilityLookupPayload, CheckAvailabilityPayload } from '../models/availability-payload.type';
import { AvailableSlotsArgs, BatchAvailabilityLookupArgs } from '../models/available-slots.args';
import { SlotAvailability } from '../models/slot-availability.type';
import { SlotInput } from '../models/slot.input';
import { requireCaller } from './auth-checker';
import type { GatewayContext } from './context';

@Resolver()
export class AvailabilityResolver {
  @Authorized()
  @Query(() => CheckAvailabilityPayload, { description: 'Live open spots of one inventory slot.' })
  checkAvailability(@Arg('slot', () => SlotInput) slot: SlotInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.availability.checkAvailability(requireCaller(ctx), slot);
  }

  @Authorized()
  @Query(() => BatchAvailabilityLookupPayload, { description: 'One entry per slot time, in request order.' })
  async batchAvailabilityLookup(@Args(() => BatchAvailabilityLookupArgs) args: BatchAvailabilityLookupArgs, @Ctx() ctx: GatewayContext) {
    return {
      slotTimeAvailability: await ctx.services.availability.batchAvailabilityLookup(requireCaller(ctx), args.merchantId, args.slotTime),
    };
  }

  @Authorized()
  @Query(() => [SlotAvailability], {
    description: 'Slots with startSecFrom ≤ startSec < startSecTo that can take partySize spots, soonest first (at most 500).',
  })
  availableSlots(@Args(() => AvailableSlotsArgs) args: AvailableSlotsArgs, @Ctx() ctx: GatewayContext) {
    return ctx.services.availability.availableSlots(requireCaller(ctx), args);
  }
}
