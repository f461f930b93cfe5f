import { Field, ID, InputType } from 'type-graphql';
import { BookingStatus } from './enums';
import { SlotInput } from './slot.input';

@InputType({ description: 'Either status: CANCELED (cancel) or slot (reschedule / change party size), not both.' })
export class BookingUpdateInput {
  @Field(() => ID)
  bookingId!: string;

  @Field(() => SlotInput, { nullable: true, description: 'New start/duration or party size; resources left out keep their value.' })
  slot?: SlotInput | null;

  @Field(() => BookingStatus, { nullable: true })
  status?: BookingStatus | null;
}

@InputType()
export class UpdateBookingInput {
  @Field(() => BookingUpdateInput)
  booking!: BookingUpdateInput;
}
