// The plain records the domain works with and the store persists. No GraphQL, no driver types:
// every field is a string, number, boolean, null or a nested plain object, so a MongoDB document
// can hold them as they are and a GraphQL object type can expose them by name.
import {
  BookingStatus,
  ConfirmationMode,
  CreditCardType,
  BookingFailureCause,
  PaymentProcessedBy,
  PrepaymentStatus,
} from './enums';

export interface ResourceIds {
  staffId: string | null;
  roomId: string | null;
  partySize: number | null;
}

/** A slot as the API shows it (request echo with the inventory's tag and confirmation mode). */
export interface Slot {
  merchantId: string;
  serviceId: string;
  startSec: number;
  durationSec: number;
  availabilityTag: string | null;
  resources: ResourceIds | null;
  confirmationMode: ConfirmationMode;
}

export interface Price {
  priceMicros: number;
  currencyCode: string;
  pricingOptionTag: string | null;
}

export interface Merchant {
  merchantId: string;
  name: string;
  timeZone: string;
}

export interface ServiceRecord {
  merchantId: string;
  serviceId: string;
  name: string;
  price: Price | null;
  minAdvanceOnlineCancelingSec: number | null;
  /** Booking (lease, reschedule target) closes this many seconds before the start; null: at the start. */
  minAdvanceBookingSec: number | null;
  /** Booking opens this many seconds before the start; null: as soon as the slot exists. */
  maxAdvanceBookingSec: number | null;
}

/** One inventory entry: a bookable slot with its capacity. Identity is its SlotKey. */
export interface InventorySlot {
  merchantId: string;
  serviceId: string;
  startSec: number;
  durationSec: number;
  /** '' when the slot has no staff (the proto's "empty if n/a"), so identity never mixes null and ''. */
  staffId: string;
  roomId: string;
  spotsTotal: number;
  availabilityTag: string | null;
  confirmationMode: ConfirmationMode;
}

/** An inventory slot with the spots currently held on it, judged at one instant. */
export interface SlotState {
  slot: InventorySlot;
  /** Spots of active (CONFIRMED / PENDING) bookings. */
  bookedSpots: number;
  /** Spots of leases that are neither consumed nor expired at the instant asked about. */
  leasedSpots: number;
}

export interface PostalAddress {
  country: string;
  locality: string;
  region: string | null;
  postalCode: string;
  streetAddress: string;
}

export interface UserInformation {
  userId: string;
  givenName: string;
  familyName: string;
  address: PostalAddress | null;
  telephone: string;
  email: string;
  languageCode: string | null;
}

export interface PaymentInformation {
  prepaymentStatus: PrepaymentStatus;
  paymentTransactionId: string | null;
  price: Price | null;
  taxAmount: Price | null;
  fees: Price | null;
  feesAndTaxes: Price | null;
  paymentProcessedBy: PaymentProcessedBy | null;
  paymentOptionId: string | null;
  userPaymentOptionId: string | null;
}

export interface LeaseRecord {
  leaseId: string;
  /** Caller scope: user references are scoped per API key like idempotency tokens. */
  callerId: string;
  userReference: string;
  slotKey: string;
  slot: Slot;
  spots: number;
  leaseExpirationTimeSec: number;
  createdAtSec: number;
  /** Set when a booking consumed the lease; a consumed lease holds nothing and cannot be reused. */
  consumedAtSec: number | null;
}

export interface BookingRecord {
  bookingId: string;
  callerId: string;
  slotKey: string;
  slot: Slot;
  spots: number;
  userInformation: UserInformation;
  status: BookingStatus;
  paymentInformation: PaymentInformation;
  additionalRequest: string | null;
  createdAtSec: number;
  updatedAtSec: number;
}

export interface BookingFailure {
  cause: BookingFailureCause;
  rejectedCardType: CreditCardType | null;
  description: string | null;
}

/** What createBooking answered the first time a token succeeded: replayed verbatim afterwards. */
export interface CreateBookingOutcome {
  booking: BookingRecord | null;
  userPaymentOption: null;
  bookingFailure: BookingFailure | null;
}

export interface IdempotencyRecord {
  callerId: string;
  token: string;
  fingerprint: string;
  bookingId: string;
  /** Snapshot of the booking as first returned (contract: replay returns the payload "as it was"). */
  booking: BookingRecord;
  createdAtSec: number;
}
