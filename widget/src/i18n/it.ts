// Italian, formal ("Lei") in sentences; buttons in the infinitive.
import type { Catalog } from './messages';
import { num, plurals } from './util';

const p = plurals('it');
const con = (staff?: string) => (staff ? ` con ${staff}` : '');
const tryAgain = 'Riprovare';
const anyStaff = 'Nessuna preferenza';
const down = 'Non riusciamo a raggiungere il servizio di prenotazione';
const checkRetry = 'Controlli la connessione e riprovi.';
const yourHold = (slot: string) => `La Sua riserva per ${slot}`;
const holdExpiredHeading = 'La Sua riserva è scaduta';
const againToFinish = ' Riservi di nuovo l’orario per completare la prenotazione.';
const pickAnother = 'Scegliere un altro orario';
const other = 'scelga un altro orario';
const direct = (merchant: string) => ` Contatti direttamente ${merchant}.`;
const tooLate = 'È troppo tardi per annullare online: ';
const reference = (ref: string) => ` Il Suo codice di prenotazione è ${ref}.`;

export const it = {
  bookAt: (x) => `Prenotazione presso ${x.merchant}`,
  bookAppointment: 'Prenotazione appuntamento',
  allTimesIn: (x) => `Tutti gli orari sono nel fuso orario ${x.zone}.`,
  loading: 'Caricamento…',
  loadingLabel: 'Caricamento',
  tryAgain,
  needsMerchantId: 'Questo widget di prenotazione richiede l’attributo merchant-id.',
  sep: ', ',
  step: (x) => `${num(x)}. ${x.title}`,
  theBusiness: 'l’attività',

  chooseService: 'Scelga un servizio',
  chooseStaff: 'Scelga un membro dello staff',
  anyStaff,
  staffLabel: 'Membro dello staff',
  chooseDay: 'Scelga un giorno',
  chooseTime: 'Scelga un orario',
  continue: 'Continuare',
  free: 'Gratuito',
  today: 'Oggi',
  tomorrow: 'Domani',
  prevMonth: 'Mese precedente',
  nextMonth: 'Mese successivo',
  hasOpenTimes: 'orari disponibili',
  noOpenTimes: 'nessun orario disponibile',
  dayInZone: (x) => `${x.day}, fuso orario ${x.zone}`,
  timesIn: (x) => `Orari nel fuso orario ${x.zone}`,
  yourTime: (x) => `il Suo fuso orario: ${x.zone}`,
  loadingTimes: 'Caricamento degli orari disponibili…',
  slotsFailed: 'Non è stato possibile caricare gli orari disponibili.',
  noTimes: 'Nessun orario disponibile in questo giorno. Scelga un altro giorno.',
  noTimesWithStaff: `Nessun orario disponibile con questo membro dello staff in questo giorno: scelga «${anyStaff}» o un altro giorno.`,
  nextOpenDay: (x) => `Prossimo giorno con disponibilità: ${x.day}`,
  nLeft: (x) => p(x.n, { one: `ne resta ${num(x)}`, other: `ne restano ${num(x)}` }),
  placesLeft: (x) => p(x.n, { one: `resta ${num(x)} posto`, other: `restano ${num(x)} posti` }),
  slotLabel: (x) => `${x.time}${con(x.staff)}, ${x.duration}${x.places ? `, ${x.places}` : ''}`,
  slotInline: (x) => `${x.time}${con(x.staff)} il ${x.day}`,
  slotSummary: (x) => `${x.day}, ${x.time}${con(x.staff)}`,

  slotSelected: (x) => `${x.slot} selezionato. Prema «Continuare» per riservarlo per Lei.`,
  holding: (x) => `Stiamo riservando ${x.slot} per Lei…`,
  holdUnreachable: (x) => `${down} per riservare ${x.slot}. ${checkRetry}`,
  heldFor: (x) => `${x.slot} è riservato per Lei per ${x.duration}. Inserisca i Suoi dati per prenotare.`,
  youAreHolding: (x) => `${x.slot} è riservato per Lei:`,
  continueBooking: 'Continuare la prenotazione',
  heldForYou: 'Riservato per Lei:',
  timeLeft: (x) => `ancora ${x.time}`,
  secondsLeft: (x) => p(x.n, { one: `ancora ${num(x)} secondo`, other: `ancora ${num(x)} secondi` }),
  oneMinuteLeft: (x) => `Manca un minuto alla scadenza della Sua riserva (${x.time}).`,
  holdReleased: (x) => `Abbiamo annullato la Sua riserva per ${x.slot}, così altre persone possono prenotare questo orario.`,
  holdReturned: (x) => `Mentre era via, abbiamo annullato la Sua riserva per ${x.slot}.`,

  yourDetails: 'I Suoi dati',
  givenNameLabel: 'Nome',
  familyNameLabel: 'Cognome',
  emailLabel: 'E-mail',
  telephoneLabel: 'Telefono',
  phoneHint: (x) => `Ad esempio ${x.example}`,
  book: 'Prenotare',
  booking: 'Prenotazione in corso…',
  pickAnother,
  checkFields: (x) => p(x.n, { one: 'Controlli il campo evidenziato.', other: `Controlli i ${num(x)} campi evidenziati.` }),
  errGivenName: 'Inserisca il Suo nome.',
  errFamilyName: 'Inserisca il Suo cognome.',
  errMaxChars: (x) => p(x.n, { one: `Usi al massimo ${num(x)} carattere.`, other: `Usi al massimo ${num(x)} caratteri.` }),
  errLine: 'Usi solo lettere, spazi e punteggiatura (niente tabulazioni né a capo).',
  errEmailEmpty: 'Inserisca il Suo indirizzo e-mail.',
  errEmail: (x) => `Inserisca un indirizzo e-mail come ${x.example}.`,
  errPhoneEmpty: 'Inserisca il Suo numero di telefono.',
  errPhone: 'Inserisca un numero di telefono di 6–20 cifre; sono ammessi un + iniziale, spazi, -, ., ( e ).',

  bookingUncertain: `${down}, quindi non sappiamo ancora se la Sua prenotazione è andata a buon fine. Prema «${tryAgain}»: è sicuro e non prenota mai due volte.`,
  expiredBeforeBooking: (x) => `${yourHold(x.slot)} è scaduta prima che la prenotazione andasse a buon fine.${againToFinish}`,
  holdInvalid: (x) => `${yourHold(x.slot)} non è più valida.${againToFinish}`,
  holdExpiredShort: (x) => `${yourHold(x.slot)} è scaduta.`,
  holdExpired: (x) => `${yourHold(x.slot)} è scaduta. Riservi di nuovo l’orario per continuare, oppure ${other}.`,
  holdExpiredHeading,
  holdExpiredGeneric: `${holdExpiredHeading}.${againToFinish}`,
  noLongerHeld: (x) => `${x.slot} non è più riservato per Lei. Potrebbe essere ancora libero: lo riservi di nuovo oppure ${other}.`,
  holdAgain: (x) => `Riservare di nuovo ${x.time}`,
  chooseAnother: 'Scegliere un altro momento',
  alreadyBooked: (x) => `Ha già una prenotazione per ${x.slot}. Scelga un altro orario per prenotare di nuovo.`,
  slotTaken: (x) => `Ci dispiace, ${x.slot} è appena stato prenotato da un’altra persona. L’elenco è aggiornato: ${other}.`,
  timeTaken: 'Ci dispiace, quell’orario è appena stato prenotato. Scelga un altro orario.',
  refused: (x) => `La prenotazione è stata rifiutata${x.reason ? `: ${x.reason}` : ''}. Scelga un altro orario o contatti ${x.merchant}.`,
  bookedMsg: (x) => `Prenotato: ${x.slot}.${reference(x.ref)}`,
  requestSent: (x) => `Richiesta inviata per ${x.slot}: il salone la confermerà.${reference(x.ref)}`,

  youAreBooked: 'Prenotazione effettuata',
  requestSentHeading: 'Richiesta inviata',
  bookingCancelled: 'Prenotazione annullata',
  pendingNote: 'Il salone confermerà la Sua prenotazione e La contatterà.',
  pendingNext: (x) =>
    `Cosa succede ora: ${x.merchant} esamina la Sua richiesta e la conferma. Riceverà una risposta; tenga a portata di mano il Suo codice di prenotazione.`,
  service: 'Servizio',
  when: 'Quando',
  reference: 'Codice di prenotazione',
  yourReference: 'Il Suo codice di prenotazione',
  status: 'Stato',
  statusConfirmed: 'Confermata',
  statusPending: 'Richiesta: il salone confermerà',
  statusCanceled: 'Annullata',
  statusLine: (x) => `${x.status} · codice ${x.ref}`,
  freeCancellationUntil: (x) => `Annullamento gratuito entro ${x.time}`,
  addToCalendar: 'Aggiungere al calendario',
  calendarTitle: (x) => (x.merchant ? `${x.service} presso ${x.merchant}` : x.service),
  calendarNote: (x) => `Codice di prenotazione ${x.ref} (${x.id})`,
  cancelBooking: 'Annullare la prenotazione',
  bookAnother: 'Prenotare un altro orario',
  yourBookings: 'Le Sue prenotazioni',

  cancelConfirm: 'Annullare questa prenotazione?',
  yesCancel: 'Sì, annullare',
  keepBooking: 'Mantenere la prenotazione',
  cancelling: 'Annullamento in corso…',
  cancelUnreachable: `${down}, quindi la Sua prenotazione non è ancora annullata. ${checkRetry}`,
  cancelled: (x) => `La Sua prenotazione per ${x.slot} è annullata.`,
  tooLateWindow: (x) => `${tooLate}questa prenotazione poteva essere annullata fino a ${x.duration} prima dell’inizio.${direct(x.merchant)}`,
  tooLateStarted: (x) => `${tooLate}l’appuntamento è già iniziato.${direct(x.merchant)}`,
  notCancellable: (x) => `Questa prenotazione non può più essere annullata online.${direct(x.merchant)}`,

  unreachable: 'Al momento non riusciamo a raggiungere il servizio di prenotazione. Controlli la connessione, poi riprovi.',
  noMerchant: (x) => `Nessuna attività con l’ID «${x.id}» accetta prenotazioni qui. Controlli l’attributo merchant-id del widget.`,
  slotsNoAnswer: 'Non è stato possibile caricare gli orari disponibili: il servizio di prenotazione non ha risposto. Riprovi.',
  badApiKey: (x) =>
    `Questo widget di prenotazione non è configurato correttamente: la sua chiave API è stata rifiutata. Contatti ${x.merchant} per prenotare.`,
  serviceBusy: 'Il servizio di prenotazione è sovraccarico. Attenda un momento, poi riprovi.',
  requestFailed: (x) =>
    `Il servizio di prenotazione non ha potuto elaborare la richiesta (${x.error}). Riprovi oppure contatti ${x.merchant}.`,
  unknownError: 'errore sconosciuto',
} satisfies Catalog;
