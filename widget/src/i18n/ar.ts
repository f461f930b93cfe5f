// Arabic (Modern Standard, right-to-left). Requests use the impersonal "يُرجى" + verbal noun, so no
// sentence addresses one gender; every interpolated value is isolated (FSI … PDI).
import type { Catalog } from './messages';
import { isolate as i, num, plurals, type Count } from './util';

const p = plurals('ar');
const c = (x: Count) => i(num(x));
const maa = (staff?: string) => (staff ? ` مع ${i(staff)}` : '');
const tryAgain = 'إعادة المحاولة';
const anyStaff = 'أيّ موظف متاح';
const down = 'تعذّر الوصول إلى خدمة الحجز';
const checkRetry = 'يُرجى التحقق من اتصالك والمحاولة مرة أخرى.';
const yourHold = (slot: string) => `حجزك المؤقت لموعد ${i(slot)}`;
const holdExpiredHeading = 'انتهى حجزك المؤقت';
const againToFinish = ' يُرجى حجزه مؤقتًا من جديد لإتمام الحجز.';
const another = 'يُرجى اختيار وقت آخر';
const pickAnother = 'اختيار وقت آخر';
const direct = (merchant: string) => ` يُرجى التواصل مع ${i(merchant)} مباشرةً.`;
const tooLate = 'فات أوان الإلغاء عبر الإنترنت: ';
const reference = (ref: string) => ` الرقم المرجعي: ${i(ref)}.`;
const attr = i('merchant-id');

