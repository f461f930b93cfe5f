import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { CreateLeasePayload } from '../models/create-lease.payload';
import { CreateLeaseInput } from '../models/lease.input';
import { Lease } from '../models/lease.type';
import { ReleaseLeaseInput, ReleaseLeasePayload } from '../models/merchant-operations.input';
import { requireCaller } from './auth-checker';
import type { GatewayContext } from './context';

@Resolver()
export class LeaseResolver {
  @Authorized()
  @Mutation(() => CreateLeasePayload, { description: 'Hold spots until the lease expires (default 10 min, max 30 min).' })
  createLease(@Arg('input', () => CreateLeaseInput) input: CreateLeaseInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.leases.createLease(requireCaller(ctx), input);
  }

  @Authorized()
  @Mutation(() => ReleaseLeasePayload, { description: "Give back one of the caller's own leases at once; idempotent." })
  async releaseLease(@Arg('input', () => ReleaseLeaseInput) input: ReleaseLeaseInput, @Ctx() ctx: GatewayContext) {
    return { lease: await ctx.services.leases.releaseLease(requireCaller(ctx), input) };
  }

  @Authorized()
  @Query(() => Lease, { nullable: true, description: "One of the caller's leases, consumed or expired ones included." })
  lease(@Arg('leaseId', () => ID) leaseId: string, @Ctx() ctx: GatewayContext) {
    return ctx.services.leases.getLease(requireCaller(ctx), leaseId);
  }
}
