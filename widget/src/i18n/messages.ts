// The widget's English text: the source of truth for every catalog. `Catalog` is this object's type:
// a catalog missing a key, with an extra key, or reading a parameter that is not there does not compile.
//
// Conventions:
// - Parameters are already-formatted strings (times, days, durations, names): the caller formats them
//   with its own Intl for the full locale (e.g. 'de-CH', 'ar-EG').
// - Counted values are `Count` ({ n, count? }): `n` picks the plural form via Intl.PluralRules,
//   `count` is n as the caller's Intl.NumberFormat shows it (default String(n)).
// - `slot` parameters take the text of `slotInline` (in sentences) or `slotSummary` (in lists).
// - `merchant` parameters take the merchant's name, or `theBusiness` when there is none.
// - Right-to-left catalogs wrap every parameter in `isolate` (FSI … PDI).
import { num, plurals, type Count } from './util';

const p = plurals('en');
const withStaff = (staff?: string) => (staff ? ` with ${staff}` : '');
const tryAgain = 'Try again';
const anyStaff = 'Any staff';
const down = "We couldn't reach the booking service";
const checkRetry = 'Check your connection and try again.';
const yourHold = (slot: string) => `Your hold on ${slot}`;
const holdExpiredHeading = 'Your hold has expired';
const againToFinish = ' Hold it again to finish booking.';
const pickAnother = 'Pick another time';
const direct = (merchant: string) => ` Please contact ${merchant} directly.`;
const tooLate = 'It is too late to cancel online: ';
const reference = (ref: string) => ` Your reference is ${ref}.`;

