import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import {
  UpsertAvailabilityInput,
  UpsertAvailabilityPayload,
  UpsertMerchantInput,
  UpsertServiceInput,
} from '../models/inventory.input';
import { Merchant } from '../models/merchant.type';
import { Service } from '../models/service.type';
import type { GatewayContext } from './context';

@Resolver()
export class InventoryResolver {
  @Authorized('partner')
  @Mutation(() => Merchant)
  upsertMerchant(@Arg('input', () => UpsertMerchantInput) input: UpsertMerchantInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.inventory.upsertMerchant(input);
  }

  @Authorized('partner')
  @Mutation(() => Service)
  upsertService(@Arg('input', () => UpsertServiceInput) input: UpsertServiceInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.inventory.upsertService(input);
  }

  @Authorized('partner')
  @Mutation(() => UpsertAvailabilityPayload, { description: 'Create or update slots by identity.' })
  async upsertAvailability(
    @Arg('input', () => UpsertAvailabilityInput) input: UpsertAvailabilityInput,
    @Ctx() ctx: GatewayContext,
  ) {
    return { upsertedCount: await ctx.services.inventory.upsertAvailability(input) };
  }

  @Authorized()
  @Query(() => Merchant, { nullable: true })
  merchant(@Arg('merchantId', () => ID) merchantId: string, @Ctx() ctx: GatewayContext) {
    return ctx.services.inventory.getMerchant(merchantId);
  }
}
