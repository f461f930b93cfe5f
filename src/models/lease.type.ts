import { Field, ID, ObjectType } from 'type-graphql';
import { Int64 } from './int64.scalar';
import { Slot } from './slot.type';

@ObjectType({ description: 'A temporary hold on spots of a slot, live until leaseExpirationTimeSec.' })
export class Lease {
  @Field(() => ID)
  leaseId!: string;

  @Field(() => Slot)
  slot!: Slot;

  @Field(() => String)
  userReference!: string;

  @Field(() => Int64)
  leaseExpirationTimeSec!: number;
}
