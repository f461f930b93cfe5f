import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType()
export class Merchant {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'IANA time zone, e.g. Europe/Zurich.' })
  timeZone!: string;
}
