// A service's payment policy (api-contract "Payments"): parsing it from upsertService, and the sums
// it asks of a booking. PER_PERSON multiplies by the party size (spec §4.10 PriceType).
import { CreditCardType } from '../../domain/enums';
import { invalidArgument } from '../../domain/errors';
import { PrepaymentPolicy, PriceType, type ServicePaymentPolicy } from '../../domain/payments';
import type { Price, ServiceRecord } from '../../domain/records';
import type { DepositInput, NoShowFeeInput, UpsertServiceRequest } from '../inputs';
import { parsePrice } from '../inventory.service';
import { isAbsent, optionalInt } from '../validate';

export function parseServicePaymentPolicy(input: UpsertServiceRequest, price: Price | null): ServicePaymentPolicy {
  const policy: ServicePaymentPolicy = {
    prepayment: input.prepayment ?? null,
    deposit: parseDeposit('input.deposit', input.deposit),
    noShowFee: parseNoShowFee('input.noShowFee', input.noShowFee),
    acceptedCardTypes: parseCardTypes('input.acceptedCardTypes', input.acceptedCardTypes),
  };
  if (policy.prepayment === PrepaymentPolicy.REQUIRED && !price && !policy.deposit) {
    throw invalidArgument('input.prepayment', 'REQUIRED needs a price or a deposit to charge');
  }
  return policy;
}

function parseDeposit(path: string, input: DepositInput | null | undefined) {
  if (isAbsent(input)) return null;
  const deposit = parsePrice(`${path}.deposit`, input.deposit);
  if (!deposit) throw invalidArgument(`${path}.deposit`, 'is required');
  return {
    deposit,
    minAdvanceCancellationSec: optionalInt(`${path}.minAdvanceCancellationSec`, input.minAdvanceCancellationSec, 0),
    depositType: input.depositType ?? PriceType.FIXED_RATE_DEFAULT,
  };
}

function parseNoShowFee(path: string, input: NoShowFeeInput | null | undefined) {
  if (isAbsent(input)) return null;
  const fee = parsePrice(`${path}.fee`, input.fee);
  if (!fee) throw invalidArgument(`${path}.fee`, 'is required');
  if (fee.priceMicros <= 0) throw invalidArgument(`${path}.fee.priceMicros`, 'must be above 0');
  return { fee, feeType: input.feeType ?? PriceType.FIXED_RATE_DEFAULT };
}

function parseCardTypes(path: string, input: readonly CreditCardType[] | null | undefined): CreditCardType[] | null {
  if (isAbsent(input)) return null;
  if (input.length === 0) throw invalidArgument(path, 'must name at least one card type (leave it out to accept every brand)');
  if (input.includes(CreditCardType.CREDIT_CARD_TYPE_UNSPECIFIED)) throw invalidArgument(path, 'CREDIT_CARD_TYPE_UNSPECIFIED is not a card type');
  return [...new Set(input)];
}

const times = (price: Price, factor: number): Price => ({ ...price, priceMicros: price.priceMicros * factor });

/** What booking this service for `partySize` charges up front: the deposit when there is one, else the price. */
export function prepaymentAmount(service: ServiceRecord, partySize: number): Price | null {
  if (service.deposit) return service.deposit.depositType === PriceType.PER_PERSON ? times(service.deposit.deposit, partySize) : service.deposit.deposit;
  return service.price && service.price.priceMicros > 0 ? service.price : null;
}

export function noShowFeeAmount(service: ServiceRecord, partySize: number): Price | null {
  const fee = service.noShowFee;
  if (!fee) return null;
  return fee.feeType === PriceType.PER_PERSON ? times(fee.fee, partySize) : fee.fee;
}

/** A cancel at `nowSec` gets the prepayment back when it is early enough for the deposit's terms (none: always). */
export function refundsOnCancel(minAdvanceCancellationSec: number | null, nowSec: number, startSec: number): boolean {
  return minAdvanceCancellationSec === null || nowSec <= startSec - minAdvanceCancellationSec;
}
