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
import { NO_PAYMENT_POLICY, type BookingPayment, type ServicePaymentPolicy, type ThreeDS1Parameters, type UserPaymentOptionRecord } from './payments';

export interface ResourceIds {
  staffId: string | null;
  roomId: string | null;
  partySize: number | null;
  /** Inventory attributes shown beside the ids; never part of slot identity. */
  staffName: string | null;
  roomName: string | null;
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

/** How to join an online session (the proto's VirtualSessionInfo); copied onto each booking. */
export interface VirtualSessionInfo {
  sessionUrl: string | null;
  meetingId: string | null;
  /** Shown only to the booking's maker and to partner or merchant keys; never logged. */
  password: string | null;
}

/** The rules a merchant sets on a service. */
export interface ServicePolicy extends ServicePaymentPolicy {
  minAdvanceOnlineCancelingSec: number | null;
  /** Booking (lease, reschedule target) closes this many seconds before the start; null: at the start. */
  minAdvanceBookingSec: number | null;
  /** Booking opens this many seconds before the start; null: as soon as the slot exists. */
  maxAdvanceBookingSec: number | null;
  /** A pending booking not answered this long after it was made (or by its start) counts as declined. */
  pendingConfirmationTimeoutSec: number | null;
  /** Most active future bookings one user (of one caller) may hold at the merchant. */
  maxActiveBookingsPerUser: number | null;
  /** A user's active bookings at the merchant may not overlap in time. */
  preventOverlap: boolean;
  virtualSession: VirtualSessionInfo | null;
}

/** A service that sets no rule: every field of ServicePolicy at "none". */
export const NO_SERVICE_POLICY: ServicePolicy = {
  minAdvanceOnlineCancelingSec: null,
  minAdvanceBookingSec: null,
  maxAdvanceBookingSec: null,
  pendingConfirmationTimeoutSec: null,
  maxActiveBookingsPerUser: null,
  preventOverlap: false,
  virtualSession: null,
  ...NO_PAYMENT_POLICY,
};

export interface ServiceRecord extends ServicePolicy {
  merchantId: string;
  serviceId: string;
  name: string;
  price: Price | null;
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
  staffName: string | null;
  roomName: string | null;
}

/** An inventory slot with the spots currently held on it, judged at one instant. */
export interface SlotState {
  slot: InventorySlot;
  /** Spots of bookings holding at the instant asked about: CONFIRMED, and PENDING before its deadline. */
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
  /**
   * For a pending booking whose service sets pendingConfirmationTimeoutSec: when it counts as declined
   * unless the merchant has answered (the earlier of its timeout and its start). Null otherwise.
   */
  confirmationDeadlineSec: number | null;
  virtualSessionInfo: VirtualSessionInfo | null;
  /** The merchant's reason, when declined. */
  declineReason: string | null;
  /** The offer the booking was made under (v3 Booking.offer_info), when the request named one. */
  offerInfo: OfferInfo | null;
  /** What the gateway charged, kept on file or used for it (null: nothing; payment information is only echoed). */
  payment: BookingPayment | null;
}

/** v3 OfferInfo: the offer a booking was made under, echoed from CreateBooking's offer_id. */
export interface OfferInfo {
  offerId: string;
}

export interface BookingFailure {
  cause: BookingFailureCause;
  rejectedCardType: CreditCardType | null;
  description: string | null;
  /** Set with PAYMENT_REQUIRES_3DS1: what the 3-D Secure 1 challenge needs. */
  paymentFailure?: { threeds1Parameters: ThreeDS1Parameters } | null;
}

/** What createBooking answered the first time a token succeeded: replayed verbatim afterwards. */
export interface CreateBookingOutcome {
  booking: BookingRecord | null;
  /** The pack or membership the booking used, after its use. */
  userPaymentOption: UserPaymentOptionRecord | null;
  bookingFailure: BookingFailure | null;
}

export interface IdempotencyRecord {
  callerId: string;
  token: string;
  fingerprint: string;
  bookingId: string;
  /** Snapshot of the booking as first returned (contract: replay returns the payload "as it was"). */
  booking: BookingRecord;
  /** The pack or membership as the first answer showed it (absent in records stored before packs). */
  userPaymentOption?: UserPaymentOptionRecord | null;
  createdAtSec: number;
}
