import { Field, ObjectType } from 'type-graphql';

@ObjectType()
export class Health {
  @Field(() => String, { description: 'SERVING or NOT_SERVING.' })
  status!: string;

  @Field(() => String, { description: 'memory or mongodb.' })
  store!: string;
}
