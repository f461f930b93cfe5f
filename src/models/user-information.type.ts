import { Field, ID, ObjectType } from 'type-graphql';
import { PostalAddress } from './postal-address.type';

@ObjectType()
export class UserInformation {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  givenName!: string;

  @Field(() => String)
  familyName!: string;

  @Field(() => PostalAddress, { nullable: true })
  address!: PostalAddress | null;

  @Field(() => String)
  telephone!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String, { nullable: true })
  languageCode!: string | null;
}
