import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PaymentOptionType } from './enums';
import { Int64 } from './int64.scalar';
import { UserPaymentOption } from './user-payment-option.type';

@ObjectType({ description: "A merchant's pack or membership, issued to users with issueUserPaymentOption." })
export class PaymentOption {
  @Field(() => ID)
  paymentOptionId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => PaymentOptionType)
  type!: PaymentOptionType;

  @Field(() => Int, { nullable: true, description: 'Uses per issue (1 for single use; absent for unlimited use).' })
  count!: number | null;

  @Field(() => Int64, { nullable: true, description: 'An issued option is valid this long (absent: no end).' })
  validDurationSec!: number | null;
}

@ObjectType()
export class UpsertPaymentOptionPayload {
  @Field(() => PaymentOption)
  paymentOption!: PaymentOption;
}

@ObjectType()
export class IssueUserPaymentOptionPayload {
  @Field(() => UserPaymentOption)
  userPaymentOption!: UserPaymentOption;
}
