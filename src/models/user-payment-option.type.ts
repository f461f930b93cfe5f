import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PaymentOptionType } from './enums';
import { Int64 } from './int64.scalar';

@ObjectType({ description: "A user's pack or membership (issueUserPaymentOption); bookings spend its count, cancels give it back." })
export class UserPaymentOption {
  @Field(() => ID)
  userPaymentOptionId!: string;

  @Field(() => Int64, { nullable: true })
  validStartTimeSec!: number | null;

  @Field(() => Int64, { nullable: true })
  validEndTimeSec!: number | null;

  @Field(() => Int, { nullable: true })
  originalCount!: number | null;

  @Field(() => Int, { nullable: true })
  currentCount!: number | null;

  @Field(() => String, { nullable: true })
  paymentOptionId!: string | null;

  @Field(() => PaymentOptionType, { nullable: true })
  type!: PaymentOptionType | null;
}
