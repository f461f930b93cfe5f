import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CreditCardType, PrepaymentPolicy } from './enums';
import { Deposit, NoShowFee } from './payment-policy.type';
import { Int64 } from './int64.scalar';
import { Price } from './price.type';

@ObjectType()
export class Service {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => ID)
  serviceId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Price, { nullable: true })
  price!: Price | null;

  @Field(() => Int64, {
    nullable: true,
    description: 'Online cancellation closes this many seconds before the start (absent: at the start).',
  })
  minAdvanceOnlineCancelingSec!: number | null;

  @Field(() => Int64, { nullable: true, description: 'Booking closes this many seconds before the start (absent: at the start).' })
  minAdvanceBookingSec!: number | null;

  @Field(() => Int64, { nullable: true, description: 'Booking opens this many seconds before the start (absent: no limit).' })
  maxAdvanceBookingSec!: number | null;

  @Field(() => Int64, {
    nullable: true,
    description: 'A pending booking not answered this long after it was made, or by its start, counts as DECLINED_BY_MERCHANT.',
  })
  pendingConfirmationTimeoutSec!: number | null;

  @Field(() => Int, { nullable: true, description: "Most active future bookings one user may hold at this service's merchant." })
  maxActiveBookingsPerUser!: number | null;

  @Field(() => Boolean, { description: "A user's active bookings at this merchant may not overlap in time." })
  preventOverlap!: boolean;

  @Field(() => PrepaymentPolicy, { nullable: true, description: 'NONE: never charged; OPTIONAL (or absent): charged when a payment token is sent; REQUIRED: a booking without one fails with PAYMENT_ERROR.' })
  prepayment!: PrepaymentPolicy | null;

  @Field(() => Deposit, { nullable: true, description: 'Charged in place of the price when set.' })
  deposit!: Deposit | null;

  @Field(() => NoShowFee, { nullable: true })
  noShowFee!: NoShowFee | null;

  @Field(() => [CreditCardType], { nullable: true, description: 'Card brands accepted (absent: all).' })
  acceptedCardTypes!: CreditCardType[] | null;
}
