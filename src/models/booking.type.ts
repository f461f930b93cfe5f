import { Field, ID, ObjectType } from 'type-graphql';
import { BookingStatus } from './enums';
import { Int64 } from './int64.scalar';
import { PaymentInformation } from './payment-information.type';
import { Slot } from './slot.type';
import { UserInformation } from './user-information.type';

@ObjectType()
export class Booking {
  @Field(() => ID)
  bookingId!: string;

  @Field(() => Slot)
  slot!: Slot;

  @Field(() => UserInformation)
  userInformation!: UserInformation;

  @Field(() => BookingStatus)
  status!: BookingStatus;

  @Field(() => PaymentInformation, { nullable: true })
  paymentInformation!: PaymentInformation | null;

  @Field(() => String, { nullable: true })
  additionalRequest!: string | null;

  @Field(() => Int64)
  createdAtSec!: number;

  @Field(() => Int64)
  updatedAtSec!: number;
}
