// Webhook subscriptions and their deliveries as GraphQL shows them (api-contract "Events").
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Int64 } from './int64.scalar';
import { PageInfo } from './merchant-bookings.type';

@ObjectType()
export class WebhookSubscription {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  url!: string;

  @Field(() => [String])
  eventTypes!: string[];

  @Field(() => [ID], { nullable: true, description: 'The merchants whose events it receives; null: every merchant.' })
  merchantIds!: string[] | null;

  @Field(() => Int64)
  createdAtSec!: number;
}

@ObjectType()
export class CreateWebhookSubscriptionPayload {
  @Field(() => WebhookSubscription)
  webhookSubscription!: WebhookSubscription;

  @Field(() => String, { description: 'The signing secret (whsec_…), shown only here: store it now.' })
  secret!: string;
}

@ObjectType()
export class DeleteWebhookSubscriptionPayload {
  @Field(() => ID)
  id!: string;

  @Field(() => Boolean, { description: 'False when it was already gone.' })
  deleted!: boolean;
}

@ObjectType()
export class WebhookDelivery {
  @Field(() => ID)
  eventId!: string;

  @Field(() => String)
  type!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { description: 'PENDING, DELIVERED or FAILED.' })
  status!: string;

  @Field(() => Int64, { nullable: true })
  lastAttemptAtSec!: number | null;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status at the last attempt; null when it did not answer." })
  lastResponseStatus!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (a status, a timeout, a network error).' })
  lastError!: string | null;

  @Field(() => Int64, { nullable: true, description: 'When the next attempt is due; null once delivered or failed.' })
  nextAttemptAtSec!: number | null;
}

@ObjectType()
export class WebhookDeliveryEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => WebhookDelivery)
  node!: WebhookDelivery;
}

@ObjectType()
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDeliveryEdge])
  edges!: WebhookDeliveryEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
