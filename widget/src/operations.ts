// The GraphQL operations the widget sends, each with hand-written TypeScript types for its variables
// and its result. test/widget/operations.test.ts validates every document against schema.graphql.
// DOM-free: imported by the jest tests.

/** A typed GraphQL document: the type parameters only exist for the compiler. */
export interface Operation<TVariables, TData> {
  readonly name: string;
  readonly document: string;
  /** Phantom fields: never set, they carry the types. */
  readonly __variables?: TVariables;
  readonly __data?: TData;
}

function operation<TVariables, TData>(name: string, document: string): Operation<TVariables, TData> {
  return { name, document };
}

// ---- shared shapes --------------------------------------------------------------------------------

export type ConfirmationMode =
  | 'CONFIRMATION_MODE_UNSPECIFIED'
  | 'CONFIRMATION_MODE_SYNCHRONOUS'
  | 'CONFIRMATION_MODE_ASYNCHRONOUS';

export type BookingStatus =
  | 'BOOKING_STATUS_UNSPECIFIED'
  | 'CONFIRMED'
  | 'PENDING_MERCHANT_CONFIRMATION'
  | 'CANCELED'
  | 'NO_SHOW'
  | 'NO_SHOW_PENALIZED'
  | 'FAILED'
  | 'DECLINED_BY_MERCHANT';

export type BookingFailureCause =
  | 'CAUSE_UNSPECIFIED'
  | 'SLOT_UNAVAILABLE'
  | 'SLOT_ALREADY_BOOKED_BY_USER'
  | 'LEASE_EXPIRED'
  | 'OUTSIDE_CANCELLATION_WINDOW'
  | 'PAYMENT_ERROR_CARD_TYPE_REJECTED'
  | 'PAYMENT_ERROR_CARD_DECLINED'
  | 'PAYMENT_OPTION_NOT_VALID'
  | 'PAYMENT_ERROR'
  | 'USER_CANNOT_USE_PAYMENT_OPTION'
  | 'BOOKING_ALREADY_CANCELLED'
  | 'BOOKING_NOT_CANCELLABLE';

export interface BookingFailure {
  cause: BookingFailureCause;
  description: string | null;
}

export interface Slot {
  merchantId: string;
  serviceId: string;
  /** Epoch seconds (Int64 as a JSON number). */
  startSec: number;
  durationSec: number;
  resources: { staffId: string | null; roomId: string | null; staffName?: string | null } | null;
  confirmationMode: ConfirmationMode;
}

export interface SlotInput {
  merchantId: string;
  serviceId: string;
  startSec: number;
  durationSec: number;
  resources?: { staffId?: string | null; roomId?: string | null; partySize?: number | null } | null;
}

const SLOT_FIELDS = 'merchantId serviceId startSec durationSec resources { staffId roomId staffName } confirmationMode';

// ---- merchant -------------------------------------------------------------------------------------

export interface Service {
  serviceId: string;
  name: string;
  price: { priceMicros: number; currencyCode: string } | null;
  minAdvanceOnlineCancelingSec: number | null;
}

export interface Merchant {
  merchantId: string;
  name: string;
  timeZone: string;
  services: Service[];
}

export const MerchantQuery = operation<{ merchantId: string }, { merchant: Merchant | null }>(
  'WidgetMerchant',
  `query WidgetMerchant($merchantId: ID!) {
  merchant(merchantId: $merchantId) {
    merchantId
    name
    timeZone
    services { serviceId name price { priceMicros currencyCode } minAdvanceOnlineCancelingSec }
  }
}`,
);

// ---- availability ---------------------------------------------------------------------------------

export interface SlotAvailability {
  countAvailable: number;
  spotsTotal: number;
  slot: Slot;
}

export interface AvailableSlotsVariables {
  merchantId: string;
  serviceId: string;
  startSecFrom: number;
  startSecTo: number;
  partySize: number;
}

export const AvailableSlotsQuery = operation<AvailableSlotsVariables, { availableSlots: SlotAvailability[] }>(
  'WidgetAvailableSlots',
  `query WidgetAvailableSlots($merchantId: ID!, $serviceId: ID, $startSecFrom: Int64!, $startSecTo: Int64!, $partySize: Int) {
  availableSlots(merchantId: $merchantId, serviceId: $serviceId, startSecFrom: $startSecFrom, startSecTo: $startSecTo, partySize: $partySize) {
    countAvailable
    spotsTotal
    slot { ${SLOT_FIELDS} }
  }
}`,
);

// ---- lease ----------------------------------------------------------------------------------------

export interface Lease {
  leaseId: string;
  userReference: string;
  leaseExpirationTimeSec: number;
  slot: Slot;
}

export interface CreateLeaseVariables {
  lease: { slot: SlotInput; userReference: string };
}

export const CreateLeaseMutation = operation<
  CreateLeaseVariables,
  { createLease: { lease: Lease | null; bookingFailure: BookingFailure | null } }
>(
  'WidgetHold',
  `mutation WidgetHold($lease: LeaseInput!) {
  createLease(input: { lease: $lease }) {
    lease { leaseId userReference leaseExpirationTimeSec slot { ${SLOT_FIELDS} } }
    bookingFailure { cause description }
  }
}`,
);

// ---- booking --------------------------------------------------------------------------------------

export interface Booking {
  bookingId: string;
  status: BookingStatus;
  slot: Slot;
}

export interface UserInformationInput {
  userId: string;
  givenName: string;
  familyName: string;
  email: string;
  telephone: string;
}

export interface CreateBookingVariables {
  input: {
    slot: SlotInput;
    leaseRef: { leaseId: string };
    userInformation: UserInformationInput;
    idempotencyToken: string;
  };
}

export const CreateBookingMutation = operation<
  CreateBookingVariables,
  { createBooking: { booking: Booking | null; bookingFailure: BookingFailure | null } }
>(
  'WidgetBook',
  `mutation WidgetBook($input: CreateBookingInput!) {
  createBooking(input: $input) {
    booking { bookingId status slot { ${SLOT_FIELDS} } }
    bookingFailure { cause description }
  }
}`,
);

export const CancelBookingMutation = operation<
  { bookingId: string },
  { updateBooking: { booking: { bookingId: string; status: BookingStatus } | null; bookingFailure: BookingFailure | null } }
>(
  'WidgetCancel',
  `mutation WidgetCancel($bookingId: ID!) {
  updateBooking(input: { booking: { bookingId: $bookingId, status: CANCELED } }) {
    booking { bookingId status }
    bookingFailure { cause description }
  }
}`,
);

/** Gives a hold back (the visitor chose another time, went back, or left the page). */
export const ReleaseLeaseMutation = operation<{ leaseId: string }, { releaseLease: { lease: { leaseId: string } | null } }>(
  'WidgetRelease',
  `mutation WidgetRelease($leaseId: ID!) {
  releaseLease(input: { leaseId: $leaseId }) {
    lease { leaseId }
  }
}`,
);

/** Every operation the widget sends (the schema test walks this list). */
export const OPERATIONS: ReadonlyArray<Operation<unknown, unknown>> = [
  MerchantQuery,
  AvailableSlotsQuery,
  CreateLeaseMutation,
  CreateBookingMutation,
  CancelBookingMutation,
  ReleaseLeaseMutation,
] as ReadonlyArray<Operation<unknown, unknown>>;
