// Hebrew (right-to-left). Requests use the impersonal "נא ל…" / "יש ל…" or the plural imperative, so no
// sentence addresses one gender; every interpolated value is isolated (FSI … PDI).
import type { Catalog } from './messages';
import { isolate as i, num, plurals, type Count } from './util';

const p = plurals('he');
const c = (x: Count) => i(num(x));
const im = (staff?: string) => (staff ? ` עם ${i(staff)}` : '');
const tryAgain = 'נסו שוב';
const anyStaff = 'ללא העדפה';
const down = 'לא הצלחנו להגיע לשירות ההזמנות';
const checkRetry = 'כדאי לבדוק את החיבור ולנסות שוב.';
const yourHold = (slot: string) => `השמירה על ${i(slot)}`;
const holdExpiredHeading = 'תוקף השמירה פג';
const againToFinish = ' כדי להשלים את ההזמנה, יש לשמור את התור שוב.';
const pickAnother = 'בחירת שעה אחרת';
const another = 'נא לבחור שעה אחרת';
const direct = (merchant: string) => ` נא ליצור קשר ישירות עם ${i(merchant)}.`;
const tooLate = 'כבר מאוחר מדי לבטל באינטרנט: ';
const reference = (ref: string) => ` מספר האסמכתא: ${i(ref)}.`;
const attr = i('merchant-id');

