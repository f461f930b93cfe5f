import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Merchant } from '../models/merchant.type';
import { Service } from '../models/service.type';
import { VirtualSessionInfo } from '../models/virtual-session.type';
import type { ServiceRecord } from '../domain/records';
import type { GatewayContext } from './context';

@Resolver(() => Service)
export class ServiceResolver {
  @FieldResolver(() => Merchant, { nullable: true })
  merchant(@Root() service: Service, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.merchant.load(service.merchantId);
  }

  @FieldResolver(() => VirtualSessionInfo, { nullable: true, description: 'Copied onto each booking; password only for partner and merchant keys.' })
  virtualSession(@Root() service: ServiceRecord, @Ctx() ctx: GatewayContext) {
    return ctx.services.inventory.virtualSessionFor(ctx.caller, service);
  }
}
