// A processor's refusal as the BookingFailure a client reads (spec §4.11): the cause, the rejected
// brand, and for 3-D Secure 1 the challenge's parameters (without them Google reads PAYMENT_ERROR).
import { BookingFailureCause } from '../../domain/enums';
import type { ChargeResult } from '../../domain/payments';
import type { BookingFailure } from '../../domain/records';
import { bookingFailure } from '../failure';

export function chargeFailure(result: Exclude<ChargeResult, { kind: 'charged' }>): BookingFailure {
  switch (result.kind) {
    case 'declined':
      return bookingFailure(BookingFailureCause.PAYMENT_ERROR_CARD_DECLINED, result.message);
    case 'card-type-rejected':
      return { ...bookingFailure(BookingFailureCause.PAYMENT_ERROR_CARD_TYPE_REJECTED, `this merchant does not accept ${result.cardType} cards`), rejectedCardType: result.cardType };
    case 'requires-3ds1':
      return {
        ...bookingFailure(BookingFailureCause.PAYMENT_REQUIRES_3DS1, 'the card needs a 3-D Secure challenge: retry with a new idempotency token, paResponse and mdMerchantData'),
        paymentFailure: { threeds1Parameters: result.parameters },
      };
    case 'failed':
      return bookingFailure(BookingFailureCause.PAYMENT_ERROR, result.message);
  }
}
