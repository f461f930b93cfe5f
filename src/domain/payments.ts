// Payments (api-contract "Payments", spec §4.10–4.11): the service's payment policy, packs and
// memberships, what a booking remembers of its charge, and the payment processor as a port. The
// adapters (src/payments: sandbox, stripe) turn a processor's answers into these outcomes at the edge.
import type { CreditCardType } from './enums';
import type { BookingRecord, Price } from './records';

export enum PrepaymentPolicy {
  NONE = 'NONE',
  OPTIONAL = 'OPTIONAL',
  REQUIRED = 'REQUIRED',
}

/** spec §4.10: FIXED_RATE_DEFAULT (the default when unset) or PER_PERSON (× the booking's party size). */
export enum PriceType {
  FIXED_RATE_DEFAULT = 'FIXED_RATE_DEFAULT',
  PER_PERSON = 'PER_PERSON',
}

export enum PaymentOptionType {
  PAYMENT_OPTION_TYPE_UNSPECIFIED = 'PAYMENT_OPTION_TYPE_UNSPECIFIED',
  PAYMENT_OPTION_SINGLE_USE = 'PAYMENT_OPTION_SINGLE_USE',
  PAYMENT_OPTION_MULTI_USE = 'PAYMENT_OPTION_MULTI_USE',
  PAYMENT_OPTION_UNLIMITED_USE = 'PAYMENT_OPTION_UNLIMITED_USE',
}

export interface Deposit {
  deposit: Price;
  /** A cancel at least this long before the start is refunded; later, the charge is kept. Null: always refunded. */
  minAdvanceCancellationSec: number | null;
  depositType: PriceType;
}

export interface NoShowFee {
  fee: Price;
  feeType: PriceType;
}

/** What a service asks of a booking's payment. Null fields: the service sets no such rule. */
export interface ServicePaymentPolicy {
  /** Null: a payment token, when sent, is charged (as OPTIONAL); NONE: never charged. */
  prepayment: PrepaymentPolicy | null;
  deposit: Deposit | null;
  noShowFee: NoShowFee | null;
  /** Null: every brand. */
  acceptedCardTypes: CreditCardType[] | null;
}

export const NO_PAYMENT_POLICY: ServicePaymentPolicy = { prepayment: null, deposit: null, noShowFee: null, acceptedCardTypes: null };

/** A merchant's pack or membership offer (upsertPaymentOption). */
export interface PaymentOptionRecord {
  merchantId: string;
  paymentOptionId: string;
  name: string;
  type: PaymentOptionType;
  /** Uses per issue: 1 for single use, the pack size for multi use, null for unlimited. */
  count: number | null;
  /** Valid this long from its issue; null: no end. */
  validDurationSec: number | null;
}

/** One user's pack or membership (issueUserPaymentOption), spent by bookings and given back by cancels. */
export interface UserPaymentOptionRecord {
  userPaymentOptionId: string;
  merchantId: string;
  userId: string;
  paymentOptionId: string;
  type: PaymentOptionType;
  validStartTimeSec: number;
  validEndTimeSec: number | null;
  /** Null for unlimited use. */
  originalCount: number | null;
  currentCount: number | null;
}

export interface ThreeDS1Parameters {
  acsUrl: string;
  paReq: string;
  transactionId: string;
  mdMerchantData: string;
}

/** What a booking keeps of its payment (never shown as is: the face shows paymentInformation). */
export interface BookingPayment {
  /** The processor that charged ('sandbox', 'stripe'); null for a booking paid with a pack only. */
  processor: string | null;
  /** The charge's idempotency key at the processor. */
  chargeKey: string | null;
  /** The charge; null when the card was only kept on file (a no-show fee without prepayment). */
  transactionId: string | null;
  charged: Price | null;
  cardType: CreditCardType | null;
  /** The processor's reference to the card kept on file, for a no-show fee; null when none was kept. */
  savedCard: string | null;
  /** The pack or membership this booking used one count of (given back on cancel). */
  userPaymentOptionId: string | null;
  /** The deposit's minAdvanceCancellationSec when the booking was paid (null: a cancel is always refunded). */
  refundMinAdvanceSec?: number | null;
  /** Set when a refund is owed ('due') and once it is made. */
  refund: { state: 'due' | 'refunded'; refundId: string | null } | null;
  /** Set by markNoShow(penalized: true) on a service with a no-show fee. */
  noShowFee: { state: 'due' | 'charged' | 'failed'; amount: Price; transactionId: string | null; message: string | null } | null;
}

