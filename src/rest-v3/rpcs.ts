// The Booking Server API v3 RPCs (spec §3), each a translation: proto3 JSON in, one call of the same
// services the GraphQL face calls, proto3 JSON out. No business rule lives here; a refusal the
// engine returns as data (bookingFailure) is HTTP 200, an error it throws is mapped by errors.ts.
import type { Caller } from '../domain/caller';
import { notFound } from '../domain/errors';
import type { Services } from '../services';
import type {
  CreateBookingRequest as CreateBookingInput,
  CreateLeaseRequest as CreateLeaseInput,
  SlotInput,
  SlotTimeInput,
  UpdateBookingRequest as UpdateBookingInput,
} from '../services/inputs';
import * as m from './messages';
import { decode, encode, type MessageSpec } from './proto-json';

export interface Rpc {
  /** The RPC's name: its path under /v3/ and its label in logs and metrics. */
  name: string;
  request: MessageSpec;
  handle(services: Services, caller: Caller, request: Record<string, unknown>): Promise<Record<string, unknown>>;
}

const rpc = (name: string, request: MessageSpec, handle: Rpc['handle']): Rpc => ({ name, request, handle });

export const RPCS: readonly Rpc[] = [
  rpc('CheckAvailability', m.CheckAvailabilityRequest, async (services, caller, req) => {
    const result = await services.availability.checkAvailability(caller, req.slot as SlotInput);
    return encode(m.CheckAvailabilityResponse, result);
  }),

  rpc('BatchAvailabilityLookup', m.BatchAvailabilityLookupRequest, async (services, caller, req) => {
    const slotTimeAvailability = await services.availability.batchAvailabilityLookup(caller, req.merchantId as string, (req.slotTime ?? []) as SlotTimeInput[]);
    return encode(m.BatchAvailabilityLookupResponse, { slotTimeAvailability });
  }),

  rpc('CreateLease', m.CreateLeaseRequest, async (services, caller, req) => {
    const result = await services.leases.createLease(caller, req as unknown as CreateLeaseInput);
    return encode(m.CreateLeaseResponse, result);
  }),

  rpc('CreateBooking', m.CreateBookingRequest, async (services, caller, req) => {
    const result = await services.bookings.createBooking(caller, req as unknown as CreateBookingInput);
    return encode(m.BookingResponse, result);
  }),

  rpc('UpdateBooking', m.UpdateBookingRequest, async (services, caller, req) => {
    const result = await services.bookingUpdates.updateBooking(caller, req as unknown as UpdateBookingInput);
    return encode(m.BookingResponse, result);
  }),

  rpc('GetBookingStatus', m.GetBookingStatusRequest, async (services, caller, req) => {
    const status = await services.bookings.bookingStatus(caller, req.bookingId as string);
    return encode(m.GetBookingStatusResponse, status);
  }),

  rpc('ListBookings', m.ListBookingsRequest, async (services, caller, req) => {
    const { known, bookings } = await services.bookings.listCallerBookings(caller, req.userId as string, 'user_id');
    // spec §3.8: a user this partner does not know is NOT_FOUND; a known one without upcoming bookings an empty list.
    if (!known) throw notFound(`no bookings were ever made for user "${String(req.userId)}" with these credentials`, 'user_id');
    return encode(m.ListBookingsResponse, { bookings });
  }),
];

/** Reads a request body as the RPC's request message. */
export const decodeRequest = (rpc_: Rpc, body: unknown): Record<string, unknown> => decode(rpc_.request, body ?? {});
