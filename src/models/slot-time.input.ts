import { Field, ID, InputType } from 'type-graphql';
import { ConfirmationMode } from './enums';
import { Int64 } from './int64.scalar';
import { ResourceIdsInput } from './resource-ids.input';

@InputType()
export class SlotTimeInput {
  @Field(() => ID)
  serviceId!: string;

  @Field(() => Int64)
  startSec!: number;

  @Field(() => Int64, { nullable: true, description: 'Absent: any duration at that service, start and resources.' })
  durationSec?: number | null;

  @Field(() => String, { nullable: true })
  availabilityTag?: string | null;

  @Field(() => ResourceIdsInput, { nullable: true })
  resourceIds?: ResourceIdsInput | null;

  @Field(() => ConfirmationMode, { nullable: true })
  confirmationMode?: ConfirmationMode | null;
}
