import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { CreateWebhookSubscriptionInput, DeleteWebhookSubscriptionInput } from '../models/webhook.input';
import { CreateWebhookSubscriptionPayload, DeleteWebhookSubscriptionPayload, WebhookDeliveryConnection, WebhookSubscription } from '../models/webhook.type';
import { requireCaller } from './auth-checker';
import type { GatewayContext } from './context';

/** Webhook subscriptions of the calling key (partner and merchant keys). */
@Resolver()
export class WebhookSubscriptionResolver {
  @Authorized('partner', 'merchant')
  @Mutation(() => CreateWebhookSubscriptionPayload, { description: 'Subscribes a URL to events; the signing secret is in the answer, only this once.' })
  createWebhookSubscription(@Arg('input', () => CreateWebhookSubscriptionInput) input: CreateWebhookSubscriptionInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.webhooks.create(requireCaller(ctx), input);
  }

  @Authorized('partner', 'merchant')
  @Mutation(() => DeleteWebhookSubscriptionPayload, { description: "Deletes one of this key's subscriptions and its delivery records." })
  deleteWebhookSubscription(@Arg('input', () => DeleteWebhookSubscriptionInput) input: DeleteWebhookSubscriptionInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.webhooks.delete(requireCaller(ctx), input.id);
  }

  @Authorized('partner', 'merchant')
  @Query(() => [WebhookSubscription], { description: "This key's webhook subscriptions, oldest first." })
  webhookSubscriptions(@Ctx() ctx: GatewayContext) {
    return ctx.services.webhooks.list(requireCaller(ctx));
  }

  @Authorized('partner', 'merchant')
  @Query(() => WebhookDeliveryConnection, { description: "One subscription's deliveries, oldest first; first 1..200 (default 50)." })
  webhookDeliveries(
    @Arg('subscriptionId', () => ID) subscriptionId: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ) {
    return ctx.services.webhooks.deliveries(requireCaller(ctx), subscriptionId, first, after);
  }
}
