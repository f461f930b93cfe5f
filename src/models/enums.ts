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

registerEnumType(BookingStatus, { name: 'BookingStatus', description: 'Status of a booking (proto BookingStatus).' });
registerEnumType(ConfirmationMode, {
  name: 'ConfirmationMode',
  description: 'Whether bookings of a slot are confirmed at once or by the merchant later. UNSPECIFIED means synchronous.',
});
registerEnumType(PrepaymentStatus, { name: 'PrepaymentStatus' });
registerEnumType(PaymentProcessedBy, { name: 'PaymentProcessedBy' });
registerEnumType(CreditCardType, { name: 'CreditCardType' });
registerEnumType(BookingFailureCause, { name: 'BookingFailureCause', description: 'Why a valid request was refused.' });

export { BookingFailureCause, BookingStatus, ConfirmationMode, CreditCardType, PaymentProcessedBy, PrepaymentStatus };
