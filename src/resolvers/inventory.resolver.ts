import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { DeleteAvailabilityInput, DeleteAvailabilityPayload } from '../models/delete-availability.input';
import {
  UpsertAvailabilityInput,
  UpsertAvailabilityPayload,
  UpsertMerchantInput,
  UpsertServiceInput,
} from '../models/inventory.input';
import { Merchant } from '../models/merchant.type';
import { Service } from '../models/service.type';
import { requireCaller } from './auth-checker';
import type { GatewayContext } from './context';

@Resolver()
export class InventoryResolver {
  @Authorized('partner', 'merchant')
  @Mutation(() => Merchant)
  upsertMerchant(@Arg('input', () => UpsertMerchantInput) input: UpsertMerchantInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.inventory.upsertMerchant(requireCaller(ctx), input);
  }

  @Authorized('partner', 'merchant')
  @Mutation(() => Service)
  upsertService(@Arg('input', () => UpsertServiceInput) input: UpsertServiceInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.inventory.upsertService(requireCaller(ctx), input);
  }

  @Authorized('partner', 'merchant')
  @Mutation(() => UpsertAvailabilityPayload, { description: 'Create or update slots by identity.' })
  async upsertAvailability(
    @Arg('input', () => UpsertAvailabilityInput) input: UpsertAvailabilityInput,
    @Ctx() ctx: GatewayContext,
  ) {
    return { upsertedCount: await ctx.services.inventory.upsertAvailability(requireCaller(ctx), input) };
  }

  @Authorized('partner', 'merchant')
  @Mutation(() => DeleteAvailabilityPayload, { description: 'Delete slots, all or nothing: refused when any holds active bookings or live leases.' })
  async deleteAvailability(
    @Arg('input', () => DeleteAvailabilityInput) input: DeleteAvailabilityInput,
    @Ctx() ctx: GatewayContext,
  ) {
    return { deletedCount: await ctx.services.inventory.deleteAvailability(requireCaller(ctx), input) };
  }

  @Authorized()
  @Query(() => Merchant, { nullable: true })
  merchant(@Arg('merchantId', () => ID) merchantId: string, @Ctx() ctx: GatewayContext) {
    return ctx.services.inventory.getMerchant(requireCaller(ctx), merchantId);
  }
}
