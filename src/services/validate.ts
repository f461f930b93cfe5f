// Field checks shared by the services. Each takes the field's path as the client sees it
// (`input.userInformation.email`) and throws INVALID_ARGUMENT naming it.
import { invalidArgument } from '../domain/errors';
import { EMAIL_MAX, codePointLength, hasVisibleText, isEmailAddress, isSafeLine, isSafeText, isTelephone } from '../domain/text-rules';

export { codePointLength };

export const INT64_MAX_SAFE = Number.MAX_SAFE_INTEGER;

export function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** An identifier: 1–max code points, something visible in it, no control, bidi or separator characters. */
export function requireId(path: string, value: unknown, max = 128): string {
  if (typeof value !== 'string' || !hasVisibleText(value)) throw invalidArgument(path, 'is required');
  if (codePointLength(value) > max) throw invalidArgument(path, `must be at most ${max} characters`);
  if (!isSafeLine(value)) throw invalidArgument(path, 'must not contain control, line-separator or bidirectional-override characters');
  return value;
}

export function optionalId(path: string, value: unknown, max = 128): string | null {
  if (isAbsent(value) || value === '') return null;
  return requireId(path, value, max);
}

/** Required single-line text (names, address lines): 1–max code points after trimming, something visible; stored trimmed. */
export function requireText(path: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw invalidArgument(path, 'is required');
  const trimmed = value.trim();
  if (!hasVisibleText(trimmed)) throw invalidArgument(path, 'must not be blank');
  if (codePointLength(trimmed) > max) throw invalidArgument(path, `must be at most ${max} characters`);
  // Whitespace around the value is trimmed away and tolerated; the characters below are not.
  if (!isSafeLine(trimmed)) throw invalidArgument(path, 'must not contain control, line-separator or bidirectional-override characters');
  return trimmed;
}

/** Optional single-line text (tags, codes, references): at most max code points, the rules of an id's characters. */
export function optionalLine(path: string, value: unknown, max: number): string | null {
  if (isAbsent(value)) return null;
  if (typeof value !== 'string') throw invalidArgument(path, 'must be a string');
  if (codePointLength(value) > max) throw invalidArgument(path, `must be at most ${max} characters`);
  if (!isSafeLine(value)) throw invalidArgument(path, 'must not contain control, line-separator or bidirectional-override characters');
  return value;
}

/** Optional free text: at most max code points; tabs and line breaks allowed, other control characters not. */
export function optionalText(path: string, value: unknown, max: number): string | null {
  if (isAbsent(value)) return null;
  if (typeof value !== 'string') throw invalidArgument(path, 'must be a string');
  if (codePointLength(value) > max) throw invalidArgument(path, `must be at most ${max} characters`);
  if (!isSafeText(value)) {
    throw invalidArgument(path, 'must not contain control characters other than tabs and line breaks, or bidirectional overrides');
  }
  return value;
}

/** An integer within ±(2^53 − 1); `min` narrows the lower bound. */
export function requireInt(path: string, value: unknown, min = -INT64_MAX_SAFE, max = INT64_MAX_SAFE): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidArgument(path, 'must be an integer');
  if (value < min) throw invalidArgument(path, min === 1 ? 'must be greater than 0' : `must be at least ${min}`);
  if (value > max) throw invalidArgument(path, `must be at most ${max}`);
  return value;
}

export function optionalInt(path: string, value: unknown, min?: number, max?: number): number | null {
  return isAbsent(value) ? null : requireInt(path, value, min, max);
}

export const PARTY_SIZE_MAX = 100;

export function optionalPartySize(path: string, value: unknown): number | null {
  return optionalInt(path, value, 1, PARTY_SIZE_MAX);
}

export function requireEmail(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidArgument(path, 'is required');
  if (codePointLength(value) > EMAIL_MAX) throw invalidArgument(path, `must be at most ${EMAIL_MAX} characters`);
  if (!isEmailAddress(value)) throw invalidArgument(path, 'must be an e-mail address like name@example.com');
  return value;
}

export function requireTelephone(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw invalidArgument(path, 'is required');
  if (!isTelephone(value)) {
    throw invalidArgument(path, 'must be a phone number of 6–20 digits, optionally with a leading + and spaces, -, ., ( or )');
  }
  return value;
}

const CURRENCY = /^[A-Z]{3}$/;

export function requireCurrency(path: string, value: unknown): string {
  if (typeof value !== 'string' || !CURRENCY.test(value)) {
    throw invalidArgument(path, 'must be an ISO 4217 currency code such as EUR');
  }
  return value;
}

export function requireTimeZone(path: string, value: unknown): string {
  const zone = requireText(path, value, 64);
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw invalidArgument(path, 'must be an IANA time zone such as Europe/Zurich');
  }
  return zone;
}

export function requireList<T>(path: string, value: readonly T[] | null | undefined, min: number, max: number): readonly T[] {
  if (!Array.isArray(value)) throw invalidArgument(path, 'is required');
  if (value.length < min) throw invalidArgument(path, `must have at least ${min} entr${min === 1 ? 'y' : 'ies'}`);
  if (value.length > max) throw invalidArgument(path, `must have at most ${max} entries`);
  return value;
}
