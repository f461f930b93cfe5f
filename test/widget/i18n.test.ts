// The widget's message catalogs (widget/src/i18n): every catalog has exactly the English keys, every
// message interpolates what it is given, translations are translated, locales fall back by language
// subtag, plurals follow Intl.PluralRules (Arabic's six forms included), and the right-to-left
// catalogs isolate every interpolated value.
import {
  CATALOGS,
  LANGS,
  catalogFor,
  countdown,
  en,
  formatDuration,
  isolate,
  langOf,
  type Catalog,
  type Lang,
  type MessageKey,
} from '../../widget/src/i18n';
import { ar } from '../../widget/src/i18n/ar';
import { de } from '../../widget/src/i18n/de';
import { fr } from '../../widget/src/i18n/fr';
import { he } from '../../widget/src/i18n/he';
import { it as itCatalog } from '../../widget/src/i18n/it';

const FSI = '\u2068';
const PDI = '\u2069';

type FnKey = { [K in MessageKey]: Catalog[K] extends string ? never : K }[MessageKey];
type ParamsOf<F> = F extends (p: infer P) => string ? P : never;

/** Sample parameters for every function entry (a new function key without a sample does not compile). */
const SAMPLES: { [K in FnKey]: ParamsOf<Catalog[K]> } = {
  bookAt: { merchant: 'Salon Mira' },
  allTimesIn: { zone: 'Europe/Zurich' },
  step: { n: 3, title: 'Wxyz' },
  dayInZone: { day: 'Tue 4 Nov', zone: 'Europe/Zurich' },
  timesIn: { zone: 'Europe/Zurich' },
  yourTime: { zone: 'America/New_York' },
  nextOpenDay: { day: 'Thu 6 Nov' },
  nLeft: { n: 3 },
  placesLeft: { n: 3 },
  slotLabel: { time: '09:30', duration: '45 min', staff: 'alex', places: 'P-3-left' },
  slotInline: { time: '09:30', day: 'Tue 4 Nov', staff: 'alex' },
  slotSummary: { day: 'Tuesday 4 November 2025', time: '09:30–10:15', staff: 'alex' },
  slotSelected: { slot: 'SLOT-A' },
  holding: { slot: 'SLOT-A' },
  holdUnreachable: { slot: 'SLOT-A' },
  heldFor: { slot: 'SLOT-A', duration: 'DUR-10' },
  youAreHolding: { slot: 'SLOT-A' },
  timeLeft: { time: '9:30' },
  secondsLeft: { n: 3 },
  oneMinuteLeft: { time: '0:59' },
  holdReleased: { slot: 'SLOT-A' },
  holdReturned: { slot: 'SLOT-A' },
  phoneHint: { example: '+41 44 668 18 00' },
  checkFields: { n: 3 },
  errMaxChars: { n: 3 },
  errEmail: { example: 'name@example.com' },
  expiredBeforeBooking: { slot: 'SLOT-A' },
  holdInvalid: { slot: 'SLOT-A' },
  holdExpiredShort: { slot: 'SLOT-A' },
  holdExpired: { slot: 'SLOT-A' },
  noLongerHeld: { slot: 'SLOT-A' },
  holdAgain: { time: '09:30' },
  alreadyBooked: { slot: 'SLOT-A' },
  slotTaken: { slot: 'SLOT-A' },
  refused: { merchant: 'Salon Mira', reason: 'REASON-x' },
  bookedMsg: { slot: 'SLOT-A', ref: 'bk-123' },
  requestSent: { slot: 'SLOT-A', ref: 'bk-123' },
  pendingNext: { merchant: 'Salon Mira' },
  statusLine: { status: 'STATUS-x', ref: 'bk-123' },
  freeCancellationUntil: { time: 'Mon 3 Nov, 09:30' },
  calendarTitle: { service: 'Haircut', merchant: 'Salon Mira' },
  calendarNote: { ref: 'K7QF-2M', id: 'bk-123' },
  cancelled: { slot: 'SLOT-A' },
  tooLateWindow: { duration: 'DUR-10', merchant: 'Salon Mira' },
  tooLateStarted: { merchant: 'Salon Mira' },
  notCancellable: { merchant: 'Salon Mira' },
  noMerchant: { id: 'demo-salon' },
  badApiKey: { merchant: 'Salon Mira' },
  requestFailed: { error: 'ERR-boom', merchant: 'Salon Mira' },
};

