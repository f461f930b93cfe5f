import { Field, InputType } from 'type-graphql';

@InputType()
export class VirtualSessionInfoInput {
  @Field(() => String, { nullable: true, description: 'An http(s) URL, at most 2048 characters.' })
  sessionUrl?: string | null;

  @Field(() => String, { nullable: true })
  meetingId?: string | null;

  @Field(() => String, { nullable: true, description: 'Never logged; hidden from widget keys that did not make the booking.' })
  password?: string | null;
}
