import { Field, ObjectType } from 'type-graphql';
import { BookingFailureCause, CreditCardType } from './enums';

@ObjectType({ description: 'A business refusal of a valid request. When set, the other payload fields are null.' })
export class BookingFailure {
  @Field(() => BookingFailureCause)
  cause!: BookingFailureCause;

  @Field(() => CreditCardType, { nullable: true })
  rejectedCardType!: CreditCardType | null;

  @Field(() => String, { nullable: true, description: 'Human-readable detail, for debugging.' })
  description!: string | null;
}
