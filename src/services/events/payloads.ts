// What an event says (the webhook body's `data`, and what subscriptions read back): the booking or the
// slot as the GraphQL face names their fields, so a receiver can use the same types for both.
import type { BookingRecord, SlotState } from '../../domain/records';
import { countAvailable, inventorySlotView } from '../slot';

export interface BookingEventData extends Record<string, unknown> {
  booking: Omit<BookingRecord, 'callerId' | 'slotKey' | 'spots' | 'payment'>;
  /** booking.rescheduled: where the booking was before. */
  previousSlot?: BookingRecord['slot'];
  /** A no-show fee charged (or that failed): what booking.payment_updated reports beside paymentInformation. */
  noShowFee?: { state: string; amount: { priceMicros: number; currencyCode: string }; transactionId: string | null };
}

export interface SlotAvailabilityData extends Record<string, unknown> {
  slot: ReturnType<typeof inventorySlotView>;
  spotsTotal: number;
  countAvailable: number;
  /** The count before the change that caused the event. */
  previousCountAvailable: number;
}

export function bookingData(booking: BookingRecord, previous?: BookingRecord): BookingEventData {
  // The payment record stays inside: it holds processor references (the card kept on file) no receiver needs.
  const { callerId: _caller, slotKey: _key, spots: _spots, payment, ...shown } = booking;
  const data: BookingEventData = { booking: shown };
  const fee = payment?.noShowFee;
  if (fee && fee.state !== 'due') data.noShowFee = { state: fee.state, amount: { priceMicros: fee.amount.priceMicros, currencyCode: fee.amount.currencyCode }, transactionId: fee.transactionId };
  if (previous && previous.slotKey !== booking.slotKey) data.previousSlot = previous.slot;
  return data;
}

export function slotData(after: SlotState, previousCount: number): SlotAvailabilityData {
  return { slot: inventorySlotView(after.slot), spotsTotal: after.slot.spotsTotal, countAvailable: countAvailable(after), previousCountAvailable: previousCount };
}

/** A slot that was deleted: nothing is available on it any more. */
export function deletedSlotData(before: SlotState): SlotAvailabilityData {
  return { slot: inventorySlotView(before.slot), spotsTotal: 0, countAvailable: 0, previousCountAvailable: countAvailable(before) };
}
