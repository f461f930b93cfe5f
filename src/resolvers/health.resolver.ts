import { Ctx, Query, Resolver } from 'type-graphql';
import { Health } from '../models/health.type';
import type { GatewayContext } from './context';

@Resolver()
export class HealthResolver {
  @Query(() => Health, { description: 'Needs no API key.' })
  health(@Ctx() ctx: GatewayContext): Promise<Health> {
    return ctx.services.health.health();
  }
}
