import { Field, InputType } from 'type-graphql';
import { LeaseReferenceInput } from './lease.input';
import { PaymentInformationInput, PaymentProcessingParametersInput } from './payment-information.input';
import { SlotInput } from './slot.input';
import { UserInformationInput } from './user-information.input';

@InputType()
export class CreateBookingInput {
  @Field(() => SlotInput)
  slot!: SlotInput;

  @Field(() => LeaseReferenceInput, { nullable: true, description: 'Book through this lease: it is consumed.' })
  leaseRef?: LeaseReferenceInput | null;

  @Field(() => UserInformationInput)
  userInformation!: UserInformationInput;

  @Field(() => PaymentInformationInput, { nullable: true })
  paymentInformation?: PaymentInformationInput | null;

  @Field(() => PaymentProcessingParametersInput, { nullable: true })
  paymentProcessingParameters?: PaymentProcessingParametersInput | null;

  @Field(() => String, {
    description: '1–255 characters, scoped per caller. The same token with the same request returns the first success.',
  })
  idempotencyToken!: string;

  @Field(() => String, { nullable: true, description: 'At most 1,000 characters.' })
  additionalRequest?: string | null;

  @Field(() => String, { nullable: true, description: 'The offer this booking is made under (v3 offer_id), at most 255 characters; echoed as Booking.offerInfo.' })
  offerId?: string | null;
}
