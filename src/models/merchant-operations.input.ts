import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Booking } from './booking.type';
import { Lease } from './lease.type';

@InputType()
export class BookingRefInput {
  @Field(() => ID)
  bookingId!: string;
}

@InputType()
export class DeclineBookingInput {
  @Field(() => ID)
  bookingId!: string;

  @Field(() => String, { nullable: true, description: 'Shown on the booking as declineReason; at most 1000 characters.' })
  reason?: string | null;
}

@InputType()
export class MarkNoShowInput {
  @Field(() => ID)
  bookingId!: string;

  @Field(() => Boolean, { nullable: true, description: 'true: NO_SHOW_PENALIZED; otherwise NO_SHOW.' })
  penalized?: boolean | null;
}

@InputType()
export class ReleaseLeaseInput {
  @Field(() => ID)
  leaseId!: string;
}

@ObjectType()
export class MerchantBookingPayload {
  @Field(() => Booking, { nullable: true })
  booking!: Booking | null;
}

@ObjectType()
export class ReleaseLeasePayload {
  @Field(() => Lease, { nullable: true })
  lease!: Lease | null;
}
