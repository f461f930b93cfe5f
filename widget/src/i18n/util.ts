// Shared by the catalogs: plural choice (Intl.PluralRules), number parameters, bidi isolation.
// DOM-free and dependency-free.

/** A counted value: `n` chooses the plural form; `count` is how it is shown (the caller's Intl.NumberFormat), else String(n). */
export interface Count {
  n: number;
  count?: string;
}

/** The shown text of a counted value. */
export const num = (p: Count): string => p.count ?? String(p.n);

/** The forms of one plural message, by CLDR category; `other` is required, a missing category falls back to it. */
export type Forms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** A plural chooser for one language; its Intl.PluralRules is made on first use. */
export function plurals(lang: string): (n: number, forms: Forms) => string {
  let rules: Intl.PluralRules | undefined;
  return (n, forms) => forms[(rules ??= new Intl.PluralRules(lang)).select(n)] ?? forms.other;
}

/**
 * Wraps an interpolated value in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (U+2068, U+2069), so a
 * Latin name, a time or a phone number keeps its own direction inside right-to-left text (and cannot
 * reorder the sentence around it). Invisible; the text equivalent of `<bdi>`.
 */
export const isolate = (s: string): string => `\u2068${s}\u2069`;
