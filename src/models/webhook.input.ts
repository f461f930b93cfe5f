// Inputs of webhook subscription management (api-contract "Events").
import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateWebhookSubscriptionInput {
  @Field(() => String, { description: 'Where events are POSTed (https). Loopback, private and link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true.' })
  url!: string;

  @Field(() => [String], { description: 'booking.created, booking.confirmed, booking.declined, booking.cancelled, booking.rescheduled, booking.no_show, booking.payment_updated, slot.availability_changed.' })
  eventTypes!: string[];

  @Field(() => [ID], { nullable: true, description: "Only these merchants' events (each one the key serves); omitted: every merchant the key serves." })
  merchantIds?: string[] | null;
}

@InputType()
export class DeleteWebhookSubscriptionInput {
  @Field(() => ID)
  id!: string;
}
