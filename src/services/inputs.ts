// The requests the services accept: plain shapes mirroring the API's input types. Optional fields
// may be null or undefined; the services parse and default them.
import type {
  BookingStatus,
  ConfirmationMode,
  CreditCardType,
  PaymentProcessedBy,
  PrepaymentStatus,
} from '../domain/enums';
import type { PaymentOptionType, PrepaymentPolicy, PriceType } from '../domain/payments';

type Opt<T> = T | null | undefined;

export interface ResourceIdsInput {
  staffId?: Opt<string>;
  roomId?: Opt<string>;
  partySize?: Opt<number>;
  staffName?: Opt<string>;
  roomName?: Opt<string>;
}

export interface SlotInput {
  merchantId: string;
  serviceId: string;
  startSec: number;
  durationSec: number;
  availabilityTag?: Opt<string>;
  resources?: Opt<ResourceIdsInput>;
  confirmationMode?: Opt<ConfirmationMode>;
}

export interface SlotTimeInput {
  serviceId: string;
  startSec: number;
  durationSec?: Opt<number>;
  availabilityTag?: Opt<string>;
  resourceIds?: Opt<ResourceIdsInput>;
  confirmationMode?: Opt<ConfirmationMode>;
}

export interface PriceInput {
  priceMicros: number;
  currencyCode: string;
  pricingOptionTag?: Opt<string>;
}

export interface PostalAddressInput {
  country: string;
  locality: string;
  region?: Opt<string>;
  postalCode: string;
  streetAddress: string;
}

export interface UserInformationInput {
  userId: string;
  givenName: string;
  familyName: string;
  address?: Opt<PostalAddressInput>;
  telephone: string;
  email: string;
  languageCode?: Opt<string>;
}

export interface PaymentInformationInput {
  prepaymentStatus?: Opt<PrepaymentStatus>;
  paymentTransactionId?: Opt<string>;
  price?: Opt<PriceInput>;
  taxAmount?: Opt<PriceInput>;
  fees?: Opt<PriceInput>;
  feesAndTaxes?: Opt<PriceInput>;
  paymentProcessedBy?: Opt<PaymentProcessedBy>;
  paymentOptionId?: Opt<string>;
  userPaymentOptionId?: Opt<string>;
  /** The 3-D Secure 1 answer, on the retry after PAYMENT_REQUIRES_3DS1. */
  paResponse?: Opt<string>;
  mdMerchantData?: Opt<string>;
}

export interface PaymentProcessingParametersInput {
  paymentProcessor?: Opt<string>;
  unparsedPaymentMethodToken?: Opt<string>;
  version?: Opt<string>;
}

export interface LeaseInput {
  slot: SlotInput;
  userReference: string;
  leaseExpirationTimeSec?: Opt<number>;
}

export interface CreateLeaseRequest {
  lease: LeaseInput;
}

export interface CreateBookingRequest {
  slot: SlotInput;
  leaseRef?: Opt<{ leaseId: string }>;
  userInformation: UserInformationInput;
  paymentInformation?: Opt<PaymentInformationInput>;
  paymentProcessingParameters?: Opt<PaymentProcessingParametersInput>;
  idempotencyToken: string;
  additionalRequest?: Opt<string>;
  /** v3 CreateBookingRequest.offer_id: echoed as the booking's offerInfo. */
  offerId?: Opt<string>;
}

export interface UpdateBookingRequest {
  booking: {
    bookingId: string;
    slot?: Opt<SlotInput>;
    status?: Opt<BookingStatus>;
  };
}

export interface UpsertMerchantRequest {
  merchantId: string;
  name: string;
  timeZone: string;
}

export interface UpsertServiceRequest {
  merchantId: string;
  serviceId: string;
  name: string;
  price?: Opt<PriceInput>;
  minAdvanceOnlineCancelingSec?: Opt<number>;
  minAdvanceBookingSec?: Opt<number>;
  maxAdvanceBookingSec?: Opt<number>;
  pendingConfirmationTimeoutSec?: Opt<number>;
  maxActiveBookingsPerUser?: Opt<number>;
  preventOverlap?: Opt<boolean>;
  virtualSession?: Opt<VirtualSessionInfoInput>;
  prepayment?: Opt<PrepaymentPolicy>;
  deposit?: Opt<DepositInput>;
  noShowFee?: Opt<NoShowFeeInput>;
  acceptedCardTypes?: Opt<readonly CreditCardType[]>;
}

export interface DepositInput {
  deposit: PriceInput;
  minAdvanceCancellationSec?: Opt<number>;
  depositType?: Opt<PriceType>;
}

export interface NoShowFeeInput {
  fee: PriceInput;
  feeType?: Opt<PriceType>;
}

export interface UpsertPaymentOptionRequest {
  merchantId: string;
  paymentOptionId: string;
  name: string;
  type: PaymentOptionType;
  count?: Opt<number>;
  validDurationSec?: Opt<number>;
}

export interface IssueUserPaymentOptionRequest {
  merchantId: string;
  userId: string;
  paymentOptionId: string;
}

export interface VirtualSessionInfoInput {
  sessionUrl?: Opt<string>;
  meetingId?: Opt<string>;
  password?: Opt<string>;
}

export interface ReleaseLeaseRequest {
  leaseId: string;
}

export interface BookingRefRequest {
  bookingId: string;
}

export interface DeclineBookingRequest {
  bookingId: string;
  reason?: Opt<string>;
}

export interface MarkNoShowRequest {
  bookingId: string;
  penalized?: Opt<boolean>;
}

export interface SlotIdentityInput {
  serviceId: string;
  startSec: number;
  durationSec: number;
  resources?: Opt<ResourceIdsInput>;
}

export interface DeleteAvailabilityRequest {
  merchantId: string;
  slot: readonly SlotIdentityInput[];
}

export interface MerchantBookingsArgs {
  merchantId: string;
  startSecFrom: number;
  startSecTo: number;
  serviceId?: Opt<string>;
  staffId?: Opt<string>;
  status?: Opt<readonly BookingStatus[]>;
  first?: Opt<number>;
  after?: Opt<string>;
}

export interface AvailabilityInput {
  serviceId: string;
  startSec: number;
  durationSec: number;
  spotsTotal: number;
  availabilityTag?: Opt<string>;
  resources?: Opt<ResourceIdsInput>;
  confirmationMode?: Opt<ConfirmationMode>;
}

export interface UpsertAvailabilityRequest {
  merchantId: string;
  availability: readonly AvailabilityInput[];
}

export interface AvailableSlotsQuery {
  merchantId: string;
  serviceId?: Opt<string>;
  startSecFrom: number;
  startSecTo: number;
  partySize?: Opt<number>;
}
