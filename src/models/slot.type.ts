import { Field, ID, ObjectType } from 'type-graphql';
import { ConfirmationMode } from './enums';
import { Int64 } from './int64.scalar';
import { ResourceIds } from './resource-ids.type';

@ObjectType({ description: 'A bookable slot. Identity: merchantId, serviceId, startSec, durationSec, staffId, roomId.' })
export class Slot {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => ID)
  serviceId!: string;

  @Field(() => Int64, { description: 'Start, seconds since the Unix epoch (UTC).' })
  startSec!: number;

  @Field(() => Int64)
  durationSec!: number;

  @Field(() => String, { nullable: true })
  availabilityTag!: string | null;

  @Field(() => ResourceIds, { nullable: true })
  resources!: ResourceIds | null;

  @Field(() => ConfirmationMode)
  confirmationMode!: ConfirmationMode;
}
