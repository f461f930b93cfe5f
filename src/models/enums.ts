// Registers the domain's enums with type-graphql; the names and values are the proto's.
import { registerEnumType } from 'type-graphql';
import {
  BookingFailureCause,
  BookingStatus,
  ConfirmationMode,
  CreditCardType,
  PaymentProcessedBy,
  PrepaymentStatus,
} from '../domain/enums';
import { PaymentOptionType, PrepaymentPolicy, PriceType } from '../domain/payments';

registerEnumType(BookingStatus, { name: 'BookingStatus', description: 'Status of a booking (proto BookingStatus).' });
registerEnumType(ConfirmationMode, {
  name: 'ConfirmationMode',
  description: 'Whether bookings of a slot are confirmed at once or by the merchant later. UNSPECIFIED means synchronous.',
});
registerEnumType(PrepaymentStatus, { name: 'PrepaymentStatus' });
registerEnumType(PaymentProcessedBy, { name: 'PaymentProcessedBy' });
registerEnumType(CreditCardType, { name: 'CreditCardType' });
registerEnumType(PrepaymentPolicy, { name: 'PrepaymentPolicy', description: 'Whether a booking of the service is paid up front.' });
registerEnumType(PriceType, { name: 'PriceType', description: 'FIXED_RATE_DEFAULT: the amount as is; PER_PERSON: × the party size.' });
registerEnumType(PaymentOptionType, { name: 'PaymentOptionType' });
registerEnumType(BookingFailureCause, { name: 'BookingFailureCause', description: 'Why a valid request was refused.' });

export { BookingFailureCause, BookingStatus, ConfirmationMode, CreditCardType, PaymentOptionType, PaymentProcessedBy, PrepaymentPolicy, PrepaymentStatus, PriceType };
