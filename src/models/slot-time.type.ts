import { Field, ID, ObjectType } from 'type-graphql';
import { ConfirmationMode } from './enums';
import { Int64 } from './int64.scalar';
import { ResourceIds } from './resource-ids.type';

@ObjectType({ description: 'A slot time of batchAvailabilityLookup: like a Slot, without the merchant.' })
export class SlotTime {
  @Field(() => ID)
  serviceId!: string;

  @Field(() => Int64)
  startSec!: number;

  @Field(() => Int64, { nullable: true })
  durationSec!: number | null;

  @Field(() => String, { nullable: true })
  availabilityTag!: string | null;

  @Field(() => ResourceIds, { nullable: true })
  resourceIds!: ResourceIds | null;

  @Field(() => ConfirmationMode, { nullable: true })
  confirmationMode!: ConfirmationMode | null;
}

@ObjectType()
export class SlotTimeAvailability {
  @Field(() => SlotTime)
  slotTime!: SlotTime;

  @Field(() => Boolean)
  available!: boolean;
}
