// French, formal ("vous"). French spacing: U+00A0 before ":" and inside « », U+202F before "?" and ";".
import type { Catalog } from './messages';
import { num, plurals } from './util';

const p = plurals('fr');
const avec = (staff?: string) => (staff ? ` avec ${staff}` : '');
const tryAgain = 'Réessayer';
const anyStaff = 'Sans préférence';
const down = 'Impossible de joindre le service de réservation';
const checkRetry = 'Vérifiez votre connexion et réessayez.';
const yourHold = (slot: string) => `Votre réservation temporaire de ${slot}`;
const holdExpiredHeading = 'Votre réservation temporaire a expiré';
const againToFinish = ' Bloquez à nouveau ce créneau pour finaliser la réservation.';
const pickAnother = 'Choisir un autre horaire';
const other = 'choisissez un autre horaire';
const direct = (merchant: string) => ` Veuillez contacter ${merchant} directement.`;
const tooLate = 'Il est trop tard pour annuler en ligne\u00a0: ';
const reference = (ref: string) => ` Votre référence est ${ref}.`;

export const fr = {
  bookAt: (x) => `Réserver chez ${x.merchant}`,
  bookAppointment: 'Prendre rendez-vous',
  allTimesIn: (x) => `Tous les horaires sont indiqués dans le fuseau horaire ${x.zone}.`,
  loading: 'Chargement…',
  loadingLabel: 'Chargement',
  tryAgain,
  needsMerchantId: 'Ce widget de réservation nécessite un attribut merchant-id.',
  sep: ', ',
  step: (x) => `${num(x)}. ${x.title}`,
  theBusiness: 'l’établissement',

  chooseService: 'Choisissez une prestation',
  chooseStaff: 'Choisissez un membre de l’équipe',
  anyStaff,
  staffLabel: 'Membre de l’équipe',
  chooseDay: 'Choisissez un jour',
  chooseTime: 'Choisissez un horaire',
  continue: 'Continuer',
  free: 'Gratuit',
  today: 'Aujourd’hui',
  tomorrow: 'Demain',
  prevMonth: 'Mois précédent',
  nextMonth: 'Mois suivant',
  hasOpenTimes: 'horaires disponibles',
  noOpenTimes: 'aucun horaire disponible',
  dayInZone: (x) => `${x.day}, fuseau horaire ${x.zone}`,
  timesIn: (x) => `Horaires affichés dans le fuseau ${x.zone}`,
  yourTime: (x) => `votre heure locale\u00a0: ${x.zone}`,
  loadingTimes: 'Chargement des horaires disponibles…',
  slotsFailed: 'Impossible de charger les horaires disponibles.',
  noTimes: 'Aucun horaire disponible ce jour-là. Veuillez choisir un autre jour.',
  noTimesWithStaff: `Aucun horaire disponible avec ce membre de l’équipe ce jour-là\u00a0: choisissez «\u00a0${anyStaff}\u00a0» ou un autre jour.`,
  nextOpenDay: (x) => `Prochain jour avec des disponibilités\u00a0: ${x.day}`,
  nLeft: (x) => p(x.n, { one: `${num(x)} restante`, other: `${num(x)} restantes` }),
  placesLeft: (x) => p(x.n, { one: `${num(x)} place restante`, other: `${num(x)} places restantes` }),
  slotLabel: (x) => `${x.time}${avec(x.staff)}, ${x.duration}${x.places ? `, ${x.places}` : ''}`,
  slotInline: (x) => `${x.time}${avec(x.staff)} le ${x.day}`,
  slotSummary: (x) => `${x.day}, ${x.time}${avec(x.staff)}`,

  slotSelected: (x) => `${x.slot} sélectionné. Appuyez sur «\u00a0Continuer\u00a0» pour que nous le réservions pour vous.`,
  holding: (x) => `Réservation temporaire de ${x.slot}…`,
  holdUnreachable: (x) => `${down} pour bloquer ${x.slot}. ${checkRetry}`,
  heldFor: (x) => `${x.slot} vous est réservé pendant ${x.duration}. Saisissez vos coordonnées pour réserver.`,
  youAreHolding: (x) => `${x.slot} vous est réservé\u00a0:`,
  continueBooking: 'Poursuivre la réservation',
  heldForYou: 'Réservé pour vous\u00a0:',
  timeLeft: (x) => `il reste ${x.time}`,
  secondsLeft: (x) => p(x.n, { one: `il reste ${num(x)} seconde`, other: `il reste ${num(x)} secondes` }),
  oneMinuteLeft: (x) => `Il reste une minute à votre réservation temporaire (${x.time}).`,
  holdReleased: (x) =>
    `Nous avons libéré votre réservation temporaire de ${x.slot} pour que d’autres personnes puissent réserver ce créneau.`,
  holdReturned: (x) => `Pendant votre absence, nous avons libéré votre réservation temporaire de ${x.slot}.`,

  yourDetails: 'Vos coordonnées',
  givenNameLabel: 'Prénom',
  familyNameLabel: 'Nom',
  emailLabel: 'E-mail',
  telephoneLabel: 'Téléphone',
  phoneHint: (x) => `Par exemple ${x.example}`,
  book: 'Réserver',
  booking: 'Réservation en cours…',
  pickAnother,
  checkFields: (x) => p(x.n, { one: 'Veuillez vérifier le champ signalé.', other: `Veuillez vérifier les ${num(x)} champs signalés.` }),
  errGivenName: 'Saisissez votre prénom.',
  errFamilyName: 'Saisissez votre nom.',
  errMaxChars: (x) => p(x.n, { one: `Utilisez au maximum ${num(x)} caractère.`, other: `Utilisez au maximum ${num(x)} caractères.` }),
  errLine: 'Utilisez uniquement des lettres, des espaces et de la ponctuation (ni tabulations ni retours à la ligne).',
  errEmailEmpty: 'Saisissez votre adresse e-mail.',
  errEmail: (x) => `Saisissez une adresse e-mail comme ${x.example}.`,
  errPhoneEmpty: 'Saisissez votre numéro de téléphone.',
  errPhone: 'Saisissez un numéro de téléphone de 6 à 20 chiffres\u202f; un + initial, des espaces, -, ., ( et ) sont acceptés.',

  bookingUncertain: `${down}\u00a0: nous ne savons pas encore si votre réservation a abouti. Appuyez sur «\u00a0${tryAgain}\u00a0»\u00a0: c’est sans risque et ne réserve jamais deux fois.`,
  expiredBeforeBooking: (x) => `${yourHold(x.slot)} a expiré avant la fin de la réservation.${againToFinish}`,
  holdInvalid: (x) => `${yourHold(x.slot)} n’est plus valable.${againToFinish}`,
  holdExpiredShort: (x) => `${yourHold(x.slot)} a expiré.`,
  holdExpired: (x) => `${yourHold(x.slot)} a expiré. Bloquez à nouveau ce créneau pour poursuivre, ou ${other}.`,
  holdExpiredHeading,
  holdExpiredGeneric: `${holdExpiredHeading}.${againToFinish}`,
  noLongerHeld: (x) => `${x.slot} ne vous est plus réservé. Il est peut-être encore libre\u00a0: bloquez-le à nouveau ou ${other}.`,
  holdAgain: (x) => `Bloquer ${x.time} à nouveau`,
  chooseAnother: 'Choisir un autre créneau',
  alreadyBooked: (x) => `Vous avez déjà une réservation pour ${x.slot}. Choisissez un autre horaire pour réserver à nouveau.`,
  slotTaken: (x) =>
    `Désolés, ${x.slot} vient d’être réservé par quelqu’un d’autre. La liste a été actualisée\u00a0: veuillez choisir un autre horaire.`,
  timeTaken: 'Désolés, cet horaire vient d’être réservé. Veuillez choisir un autre horaire.',
  refused: (x) =>
    `La réservation a été refusée${x.reason ? `\u00a0: ${x.reason}` : ''}. Veuillez choisir un autre horaire ou contacter ${x.merchant}.`,
  bookedMsg: (x) => `Réservé\u00a0: ${x.slot}.${reference(x.ref)}`,
  requestSent: (x) => `Demande envoyée pour ${x.slot}\u00a0: le salon va la confirmer.${reference(x.ref)}`,

  youAreBooked: 'Réservation effectuée',
  requestSentHeading: 'Demande envoyée',
  bookingCancelled: 'Réservation annulée',
  pendingNote: 'Le salon va confirmer votre réservation et reviendra vers vous.',
  pendingNext: (x) =>
    `La suite\u00a0: ${x.merchant} examine votre demande et la confirme. Vous recevrez une réponse\u202f; gardez votre référence à portée de main.`,
  service: 'Prestation',
  when: 'Quand',
  reference: 'Référence',
  yourReference: 'Votre référence',
  status: 'Statut',
  statusConfirmed: 'Confirmée',
  statusPending: 'Demandée\u00a0: le salon va confirmer',
  statusCanceled: 'Annulée',
  statusLine: (x) => `${x.status} · référence ${x.ref}`,
  freeCancellationUntil: (x) => `Annulation gratuite jusqu’à ${x.time}`,
  addToCalendar: 'Ajouter au calendrier',
  calendarTitle: (x) => (x.merchant ? `${x.service} chez ${x.merchant}` : x.service),
  calendarNote: (x) => `Référence ${x.ref} (${x.id})`,
  cancelBooking: 'Annuler la réservation',
  bookAnother: 'Réserver un autre horaire',
  yourBookings: 'Vos réservations',

  cancelConfirm: 'Annuler cette réservation\u202f?',
  yesCancel: 'Oui, annuler',
  keepBooking: 'Conserver la réservation',
  cancelling: 'Annulation en cours…',
  cancelUnreachable: `${down}\u00a0: votre réservation n’est donc pas encore annulée. ${checkRetry}`,
  cancelled: (x) => `Votre réservation pour ${x.slot} est annulée.`,
  tooLateWindow: (x) => `${tooLate}cette réservation pouvait être annulée jusqu’à ${x.duration} avant son début.${direct(x.merchant)}`,
  tooLateStarted: (x) => `${tooLate}le rendez-vous a commencé.${direct(x.merchant)}`,
  notCancellable: (x) => `Cette réservation ne peut plus être annulée en ligne.${direct(x.merchant)}`,

  unreachable: `${down} pour le moment. Vérifiez votre connexion, puis réessayez.`,
  noMerchant: (x) =>
    `Aucun établissement avec l’identifiant «\u00a0${x.id}\u00a0» ne prend de réservations ici. Vérifiez l’attribut merchant-id du widget.`,
  slotsNoAnswer: 'Impossible de charger les horaires disponibles\u00a0: le service de réservation n’a pas répondu. Réessayez.',
  badApiKey: (x) =>
    `Ce widget de réservation est mal configuré\u00a0: sa clé d’API a été refusée. Veuillez contacter ${x.merchant} pour réserver.`,
  serviceBusy: 'Le service de réservation est surchargé. Patientez un instant, puis réessayez.',
  requestFailed: (x) => `Le service de réservation n’a pas pu traiter la demande (${x.error}). Réessayez ou contactez ${x.merchant}.`,
  unknownError: 'erreur inconnue',
} satisfies Catalog;
