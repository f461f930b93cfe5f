import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'How to join an online session (proto VirtualSessionInfo).' })
export class VirtualSessionInfo {
  @Field(() => String, { nullable: true })
  sessionUrl!: string | null;

  @Field(() => String, { nullable: true })
  meetingId!: string | null;

  @Field(() => String, { nullable: true, description: 'Shown only to the booking maker and to partner or merchant keys.' })
  password!: string | null;
}
