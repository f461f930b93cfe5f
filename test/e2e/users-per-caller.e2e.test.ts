// Users are per caller (api-contract "General rules"): a userId lives in the namespace of the API key
// that sends it, like an idempotency token. Another key's user of the same id is another person.
import { CLASS, DAY1, HOUR, Q, bookingInput, seedInventory, slot, user, type SlotSpec } from '../support/fixtures';
import { ok, startTestGateway, type TestGateway } from '../support/test-gateway';

const A = { authorization: 'Bearer wk_widget_key_A' };
const B = { authorization: 'Bearer wk_widget_key_B' };
const PARTNER = { authorization: 'Bearer pk_partner_key_1' };
const CLASS_SLOT: SlotSpec = { serviceId: CLASS, durationSec: 3600 };

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({ apiKeys: 'widget:wk_widget_key_A,widget:wk_widget_key_B,partner:pk_partner_key_1' });
  await seedInventory({ ...gw, gql: (q, v) => gw.gql(q, v, PARTNER) });
});
afterEach(() => gw.stop());

const book = async (as: Record<string, string>, userId: string, spec: SlotSpec = CLASS_SLOT) =>
  ok(await gw.gql(Q.createBooking, { input: bookingInput({ userInformation: user(userId) }, spec) }, as)).createBooking;

it('key B neither learns that A\'s user holds the slot nor is refused for it; A\'s own second booking still is', async () => {
  expect((await book(A, 'victim')).booking.status).toBe('CONFIRMED');
  const theirs = await book(B, 'victim');
  expect(theirs.bookingFailure).toBeNull();
  expect(theirs.booking.status).toBe('CONFIRMED');
  expect((await book(A, 'victim')).bookingFailure.cause).toBe('SLOT_ALREADY_BOOKED_BY_USER');
  expect((await book(B, 'victim')).bookingFailure.cause).toBe('SLOT_ALREADY_BOOKED_BY_USER');
});

it('key B booking first under A\'s user id does not block A\'s real booking', async () => {
  expect((await book(B, 'alice')).booking).not.toBeNull();
  const real = await book(A, 'alice');
  expect(real.bookingFailure).toBeNull();
  expect(real.booking.userInformation.userId).toBe('alice');
});

it('a reschedule checks the user of the booking\'s own caller only', async () => {
  const nextDay: SlotSpec = { ...CLASS_SLOT, startSec: DAY1 + 24 * HOUR };
  const mine = (await book(A, 'bob')).booking;
  expect((await book(B, 'bob', nextDay)).booking).not.toBeNull(); // B's bob is on the target slot
  const moved = ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: mine.bookingId, slot: slot(nextDay) } } }, A)).updateBooking;
  expect(moved.bookingFailure).toBeNull();
  expect(moved.booking.slot.startSec).toBe(nextDay.startSec);
  // A's own bob on the target slot would be refused: book him back on DAY1, then move onto nextDay again.
  const again = (await book(A, 'bob')).booking;
  const refused = ok(await gw.gql(Q.updateBooking, { input: { booking: { bookingId: again.bookingId, slot: slot(nextDay) } } }, A)).updateBooking;
  expect(refused.bookingFailure.cause).toBe('SLOT_ALREADY_BOOKED_BY_USER');
});
