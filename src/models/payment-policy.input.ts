import { Field, InputType } from 'type-graphql';
import { PriceType } from './enums';
import { Int64 } from './int64.scalar';
import { PriceInput } from './price.input';

@InputType()
export class DepositInput {
  @Field(() => PriceInput)
  deposit!: PriceInput;

  @Field(() => Int64, { nullable: true, description: 'A cancel at least this long before the start is refunded (absent: always).' })
  minAdvanceCancellationSec?: number | null;

  @Field(() => PriceType, { nullable: true, description: 'Default FIXED_RATE_DEFAULT.' })
  depositType?: PriceType | null;
}

@InputType()
export class NoShowFeeInput {
  @Field(() => PriceInput)
  fee!: PriceInput;

  @Field(() => PriceType, { nullable: true, description: 'Default FIXED_RATE_DEFAULT.' })
  feeType?: PriceType | null;
}
