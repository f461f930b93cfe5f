import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The offer a booking was made under (proto OfferInfo).' })
export class OfferInfo {
  @Field(() => String)
  offerId!: string;
}
