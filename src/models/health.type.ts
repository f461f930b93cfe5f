import { Field, ObjectType } from 'type-graphql';

@ObjectType()
export class Health {
  @Field(() => String, { description: 'SERVING or NOT_SERVING.' })
  status!: string;

  @Field(() => String, { description: 'sqlite, memory or mongodb.' })
  store!: string;
}
