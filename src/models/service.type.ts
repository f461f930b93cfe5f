import { Field, ID, ObjectType } from 'type-graphql';
import { Int64 } from './int64.scalar';
import { Price } from './price.type';

@ObjectType()
export class Service {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => ID)
  serviceId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Price, { nullable: true })
  price!: Price | null;

  @Field(() => Int64, {
    nullable: true,
    description: 'Online cancellation closes this many seconds before the start (absent: at the start).',
  })
  minAdvanceOnlineCancelingSec!: number | null;

  @Field(() => Int64, { nullable: true, description: 'Booking closes this many seconds before the start (absent: at the start).' })
  minAdvanceBookingSec!: number | null;

  @Field(() => Int64, { nullable: true, description: 'Booking opens this many seconds before the start (absent: no limit).' })
  maxAdvanceBookingSec!: number | null;
}
