// merchantBookings: a merchant's schedule, one page at a time, in (slot.startSec, bookingId) order.
// Every read is an index range on the store (merchant, start, booking id), never a scan of the
// merchant's history: a page costs one range read of `first + 1` bookings and one count.
import { asOf } from '../../domain/booking-status';
import type { Caller } from '../../domain/caller';
import type { Clock } from '../../domain/clock';
import { BookingStatus } from '../../domain/enums';
import { invalidArgument } from '../../domain/errors';
import type { BookingRecord } from '../../domain/records';
import type { BookingStore, MerchantBookingsQuery } from '../../store/store.port';
import { assertServesMerchant, bookingFor } from '../access';
import type { MerchantBookingsArgs } from '../inputs';
import type { BookingPolicy } from '../policy';
import { isAbsent, optionalId, optionalInt, requireId, requireInt } from '../validate';
import { decodeCursor, encodeCursor, type CursorScope } from './page-cursor';

export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MAX = 200;

export interface BookingEdge {
  cursor: string;
  node: BookingRecord;
}

export interface BookingConnection {
  edges: BookingEdge[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const STATUSES = new Set<string>(Object.values(BookingStatus));

export class MerchantScheduleService {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly policy: BookingPolicy,
  ) {}

  async merchantBookings(caller: Caller, args: MerchantBookingsArgs): Promise<BookingConnection> {
    const scope = this.parseScope(args);
    assertServesMerchant(caller, scope.merchantId, 'merchantId');
    const first = optionalInt('first', args.first, 1, PAGE_SIZE_MAX) ?? PAGE_SIZE_DEFAULT;
    const after = isAbsent(args.after) || args.after === '' ? null : decodeCursor('after', String(args.after), scope);

    const reader = this.store.reader;
    const [merchant] = await reader.getMerchants([scope.merchantId]);
    if (!merchant) throw invalidArgument('merchantId', `unknown merchant "${scope.merchantId}"`);
    if (scope.serviceId) {
      const [service] = await reader.getServices([{ merchantId: scope.merchantId, serviceId: scope.serviceId }]);
      if (!service) throw invalidArgument('serviceId', `unknown service "${scope.serviceId}" for this merchant`);
    }
    const now = this.clock.nowSec();
    const query: MerchantBookingsQuery = { ...scope, statuses: scope.statuses as BookingStatus[] | null, after, limit: first + 1 };
    const [found, totalCount] = await Promise.all([reader.listMerchantBookings(query, now), reader.countMerchantBookings(query, now)]);
    const page = found.slice(0, first);
    const edges = page.map((booking) => ({
      cursor: encodeCursor({ startSec: booking.slot.startSec, bookingId: booking.bookingId }, scope),
      // As of now, like the status filter: a pending booking past its deadline shows DECLINED_BY_MERCHANT.
      node: bookingFor(caller, asOf(booking, now)),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: found.length > first, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
      totalCount,
    };
  }

  private parseScope(args: MerchantBookingsArgs): CursorScope {
    const merchantId = requireId('merchantId', args.merchantId);
    const startSecFrom = requireInt('startSecFrom', args.startSecFrom, 0);
    const startSecTo = requireInt('startSecTo', args.startSecTo, 0);
    if (startSecTo <= startSecFrom) throw invalidArgument('startSecTo', 'must be after startSecFrom');
    if (startSecTo - startSecFrom > this.policy.maxSlotRangeSec) {
      throw invalidArgument('startSecTo', `the range may span at most ${this.policy.maxSlotRangeSec} seconds (62 days)`);
    }
    let statuses: string[] | null = null;
    if (!isAbsent(args.status)) {
      if (args.status.length === 0) throw invalidArgument('status', 'must name at least one status (omit it for every status)');
      const unknown = args.status.findIndex((s) => !STATUSES.has(s));
      if (unknown >= 0) throw invalidArgument(`status[${unknown}]`, 'is not a BookingStatus');
      statuses = [...new Set(args.status)].sort();
    }
    return {
      merchantId,
      startSecFrom,
      startSecTo,
      serviceId: optionalId('serviceId', args.serviceId),
      staffId: optionalId('staffId', args.staffId),
      statuses,
    };
  }
}
