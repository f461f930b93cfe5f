import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Staff, room and party size that disambiguate a slot.' })
export class ResourceIds {
  @Field(() => String, { nullable: true })
  staffId!: string | null;

  @Field(() => String, { nullable: true })
  roomId!: string | null;

  @Field(() => Int, { nullable: true, description: 'Spots a booking or lease takes (1 when absent).' })
  partySize!: number | null;

  @Field(() => String, { nullable: true, description: 'Inventory attribute set by upsertAvailability; not part of slot identity.' })
  staffName!: string | null;

  @Field(() => String, { nullable: true, description: 'Inventory attribute set by upsertAvailability; not part of slot identity.' })
  roomName!: string | null;
}
