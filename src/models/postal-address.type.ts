import { Field, ObjectType } from 'type-graphql';

@ObjectType()
export class PostalAddress {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' })
  country!: string;

  @Field(() => String)
  locality!: string;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String)
  streetAddress!: string;
}
