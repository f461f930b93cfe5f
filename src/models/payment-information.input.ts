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

  @Field(() => String, { nullable: true })
  userPaymentOptionId?: string | null;
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
