// Packs and memberships at booking time (api-contract "Payments"): a booking spends one count of the
// user's option in its own unit of work, and a cancel or a decline gives it back in theirs. The
// option's document is written by both, so two bookings racing for its last count never both commit.
import { BookingFailureCause } from '../../domain/enums';
import type { UserPaymentOptionRecord } from '../../domain/payments';
import type { BookingFailure } from '../../domain/records';
import type { StoreWriter } from '../../store/store.port';
import { bookingFailure } from '../failure';

export interface PackUse {
  merchantId: string;
  userId: string;
  startSec: number;
  nowSec: number;
}

/** Spends one use; the option as it is after, or why it cannot be used. */
export async function spendUserPaymentOption(tx: StoreWriter, id: string, use: PackUse): Promise<{ option: UserPaymentOptionRecord } | { failure: BookingFailure }> {
  const option = await tx.getUserPaymentOption(id);
  const notValid = (why: string) => ({ failure: bookingFailure(BookingFailureCause.PAYMENT_OPTION_NOT_VALID, why) });
  if (!option) return notValid(`unknown payment option "${id}"`);
  if (option.merchantId !== use.merchantId || option.userId !== use.userId) {
    return { failure: bookingFailure(BookingFailureCause.USER_CANNOT_USE_PAYMENT_OPTION, 'this payment option belongs to another user or merchant') };
  }
  if (use.nowSec < option.validStartTimeSec) return notValid('this payment option is not valid yet');
  if (option.validEndTimeSec !== null && (use.nowSec >= option.validEndTimeSec || use.startSec >= option.validEndTimeSec)) {
    return notValid('this payment option has expired (or expires before the slot starts)');
  }
  if (option.currentCount !== null && option.currentCount <= 0) return notValid('this payment option has no uses left');
  const spent = { ...option, currentCount: option.currentCount === null ? null : option.currentCount - 1 };
  await tx.putUserPaymentOption(spent);
  return { option: spent };
}

/** Gives one use back (a cancelled or declined booking); the option after, or null when it is gone. */
export async function returnUserPaymentOption(tx: StoreWriter, id: string): Promise<UserPaymentOptionRecord | null> {
  const option = await tx.getUserPaymentOption(id);
  if (!option) return null;
  if (option.currentCount === null) return option;
  const returned = { ...option, currentCount: Math.min(option.currentCount + 1, option.originalCount ?? option.currentCount + 1) };
  await tx.putUserPaymentOption(returned);
  return returned;
}
