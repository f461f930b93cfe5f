// The v3 messages the face reads and writes (spec §3, §4), as proto3 JSON descriptions. Field names
// are the proto's; `key` is the engine's name for the field where lowerCamelCase of the proto name is
// not it. Fields of the proto the engine does not model (deposit, no_show_fee, fraud_signals, …) are
// not listed: on input they are ignored, on output never set.
import { PaymentOptionType } from '../domain/payments';
import { BookingFailureCause, BookingStatus, ConfirmationMode, CreditCardType, PaymentProcessedBy, PrepaymentStatus } from '../domain/enums';
import { f, message, type MessageSpec } from './proto-json';

const ResourceIds: MessageSpec = message('ResourceIds', [f.string('staff_id'), f.string('room_id'), f.int32('party_size')]);

export const Slot: MessageSpec = message('Slot', [
  f.string('merchant_id'),
  f.string('service_id'),
  f.int64('start_sec'),
  f.int64('duration_sec'),
  f.string('availability_tag'),
  f.message('resources', () => ResourceIds),
  f.enum('confirmation_mode', 'ConfirmationMode', ConfirmationMode),
]);

const SlotTime = message('SlotTime', [
  f.string('service_id'),
  f.int64('start_sec'),
  f.int64('duration_sec'),
  f.string('availability_tag'),
  f.message('resource_ids', () => ResourceIds),
  f.enum('confirmation_mode', 'ConfirmationMode', ConfirmationMode),
]);

const SlotTimeAvailability = message('SlotTimeAvailability', [f.message('slot_time', () => SlotTime), f.bool('available')]);

const Lease = message('Lease', [
  f.string('lease_id'),
  f.message('slot', () => Slot),
  f.string('user_reference'),
  f.int64('lease_expiration_time_sec'),
]);

// v3 names; v2's address_* names are read too (spec §4.0).
const PostalAddress = message('PostalAddress', [
  f.string('country', { aliases: ['address_country', 'addressCountry'] }),
  f.string('locality', { aliases: ['address_locality', 'addressLocality'] }),
  f.string('region', { aliases: ['address_region', 'addressRegion'] }),
  f.string('postal_code'),
  f.string('street_address'),
]);

const UserInformation = message('UserInformation', [
  f.string('user_id'),
  f.string('given_name'),
  f.string('family_name'),
  f.message('address', () => PostalAddress),
  f.string('telephone'),
  f.string('email'),
  f.string('language_code'),
]);

const Price = message('Price', [f.int64('price_micros'), f.string('currency_code'), f.string('pricing_option_tag')]);

const PaymentInformation = message('PaymentInformation', [
  f.enum('prepayment_status', 'PrepaymentStatus', PrepaymentStatus),
  f.string('payment_transaction_id'),
  f.message('price', () => Price),
  f.message('tax_amount', () => Price),
  f.message('fees', () => Price),
  f.message('fees_and_taxes', () => Price),
  f.enum('payment_processed_by', 'PaymentProcessedBy', PaymentProcessedBy),
  f.string('payment_option_id'),
  f.string('user_payment_option_id'),
  f.string('pa_response'),
  f.string('md_merchant_data'),
]);

const PaymentProcessingParameters = message('PaymentProcessingParameters', [
  f.string('payment_processor'),
  f.string('unparsed_payment_method_token'),
  f.string('version'),
]);

const VirtualSessionInfo = message('VirtualSessionInfo', [f.string('session_url'), f.string('meeting_id'), f.string('password')]);
const OfferInfo = message('OfferInfo', [f.string('offer_id')]);

export const Booking: MessageSpec = message('Booking', [
  f.string('booking_id'),
  f.message('slot', () => Slot),
  f.message('user_information', () => UserInformation),
  f.enum('status', 'BookingStatus', BookingStatus),
  f.message('payment_information', () => PaymentInformation),
  f.message('virtual_session_info', () => VirtualSessionInfo),
  f.message('offer_info', () => OfferInfo),
]);

const BookingFailure = message('BookingFailure', [
  f.enum('cause', 'BookingFailure.Cause', BookingFailureCause),
  f.enum('rejected_card_type', 'CreditCardType', CreditCardType),
  f.string('description'),
  f.message('payment_failure', () =>
    message('PaymentFailureInformation', [
      f.message('threeds1_parameters', () =>
        message('ThreeDS1Parameters', [f.string('acs_url'), f.string('pa_req'), f.string('transaction_id'), f.string('md_merchant_data')]),
      ),
    ]),
  ),
]);

const UserPaymentOption = message('UserPaymentOption', [
  f.string('user_payment_option_id'),
  f.int64('valid_start_time_sec'),
  f.int64('valid_end_time_sec'),
  f.int32('original_count'),
  f.int32('current_count'),
  f.string('payment_option_id'),
  f.enum('type', 'PaymentOptionType', PaymentOptionType),
]);

// ---- requests ----------------------------------------------------------------------------------

export const CheckAvailabilityRequest = message('CheckAvailabilityRequest', [f.message('slot', () => Slot)]);
export const BatchAvailabilityLookupRequest = message('BatchAvailabilityLookupRequest', [
  f.string('merchant_id'),
  f.message('slot_time', () => SlotTime, { repeated: true }),
]);
export const CreateLeaseRequest = message('CreateLeaseRequest', [f.message('lease', () => Lease)]);
export const CreateBookingRequest = message('CreateBookingRequest', [
  f.message('slot', () => Slot),
  f.message('lease_ref', () => message('LeaseReference', [f.string('lease_id')])),
  f.message('user_information', () => UserInformation),
  f.message('payment_information', () => PaymentInformation),
  f.message('payment_processing_parameters', () => PaymentProcessingParameters),
  f.string('idempotency_token'),
  f.string('additional_request'),
  f.string('offer_id'),
]);
/** UpdateBooking's booking: its id, and either the status to set or the slot to move to (spec §3.6). */
export const UpdateBookingRequest = message('UpdateBookingRequest', [
  f.message('booking', () => message('Booking', [f.string('booking_id'), f.message('slot', () => Slot), f.enum('status', 'BookingStatus', BookingStatus)])),
]);
export const GetBookingStatusRequest = message('GetBookingStatusRequest', [f.string('booking_id')]);
export const ListBookingsRequest = message('ListBookingsRequest', [f.string('user_id')]);

// ---- responses ---------------------------------------------------------------------------------

export const CheckAvailabilityResponse = message('CheckAvailabilityResponse', [f.message('slot', () => Slot), f.int32('count_available')]);
export const BatchAvailabilityLookupResponse = message('BatchAvailabilityLookupResponse', [
  f.message('slot_time_availability', () => SlotTimeAvailability, { repeated: true }),
]);
export const CreateLeaseResponse = message('CreateLeaseResponse', [f.message('lease', () => Lease), f.message('booking_failure', () => BookingFailure)]);
export const BookingResponse = message('BookingResponse', [
  f.message('booking', () => Booking),
  f.message('user_payment_option', () => UserPaymentOption),
  f.message('booking_failure', () => BookingFailure),
]);
export const GetBookingStatusResponse = message('GetBookingStatusResponse', [
  f.string('booking_id'),
  f.enum('booking_status', 'BookingStatus', BookingStatus),
  f.enum('prepayment_status', 'PrepaymentStatus', PrepaymentStatus),
]);
export const ListBookingsResponse = message('ListBookingsResponse', [f.message('bookings', () => Booking, { repeated: true })]);
