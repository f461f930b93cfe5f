// Services with payment policies, and the queries the payment suites send.
import { DAY1, HOUR, M, Q, seedInventory, slot, user } from './fixtures';
import { ok, type TestGateway } from './test-gateway';

export const PAID = 'paid'; // CHF 40, prepayment optional, deposit refundable until 24 h before
export const REQUIRED = 'required'; // CHF 30, prepayment REQUIRED, Visa and Mastercard only
export const FEE = 'fee'; // no prepayment; CHF 15 no-show fee per person
export const PACKED = 'packed'; // paid with packs

export const PQ = {
  upsertService: `mutation($input: UpsertServiceInput!) { upsertService(input: $input) { serviceId prepayment acceptedCardTypes
      deposit { deposit { priceMicros currencyCode } minAdvanceCancellationSec depositType } noShowFee { fee { priceMicros } feeType } } }`,
  createBooking: `mutation($input: CreateBookingInput!) { createBooking(input: $input) {
      booking { bookingId status paymentInformation { prepaymentStatus paymentTransactionId paymentProcessedBy userPaymentOptionId price { priceMicros currencyCode } } }
      userPaymentOption { userPaymentOptionId type originalCount currentCount validStartTimeSec validEndTimeSec paymentOptionId }
      bookingFailure { cause rejectedCardType description paymentFailure { threeds1Parameters { acsUrl paReq transactionId mdMerchantData } } } } }`,
  cancel: `mutation($id: ID!) { updateBooking(input: { booking: { bookingId: $id, status: CANCELED } }) {
      booking { bookingId status paymentInformation { prepaymentStatus paymentTransactionId } }
      userPaymentOption { userPaymentOptionId currentCount }
      bookingFailure { cause description } } }`,
  markNoShow: `mutation($id: ID!) { markNoShow(input: { bookingId: $id, penalized: true }) { booking { bookingId status } } }`,
  decline: `mutation($id: ID!) { declineBooking(input: { bookingId: $id }) { booking { bookingId status paymentInformation { prepaymentStatus } } } }`,
  upsertPaymentOption: `mutation($input: UpsertPaymentOptionInput!) { upsertPaymentOption(input: $input) { paymentOption { paymentOptionId name type count validDurationSec } } }`,
  issue: `mutation($input: IssueUserPaymentOptionInput!) { issueUserPaymentOption(input: $input) {
      userPaymentOption { userPaymentOptionId type originalCount currentCount validStartTimeSec validEndTimeSec paymentOptionId } } }`,
};

const CHF = (francs: number) => ({ priceMicros: String(francs * 1_000_000), currencyCode: 'CHF' });

/** seedInventory, plus the payment services and one 3-spot slot of each on day 1 (and an async one). */
export async function seedPaymentInventory(gw: TestGateway): Promise<void> {
  await seedInventory(gw);
  const services = [
    { serviceId: PAID, name: 'Paid', price: CHF(40), deposit: { deposit: CHF(40), minAdvanceCancellationSec: String(24 * HOUR) } },
    { serviceId: REQUIRED, name: 'Required', price: CHF(30), prepayment: 'REQUIRED', acceptedCardTypes: ['VISA', 'MASTERCARD'] },
    { serviceId: FEE, name: 'Fee', prepayment: 'NONE', noShowFee: { fee: CHF(15), feeType: 'PER_PERSON' } },
    { serviceId: PACKED, name: 'Packed', price: CHF(25) },
  ];
  for (const s of services) ok(await gw.gql(PQ.upsertService, { input: { merchantId: M, ...s } }));
  const availability = [PAID, REQUIRED, FEE, PACKED].map((serviceId) => ({ serviceId, startSec: DAY1 + 2 * 24 * HOUR, durationSec: 3600, spotsTotal: 3 }));
  for (let k = 1; k <= 3; k++) availability.push({ serviceId: PACKED, startSec: DAY1 + 2 * 24 * HOUR + k * HOUR, durationSec: 3600, spotsTotal: 3 });
  availability.push({ serviceId: PAID, startSec: DAY1 + 3 * 24 * HOUR, durationSec: 3600, spotsTotal: 1, confirmationMode: 'CONFIRMATION_MODE_ASYNCHRONOUS' } as never);
  ok(await gw.gql(Q.upsertAvailability, { input: { merchantId: M, availability } }));
}

export const PAID_START = DAY1 + 2 * 24 * HOUR;

let counter = 0;
/** A createBooking input on a payment service's day-1 slot, paid with `token` (none: no payment). */
export function paidBooking(serviceId: string, token: string | null, extra: Record<string, unknown> = {}, partySize?: number) {
  return {
    slot: slot({ serviceId, startSec: PAID_START, durationSec: 3600, ...(partySize && { partySize }) }),
    userInformation: user(`payer-${++counter}`),
    idempotencyToken: `pay-${counter}-${Date.now()}`,
    ...(token && {
      paymentInformation: { paymentProcessedBy: 'PROCESSED_BY_PARTNER' },
      paymentProcessingParameters: { paymentProcessor: 'sandbox', unparsedPaymentMethodToken: token },
    }),
    ...extra,
  };
}
