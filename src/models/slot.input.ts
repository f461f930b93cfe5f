import { Field, ID, InputType } from 'type-graphql';
import { ConfirmationMode } from './enums';
import { Int64 } from './int64.scalar';
import { ResourceIdsInput } from './resource-ids.input';

@InputType()
export class SlotInput {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => ID)
  serviceId!: string;

  @Field(() => Int64)
  startSec!: number;

  @Field(() => Int64, { description: 'Must be > 0.' })
  durationSec!: number;

  @Field(() => String, { nullable: true })
  availabilityTag?: string | null;

  @Field(() => ResourceIdsInput, { nullable: true })
  resources?: ResourceIdsInput | null;

  @Field(() => ConfirmationMode, { nullable: true, description: 'Ignored: the inventory decides.' })
  confirmationMode?: ConfirmationMode | null;
}
