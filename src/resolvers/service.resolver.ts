import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Merchant } from '../models/merchant.type';
import { Service } from '../models/service.type';
import type { GatewayContext } from './context';

@Resolver(() => Service)
export class ServiceResolver {
  @FieldResolver(() => Merchant, { nullable: true })
  merchant(@Root() service: Service, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.merchant.load(service.merchantId);
  }
}
