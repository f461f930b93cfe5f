// What text the gateway accepts, as predicates with no dependencies: the server's validation
// (src/services/validate.ts) and the widget's client-side checks (widget/src/validate.ts) both use
// these, so the two can never disagree.

// Characters refused in identifiers and single-line text:
// - control characters, C0, DEL and C1 (U+0085 NEL among them); NUL is also the stores' key separator;
// - line and paragraph separators (U+2028, U+2029);
// - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make
//   text display differently from what it is ("Trojan Source", CVE-2021-42574);
// - lone surrogates, which are not text (no UTF-8 encoding) and would not survive storage.
const UNSAFE_IN_LINE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\p{Cs}]/u;
// Free text may also hold tabs and line breaks (\t \n \r, U+2028, U+2029).
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\p{Cs}]/u;
// Something a reader can see: not white space and not a default-ignorable code point (U+200B zero
// width space, U+200C/U+200D joiners, U+2060 word joiner, U+3164 Hangul filler, U+FEFF, U+00AD ...).
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}]/u;
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
// One '@', a non-empty local part, a domain with a dot and no empty labels, no whitespace.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// E.123-style: optional leading '+', digits with spaces, '-', '.', '(' or ')' between them.
const PHONE_CHARS = /^\+?[0-9 .()-]+$/;

export const EMAIL_MAX = 254;
export const PHONE_MAX = 40;

/** Length as people count it: Unicode code points (an emoji is one, not two UTF-16 units). */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Holds something a reader can see (not only white space or invisible characters). */
export const hasVisibleText = (value: string): boolean => VISIBLE.test(value);

/** Fit for an identifier or a single line: no control, line-separator, bidi-override or lone surrogate characters. */
export const isSafeLine = (value: string): boolean => !UNSAFE_IN_LINE.test(value);

/** Fit for free text: as a line, but tabs and line breaks are allowed. */
export const isSafeText = (value: string): boolean => !UNSAFE_IN_TEXT.test(value);

export function isEmailAddress(value: string): boolean {
  return codePointLength(value) <= EMAIL_MAX && EMAIL.test(value) && isSafeLine(value) && !INVISIBLE.test(value);
}

export function isTelephone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return value.length <= PHONE_MAX && PHONE_CHARS.test(value) && digits >= 6 && digits <= 20;
}
