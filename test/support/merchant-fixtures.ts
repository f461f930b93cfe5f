// Documents and helpers for the merchant-operation suites (issue 12).
import { bookingInput, type SlotSpec } from './fixtures';
import { ok, type TestGateway } from './test-gateway';

const BOOKING_FIELDS = `bookingId status declineReason updatedAtSec
  slot { serviceId startSec durationSec confirmationMode resources { staffId staffName partySize } }
  userInformation { userId } virtualSessionInfo { sessionUrl meetingId password }`;

export const MQ = {
  merchantBookings: `query($m: ID!, $from: Int64!, $to: Int64!, $service: ID, $staff: String, $status: [BookingStatus!], $first: Int, $after: String) {
    merchantBookings(merchantId: $m, startSecFrom: $from, startSecTo: $to, serviceId: $service, staffId: $staff, status: $status, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { bookingId status slot { serviceId startSec resources { staffId } } } } } }`,
  confirm: `mutation($id: ID!) { confirmBooking(input: { bookingId: $id }) { booking { ${BOOKING_FIELDS} } } }`,
  decline: `mutation($id: ID!, $reason: String) { declineBooking(input: { bookingId: $id, reason: $reason }) { booking { ${BOOKING_FIELDS} } } }`,
  noShow: `mutation($id: ID!, $penalized: Boolean) { markNoShow(input: { bookingId: $id, penalized: $penalized }) { booking { ${BOOKING_FIELDS} } } }`,
  releaseLease: `mutation($id: ID!) { releaseLease(input: { leaseId: $id }) { lease { leaseId leaseExpirationTimeSec } } }`,
  deleteAvailability: `mutation($input: DeleteAvailabilityInput!) { deleteAvailability(input: $input) { deletedCount } }`,
  booking: `query($id: ID!) { booking(bookingId: $id) { ${BOOKING_FIELDS} } }`,
  createBooking: `mutation($input: CreateBookingInput!) { createBooking(input: $input) {
    booking { ${BOOKING_FIELDS} } bookingFailure { cause description } } }`,
  cancel: `mutation($id: ID!) { updateBooking(input: { booking: { bookingId: $id, status: CANCELED } }) {
    booking { bookingId status } bookingFailure { cause } } }`,
};

export type Headers = Record<string, string>;

/** Books a slot (over HTTP) and answers the new booking's id; fails the test on a refusal. */
export async function book(gw: TestGateway, spec: SlotSpec, userId: string, headers: Headers = {}): Promise<string> {
  const input = bookingInput({ userInformation: { userId, givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' } }, spec);
  const res = ok(await gw.gql(MQ.createBooking, { input }, headers)).createBooking;
  if (!res.booking) throw new Error(`booking refused: ${JSON.stringify(res.bookingFailure)}`);
  return res.booking.bookingId;
}

/** A booking as the given key sees it. */
export async function bookingSeenBy(gw: TestGateway, bookingId: string, headers: Headers = {}) {
  return ok(await gw.gql(MQ.booking, { id: bookingId }, headers)).booking;
}
