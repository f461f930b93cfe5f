import { ArgsType, Field, ID, Int } from 'type-graphql';
import { Int64 } from './int64.scalar';
import { SlotTimeInput } from './slot-time.input';

@ArgsType()
export class AvailableSlotsArgs {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => ID, { nullable: true, description: 'All services of the merchant when absent.' })
  serviceId?: string | null;

  @Field(() => Int64, { description: 'Inclusive.' })
  startSecFrom!: number;

  @Field(() => Int64, { description: 'Exclusive; the range may span at most 62 days.' })
  startSecTo!: number;

  @Field(() => Int, { nullable: true, description: 'Spots needed (1–100, default 1).' })
  partySize?: number | null;
}

@ArgsType()
export class BatchAvailabilityLookupArgs {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => [SlotTimeInput], { description: 'At most 1,000 slot times.' })
  slotTime!: SlotTimeInput[];
}
