import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Int64 } from './int64.scalar';
import { ResourceIdsInput } from './resource-ids.input';

@InputType({ description: 'The identity of an inventory slot.' })
export class SlotIdentityInput {
  @Field(() => ID)
  serviceId!: string;

  @Field(() => Int64)
  startSec!: number;

  @Field(() => Int64)
  durationSec!: number;

  @Field(() => ResourceIdsInput, { nullable: true, description: 'staffId and roomId are identity; the rest is ignored.' })
  resources?: ResourceIdsInput | null;
}

@InputType()
export class DeleteAvailabilityInput {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => [SlotIdentityInput])
  slot!: SlotIdentityInput[];
}

@ObjectType()
export class DeleteAvailabilityPayload {
  @Field(() => Int, { description: 'Slots that existed and were deleted (unknown slots count 0).' })
  deletedCount!: number;
}
