import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Merchant } from '../models/merchant.type';
import { Service } from '../models/service.type';
import { Slot } from '../models/slot.type';
import type { GatewayContext } from './context';

@Resolver(() => Slot)
export class SlotResolver {
  @FieldResolver(() => Merchant, { nullable: true, description: 'Batched per request.' })
  merchant(@Root() slot: Slot, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.merchant.load(slot.merchantId);
  }

  @FieldResolver(() => Service, { nullable: true, description: 'Batched per request.' })
  service(@Root() slot: Slot, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.service.load({ merchantId: slot.merchantId, serviceId: slot.serviceId });
  }
}