export const en = {
  // ---- frame -------------------------------------------------------------------------------------
  bookAt: (x: { merchant: string }) => `Book at ${x.merchant}`,
  bookAppointment: 'Book an appointment',
  allTimesIn: (x: { zone: string }) => `All times are in ${x.zone} time.`,
  loading: 'Loading…',
  /** Accessible name of a loading skeleton. */
  loadingLabel: 'Loading',
  tryAgain,
  needsMerchantId: 'This booking widget needs a merchant-id attribute.',
  /** Joins parts of one label ("Today, Tuesday 4 November"). */
  sep: ', ',
  /** A numbered step heading: "1. Choose a service". */
  step: (x: Count & { title: string }) => `${num(x)}. ${x.title}`,
  /** Stands for the merchant's name when it is not known. */
  theBusiness: 'the business',

  // ---- choosing ------------------------------------------------------------------------------------
  chooseService: 'Choose a service',
  chooseStaff: 'Choose a staff member',
  anyStaff,
  staffLabel: 'Staff',
  chooseDay: 'Choose a day',
  chooseTime: 'Choose a time',
  continue: 'Continue',
  free: 'Free',
  /** Only where Intl.RelativeTimeFormat is missing. */
  today: 'Today',
  tomorrow: 'Tomorrow',
  prevMonth: 'Previous month',
  nextMonth: 'Next month',
  /** Month grid: a day's state, joined to its name with `sep`. */
  hasOpenTimes: 'has open times',
  noOpenTimes: 'no open times',
  dayInZone: (x: { day: string; zone: string }) => `${x.day}, ${x.zone} time`,
  timesIn: (x: { zone: string }) => `Times shown in ${x.zone}`,
  yourTime: (x: { zone: string }) => `your time: ${x.zone}`,
  loadingTimes: 'Loading open times…',
  slotsFailed: "We couldn't load the open times.",
  noTimes: 'No open times on this day. Please choose another day.',
  noTimesWithStaff: `No open times with this staff member on this day: choose “${anyStaff}” or another day.`,
  nextOpenDay: (x: { day: string }) => `Next day with openings: ${x.day}`,
  /** Under a time: places left. */
  nLeft: (x: Count) => `${num(x)} left`,
  placesLeft: (x: Count) => p(x.n, { one: `${num(x)} place left`, other: `${num(x)} places left` }),
  /** A time button's accessible name; `places` is a `placesLeft` text. */
  slotLabel: (x: { time: string; duration: string; staff?: string; places?: string }) =>
    `${x.time}${withStaff(x.staff)}, ${x.duration}${x.places ? `, ${x.places}` : ''}`,
  /** A slot inside a sentence: "09:00 with alex on Tue 4 Nov". */
  slotInline: (x: { time: string; day: string; staff?: string }) => `${x.time}${withStaff(x.staff)} on ${x.day}`,
  /** A slot on its own: "Tuesday 4 November 2025, 09:00–09:30 with alex". */
  slotSummary: (x: { day: string; time: string; staff?: string }) => `${x.day}, ${x.time}${withStaff(x.staff)}`,

  // ---- holding ---------------------------------------------------------------------------------------
  /** A time picked, before it is held. */
  slotSelected: (x: { slot: string }) => `${x.slot} selected. Continue to hold it for you.`,
  holding: (x: { slot: string }) => `Holding ${x.slot}…`,
  holdUnreachable: (x: { slot: string }) => `${down} to hold ${x.slot}. ${checkRetry}`,
  heldFor: (x: { slot: string; duration: string }) => `${x.slot} is held for you for ${x.duration}. Enter your details to book.`,
  /** Banner before the countdown (`timeLeft` / `secondsLeft`). */
  youAreHolding: (x: { slot: string }) => `You are holding ${x.slot}:`,
  continueBooking: 'Continue booking',
  /** Before the countdown on the form. */
  heldForYou: 'Held for you:',
  /** Countdown of a minute or more ("9:30 left"). */
  timeLeft: (x: { time: string }) => `${x.time} left`,
  /** Countdown under a minute ("45 seconds left"). */
  secondsLeft: (x: Count) => p(x.n, { one: `${num(x)} second left`, other: `${num(x)} seconds left` }),
  oneMinuteLeft: (x: { time: string }) => `One minute left on your hold (${x.time}).`,
  holdReleased: (x: { slot: string }) => `We released your hold on ${x.slot} so others can book it.`,
  /** The hold given back while the page was hidden. */
  holdReturned: (x: { slot: string }) => `We gave back your hold on ${x.slot} while you were away.`,

  // ---- details form --------------------------------------------------------------------------------
  yourDetails: 'Your details',
  givenNameLabel: 'First name',
  familyNameLabel: 'Last name',
  emailLabel: 'E-mail',
  telephoneLabel: 'Phone',
  phoneHint: (x: { example: string }) => `For example ${x.example}`,
  book: 'Book',
  booking: 'Booking…',
  pickAnother,
  checkFields: (x: Count) =>
    p(x.n, { one: 'Please check the highlighted field.', other: `Please check the ${num(x)} highlighted fields.` }),
  errGivenName: 'Enter your first name.',
  errFamilyName: 'Enter your last name.',
  errMaxChars: (x: Count) => p(x.n, { one: `Use at most ${num(x)} character.`, other: `Use at most ${num(x)} characters.` }),
  errLine: 'Use letters, spaces and punctuation only (no tabs or line breaks).',
  errEmailEmpty: 'Enter your e-mail address.',
  errEmail: (x: { example: string }) => `Enter an e-mail address like ${x.example}.`,
  errPhoneEmpty: 'Enter your phone number.',
  errPhone: 'Enter a phone number of 6–20 digits; a leading +, spaces, -, ., ( and ) are fine.',

  // ---- booking outcome -----------------------------------------------------------------------------
  bookingUncertain: `${down}, so we don't know yet whether your booking went through. Press “${tryAgain}”: it is safe and never books twice.`,
  expiredBeforeBooking: (x: { slot: string }) => `${yourHold(x.slot)} expired before the booking went through.${againToFinish}`,
  holdInvalid: (x: { slot: string }) => `${yourHold(x.slot)} is no longer valid.${againToFinish}`,
  holdExpiredShort: (x: { slot: string }) => `${yourHold(x.slot)} has expired.`,
  holdExpired: (x: { slot: string }) => `${yourHold(x.slot)} has expired. Hold it again to keep booking, or pick another time.`,
  holdExpiredHeading,
  holdExpiredGeneric: `${holdExpiredHeading}. Hold the time again to finish booking.`,
  noLongerHeld: (x: { slot: string }) => `${x.slot} is no longer held for you. It may still be free: hold it again, or choose another time.`,
  holdAgain: (x: { time: string }) => `Hold ${x.time} again`,
  chooseAnother: 'Choose another time',
  alreadyBooked: (x: { slot: string }) => `You already have a booking for ${x.slot}. Pick another time to book again.`,
  slotTaken: (x: { slot: string }) =>
    `Sorry, ${x.slot} was just taken by someone else. The list is refreshed: please pick another time.`,
  timeTaken: 'Sorry, that time was just taken. Please pick another time.',
  refused: (x: { merchant: string; reason?: string }) =>
    `The booking was refused${x.reason ? `: ${x.reason}` : ''}. Please pick another time or contact ${x.merchant}.`,
  bookedMsg: (x: { slot: string; ref: string }) => `Booked: ${x.slot}.${reference(x.ref)}`,
  requestSent: (x: { slot: string; ref: string }) => `Request sent for ${x.slot}: the salon will confirm.${reference(x.ref)}`,

  // ---- confirmation and bookings -------------------------------------------------------------------
  youAreBooked: 'You are booked',
  requestSentHeading: 'Request sent',
  bookingCancelled: 'Booking cancelled',
  pendingNote: 'The salon will confirm your booking. You will hear from them.',
  /** "What happens next" for a booking waiting for the merchant. */
  pendingNext: (x: { merchant: string }) =>
    `What happens next: ${x.merchant} reviews your request and confirms it. You will hear from them; keep your reference to hand.`,
  service: 'Service',
  when: 'When',
  reference: 'Reference',
  yourReference: 'Your reference',
  status: 'Status',
  statusConfirmed: 'Confirmed',
  statusPending: 'Requested: the salon will confirm',
  statusCanceled: 'Cancelled',
  statusLine: (x: { status: string; ref: string }) => `${x.status} · reference ${x.ref}`,
  freeCancellationUntil: (x: { time: string }) => `Free cancellation until ${x.time}`,
  addToCalendar: 'Add to calendar',
  /** The calendar event (.ics): its title and its note. */
  calendarTitle: (x: { service: string; merchant?: string }) => (x.merchant ? `${x.service} at ${x.merchant}` : x.service),
  calendarNote: (x: { ref: string; id: string }) => `Reference ${x.ref} (${x.id})`,
  cancelBooking: 'Cancel booking',
  bookAnother: 'Book another time',
  yourBookings: 'Your bookings',

  // ---- cancelling ------------------------------------------------------------------------------------
  cancelConfirm: 'Cancel this booking?',
  yesCancel: 'Yes, cancel',
  keepBooking: 'Keep booking',
  cancelling: 'Cancelling…',
  cancelUnreachable: `${down}, so your booking is not cancelled yet. ${checkRetry}`,
  cancelled: (x: { slot: string }) => `Your booking for ${x.slot} is cancelled.`,
  tooLateWindow: (x: { duration: string; merchant: string }) =>
    `${tooLate}this booking could be cancelled up to ${x.duration} before it starts.${direct(x.merchant)}`,
  tooLateStarted: (x: { merchant: string }) => `${tooLate}the booking has started.${direct(x.merchant)}`,
  notCancellable: (x: { merchant: string }) => `This booking can no longer be cancelled online.${direct(x.merchant)}`,

  // ---- service errors ----------------------------------------------------------------------------------
  unreachable: "We can't reach the booking service right now. Check your connection, then try again.",
  noMerchant: (x: { id: string }) => `No business with the id “${x.id}” takes bookings here. Check the widget's merchant-id.`,
  slotsNoAnswer: "We couldn't load the open times: the booking service did not answer. Try again.",
  badApiKey: (x: { merchant: string }) =>
    `This booking widget is not set up correctly: its API key was refused. Please contact ${x.merchant} to book.`,
  serviceBusy: 'The booking service is busy. Wait a moment, then try again.',
  requestFailed: (x: { error: string; merchant: string }) =>
    `The booking service could not handle the request (${x.error}). Try again, or contact ${x.merchant}.`,
  unknownError: 'unknown error',
};

/** The shape every catalog has: the same keys as `en`, each a string or a function of the same parameters. */
export type Catalog = typeof en;
export type MessageKey = keyof Catalog;
