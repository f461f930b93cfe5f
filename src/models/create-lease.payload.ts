import { Field, ObjectType } from 'type-graphql';
import { BookingFailure } from './booking-failure.type';
import { Lease } from './lease.type';

@ObjectType()
export class CreateLeasePayload {
  @Field(() => Lease, { nullable: true })
  lease!: Lease | null;

  @Field(() => BookingFailure, { nullable: true })
  bookingFailure!: BookingFailure | null;
}
