import { Field, InputType } from 'type-graphql';

@InputType()
export class PostalAddressInput {
  @Field(() => String)
  country!: string;

  @Field(() => String)
  locality!: string;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String)
  streetAddress!: string;
}
