import { Field, ID, ObjectType } from 'type-graphql';
import { BookingStatus, PrepaymentStatus } from './enums';

@ObjectType()
export class GetBookingStatusPayload {
  @Field(() => ID)
  bookingId!: string;

  @Field(() => BookingStatus)
  bookingStatus!: BookingStatus;

  @Field(() => PrepaymentStatus)
  prepaymentStatus!: PrepaymentStatus;
}
