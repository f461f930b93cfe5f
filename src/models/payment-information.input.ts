import { Field, InputType } from 'type-graphql';
import { PaymentProcessedBy, PrepaymentStatus } from './enums';
import { PriceInput } from './price.input';

@InputType()
export class PaymentInformationInput {
  @Field(() => PrepaymentStatus, { nullable: true })
  prepaymentStatus?: PrepaymentStatus | null;

  @Field(() => String, { nullable: true })
  paymentTransactionId?: string | null;

  @Field(() => PriceInput, { nullable: true })
  price?: PriceInput | null;

  @Field(() => PriceInput, { nullable: true })
  taxAmount?: PriceInput | null;

  @Field(() => PriceInput, { nullable: true })
  fees?: PriceInput | null;

  @Field(() => PriceInput, { nullable: true })
  feesAndTaxes?: PriceInput | null;

  @Field(() => PaymentProcessedBy, { nullable: true })
  paymentProcessedBy?: PaymentProcessedBy | null;

  @Field(() => String, { nullable: true })
  paymentOptionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Pay with this pack or membership of the user (one use).' })
  userPaymentOptionId?: string | null;

  @Field(() => String, { nullable: true, description: 'The 3-D Secure 1 challenge answer, on the retry after PAYMENT_REQUIRES_3DS1.' })
  paResponse?: string | null;

  @Field(() => String, { nullable: true, description: 'Echoed from threeds1Parameters.mdMerchantData on the retry after PAYMENT_REQUIRES_3DS1.' })
  mdMerchantData?: string | null;
}

@InputType()
export class PaymentProcessingParametersInput {
  @Field(() => String, { nullable: true })
  paymentProcessor?: string | null;

  @Field(() => String, { nullable: true })
  unparsedPaymentMethodToken?: string | null;

  @Field(() => String, { nullable: true })
  version?: string | null;
}
