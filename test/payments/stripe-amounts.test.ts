import { toMinorUnits } from '../../src/payments/stripe-amounts';

const price = (priceMicros: number, currencyCode: string) => ({ priceMicros, currencyCode, pricingOptionTag: null });

it.each([
  [40_000_000, 'CHF', 4000],
  [12_340_000, 'eur', 1234],
  [500_000_000, 'JPY', 500],
  [1_230_000, 'KWD', 1230],
  [0, 'USD', 0],
])('%d micros of %s are %d in the smallest unit', (micros, currency, minor) => {
  expect(toMinorUnits(price(micros, currency))).toBe(minor);
});

it.each([
  [12_345_000, 'USD'], // a tenth of a cent
  [500_500_000, 'JPY'], // half a yen
  [1_234_000, 'KWD'], // Stripe takes three-decimal amounts in multiples of 10
])('refuses %d micros of %s, which cannot be charged exactly', (micros, currency) => {
  expect(toMinorUnits(price(micros, currency))).toBeNull();
});
