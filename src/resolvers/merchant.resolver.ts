import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Merchant } from '../models/merchant.type';
import { Service } from '../models/service.type';
import type { GatewayContext } from './context';

@Resolver(() => Merchant)
export class MerchantResolver {
  @FieldResolver(() => [Service])
  services(@Root() merchant: Merchant, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.servicesOfMerchant.load(merchant.merchantId);
  }
}
