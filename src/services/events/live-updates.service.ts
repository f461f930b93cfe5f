// GraphQL subscriptions (api-contract "Events"): a booking's changes and a merchant's availability,
// live, under the same access rules as the queries. Each emission is read from the store when its
// event arrives, for the subscriber (bookingFor, checkAvailability's rules), so what a subscriber sees
// is what the matching query would answer at that moment, and the last value after a burst is the
// settled one.
import type { Caller } from '../../domain/caller';
import { DomainError, notFound } from '../../domain/errors';
import type { BookingRecord } from '../../domain/records';
import { assertServesMerchant } from '../access';
import type { AvailabilityService, SlotAvailability } from '../availability.service';
import type { BookingService } from '../booking.service';
import { keyOfShownSlot } from '../slot';
import { optionalId, requireId } from '../validate';
import { eventStream, type EventFeed } from './event-feed';
import type { SlotAvailabilityData } from './payloads';

export class LiveUpdatesService {
  constructor(
    private readonly feed: EventFeed | null,
    private readonly bookings: BookingService,
    private readonly availability: AvailabilityService,
  ) {}

  /** Every change of one booking the caller may read; NOT_FOUND (at subscribe time) for any other. */
  async bookingChanged(caller: Caller, bookingIdInput: string): Promise<AsyncIterableIterator<BookingRecord>> {
    const bookingId = requireId('bookingId', bookingIdInput);
    const feed = this.live();
    // Listening starts before the access check's read, so a change racing the subscription is not missed.
    const stream = eventStream(
      feed,
      (e) => e.aggregateId === bookingId && e.type.startsWith('booking.'),
      () => this.bookings.getBooking(caller, bookingId),
    );
    if (!(await this.bookings.getBooking(caller, bookingId))) {
      await stream.return?.();
      throw notFound(`no booking "${bookingId}"`, 'bookingId');
    }
    return stream;
  }

  /** Availability changes of a merchant's slots (of one service, when given), as checkAvailability would answer them. */
  slotAvailabilityChanged(caller: Caller, merchantIdInput: string, serviceIdInput?: string | null): AsyncIterableIterator<SlotAvailability> {
    const merchantId = requireId('merchantId', merchantIdInput);
    const serviceId = optionalId('serviceId', serviceIdInput);
    assertServesMerchant(caller, merchantId, 'merchantId');
    const feed = this.live();
    return eventStream(
      feed,
      (e) => e.type === 'slot.availability_changed' && e.merchantId === merchantId && (!serviceId || (e.data as SlotAvailabilityData).slot.serviceId === serviceId),
      async (e) => {
        const data = e.data as SlotAvailabilityData;
        // A deleted slot: nothing is available on it any more.
        return (await this.availability.slotAvailability(caller, keyOfShownSlot(data.slot))) ?? { slot: data.slot, countAvailable: 0, spotsTotal: 0 };
      },
    );
  }

  private live(): EventFeed {
    if (!this.feed) throw new DomainError('FAILED_PRECONDITION', 'events are off on this gateway (EVENTS=false)', undefined, 'EVENTS_DISABLED');
    return this.feed;
  }
}
