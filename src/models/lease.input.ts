import { Field, ID, InputType } from 'type-graphql';
import { Int64 } from './int64.scalar';
import { SlotInput } from './slot.input';

@InputType()
export class LeaseInput {
  @Field(() => SlotInput)
  slot!: SlotInput;

  @Field(() => String, { description: "Caller-chosen reference, 1–128 characters: the lease's idempotency key." })
  userReference!: string;

  @Field(() => Int64, { nullable: true, description: 'Absent: 10 minutes from now; at most 30 minutes from now.' })
  leaseExpirationTimeSec?: number | null;
}

@InputType()
export class LeaseReferenceInput {
  @Field(() => ID)
  leaseId!: string;
}

@InputType()
export class CreateLeaseInput {
  @Field(() => LeaseInput)
  lease!: LeaseInput;
}
