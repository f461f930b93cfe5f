import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConfirmationMode, CreditCardType, PrepaymentPolicy } from './enums';
import { Int64 } from './int64.scalar';
import { DepositInput, NoShowFeeInput } from './payment-policy.input';
import { PriceInput } from './price.input';
import { ResourceIdsInput } from './resource-ids.input';
import { VirtualSessionInfoInput } from './virtual-session.input';

@InputType()
export class UpsertMerchantInput {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'IANA time zone, e.g. Europe/Zurich.' })
  timeZone!: string;
}

@InputType()
export class UpsertServiceInput {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => ID)
  serviceId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => PriceInput, { nullable: true })
  price?: PriceInput | null;

  @Field(() => Int64, { nullable: true })
  minAdvanceOnlineCancelingSec?: number | null;

  @Field(() => Int64, { nullable: true, description: 'Book at least this many seconds before the start (absent: until the start).' })
  minAdvanceBookingSec?: number | null;

  @Field(() => Int64, { nullable: true, description: 'Book at most this many seconds before the start (absent: no limit).' })
  maxAdvanceBookingSec?: number | null;

  @Field(() => Int64, { nullable: true, description: 'Pending bookings count as declined this long after they were made (or at their start).' })
  pendingConfirmationTimeoutSec?: number | null;

  @Field(() => Int, { nullable: true, description: "1–1000: most active future bookings one user may hold at the merchant (USER_OVER_BOOKING_LIMIT)." })
  maxActiveBookingsPerUser?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Refuse a user's booking that overlaps another of theirs at the merchant (OVERLAPPING_RESERVATION)." })
  preventOverlap?: boolean | null;

  @Field(() => VirtualSessionInfoInput, { nullable: true, description: 'Copied onto every booking made from now on.' })
  virtualSession?: VirtualSessionInfoInput | null;

  @Field(() => PrepaymentPolicy, { nullable: true, description: 'NONE, OPTIONAL (the default) or REQUIRED.' })
  prepayment?: PrepaymentPolicy | null;

  @Field(() => DepositInput, { nullable: true })
  deposit?: DepositInput | null;

  @Field(() => NoShowFeeInput, { nullable: true })
  noShowFee?: NoShowFeeInput | null;

  @Field(() => [CreditCardType], { nullable: true, description: 'Card brands accepted (absent: all); another brand fails with PAYMENT_ERROR_CARD_TYPE_REJECTED.' })
  acceptedCardTypes?: CreditCardType[] | null;
}

@InputType({ description: 'One inventory slot; upserting the same identity again updates it.' })
export class AvailabilityInput {
  @Field(() => ID)
  serviceId!: string;

  @Field(() => Int64)
  startSec!: number;

  @Field(() => Int64)
  durationSec!: number;

  @Field(() => Int, { description: 'Capacity; lowering it below what is held keeps the bookings.' })
  spotsTotal!: number;

  @Field(() => String, { nullable: true })
  availabilityTag?: string | null;

  @Field(() => ResourceIdsInput, { nullable: true, description: 'staffId and roomId are identity; partySize is ignored.' })
  resources?: ResourceIdsInput | null;

  @Field(() => ConfirmationMode, { nullable: true })
  confirmationMode?: ConfirmationMode | null;
}

@InputType()
export class UpsertAvailabilityInput {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => [AvailabilityInput])
  availability!: AvailabilityInput[];
}

@ObjectType()
export class UpsertAvailabilityPayload {
  @Field(() => Int)
  upsertedCount!: number;
}
