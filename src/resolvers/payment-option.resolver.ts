import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { IssueUserPaymentOptionInput, UpsertPaymentOptionInput } from '../models/payment-option.input';
import { IssueUserPaymentOptionPayload, UpsertPaymentOptionPayload } from '../models/payment-option.type';
import { requireCaller } from './auth-checker';
import type { GatewayContext } from './context';

@Resolver()
export class PaymentOptionResolver {
  @Authorized('partner', 'merchant')
  @Mutation(() => UpsertPaymentOptionPayload, { description: "Create or update a merchant's pack or membership." })
  async upsertPaymentOption(@Arg('input', () => UpsertPaymentOptionInput) input: UpsertPaymentOptionInput, @Ctx() ctx: GatewayContext) {
    return { paymentOption: await ctx.services.paymentOptions.upsertPaymentOption(requireCaller(ctx), input) };
  }

  @Authorized('partner', 'merchant')
  @Mutation(() => IssueUserPaymentOptionPayload, { description: 'Give a user one of the merchant\'s packs or memberships.' })
  async issueUserPaymentOption(@Arg('input', () => IssueUserPaymentOptionInput) input: IssueUserPaymentOptionInput, @Ctx() ctx: GatewayContext) {
    return { userPaymentOption: await ctx.services.paymentOptions.issueUserPaymentOption(requireCaller(ctx), input) };
  }
}
