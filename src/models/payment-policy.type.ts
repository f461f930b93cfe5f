import { Field, ObjectType } from 'type-graphql';
import { PriceType } from './enums';
import { Int64 } from './int64.scalar';
import { Price } from './price.type';

@ObjectType({ description: 'What a booking prepays in place of the full price, and until when a cancel gets it back.' })
export class Deposit {
  @Field(() => Price)
  deposit!: Price;

  @Field(() => Int64, { nullable: true, description: 'A cancel at least this long before the start is refunded; later, the deposit is kept. Absent: always refunded.' })
  minAdvanceCancellationSec!: number | null;

  @Field(() => PriceType)
  depositType!: PriceType;
}

@ObjectType({ description: 'Charged to the card kept on file when the merchant marks a no-show penalized.' })
export class NoShowFee {
  @Field(() => Price)
  fee!: Price;

  @Field(() => PriceType)
  feeType!: PriceType;
}
