// The widget's message catalogs: pick one by BCP 47 language subtag (fallback English), plus the few
// locale-aware helpers the texts need (durations, countdowns). DOM-free, no dependencies.
import { ar } from './ar';
import { de } from './de';
import { fr } from './fr';
import { he } from './he';
import { it } from './it';
import { en, type Catalog } from './messages';

export { en, type Catalog, type MessageKey } from './messages';
export { isolate, num, plurals, type Count, type Forms } from './util';

export type Lang = 'en' | 'de' | 'fr' | 'it' | 'ar' | 'he';
export type Dir = 'ltr' | 'rtl';

export const CATALOGS: Readonly<Record<Lang, Catalog>> = { en, de, fr, it, ar, he };
export const LANGS = Object.keys(CATALOGS) as Lang[];

/** The catalog language of a BCP 47 tag (also POSIX "de_CH"): its language subtag, 'iw' read as 'he', else 'en'. */
export function langOf(locale: string | undefined): Lang {
  const sub = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  const lang = sub === 'iw' ? 'he' : sub;
  return (LANGS as string[]).includes(lang) ? (lang as Lang) : 'en';
}

/**
 * The catalog for a locale ('de-CH' → de, 'ar-EG' → ar, 'iw' → he, 'pt' → en), with its language and
 * direction, and `locale`: the tag to format the texts' values with (times, days, numbers, durations):
 * the given locale (canonical) when the catalog speaks its language, else the catalog's language, so an
 * English sentence for 'pt' does not get Portuguese dates.
 */
export function catalogFor(locale: string | undefined): { lang: Lang; dir: Dir; t: Catalog; locale: string } {
  const lang = langOf(locale);
  let tag: string = lang;
  try {
    const canonical = Intl.getCanonicalLocales(locale ?? [])[0];
    if (canonical && canonical.split('-')[0].toLowerCase() === lang) tag = canonical;
  } catch {
    /* malformed tag: the catalog's language */
  }
  return { lang, dir: lang === 'ar' || lang === 'he' ? 'rtl' : 'ltr', t: CATALOGS[lang], locale: tag };
}

/** A malformed tag ('de_CH') falls back to its catalog language. */
function unit(locale: string | undefined, u: 'hour' | 'minute' | 'second', n: number): string {
  const options = { style: 'unit', unit: u, unitDisplay: 'long' } as const;
  try {
    return new Intl.NumberFormat(locale, options).format(n);
  } catch {
    return new Intl.NumberFormat(langOf(locale), options).format(n);
  }
}

/**
 * "45 seconds", "1 minute, 30 seconds", "30 minutes", "1 hour", "2 hours, 30 minutes" in the locale's
 * words and digits (Intl unit formatting, so plural and dual forms come from the browser: 'ar' gives
 * "دقيقتان" for 2 minutes). Short holds keep their seconds, as time.ts's formatDuration does: "1 minute"
 * for 45 s would promise more time than there is.
 */
export function formatDuration(seconds: number, locale?: string): string {
  const parts: string[] = [];
  if (seconds < 60) {
    parts.push(unit(locale, 'second', seconds));
  } else if (seconds < 300 && seconds % 60) {
    parts.push(unit(locale, 'minute', Math.floor(seconds / 60)), unit(locale, 'second', seconds % 60));
  } else {
    const h = Math.floor(seconds / 3600);
    const m = Math.round((seconds % 3600) / 60);
    if (h) parts.push(unit(locale, 'hour', h));
    if (m || !h) parts.push(unit(locale, 'minute', m));
  }
  if (parts.length < 2) return parts[0];
  try {
    return new Intl.ListFormat(locale, { type: 'unit', style: 'long' }).format(parts);
  } catch {
    return parts.join(' ');
  }
}

/**
 * A hold's countdown: under a minute in words ("45 seconds left"), else as m:ss ("9:30 left").
 * `count` formats the seconds (the caller's Intl.NumberFormat#format); default String.
 */
export function countdown(t: Catalog, seconds: number, count?: (n: number) => string): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return t.secondsLeft({ n: s, count: count?.(s) });
  return t.timeLeft({ time: `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}` });
}
