import { Field, Int, ObjectType } from 'type-graphql';
import { Slot } from './slot.type';

@ObjectType({ description: 'An inventory slot with its live capacity.' })
export class SlotAvailability {
  @Field(() => Slot)
  slot!: Slot;

  @Field(() => Int)
  countAvailable!: number;

  @Field(() => Int)
  spotsTotal!: number;
}