// ---- the processor port ----

export interface ChargeRequest {
  /** Derived from the caller, its idempotency token and the request: the same request never charges twice. */
  idempotencyKey: string;
  /** The processor's single-use payment method token (never logged; kept in the job until it is settled). */
  token: string;
  /** Zero with keepCardOnFile: the card is only checked and kept, for a later fee. */
  amount: Price;
  keepCardOnFile: boolean;
  acceptedCardTypes: readonly CreditCardType[] | null;
  /** When the attempt began (Unix seconds): a processor whose memory of keys expires needs it to look a charge up. */
  attemptedAtSec: number;
  /** The retry after PAYMENT_REQUIRES_3DS1. */
  threeDS1: { paResponse: string; mdMerchantData: string | null } | null;
  description: string;
}

export type ChargeResult =
  | { kind: 'charged'; transactionId: string | null; cardType: CreditCardType; savedCard: string | null }
  | { kind: 'declined'; message: string }
  | { kind: 'card-type-rejected'; cardType: CreditCardType }
  | { kind: 'requires-3ds1'; parameters: ThreeDS1Parameters }
  | { kind: 'failed'; message: string };

export interface SavedCardChargeRequest {
  idempotencyKey: string;
  savedCard: string;
  amount: Price;
  description: string;
}

export interface RefundRequest {
  idempotencyKey: string;
  transactionId: string;
  amount: Price;
}

export type RefundResult = { kind: 'refunded'; refundId: string } | { kind: 'failed'; message: string };

/**
 * The processor may or may not have acted (a timeout, a reply lost). The caller must not assume
 * either way: it asks again with the same idempotency key, or leaves the work to reconciliation.
 */
export class PaymentOutcomeUnknownError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentOutcomeUnknownError';
  }
}

/**
 * Every call is idempotent by its key: the same key answers what the first call with it did.
 * Adapters throw PaymentOutcomeUnknownError when they cannot tell what happened.
 */
export interface PaymentProcessor {
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  chargeSavedCard(request: SavedCardChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /**
   * What became of a charge asked with this request's key, for reconciliation after a crash: null when
   * the processor never made it. (An adapter whose processor cannot be asked may replay the charge:
   * its idempotency answers the first outcome, or charges now; either way the caller settles it.)
   */
  findCharge(request: ChargeRequest): Promise<ChargeResult | null>;
}

// ---- payment work that outlives a request (kept in the store until done) ----

/**
 * A booking whose charge is under way: the spot is held by `holdLeaseId`, the charge is (being) made
 * outside any unit of work, and the booking is committed from `booking` once it succeeded. See the
 * state machine in src/services/payments/booking-charge.ts.
 */
export interface BookingChargeJob {
  jobId: string;
  kind: 'booking-charge';
  /** From then on, reconciliation may settle it (the request that made it has given up or died). */
  dueAtSec: number;
  createdAtSec: number;
  callerId: string;
  token: string;
  fingerprint: string;
  processor: string;
  charge: ChargeRequest;
  holdLeaseId: string;
  /** True when the hold is the gateway's own (released on failure); false for the caller's lease. */
  ownHold: boolean;
  /** The booking to commit (status and times as of the request). */
  booking: BookingRecord;
  /** Set once the booking could not be made: the charge is only ever refunded from then on. */
  refunding?: boolean;
}

/** A refund or a no-show fee owed on a booking (the booking's payment says which and how much). */
export interface BookingMoneyJob {
  jobId: string;
  kind: 'refund' | 'no-show-fee';
  dueAtSec: number;
  createdAtSec: number;
  bookingId: string;
}

export type PaymentJob = BookingChargeJob | BookingMoneyJob;
