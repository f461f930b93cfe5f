import { Field, Int, ObjectType } from 'type-graphql';
import { SlotTimeAvailability } from './slot-time.type';
import { Slot } from './slot.type';

@ObjectType()
export class CheckAvailabilityPayload {
  @Field(() => Slot)
  slot!: Slot;

  @Field(() => Int, { description: 'Open spots; 0 means the slot cannot be booked now.' })
  countAvailable!: number;
}

@ObjectType()
export class BatchAvailabilityLookupPayload {
  @Field(() => [SlotTimeAvailability], { description: 'Exactly one entry per requested slot time, in request order.' })
  slotTimeAvailability!: SlotTimeAvailability[];
}
