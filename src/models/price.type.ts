import { Field, ObjectType } from 'type-graphql';
import { Int64 } from './int64.scalar';

@ObjectType()
export class Price {
  @Field(() => Int64, { description: 'Amount × 10^6.' })
  priceMicros!: number;

  @Field(() => String, { description: 'ISO 4217.' })
  currencyCode!: string;

  @Field(() => String, { nullable: true })
  pricingOptionTag!: string | null;
}
