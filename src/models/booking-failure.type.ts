import { Field, ObjectType } from 'type-graphql';
import { BookingFailureCause, CreditCardType } from './enums';

@ObjectType({ description: 'What a 3-D Secure 1 challenge needs (spec ThreeDS1Parameters).' })
export class ThreeDS1Parameters {
  @Field(() => String)
  acsUrl!: string;

  @Field(() => String)
  paReq!: string;

  @Field(() => String)
  transactionId!: string;

  @Field(() => String)
  mdMerchantData!: string;
}

@ObjectType()
export class PaymentFailureInformation {
  @Field(() => ThreeDS1Parameters, { nullable: true })
  threeds1Parameters!: ThreeDS1Parameters | null;
}

@ObjectType({ description: 'A business refusal of a valid request. When set, the other payload fields are null.' })
export class BookingFailure {
  @Field(() => BookingFailureCause)
  cause!: BookingFailureCause;

  @Field(() => CreditCardType, { nullable: true, description: 'The brand refused, with PAYMENT_ERROR_CARD_TYPE_REJECTED.' })
  rejectedCardType!: CreditCardType | null;

  @Field(() => String, { nullable: true, description: 'Human-readable detail, for debugging.' })
  description!: string | null;

  @Field(() => PaymentFailureInformation, { nullable: true, description: 'Set with PAYMENT_REQUIRES_3DS1.' })
  paymentFailure?: PaymentFailureInformation | null;
}
