import { Field, ID, InputType } from 'type-graphql';
import { PostalAddressInput } from './postal-address.input';

@InputType()
export class UserInformationInput {
  @Field(() => ID, { description: '1–128 characters.' })
  userId!: string;

  @Field(() => String, { description: '1–40 characters after trimming.' })
  givenName!: string;

  @Field(() => String, { description: '1–40 characters after trimming.' })
  familyName!: string;

  @Field(() => PostalAddressInput, { nullable: true })
  address?: PostalAddressInput | null;

  @Field(() => String, { description: '6–20 digits; optional leading +, spaces, -, ., ( and ).' })
  telephone!: string;

  @Field(() => String, { description: 'At most 254 characters, one @, a dot in the domain.' })
  email!: string;

  @Field(() => String, { nullable: true, description: 'IETF BCP 47.' })
  languageCode?: string | null;
}
