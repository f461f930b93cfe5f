// merchantBookings' Relay connection (api-contract "Merchant operations").
import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';
import { Booking } from './booking.type';
import { BookingStatus } from './enums';
import { Int64 } from './int64.scalar';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page (null on an empty page)." })
  endCursor!: string | null;
}

@ObjectType()
export class BookingEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Booking)
  node!: Booking;
}

@ObjectType()
export class BookingConnection {
  @Field(() => [BookingEdge])
  edges!: BookingEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Bookings the query matches in all pages.' })
  totalCount!: number;
}

@ArgsType()
export class MerchantBookingsArgs {
  @Field(() => ID)
  merchantId!: string;

  @Field(() => Int64)
  startSecFrom!: number;

  @Field(() => Int64, { description: 'Exclusive; at most 62 days after startSecFrom.' })
  startSecTo!: number;

  @Field(() => ID, { nullable: true })
  serviceId?: string | null;

  @Field(() => String, { nullable: true })
  staffId?: string | null;

  @Field(() => [BookingStatus], { nullable: true, description: 'Statuses as of now (a pending booking past its deadline is DECLINED_BY_MERCHANT).' })
  status?: BookingStatus[] | null;

  @Field(() => Int, { nullable: true, description: '1–200, default 50.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'An endCursor from an earlier page of the same query.' })
  after?: string | null;
}
