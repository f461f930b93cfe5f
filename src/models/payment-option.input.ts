import { Field, ID, InputType, Int } from 'type-graphql';
import { PaymentOptionType } from './enums';
import { Int64 } from './int64.scalar';

@InputType()
export class UpsertPaymentOptionInput {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => ID)
  paymentOptionId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => PaymentOptionType)
  type!: PaymentOptionType;

  @Field(() => Int, { nullable: true, description: 'Required for MULTI_USE (1–10000); 1 or absent for SINGLE_USE; absent for UNLIMITED_USE.' })
  count?: number | null;

  @Field(() => Int64, { nullable: true, description: 'How long an issued option is valid (absent: no end).' })
  validDurationSec?: number | null;
}

@InputType()
export class IssueUserPaymentOptionInput {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => ID)
  paymentOptionId!: string;
}
