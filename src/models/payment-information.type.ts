import { Field, ObjectType } from 'type-graphql';
import { PaymentProcessedBy, PrepaymentStatus } from './enums';
import { Price } from './price.type';

@ObjectType()
export class PaymentInformation {
  @Field(() => PrepaymentStatus)
  prepaymentStatus!: PrepaymentStatus;

  @Field(() => String, { nullable: true })
  paymentTransactionId!: string | null;

  @Field(() => Price, { nullable: true })
  price!: Price | null;

  @Field(() => Price, { nullable: true })
  taxAmount!: Price | null;

  @Field(() => Price, { nullable: true })
  fees!: Price | null;

  @Field(() => Price, { nullable: true })
  feesAndTaxes!: Price | null;

  @Field(() => PaymentProcessedBy, { nullable: true })
  paymentProcessedBy!: PaymentProcessedBy | null;

  @Field(() => String, { nullable: true })
  paymentOptionId!: string | null;

  @Field(() => String, { nullable: true })
  userPaymentOptionId!: string | null;
}