export const ar = {
  bookAt: (x) => `الحجز لدى ${i(x.merchant)}`,
  bookAppointment: 'حجز موعد',
  allTimesIn: (x) => `جميع الأوقات بتوقيت ${i(x.zone)}.`,
  loading: 'جارٍ التحميل…',
  loadingLabel: 'جارٍ التحميل',
  tryAgain,
  needsMerchantId: `تحتاج أداة الحجز هذه إلى السمة ${attr}.`,
  sep: '، ',
  step: (x) => `${c(x)}. ${i(x.title)}`,
  theBusiness: 'مقدّم الخدمة',

  chooseService: 'اختيار الخدمة',
  chooseStaff: 'اختيار أحد أفراد الفريق',
  anyStaff,
  staffLabel: 'الموظف',
  chooseDay: 'اختيار اليوم',
  chooseTime: 'اختيار الوقت',
  continue: 'متابعة',
  free: 'مجانًا',
  today: 'اليوم',
  tomorrow: 'غدًا',
  prevMonth: 'الشهر السابق',
  nextMonth: 'الشهر التالي',
  hasOpenTimes: 'توجد أوقات متاحة',
  noOpenTimes: 'لا توجد أوقات متاحة',
  dayInZone: (x) => `${i(x.day)}، بتوقيت ${i(x.zone)}`,
  timesIn: (x) => `الأوقات معروضة بتوقيت ${i(x.zone)}`,
  yourTime: (x) => `توقيتك المحلي: ${i(x.zone)}`,
  loadingTimes: 'جارٍ تحميل الأوقات المتاحة…',
  slotsFailed: 'تعذّر تحميل الأوقات المتاحة.',
  noTimes: 'لا توجد أوقات متاحة في هذا اليوم. يُرجى اختيار يوم آخر.',
  noTimesWithStaff: `لا توجد أوقات متاحة مع هذا الموظف في هذا اليوم: يُرجى اختيار «${anyStaff}» أو يوم آخر.`,
  nextOpenDay: (x) => `أقرب يوم فيه أوقات متاحة: ${i(x.day)}`,
  nLeft: (x) => `المتبقي: ${c(x)}`,
  placesLeft: (x) =>
    p(x.n, {
      zero: 'لا أماكن متبقية',
      one: 'مكان واحد متبقٍ',
      two: 'مكانان متبقيان',
      few: `${c(x)} أماكن متبقية`,
      many: `${c(x)} مكانًا متبقيًا`,
      other: `${c(x)} مكان متبقٍ`,
    }),
  slotLabel: (x) => `${i(x.time)}${maa(x.staff)}، ${i(x.duration)}${x.places ? `، ${i(x.places)}` : ''}`,
  slotInline: (x) => `${i(x.time)}${maa(x.staff)} يوم ${i(x.day)}`,
  slotSummary: (x) => `${i(x.day)}، ${i(x.time)}${maa(x.staff)}`,

  slotSelected: (x) => `تم اختيار ${i(x.slot)}. يُرجى الضغط على «متابعة» لحجزه مؤقتًا لك.`,
  holding: (x) => `جارٍ حجز ${i(x.slot)} مؤقتًا…`,
  holdUnreachable: (x) => `${down} لحجز ${i(x.slot)} مؤقتًا. ${checkRetry}`,
  heldFor: (x) => `تم حجز ${i(x.slot)} مؤقتًا لك لمدة ${i(x.duration)}. يُرجى إدخال بياناتك لإتمام الحجز.`,
  youAreHolding: (x) => `لديك حجز مؤقت لموعد ${i(x.slot)}:`,
  continueBooking: 'متابعة الحجز',
  heldForYou: 'محجوز لك مؤقتًا:',
  timeLeft: (x) => `يتبقى ${i(x.time)}`,
  secondsLeft: (x) =>
    p(x.n, {
      zero: 'انتهى الوقت',
      one: 'تتبقى ثانية واحدة',
      two: 'تتبقى ثانيتان',
      few: `تتبقى ${c(x)} ثوانٍ`,
      other: `تتبقى ${c(x)} ثانية`,
    }),
  oneMinuteLeft: (x) => `تتبقى دقيقة واحدة على انتهاء حجزك المؤقت (${i(x.time)}).`,
  holdReleased: (x) => `ألغينا ${yourHold(x.slot)} ليتمكن الآخرون من حجزه.`,
  holdReturned: (x) => `ألغينا ${yourHold(x.slot)} أثناء غيابك.`,

  yourDetails: 'بياناتك',
  givenNameLabel: 'الاسم الأول',
  familyNameLabel: 'اسم العائلة',
  emailLabel: 'البريد الإلكتروني',
  telephoneLabel: 'الهاتف',
  phoneHint: (x) => `مثال: ${i(x.example)}`,
  book: 'تأكيد الحجز',
  booking: 'جارٍ الحجز…',
  pickAnother,
  checkFields: (x) =>
    p(x.n, {
      one: 'يُرجى التحقق من الحقل المميّز.',
      two: 'يُرجى التحقق من الحقلين المميّزين.',
      few: `يُرجى التحقق من ${c(x)} حقول مميّزة.`,
      many: `يُرجى التحقق من ${c(x)} حقلًا مميّزًا.`,
      other: `يُرجى التحقق من ${c(x)} حقل مميّز.`,
    }),
  errGivenName: 'يُرجى إدخال اسمك الأول.',
  errFamilyName: 'يُرجى إدخال اسم عائلتك.',
  errMaxChars: (x) =>
    `الحد الأقصى ${p(x.n, { one: 'حرف واحد', two: 'حرفان', few: `${c(x)} أحرف`, many: `${c(x)} حرفًا`, other: `${c(x)} حرف` })}.`,
  errLine: 'يُرجى استخدام الحروف والمسافات وعلامات الترقيم فقط (دون علامات جدولة أو فواصل أسطر).',
  errEmailEmpty: 'يُرجى إدخال بريدك الإلكتروني.',
  errEmail: (x) => `يُرجى إدخال عنوان بريد إلكتروني مثل ${i(x.example)}.`,
  errPhoneEmpty: 'يُرجى إدخال رقم هاتفك.',
  errPhone: `يُرجى إدخال رقم هاتف من 6 إلى 20 رقمًا؛ يُسمح بعلامة ${i('+')} في البداية وبالمسافات وبالرموز ${i('- . ( )')}.`,

  bookingUncertain: `${down}، لذا لا نعرف بعد إن كان حجزك قد تمّ. يُرجى الضغط على «${tryAgain}»: ذلك آمن ولن يُحجز الموعد مرتين.`,
  expiredBeforeBooking: (x) => `انتهى ${yourHold(x.slot)} قبل إتمام الحجز.${againToFinish}`,
  holdInvalid: (x) => `لم يعد ${yourHold(x.slot)} صالحًا.${againToFinish}`,
  holdExpiredShort: (x) => `انتهى ${yourHold(x.slot)}.`,
  holdExpired: (x) => `انتهى ${yourHold(x.slot)}. يُرجى حجزه مؤقتًا من جديد لمتابعة الحجز، أو اختيار وقت آخر.`,
  holdExpiredHeading,
  holdExpiredGeneric: `${holdExpiredHeading}. يُرجى حجز الوقت مؤقتًا من جديد لإتمام الحجز.`,
  noLongerHeld: (x) =>
    `لم يعد موعد ${i(x.slot)} محجوزًا لك. قد يكون لا يزال متاحًا: يمكنك حجزه مؤقتًا من جديد أو اختيار وقت آخر.`,
  holdAgain: (x) => `حجز ${i(x.time)} مؤقتًا من جديد`,
  chooseAnother: 'اختيار موعد آخر',
  alreadyBooked: (x) => `لديك بالفعل حجز لموعد ${i(x.slot)}. ${another} لحجز جديد.`,
  slotTaken: (x) => `عذرًا، حجز شخص آخر موعد ${i(x.slot)} للتو. تم تحديث القائمة: ${another}.`,
  timeTaken: `عذرًا، حُجز هذا الوقت للتو. ${another}.`,
  refused: (x) => `رُفض الحجز${x.reason ? `: ${i(x.reason)}` : ''}. ${another} أو التواصل مع ${i(x.merchant)}.`,
  bookedMsg: (x) => `تم الحجز: ${i(x.slot)}.${reference(x.ref)}`,
  requestSent: (x) => `أُرسل طلب حجز موعد ${i(x.slot)}: سيؤكده الصالون.${reference(x.ref)}`,

  youAreBooked: 'تم الحجز',
  requestSentHeading: 'أُرسل الطلب',
  bookingCancelled: 'أُلغي الحجز',
  pendingNote: 'سيؤكد الصالون حجزك وسيتواصل معك.',
  pendingNext: (x) => `ما الخطوة التالية؟ سيراجع ${i(x.merchant)} طلبك ويؤكده، وسيتواصل معك. يُرجى الاحتفاظ بالرقم المرجعي.`,
  service: 'الخدمة',
  when: 'الموعد',
  reference: 'الرقم المرجعي',
  yourReference: 'رقمك المرجعي',
  status: 'الحالة',
  statusConfirmed: 'مؤكَّد',
  statusPending: 'قيد الانتظار: سيؤكده الصالون',
  statusCanceled: 'ملغى',
  statusLine: (x) => `${i(x.status)} · الرقم المرجعي ${i(x.ref)}`,
  freeCancellationUntil: (x) => `إلغاء مجاني حتى ${i(x.time)}`,
  addToCalendar: 'إضافة إلى التقويم',
  calendarTitle: (x) => (x.merchant ? `${i(x.service)} لدى ${i(x.merchant)}` : x.service),
  calendarNote: (x) => `الرقم المرجعي ${i(x.ref)} (${i(x.id)})`,
  cancelBooking: 'إلغاء الحجز',
  bookAnother: 'حجز موعد آخر',
  yourBookings: 'حجوزاتك',

  cancelConfirm: 'هل تريد إلغاء هذا الحجز؟',
  yesCancel: 'نعم، إلغاء',
  keepBooking: 'الإبقاء على الحجز',
  cancelling: 'جارٍ الإلغاء…',
  cancelUnreachable: `${down}، لذا لم يُلغَ حجزك بعد. ${checkRetry}`,
  cancelled: (x) => `تم إلغاء حجزك لموعد ${i(x.slot)}.`,
  tooLateWindow: (x) => `${tooLate}كان يمكن إلغاء هذا الحجز حتى ${i(x.duration)} قبل بدء الموعد.${direct(x.merchant)}`,
  tooLateStarted: (x) => `${tooLate}لقد بدأ الموعد.${direct(x.merchant)}`,
  notCancellable: (x) => `لم يعد بالإمكان إلغاء هذا الحجز عبر الإنترنت.${direct(x.merchant)}`,

  unreachable: `${down} حاليًا. يُرجى التحقق من اتصالك ثم المحاولة مرة أخرى.`,
  noMerchant: (x) => `لا توجد جهة بالمعرّف «${i(x.id)}» تقبل الحجوزات هنا. يُرجى التحقق من السمة ${attr} في أداة الحجز.`,
  slotsNoAnswer: 'تعذّر تحميل الأوقات المتاحة: لم تستجب خدمة الحجز. يُرجى المحاولة مرة أخرى.',
  badApiKey: (x) => `أداة الحجز هذه غير مُعدّة بشكل صحيح: رُفض مفتاح ${i('API')} الخاص بها. يُرجى التواصل مع ${i(x.merchant)} للحجز.`,
  serviceBusy: 'خدمة الحجز مشغولة. يُرجى الانتظار قليلًا ثم المحاولة مرة أخرى.',
  requestFailed: (x) =>
    `تعذّر على خدمة الحجز معالجة الطلب (${i(x.error)}). يُرجى المحاولة مرة أخرى أو التواصل مع ${i(x.merchant)}.`,
  unknownError: 'خطأ غير معروف',
} satisfies Catalog;