export const he = {
  bookAt: (x) => `הזמנת תור אצל ${i(x.merchant)}`,
  bookAppointment: 'הזמנת תור',
  allTimesIn: (x) => `כל השעות לפי אזור הזמן ${i(x.zone)}.`,
  loading: 'בטעינה…',
  loadingLabel: 'בטעינה',
  tryAgain,
  needsMerchantId: `לווידג׳ט ההזמנות הזה חסרה התכונה ${attr}.`,
  sep: ', ',
  step: (x) => `${c(x)}. ${i(x.title)}`,
  theBusiness: 'בית העסק',

  chooseService: 'בחירת שירות',
  chooseStaff: 'בחירת איש צוות',
  anyStaff,
  staffLabel: 'איש צוות',
  chooseDay: 'בחירת יום',
  chooseTime: 'בחירת שעה',
  continue: 'המשך',
  free: 'חינם',
  today: 'היום',
  tomorrow: 'מחר',
  prevMonth: 'החודש הקודם',
  nextMonth: 'החודש הבא',
  hasOpenTimes: 'יש שעות פנויות',
  noOpenTimes: 'אין שעות פנויות',
  dayInZone: (x) => `${i(x.day)}, לפי אזור הזמן ${i(x.zone)}`,
  timesIn: (x) => `השעות מוצגות לפי אזור הזמן ${i(x.zone)}`,
  yourTime: (x) => `אזור הזמן שלך: ${i(x.zone)}`,
  loadingTimes: 'השעות הפנויות בטעינה…',
  slotsFailed: 'לא הצלחנו לטעון את השעות הפנויות.',
  noTimes: 'אין שעות פנויות ביום הזה. נא לבחור יום אחר.',
  noTimesWithStaff: `אין שעות פנויות אצל איש הצוות הזה ביום הזה: נא לבחור "${anyStaff}" או יום אחר.`,
  nextOpenDay: (x) => `היום הבא עם שעות פנויות: ${i(x.day)}`,
  nLeft: (x) => p(x.n, { one: `נותר ${c(x)}`, other: `נותרו ${c(x)}` }),
  placesLeft: (x) => p(x.n, { one: 'נותר מקום אחד', two: 'נותרו שני מקומות', other: `נותרו ${c(x)} מקומות` }),
  slotLabel: (x) => `${i(x.time)}${im(x.staff)}, ${i(x.duration)}${x.places ? `, ${i(x.places)}` : ''}`,
  slotInline: (x) => `${i(x.time)}${im(x.staff)}, ${i(x.day)}`,
  slotSummary: (x) => `${i(x.day)}, ${i(x.time)}${im(x.staff)}`,

  slotSelected: (x) => `נבחר ${i(x.slot)}. אפשר ללחוץ על "המשך" כדי שנשמור אותו עבורך.`,
  holding: (x) => `שומרים עבורך את ${i(x.slot)}…`,
  holdUnreachable: (x) => `${down} כדי לשמור את ${i(x.slot)}. ${checkRetry}`,
  heldFor: (x) => `${i(x.slot)} שמור עבורך למשך ${i(x.duration)}. כדי להזמין, נא למלא את הפרטים.`,
  youAreHolding: (x) => `${i(x.slot)} שמור עבורך:`,
  continueBooking: 'המשך ההזמנה',
  heldForYou: 'שמור עבורך:',
  timeLeft: (x) => `נותרו ${i(x.time)}`,
  secondsLeft: (x) => p(x.n, { one: 'נותרה שנייה אחת', two: 'נותרו שתי שניות', other: `נותרו ${c(x)} שניות` }),
  oneMinuteLeft: (x) => `נותרה דקה אחת עד שתוקף השמירה יפוג (${i(x.time)}).`,
  holdReleased: (x) => `ביטלנו את ${yourHold(x.slot)} כדי שאחרים יוכלו להזמין את התור.`,
  holdReturned: (x) => `ביטלנו את ${yourHold(x.slot)} בזמן שלא היית כאן.`,

  yourDetails: 'הפרטים שלך',
  givenNameLabel: 'שם פרטי',
  familyNameLabel: 'שם משפחה',
  emailLabel: 'דוא״ל',
  telephoneLabel: 'טלפון',
  phoneHint: (x) => `לדוגמה: ${i(x.example)}`,
  book: 'הזמנת התור',
  booking: 'ההזמנה מתבצעת…',
  pickAnother,
  checkFields: (x) =>
    p(x.n, {
      one: 'נא לבדוק את השדה המסומן.',
      two: 'נא לבדוק את שני השדות המסומנים.',
      other: `נא לבדוק את ${c(x)} השדות המסומנים.`,
    }),
  errGivenName: 'נא להזין שם פרטי.',
  errFamilyName: 'נא להזין שם משפחה.',
  errMaxChars: (x) => p(x.n, { one: 'אפשר להזין תו אחד לכל היותר.', other: `אפשר להזין עד ${c(x)} תווים.` }),
  errLine: 'אפשר להשתמש רק באותיות, ברווחים ובסימני פיסוק (ללא טאבים או מעברי שורה).',
  errEmailEmpty: 'נא להזין כתובת דוא״ל.',
  errEmail: (x) => `נא להזין כתובת דוא״ל כמו ${i(x.example)}.`,
  errPhoneEmpty: 'נא להזין מספר טלפון.',
  errPhone: `נא להזין מספר טלפון בן 6 עד 20 ספרות; מותר ${i('+')} בהתחלה, וגם רווחים ו־${i('- . ( )')}.`,

  bookingUncertain: `${down}, ולכן עדיין לא ידוע אם ההזמנה התקבלה. אפשר ללחוץ על "${tryAgain}": זה בטוח, ולעולם לא תתבצע הזמנה כפולה.`,
  expiredBeforeBooking: (x) => `תוקף ${yourHold(x.slot)} פג לפני שההזמנה הושלמה.${againToFinish}`,
  holdInvalid: (x) => `${yourHold(x.slot)} כבר לא בתוקף.${againToFinish}`,
  holdExpiredShort: (x) => `תוקף ${yourHold(x.slot)} פג.`,
  holdExpired: (x) => `תוקף ${yourHold(x.slot)} פג. כדי להמשיך, יש לשמור את התור שוב או לבחור שעה אחרת.`,
  holdExpiredHeading,
  holdExpiredGeneric: `${holdExpiredHeading}.${againToFinish}`,
  noLongerHeld: (x) => `${i(x.slot)} כבר לא שמור עבורך. ייתכן שהוא עדיין פנוי: אפשר לשמור אותו שוב או לבחור שעה אחרת.`,
  holdAgain: (x) => `לשמור שוב את ${i(x.time)}`,
  chooseAnother: 'בחירת מועד אחר',
  alreadyBooked: (x) => `כבר יש לך הזמנה עבור ${i(x.slot)}. כדי להזמין שוב, ${another}.`,
  slotTaken: (x) => `מצטערים, מישהו אחר הזמין הרגע את ${i(x.slot)}. הרשימה עודכנה: ${another}.`,
  timeTaken: `מצטערים, השעה הזאת נתפסה הרגע. ${another}.`,
  refused: (x) => `ההזמנה נדחתה${x.reason ? `: ${i(x.reason)}` : ''}. ${another} או ליצור קשר עם ${i(x.merchant)}.`,
  bookedMsg: (x) => `ההזמנה בוצעה: ${i(x.slot)}.${reference(x.ref)}`,
  requestSent: (x) => `הבקשה עבור ${i(x.slot)} נשלחה: הסלון יאשר אותה.${reference(x.ref)}`,

  youAreBooked: 'ההזמנה בוצעה',
  requestSentHeading: 'הבקשה נשלחה',
  bookingCancelled: 'ההזמנה בוטלה',
  pendingNote: 'הסלון יאשר את ההזמנה ויחזור אליך.',
  pendingNext: (x) => `מה הלאה? ${i(x.merchant)} יבדקו את הבקשה, יאשרו אותה ויחזרו אליך. כדאי לשמור את מספר האסמכתא.`,
  service: 'שירות',
  when: 'מתי',
  reference: 'מספר אסמכתא',
  yourReference: 'מספר האסמכתא שלך',
  status: 'סטטוס',
  statusConfirmed: 'מאושרת',
  statusPending: 'נשלחה בקשה: הסלון יאשר',
  statusCanceled: 'בוטלה',
  statusLine: (x) => `${i(x.status)} · אסמכתא ${i(x.ref)}`,
  freeCancellationUntil: (x) => `ביטול ללא עלות עד ${i(x.time)}`,
  addToCalendar: 'הוספה ליומן',
  calendarTitle: (x) => (x.merchant ? `${i(x.service)} אצל ${i(x.merchant)}` : x.service),
  calendarNote: (x) => `מספר אסמכתא ${i(x.ref)} (${i(x.id)})`,
  cancelBooking: 'ביטול ההזמנה',
  bookAnother: 'הזמנת מועד נוסף',
  yourBookings: 'ההזמנות שלך',

  cancelConfirm: 'לבטל את ההזמנה?',
  yesCancel: 'כן, לבטל',
  keepBooking: 'להשאיר את ההזמנה',
  cancelling: 'הביטול מתבצע…',
  cancelUnreachable: `${down}, ולכן ההזמנה עדיין לא בוטלה. ${checkRetry}`,
  cancelled: (x) => `ההזמנה עבור ${i(x.slot)} בוטלה.`,
  tooLateWindow: (x) => `${tooLate}אפשר היה לבטל את ההזמנה עד ${i(x.duration)} לפני תחילתה.${direct(x.merchant)}`,
  tooLateStarted: (x) => `${tooLate}התור כבר התחיל.${direct(x.merchant)}`,
  notCancellable: (x) => `כבר אי אפשר לבטל את ההזמנה הזאת באינטרנט.${direct(x.merchant)}`,

  unreachable: `${down} כרגע. ${checkRetry}`,
  noMerchant: (x) => `אין כאן עסק עם המזהה "${i(x.id)}" שמקבל הזמנות. כדאי לבדוק את התכונה ${attr} של הווידג׳ט.`,
  slotsNoAnswer: 'לא הצלחנו לטעון את השעות הפנויות: שירות ההזמנות לא הגיב. נא לנסות שוב.',
  badApiKey: (x) => `ווידג׳ט ההזמנות הזה לא מוגדר כראוי: מפתח ה־${i('API')} שלו נדחה. כדי להזמין, נא ליצור קשר עם ${i(x.merchant)}.`,
  serviceBusy: 'שירות ההזמנות עמוס. נא להמתין רגע ולנסות שוב.',
  requestFailed: (x) => `שירות ההזמנות לא הצליח לטפל בבקשה (${i(x.error)}). נא לנסות שוב או ליצור קשר עם ${i(x.merchant)}.`,
  unknownError: 'שגיאה לא ידועה',
} satisfies Catalog;
