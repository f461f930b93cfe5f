// A small inventory and request builders shared by the end-to-end suites.
import { T0, ok, type TestGateway } from './test-gateway';

export const M = 'm1';
export const S = 'cut';
export const CLASS = 'class';
export const ASYNC = 'consult';
export const HOUR = 3600;
/** Start of the first fixture day's slots: T0 + 1 day. */
export const DAY1 = T0 + 24 * HOUR;

export const Q = {
  upsertMerchant: `mutation($input: UpsertMerchantInput!) { upsertMerchant(input: $input) { merchantId name timeZone } }`,
  upsertService: `mutation($input: UpsertServiceInput!) { upsertService(input: $input) { serviceId name minAdvanceOnlineCancelingSec price { priceMicros currencyCode } } }`,
  upsertAvailability: `mutation($input: UpsertAvailabilityInput!) { upsertAvailability(input: $input) { upsertedCount } }`,
  check: `query($slot: SlotInput!) { checkAvailability(slot: $slot) { countAvailable slot { merchantId serviceId startSec durationSec availabilityTag confirmationMode resources { staffId roomId partySize } } } }`,
  createLease: `mutation($input: CreateLeaseInput!) { createLease(input: $input) {
      lease { leaseId userReference leaseExpirationTimeSec slot { merchantId serviceId startSec durationSec resources { staffId roomId partySize } confirmationMode } }
      bookingFailure { cause description } } }`,
  createBooking: `mutation($input: CreateBookingInput!) { createBooking(input: $input) {
      booking { bookingId status createdAtSec updatedAtSec additionalRequest
        slot { merchantId serviceId startSec durationSec availabilityTag confirmationMode resources { staffId roomId partySize } }
        userInformation { userId givenName familyName email telephone languageCode address { country locality region postalCode streetAddress } }
        paymentInformation { prepaymentStatus price { priceMicros currencyCode } } }
      userPaymentOption { userPaymentOptionId }
      bookingFailure { cause rejectedCardType description } } }`,
  updateBooking: `mutation($input: UpdateBookingInput!) { updateBooking(input: $input) {
      booking { bookingId status updatedAtSec slot { startSec durationSec resources { staffId roomId partySize } } }
      userPaymentOption { userPaymentOptionId }
      bookingFailure { cause description } } }`,
  booking: `query($id: ID!) { booking(bookingId: $id) { bookingId status slot { startSec durationSec resources { partySize } } } }`,
  bookingStatus: `query($id: ID!) { bookingStatus(bookingId: $id) { bookingId bookingStatus prepaymentStatus } }`,
  bookings: `query($userId: ID!) { bookings(userId: $userId) { bookingId status slot { startSec } } }`,
};

export interface SlotSpec {
  serviceId?: string;
  startSec?: number;
  durationSec?: number;
  staffId?: string;
  partySize?: number;
}

export function slot(spec: SlotSpec = {}) {
  const resources =
    spec.staffId !== undefined || spec.partySize !== undefined
      ? { ...(spec.staffId !== undefined && { staffId: spec.staffId }), ...(spec.partySize !== undefined && { partySize: spec.partySize }) }
      : undefined;
  return {
    merchantId: M,
    serviceId: spec.serviceId ?? S,
    startSec: spec.startSec ?? DAY1,
    durationSec: spec.durationSec ?? 1800,
    ...(resources && { resources }),
  };
}

export function user(userId = 'u1') {
  return { userId, givenName: 'Ada', familyName: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' };
}

let tokenCounter = 0;
export function bookingInput(overrides: Record<string, unknown> = {}, spec: SlotSpec = {}) {
  return { slot: slot(spec), userInformation: user(), idempotencyToken: `tok-${++tokenCounter}`, ...overrides };
}

/**
 * Inventory: service `cut` (cancel ≥ 1 h ahead) with 30-min slots on day 1 at 09:00…11:30 UTC-ish
 * offsets (DAY1 + n·1800, 1 spot each, plus a staff slot), service `class` with a 5-spot class at
 * DAY1, and `consult`, an asynchronous service.
 */
export async function seedInventory(gw: TestGateway): Promise<void> {
  ok(await gw.gql(Q.upsertMerchant, { input: { merchantId: M, name: 'Salon', timeZone: 'Europe/Zurich' } }));
  ok(await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: S, name: 'Cut', minAdvanceOnlineCancelingSec: HOUR, price: { priceMicros: '45000000', currencyCode: 'CHF' } } }));
  ok(await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: CLASS, name: 'Class' } }));
  ok(await gw.gql(Q.upsertService, { input: { merchantId: M, serviceId: ASYNC, name: 'Consultation' } }));
  const cut = [0, 1, 2, 3, 4, 5].map((n) => ({ serviceId: S, startSec: DAY1 + n * 1800, durationSec: 1800, spotsTotal: 1 }));
  ok(
    await gw.gql(Q.upsertAvailability, {
      input: {
        merchantId: M,
        availability: [
          ...cut,
          { serviceId: S, startSec: DAY1, durationSec: 1800, spotsTotal: 1, resources: { staffId: 'alex' }, confirmationMode: 'CONFIRMATION_MODE_SYNCHRONOUS' },
          { serviceId: CLASS, startSec: DAY1, durationSec: 3600, spotsTotal: 5, availabilityTag: 'evening' },
          { serviceId: CLASS, startSec: DAY1 + 24 * HOUR, durationSec: 3600, spotsTotal: 5 },
          { serviceId: ASYNC, startSec: DAY1, durationSec: 2700, spotsTotal: 2, confirmationMode: 'CONFIRMATION_MODE_ASYNCHRONOUS' },
        ],
      },
    }),
  );
}

export async function countAvailable(gw: TestGateway, spec: SlotSpec = {}): Promise<number> {
  return ok(await gw.gql(Q.check, { slot: slot(spec) })).checkAvailability.countAvailable;
}