/** The parameters a caller may leave out, by entry (besides `count`, which every Count has). */
const OPTIONAL: Partial<Record<FnKey, string[]>> = {
  slotLabel: ['staff', 'places'],
  slotInline: ['staff'],
  slotSummary: ['staff'],
  refused: ['reason'],
  calendarTitle: ['merchant'],
};

const FN_KEYS = Object.keys(SAMPLES) as FnKey[];
const KEYS = Object.keys(en) as MessageKey[];

/** The shown text of every sample value ("3" for a count). */
function shownValues(params: object): string[] {
  return Object.entries(params).flatMap(([name, value]) => (name === 'n' ? [String(value)] : typeof value === 'string' ? [value] : []));
}

function call(t: Catalog, key: FnKey, params: object): string {
  return (t[key] as (p: object) => string)(params);
}

/** Every entry's text: strings as they are, functions with their sample. */
function texts(t: Catalog): Record<MessageKey, string> {
  return Object.fromEntries(KEYS.map((k) => [k, typeof t[k] === 'string' ? t[k] : call(t, k as FnKey, SAMPLES[k as FnKey])])) as Record<
    MessageKey,
    string
  >;
}

describe('widget message catalogs', () => {
  it('has six catalogs, and the named exports are the ones catalogFor hands out', () => {
    expect(LANGS).toEqual(['en', 'de', 'fr', 'it', 'ar', 'he']);
    expect(CATALOGS).toEqual({ en, de, fr, it: itCatalog, ar, he });
  });

  it('gives every function entry a sample, and nothing else', () => {
    expect(FN_KEYS.sort()).toEqual(KEYS.filter((k) => typeof en[k] === 'function').sort());
  });

  it.each(LANGS)('%s has exactly the keys of en, each of the same kind', (lang) => {
    const t = CATALOGS[lang];
    expect(Object.keys(t).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) expect([key, typeof t[key]]).toEqual([key, typeof en[key]]);
  });

  it.each(LANGS)('%s: every entry is non-empty text, every function interpolates all it is given', (lang) => {
    const t = CATALOGS[lang];
    for (const key of KEYS) {
      if (typeof t[key] === 'string') {
        const text = t[key] as string;
        expect([key, text.length > 0]).toEqual([key, true]);
        if (key !== 'sep') expect([key, text.trim()]).toEqual([key, text]);
        continue;
      }
      const fnKey = key as FnKey;
      const full = SAMPLES[fnKey];
      const text = call(t, fnKey, full);
      expect([key, typeof text, text.trim().length > 0]).toEqual([key, 'string', true]);
      expect([key, text]).not.toEqual([key, expect.stringMatching(/undefined|NaN|\[object/)]);
      for (const value of shownValues(full)) expect([key, text]).toEqual([key, expect.stringContaining(value)]);
      // Without the optional parameters: still a sentence, with no trace of the missing values.
      const optional = OPTIONAL[fnKey] ?? [];
      const minimal = Object.fromEntries(Object.entries(full).filter(([name]) => !optional.includes(name)));
      const shorter = call(t, fnKey, minimal);
      expect([key, shorter.trim().length > 0]).toEqual([key, true]);
      expect([key, shorter]).not.toEqual([key, expect.stringMatching(/undefined|NaN|\[object/)]);
      for (const name of optional) {
        expect([key, shorter]).not.toEqual([key, expect.stringContaining((full as Record<string, string>)[name])]);
      }
    }
  });

  it('translates every entry: only the listed ones read exactly as in English', () => {
    // Genuinely identical: the list separator, the step number format, German "Status", "E-mail".
    const SAME_AS_EN: Record<Exclude<Lang, 'en'>, MessageKey[]> = {
      de: ['sep', 'step', 'status'],
      fr: ['sep', 'step', 'emailLabel'],
      it: ['sep', 'step', 'emailLabel'],
      ar: [],
      he: ['sep'],
    };
    const english = texts(en);
    for (const lang of LANGS.filter((l): l is Exclude<Lang, 'en'> => l !== 'en')) {
      const translated = texts(CATALOGS[lang]);
      const same = KEYS.filter((k) => translated[k] === english[k]);
      expect([lang, same]).toEqual([lang, SAME_AS_EN[lang]]);
    }
  });

  it('keeps the English text of the first edition word for word', () => {
    const slot = en.slotInline({ time: '09:00', day: 'Tue 4 Nov', staff: 'alex' });
    expect(slot).toBe('09:00 with alex on Tue 4 Nov');
    expect(en.slotInline({ time: '09:00', day: 'Tue 4 Nov' })).toBe('09:00 on Tue 4 Nov');
    expect(en.heldFor({ slot, duration: '10 minutes' })).toBe(
      '09:00 with alex on Tue 4 Nov is held for you for 10 minutes. Enter your details to book.',
    );
    expect(en.bookingUncertain).toBe(
      "We couldn't reach the booking service, so we don't know yet whether your booking went through. Press “Try again”: it is safe and never books twice.",
    );
    expect(en.refused({ merchant: 'the business' })).toBe('The booking was refused. Please pick another time or contact the business.');
    expect(en.refused({ merchant: 'Mira', reason: 'closed' })).toBe('The booking was refused: closed. Please pick another time or contact Mira.');
    expect(en.tooLateStarted({ merchant: 'Mira' })).toBe('It is too late to cancel online: the booking has started. Please contact Mira directly.');
    expect(en.holdExpiredGeneric).toBe('Your hold has expired. Hold the time again to finish booking.');
    expect(en.slotLabel({ time: '09:00', duration: '30 minutes', staff: 'alex', places: en.placesLeft({ n: 3 }) })).toBe(
      '09:00 with alex, 30 minutes, 3 places left',
    );
    expect(en.slotLabel({ time: '09:00', duration: '30 minutes' })).toBe('09:00, 30 minutes');
  });

  describe('catalogFor', () => {
    it.each([
      ['de-CH', 'de', 'ltr', 'de-CH'],
      ['de', 'de', 'ltr', 'de'],
      ['de_CH', 'de', 'ltr', 'de'], // POSIX spelling: the language, not the malformed tag
      ['fr-BE', 'fr', 'ltr', 'fr-BE'],
      ['it-CH', 'it', 'ltr', 'it-CH'],
      ['ar-EG', 'ar', 'rtl', 'ar-EG'],
      ['ar', 'ar', 'rtl', 'ar'],
      ['he-IL', 'he', 'rtl', 'he-IL'],
      ['iw', 'he', 'rtl', 'he'], // legacy code for Hebrew
      ['iw-IL', 'he', 'rtl', 'he-IL'],
      ['EN-gb', 'en', 'ltr', 'en-GB'],
      ['pt', 'en', 'ltr', 'en'], // no Portuguese catalog: English text with English dates
      ['pt-BR', 'en', 'ltr', 'en'],
      ['zh-Hant-TW', 'en', 'ltr', 'en'],
      ['constructor', 'en', 'ltr', 'en'],
      ['', 'en', 'ltr', 'en'],
      [undefined, 'en', 'ltr', 'en'],
    ] as const)('%s → %s (%s), values formatted as %s', (locale, lang, dir, tag) => {
      const chosen = catalogFor(locale);
      expect({ lang: chosen.lang, dir: chosen.dir, locale: chosen.locale }).toEqual({ lang, dir, locale: tag });
      expect(chosen.t).toBe(CATALOGS[lang]);
      expect(langOf(locale)).toBe(lang);
    });
  });

  describe('plurals (Intl.PluralRules)', () => {
    it('English and the other left-to-right languages: one and other', () => {
      expect(en.placesLeft({ n: 1 })).toBe('1 place left');
      expect(en.placesLeft({ n: 3 })).toBe('3 places left');
      expect(en.secondsLeft({ n: 1 })).toBe('1 second left');
      expect(en.checkFields({ n: 1 })).toBe('Please check the highlighted field.');
      expect(en.checkFields({ n: 2 })).toBe('Please check the 2 highlighted fields.');
      expect(de.placesLeft({ n: 1 })).toBe('noch 1 Platz frei');
      expect(de.placesLeft({ n: 3 })).toBe('noch 3 Plätze frei');
      expect(fr.placesLeft({ n: 0 })).toBe('0 place restante'); // French: 0 is singular
      expect(fr.placesLeft({ n: 2 })).toBe('2 places restantes');
      expect(itCatalog.nLeft({ n: 1 })).toBe('ne resta 1');
      expect(itCatalog.nLeft({ n: 4 })).toBe('ne restano 4');
      expect(itCatalog.errMaxChars({ n: 40 })).toBe('Usi al massimo 40 caratteri.');
    });

    it('Arabic: zero, one, two, few, many and other are six distinct forms', () => {
      const counts = [0, 1, 2, 3, 11, 100];
      expect(counts.map((n) => new Intl.PluralRules('ar').select(n))).toEqual(['zero', 'one', 'two', 'few', 'many', 'other']);
      const forms = counts.map((n) => ar.placesLeft({ n }).replace(`${FSI}${n}${PDI}`, '#'));
      expect(forms).toEqual(['لا أماكن متبقية', 'مكان واحد متبقٍ', 'مكانان متبقيان', '# أماكن متبقية', '# مكانًا متبقيًا', '# مكان متبقٍ']);
      expect(new Set(forms).size).toBe(6);
      // The category follows n mod 100: 103 is "few" again, 111 "many".
      expect(ar.placesLeft({ n: 103 })).toBe(`${FSI}103${PDI} أماكن متبقية`);
      expect(ar.placesLeft({ n: 111 })).toBe(`${FSI}111${PDI} مكانًا متبقيًا`);
      expect(ar.checkFields({ n: 2 })).toBe('يُرجى التحقق من الحقلين المميّزين.');
      expect(ar.errMaxChars({ n: 40 })).toBe(`الحد الأقصى ${FSI}40${PDI} حرفًا.`);
    });

    it('Hebrew: one, two and other', () => {
      expect([1, 2, 3].map((n) => he.placesLeft({ n }))).toEqual(['נותר מקום אחד', 'נותרו שני מקומות', `נותרו ${FSI}3${PDI} מקומות`]);
      expect(he.secondsLeft({ n: 2 })).toBe('נותרו שתי שניות');
    });

    it("shows a count as the caller's Intl.NumberFormat gives it, choosing the form by n", () => {
      const arabicDigits = new Intl.NumberFormat('ar-EG');
      expect(ar.placesLeft({ n: 3, count: arabicDigits.format(3) })).toBe(`${FSI}٣${PDI} أماكن متبقية`);
      expect(de.placesLeft({ n: 1200, count: new Intl.NumberFormat('de').format(1200) })).toBe('noch 1.200 Plätze frei');
    });
  });

  describe('bidi isolation', () => {
    it('isolate wraps in FSI … PDI', () => {
      expect(isolate('alex')).toBe('\u2068alex\u2069');
    });

    it.each(['ar', 'he'] as const)('%s isolates every interpolated value, with balanced isolates', (lang) => {
      const t = CATALOGS[lang];
      for (const key of FN_KEYS) {
        const params = SAMPLES[key];
        const text = call(t, key, params);
        for (const value of shownValues(params)) expect([key, text]).toEqual([key, expect.stringContaining(`${FSI}${value}${PDI}`)]);
      }
      for (const text of Object.values(texts(t))) expect(text.split(FSI).length).toBe(text.split(PDI).length);
      // Literal Latin and symbols inside the sentences are isolated too.
      expect(t.needsMerchantId).toContain(`${FSI}merchant-id${PDI}`);
      expect(t.errPhone).toContain(`${FSI}+${PDI}`);
    });

    it.each(['en', 'de', 'fr', 'it'] as const)('%s (left to right) adds no isolates', (lang) => {
      for (const text of Object.values(texts(CATALOGS[lang]))) expect(text).not.toMatch(/[\u2068\u2069]/);
    });
  });

  describe('formatDuration and countdown', () => {
    it("words durations in the locale's language (Intl units)", () => {
      expect(formatDuration(600, 'en')).toBe('10 minutes');
      expect(formatDuration(60, 'en')).toBe('1 minute');
      expect(formatDuration(3600, 'en')).toBe('1 hour');
      expect(formatDuration(9000, 'en')).toBe('2 hours, 30 minutes');
      expect(formatDuration(600, 'de-CH')).toBe('10 Minuten');
      expect(formatDuration(600, 'de_CH')).toBe('10 Minuten'); // malformed tag: its language
      expect(formatDuration(3600, 'fr').replace(/\s/g, ' ')).toBe('1 heure'); // ICU puts a no-break space there
      expect(formatDuration(120, 'ar')).toBe('دقيقتان'); // the dual, from Intl
      expect(formatDuration(45, 'en')).toBe('45 seconds'); // short holds keep their seconds
      expect(formatDuration(90, 'en')).toBe('1 minute, 30 seconds');
      expect(formatDuration(240, 'en')).toBe('4 minutes');
      expect(formatDuration(330, 'en')).toBe('6 minutes'); // from 5 minutes on, whole minutes
      expect(formatDuration(2, 'he')).toBe('שתי שניות');
      expect(formatDuration(0, 'it')).toBe('0 secondi');
    });

    it('counts down in words under a minute, as m:ss from a minute up', () => {
      expect(countdown(en, 45)).toBe('45 seconds left');
      expect(countdown(en, 1)).toBe('1 second left');
      expect(countdown(en, 0.2)).toBe('1 second left'); // whole seconds, rounded up
      expect(countdown(en, 59.5)).toBe('1:00 left');
      expect(countdown(en, 570)).toBe('9:30 left');
      expect(countdown(de, 45)).toBe('noch 45 Sekunden');
      expect(countdown(fr, 570)).toBe('il reste 9:30');
      expect(countdown(ar, 2)).toBe('تتبقى ثانيتان');
      expect(countdown(ar, 5, new Intl.NumberFormat('ar-EG').format)).toBe(`تتبقى ${FSI}٥${PDI} ثوانٍ`);
      expect(countdown(he, 600)).toBe(`נותרו ${FSI}10:00${PDI}`);
    });
  });

  it('rejects, at compile time, a catalog with a missing key, an extra key or a wrong parameter', () => {
    const { bookAt: _dropped, ...missing } = en;
    // @ts-expect-error bookAt is missing
    const withoutKey: Catalog = missing;
    // @ts-expect-error `extra` is not a key of the catalog
    const withExtra = { ...en, extra: 'x' } satisfies Catalog;
    // @ts-expect-error heldFor has no `minutes` parameter
    const wrongParam = { ...en, heldFor: (x: { slot: string; minutes: string }) => x.minutes } satisfies Catalog;
    // @ts-expect-error a message is a string or a function, not a number
    const wrongKind = { ...en, free: 0 } satisfies Catalog;
    expect([withoutKey, withExtra, wrongParam, wrongKind].every(Boolean)).toBe(true);
  });
});
