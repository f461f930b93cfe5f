import { Field, InputType, Int } from 'type-graphql';

@InputType()
export class ResourceIdsInput {
  @Field(() => String, { nullable: true })
  staffId?: string | null;

  @Field(() => String, { nullable: true })
  roomId?: string | null;

  @Field(() => Int, { nullable: true, description: '1–100; spots taken, 1 when absent.' })
  partySize?: number | null;

  @Field(() => String, { nullable: true, description: 'Stored by upsertAvailability (with staffId); ignored elsewhere.' })
  staffName?: string | null;

  @Field(() => String, { nullable: true, description: 'Stored by upsertAvailability (with roomId); ignored elsewhere.' })
  roomName?: string | null;
}
