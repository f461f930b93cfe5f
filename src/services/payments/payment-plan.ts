// What a createBooking asks of payments, decided from the service's policy and the request before
// anything is written (api-contract "Payments"):
//   PROCESSED_BY_GOOGLE                      → stored and echoed (Google charges), as before;
//   paymentInformation.userPaymentOptionId   → one use of the user's pack or membership, in the unit;
//   a payment method token, a processor      → a charge of the deposit (else the price), or only a
//                                              card kept on file when the service sets just a no-show fee;
//   no token, prepayment REQUIRED            → PAYMENT_ERROR;
//   otherwise                                → no payment (echoed).
import { BookingFailureCause, PaymentProcessedBy } from '../../domain/enums';
import { PrepaymentPolicy } from '../../domain/payments';
import type { BookingFailure, PaymentInformation, Price, ServiceRecord } from '../../domain/records';
import { bookingFailure } from '../failure';
import type { PaymentInformationInput, PaymentProcessingParametersInput } from '../inputs';
import { optionalLine } from '../validate';
import { prepaymentAmount } from './payment-policy';

export type PaymentPlan =
  | { kind: 'none' }
  | { kind: 'refuse'; failure: BookingFailure }
  | { kind: 'pack'; userPaymentOptionId: string }
  | { kind: 'charge'; token: string; amount: Price; keepCardOnFile: boolean; threeDS1: { paResponse: string; mdMerchantData: string | null } | null };

export interface PlanInput {
  service: ServiceRecord | null;
  paymentInformation: PaymentInformation;
  rawPaymentInformation: PaymentInformationInput | null | undefined;
  parameters: PaymentProcessingParametersInput | null | undefined;
  /** False with PAYMENT_PROCESSOR=none: tokens are stored and echoed, never charged. */
  processorConfigured: boolean;
  partySize: number;
}

export function planPayment(input: PlanInput): PaymentPlan {
  const { service, paymentInformation: info } = input;
  if (info.paymentProcessedBy === PaymentProcessedBy.PROCESSED_BY_GOOGLE) return { kind: 'none' };
  if (info.userPaymentOptionId) return { kind: 'pack', userPaymentOptionId: info.userPaymentOptionId };
  const token = processorToken(input.parameters?.unparsedPaymentMethodToken ?? null);
  const prepayment = service?.prepayment ?? null;
  if (!token) {
    return prepayment === PrepaymentPolicy.REQUIRED
      ? { kind: 'refuse', failure: bookingFailure(BookingFailureCause.PAYMENT_ERROR, 'this service requires prepayment: send paymentProcessingParameters.unparsedPaymentMethodToken') }
      : { kind: 'none' };
  }
  if (!input.processorConfigured || !service) return { kind: 'none' };
  const keepCardOnFile = service.noShowFee !== null;
  const amount = prepayment === PrepaymentPolicy.NONE ? null : prepaymentAmount(service, input.partySize);
  if (!amount && !keepCardOnFile) return { kind: 'none' };
  const raw = input.rawPaymentInformation;
  const paResponse = optionalLine('input.paymentInformation.paResponse', raw?.paResponse, 8192);
  const mdMerchantData = optionalLine('input.paymentInformation.mdMerchantData', raw?.mdMerchantData, 8192);
  return {
    kind: 'charge',
    token,
    amount: amount ?? { priceMicros: 0, currencyCode: service.price?.currencyCode ?? service.noShowFee!.fee.currencyCode, pricingOptionTag: null },
    keepCardOnFile,
    threeDS1: paResponse === null ? null : { paResponse, mdMerchantData },
  };
}

/**
 * The processor's token: the unparsed token as sent, or, when it is a Google Payments token (a JSON
 * object, spec §4.10 unparsed_payment_method_token), its `id` (the processor token it wraps).
 */
export function processorToken(raw: string | null): string | null {
  const text = raw?.trim();
  if (!text) return null;
  if (!text.startsWith('{')) return text;
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'string' && id.length > 0 ? id : text;
  } catch {
    return text;
  }
}
