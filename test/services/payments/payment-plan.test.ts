// What createBooking asks of payments, decided from the service and the request (payment-plan.ts).
import { BookingFailureCause, PaymentProcessedBy, PrepaymentStatus } from '../../../src/domain/enums';
import { PrepaymentPolicy, PriceType } from '../../../src/domain/payments';
import { NO_SERVICE_POLICY, type PaymentInformation, type ServiceRecord } from '../../../src/domain/records';
import { planPayment, processorToken, type PlanInput } from '../../../src/services/payments/payment-plan';

const CHF = (francs: number) => ({ priceMicros: francs * 1_000_000, currencyCode: 'CHF', pricingOptionTag: null });
const service = (over: Partial<ServiceRecord> = {}): ServiceRecord => ({ ...NO_SERVICE_POLICY, merchantId: 'm', serviceId: 's', name: 'S', price: CHF(40), ...over });
const info = (over: Partial<PaymentInformation> = {}): PaymentInformation => ({
  prepaymentStatus: PrepaymentStatus.PREPAYMENT_NOT_PROVIDED,
  paymentTransactionId: null,
  price: null,
  taxAmount: null,
  fees: null,
  feesAndTaxes: null,
  paymentProcessedBy: null,
  paymentOptionId: null,
  userPaymentOptionId: null,
  ...over,
});
const plan = (over: Partial<PlanInput> & { token?: string | null } = {}) => {
  const { token = 'tok_visa', ...rest } = over;
  return planPayment({ service: service(), paymentInformation: info(), rawPaymentInformation: null, parameters: token === null ? null : { unparsedPaymentMethodToken: token }, processorConfigured: true, partySize: 1, ...rest });
};

it('charges the price, or the deposit (× party size when PER_PERSON) when there is one', () => {
  expect(plan()).toMatchObject({ kind: 'charge', token: 'tok_visa', amount: CHF(40), keepCardOnFile: false });
  const deposit = { deposit: CHF(10), minAdvanceCancellationSec: null, depositType: PriceType.PER_PERSON };
  expect(plan({ service: service({ deposit }), partySize: 3 })).toMatchObject({ kind: 'charge', amount: CHF(30) });
});

it('keeps the card, charging nothing, when the service takes no prepayment but has a no-show fee', () => {
  const noShowFee = { fee: CHF(15), feeType: PriceType.FIXED_RATE_DEFAULT };
  expect(plan({ service: service({ prepayment: PrepaymentPolicy.NONE, noShowFee }) })).toMatchObject({ kind: 'charge', amount: { priceMicros: 0 }, keepCardOnFile: true });
  expect(plan({ service: service({ prepayment: PrepaymentPolicy.NONE }) })).toEqual({ kind: 'none' });
});

it('refuses REQUIRED without a token, and books unpaid otherwise', () => {
  const required = plan({ service: service({ prepayment: PrepaymentPolicy.REQUIRED }), token: null });
  expect(required).toMatchObject({ kind: 'refuse', failure: { cause: BookingFailureCause.PAYMENT_ERROR } });
  expect(plan({ token: null })).toEqual({ kind: 'none' });
  expect(plan({ token: '   ' })).toEqual({ kind: 'none' });
});

it('leaves PROCESSED_BY_GOOGLE and an unconfigured processor to echo, and prefers a pack', () => {
  expect(plan({ paymentInformation: info({ paymentProcessedBy: PaymentProcessedBy.PROCESSED_BY_GOOGLE }) })).toEqual({ kind: 'none' });
  expect(plan({ processorConfigured: false })).toEqual({ kind: 'none' });
  expect(plan({ processorConfigured: false, service: service({ prepayment: PrepaymentPolicy.REQUIRED }), token: null }).kind).toBe('refuse');
  expect(plan({ paymentInformation: info({ userPaymentOptionId: 'upo-1' }) })).toEqual({ kind: 'pack', userPaymentOptionId: 'upo-1' });
});

it('carries the 3-D Secure answer of a retry', () => {
  expect(plan({ rawPaymentInformation: { paResponse: 'ok', mdMerchantData: 'md' } })).toMatchObject({ threeDS1: { paResponse: 'ok', mdMerchantData: 'md' } });
});

it('unwraps a Google Payments token to its id', () => {
  expect(processorToken('{"id":"tok_visa","object":"token"}')).toBe('tok_visa');
  expect(processorToken('{"not":"a token"}')).toBe('{"not":"a token"}');
  expect(processorToken('{broken')).toBe('{broken');
  expect(processorToken(' tok_amex ')).toBe('tok_amex');
  expect(processorToken(null)).toBeNull();
});
