// German, formal ("Sie").
import type { Catalog } from './messages';
import { num, plurals } from './util';

const p = plurals('de');
const bei = (staff?: string) => (staff ? ` bei ${staff}` : '');
const tryAgain = 'Erneut versuchen';
const anyStaff = 'Keine Präferenz';
const down = 'Der Buchungsdienst ist nicht erreichbar';
const checkRetry = 'Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.';
const yourHold = (slot: string) => `Ihre Reservierung für ${slot}`;
const holdExpiredHeading = 'Ihre Reservierung ist abgelaufen';
const againToFinish = ' Reservieren Sie die Zeit erneut, um die Buchung abzuschließen.';
const pickAnother = 'Andere Zeit wählen';
const other = 'wählen Sie eine andere Zeit';
const direct = (merchant: string) => ` Bitte kontaktieren Sie ${merchant} direkt.`;
const tooLate = 'Eine Online-Stornierung ist nicht mehr möglich: ';
const reference = (ref: string) => ` Ihre Buchungsnummer lautet ${ref}.`;

export const de = {
  bookAt: (x) => `Termin buchen bei ${x.merchant}`,
  bookAppointment: 'Termin buchen',
  allTimesIn: (x) => `Alle Zeiten in der Zeitzone ${x.zone}.`,
  loading: 'Wird geladen…',
  loadingLabel: 'Wird geladen',
  tryAgain,
  needsMerchantId: 'Diesem Buchungs-Widget fehlt das Attribut merchant-id.',
  sep: ', ',
  step: (x) => `${num(x)}. ${x.title}`,
  theBusiness: 'das Unternehmen',

  chooseService: 'Leistung wählen',
  chooseStaff: 'Mitarbeiter/in wählen',
  anyStaff,
  staffLabel: 'Mitarbeiter/in',
  chooseDay: 'Tag wählen',
  chooseTime: 'Uhrzeit wählen',
  continue: 'Weiter',
  free: 'Kostenlos',
  today: 'Heute',
  tomorrow: 'Morgen',
  prevMonth: 'Vorheriger Monat',
  nextMonth: 'Nächster Monat',
  hasOpenTimes: 'freie Zeiten',
  noOpenTimes: 'keine freien Zeiten',
  dayInZone: (x) => `${x.day}, Zeitzone ${x.zone}`,
  timesIn: (x) => `Zeiten in der Zeitzone ${x.zone}`,
  yourTime: (x) => `Ihre Ortszeit: ${x.zone}`,
  loadingTimes: 'Freie Zeiten werden geladen…',
  slotsFailed: 'Die freien Zeiten konnten nicht geladen werden.',
  noTimes: 'An diesem Tag gibt es keine freien Zeiten. Bitte wählen Sie einen anderen Tag.',
  noTimesWithStaff: `Bei dieser Person gibt es an diesem Tag keine freien Zeiten: Wählen Sie „${anyStaff}“ oder einen anderen Tag.`,
  nextOpenDay: (x) => `Nächster Tag mit freien Zeiten: ${x.day}`,
  nLeft: (x) => `${num(x)} frei`,
  placesLeft: (x) => p(x.n, { one: `noch ${num(x)} Platz frei`, other: `noch ${num(x)} Plätze frei` }),
  slotLabel: (x) => `${x.time}${bei(x.staff)}, ${x.duration}${x.places ? `, ${x.places}` : ''}`,
  slotInline: (x) => `${x.time}${bei(x.staff)} am ${x.day}`,
  slotSummary: (x) => `${x.day}, ${x.time}${bei(x.staff)}`,

  slotSelected: (x) => `${x.slot} ausgewählt. Wählen Sie „Weiter“, um die Zeit für Sie zu reservieren.`,
  holding: (x) => `${x.slot} wird für Sie reserviert…`,
  holdUnreachable: (x) => `${down}, daher konnte ${x.slot} nicht reserviert werden. ${checkRetry}`,
  heldFor: (x) => `${x.slot} ist für ${x.duration} für Sie reserviert. Geben Sie Ihre Angaben ein, um zu buchen.`,
  youAreHolding: (x) => `Sie haben ${x.slot} reserviert:`,
  continueBooking: 'Buchung fortsetzen',
  heldForYou: 'Für Sie reserviert:',
  timeLeft: (x) => `noch ${x.time}`,
  secondsLeft: (x) => p(x.n, { one: `noch ${num(x)} Sekunde`, other: `noch ${num(x)} Sekunden` }),
  oneMinuteLeft: (x) => `Ihre Reservierung läuft in einer Minute ab (${x.time}).`,
  holdReleased: (x) => `Wir haben Ihre Reservierung für ${x.slot} aufgehoben, damit andere diese Zeit buchen können.`,
  holdReturned: (x) => `Während Sie weg waren, haben wir ${yourHold(x.slot)} aufgehoben.`,

  yourDetails: 'Ihre Angaben',
  givenNameLabel: 'Vorname',
  familyNameLabel: 'Nachname',
  emailLabel: 'E-Mail',
  telephoneLabel: 'Telefon',
  phoneHint: (x) => `Zum Beispiel ${x.example}`,
  book: 'Buchen',
  booking: 'Wird gebucht…',
  pickAnother,
  checkFields: (x) => p(x.n, { one: 'Bitte prüfen Sie das markierte Feld.', other: `Bitte prüfen Sie die ${num(x)} markierten Felder.` }),
  errGivenName: 'Geben Sie Ihren Vornamen ein.',
  errFamilyName: 'Geben Sie Ihren Nachnamen ein.',
  errMaxChars: (x) => `Verwenden Sie höchstens ${num(x)} Zeichen.`,
  errLine: 'Verwenden Sie nur Buchstaben, Leerzeichen und Satzzeichen (keine Tabulatoren oder Zeilenumbrüche).',
  errEmailEmpty: 'Geben Sie Ihre E-Mail-Adresse ein.',
  errEmail: (x) => `Geben Sie eine E-Mail-Adresse wie ${x.example} ein.`,
  errPhoneEmpty: 'Geben Sie Ihre Telefonnummer ein.',
  errPhone: 'Geben Sie eine Telefonnummer mit 6–20 Ziffern ein; ein führendes +, Leerzeichen, -, ., ( und ) sind erlaubt.',

  bookingUncertain: `${down}, daher wissen wir noch nicht, ob Ihre Buchung durchgegangen ist. Wählen Sie „${tryAgain}“: Das ist sicher und bucht nie doppelt.`,
  expiredBeforeBooking: (x) => `${yourHold(x.slot)} ist abgelaufen, bevor die Buchung abgeschlossen war.${againToFinish}`,
  holdInvalid: (x) => `${yourHold(x.slot)} ist nicht mehr gültig.${againToFinish}`,
  holdExpiredShort: (x) => `${yourHold(x.slot)} ist abgelaufen.`,
  holdExpired: (x) => `${yourHold(x.slot)} ist abgelaufen. Reservieren Sie die Zeit erneut, um weiter zu buchen, oder ${other}.`,
  holdExpiredHeading,
  holdExpiredGeneric: `${holdExpiredHeading}.${againToFinish}`,
  noLongerHeld: (x) => `${x.slot} ist nicht mehr für Sie reserviert. Die Zeit ist vielleicht noch frei: Reservieren Sie sie erneut oder ${other}.`,
  holdAgain: (x) => `${x.time} erneut reservieren`,
  chooseAnother: 'Eine andere Zeit wählen',
  alreadyBooked: (x) => `Sie haben bereits eine Buchung für ${x.slot}. Bitte ${other}, um erneut zu buchen.`,
  slotTaken: (x) => `Leider wurde ${x.slot} gerade von jemand anderem gebucht. Die Liste ist aktualisiert: Bitte ${other}.`,
  timeTaken: `Leider wurde diese Zeit gerade vergeben. Bitte ${other}.`,
  refused: (x) => `Die Buchung wurde abgelehnt${x.reason ? `: ${x.reason}` : ''}. Bitte ${other} oder kontaktieren Sie ${x.merchant}.`,
  bookedMsg: (x) => `Gebucht: ${x.slot}.${reference(x.ref)}`,
  requestSent: (x) => `Anfrage für ${x.slot} gesendet: Der Salon bestätigt sie.${reference(x.ref)}`,

  youAreBooked: 'Ihr Termin ist gebucht',
  requestSentHeading: 'Anfrage gesendet',
  bookingCancelled: 'Buchung storniert',
  pendingNote: 'Der Salon bestätigt Ihre Buchung und meldet sich bei Ihnen.',
  pendingNext: (x) =>
    `So geht es weiter: ${x.merchant} prüft Ihre Anfrage und bestätigt sie. Sie erhalten Bescheid; halten Sie Ihre Buchungsnummer bereit.`,
  service: 'Leistung',
  when: 'Wann',
  reference: 'Buchungsnummer',
  yourReference: 'Ihre Buchungsnummer',
  status: 'Status',
  statusConfirmed: 'Bestätigt',
  statusPending: 'Angefragt: Der Salon bestätigt',
  statusCanceled: 'Storniert',
  statusLine: (x) => `${x.status} · Buchungsnummer ${x.ref}`,
  freeCancellationUntil: (x) => `Kostenlose Stornierung bis ${x.time}`,
  addToCalendar: 'Zum Kalender hinzufügen',
  calendarTitle: (x) => (x.merchant ? `${x.service} bei ${x.merchant}` : x.service),
  calendarNote: (x) => `Buchungsnummer ${x.ref} (${x.id})`,
  cancelBooking: 'Buchung stornieren',
  bookAnother: 'Weitere Zeit buchen',
  yourBookings: 'Ihre Buchungen',

  cancelConfirm: 'Diese Buchung stornieren?',
  yesCancel: 'Ja, stornieren',
  keepBooking: 'Buchung behalten',
  cancelling: 'Wird storniert…',
  cancelUnreachable: `${down}, daher ist Ihre Buchung noch nicht storniert. ${checkRetry}`,
  cancelled: (x) => `Ihre Buchung für ${x.slot} ist storniert.`,
  tooLateWindow: (x) => `${tooLate}Diese Buchung konnte bis ${x.duration} vor Beginn storniert werden.${direct(x.merchant)}`,
  tooLateStarted: (x) => `${tooLate}Der Termin hat bereits begonnen.${direct(x.merchant)}`,
  notCancellable: (x) => `Diese Buchung kann nicht mehr online storniert werden.${direct(x.merchant)}`,

  unreachable: 'Der Buchungsdienst ist gerade nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es dann erneut.',
  noMerchant: (x) => `Kein Unternehmen mit der ID „${x.id}“ nimmt hier Buchungen an. Prüfen Sie das Attribut merchant-id des Widgets.`,
  slotsNoAnswer: 'Die freien Zeiten konnten nicht geladen werden: Der Buchungsdienst hat nicht geantwortet. Versuchen Sie es erneut.',
  badApiKey: (x) =>
    `Dieses Buchungs-Widget ist nicht richtig eingerichtet: Sein API-Schlüssel wurde abgelehnt. Bitte kontaktieren Sie ${x.merchant}, um zu buchen.`,
  serviceBusy: 'Der Buchungsdienst ist ausgelastet. Warten Sie einen Moment und versuchen Sie es dann erneut.',
  requestFailed: (x) =>
    `Der Buchungsdienst konnte die Anfrage nicht verarbeiten (${x.error}). Versuchen Sie es erneut oder kontaktieren Sie ${x.merchant}.`,
  unknownError: 'unbekannter Fehler',
} satisfies Catalog;
