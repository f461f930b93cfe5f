// Prices are micros (spec §3.0: amount × 10^6); Stripe wants the currency's smallest unit
// (https://docs.stripe.com/currencies#zero-decimal): cents for most, whole units for zero-decimal
// currencies, and three decimals (a multiple of 10) for BHD, JOD, KWD, OMR and TND.
import type { Price } from '../domain/records';

const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** The amount in the currency's smallest unit, or null when the price cannot be charged exactly. */
export function toMinorUnits(price: Price): number | null {
  const currency = price.currencyCode.toUpperCase();
  const decimals = ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
  const minor = price.priceMicros / 10 ** (6 - decimals);
  if (!Number.isSafeInteger(minor)) return null;
  if (decimals === 3 && minor % 10 !== 0) return null;
  return minor;
}
