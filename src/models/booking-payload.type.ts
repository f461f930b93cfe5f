import { Field, ObjectType } from 'type-graphql';
import { BookingFailure } from './booking-failure.type';
import { Booking } from './booking.type';
import { UserPaymentOption } from './user-payment-option.type';

@ObjectType()
export class CreateBookingPayload {
  @Field(() => Booking, { nullable: true })
  booking!: Booking | null;

  @Field(() => UserPaymentOption, { nullable: true })
  userPaymentOption!: UserPaymentOption | null;

  @Field(() => BookingFailure, { nullable: true })
  bookingFailure!: BookingFailure | null;
}

@ObjectType()
export class UpdateBookingPayload {
  @Field(() => Booking, { nullable: true })
  booking!: Booking | null;

  @Field(() => UserPaymentOption, { nullable: true })
  userPaymentOption!: UserPaymentOption | null;

  @Field(() => BookingFailure, { nullable: true })
  bookingFailure!: BookingFailure | null;
}
