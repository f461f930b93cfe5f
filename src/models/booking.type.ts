import { Field, ID, ObjectType } from 'type-graphql';
import { BookingStatus } from './enums';
import { Int64 } from './int64.scalar';
import { OfferInfo } from './offer-info.type';
import { PaymentInformation } from './payment-information.type';
import { Slot } from './slot.type';
import { UserInformation } from './user-information.type';
import { VirtualSessionInfo } from './virtual-session.type';

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

  @Field(() => VirtualSessionInfo, {
    nullable: true,
    description: "How to join, copied from the service when booked; password only for the booking's maker and partner or merchant keys.",
  })
  virtualSessionInfo!: VirtualSessionInfo | null;

  @Field(() => String, { nullable: true, description: "The merchant's reason, when declined by declineBooking." })
  declineReason!: string | null;

  @Field(() => OfferInfo, { nullable: true, description: 'Set when createBooking named an offerId.' })
  offerInfo!: OfferInfo | null;
}
