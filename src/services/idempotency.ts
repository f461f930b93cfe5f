// Idempotency fingerprint of a createBooking request: the request after parsing and defaulting
// (numbers as numbers, absent = null), hashed. "1800" and 1800 arrive here both as 1800, because
// the Int64 scalar parses them before any service sees them.
import { createHash } from 'node:crypto';
import { ConfirmationMode, PrepaymentStatus } from '../domain/enums';
import type { CreateBookingRequest, PriceInput, ResourceIdsInput } from './inputs';

const orNull = <T>(value: T | null | undefined): T | null => (value === undefined ? null : value);

function price(p: PriceInput | null | undefined) {
  return p ? { priceMicros: p.priceMicros, currencyCode: p.currencyCode, pricingOptionTag: orNull(p.pricingOptionTag) } : null;
}

// Resources reduce to what they mean: identity (staff, room) and demand (party size, 1 by default).
function resources(r: ResourceIdsInput | null | undefined) {
  return { staffId: r?.staffId || null, roomId: r?.roomId || null, partySize: r?.partySize ?? 1 };
}

/** The canonical form: every field present, in a fixed order, absent values as null. */
export function canonicalCreateBooking(req: CreateBookingRequest): unknown {
  const s = req.slot;
  const u = req.userInformation;
  const a = u?.address;
  const p = req.paymentInformation;
  const pp = req.paymentProcessingParameters;
  return {
    slot: s && {
      merchantId: s.merchantId,
      serviceId: s.serviceId,
      startSec: s.startSec,
      durationSec: s.durationSec,
      availabilityTag: orNull(s.availabilityTag),
      resources: resources(s.resources),
      confirmationMode: s.confirmationMode ?? ConfirmationMode.CONFIRMATION_MODE_UNSPECIFIED,
    },
    leaseId: req.leaseRef?.leaseId ?? null,
    userInformation: u && {
      userId: u.userId,
      givenName: u.givenName,
      familyName: u.familyName,
      address: a
        ? {
            country: a.country,
            locality: a.locality,
            region: orNull(a.region),
            postalCode: a.postalCode,
            streetAddress: a.streetAddress,
          }
        : null,
      telephone: u.telephone,
      email: u.email,
      languageCode: orNull(u.languageCode),
    },
    // Defaulted as parsePaymentInformation stores it: absent, {} and an UNSPECIFIED prepayment
    // status all mean "no prepayment".
    paymentInformation: {
      prepaymentStatus:
        !p?.prepaymentStatus || p.prepaymentStatus === PrepaymentStatus.PREPAYMENT_STATUS_UNSPECIFIED
          ? PrepaymentStatus.PREPAYMENT_NOT_PROVIDED
          : p.prepaymentStatus,
      paymentTransactionId: orNull(p?.paymentTransactionId),
      price: price(p?.price),
      taxAmount: price(p?.taxAmount),
      fees: price(p?.fees),
      feesAndTaxes: price(p?.feesAndTaxes),
      paymentProcessedBy: orNull(p?.paymentProcessedBy),
      paymentOptionId: orNull(p?.paymentOptionId),
      userPaymentOptionId: orNull(p?.userPaymentOptionId),
      // Only when present, so that fingerprints stored before 3-D Secure existed stay the same.
      ...(p?.paResponse ? { paResponse: p.paResponse, mdMerchantData: orNull(p.mdMerchantData) } : {}),
    },
    paymentProcessingParameters: pp
      ? {
          paymentProcessor: orNull(pp.paymentProcessor),
          unparsedPaymentMethodToken: orNull(pp.unparsedPaymentMethodToken),
          version: orNull(pp.version),
        }
      : null,
    additionalRequest: orNull(req.additionalRequest),
    // Only when present, so that requests without an offer keep the fingerprints stored before it existed.
    ...(req.offerId ? { offerId: req.offerId } : {}),
  };
}

export function fingerprintCreateBooking(req: CreateBookingRequest): string {
  return createHash('sha256').update(JSON.stringify(canonicalCreateBooking(req))).digest('base64url');
}
