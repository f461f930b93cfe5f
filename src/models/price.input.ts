import { Field, InputType } from 'type-graphql';
import { Int64 } from './int64.scalar';

@InputType()
export class PriceInput {
  @Field(() => Int64)
  priceMicros!: number;

  @Field(() => String)
  currencyCode!: string;

  @Field(() => String, { nullable: true })
  pricingOptionTag?: string | null;
}
