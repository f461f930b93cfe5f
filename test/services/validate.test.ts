import { DomainError } from '../../src/domain/errors';
import { parseUserInformation } from '../../src/services/booking-input';
import type { UserInformationInput } from '../../src/services/inputs';
import {
  optionalId,
  optionalPartySize,
  optionalText,
  requireEmail,
  requireId,
  requireInt,
  requireTelephone,
  requireText,
} from '../../src/services/validate';

/** Runs `fn`, expecting an INVALID_ARGUMENT DomainError that names `path` first in its message. */
function expectInvalid(fn: () => unknown, path: string): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  const error = caught as DomainError;
  expect(error.code).toBe('INVALID_ARGUMENT');
  expect(error.field).toBe(path);
  expect(error.message.startsWith(`${path}: `)).toBe(true);
  return error;
}

const user = (overrides: Partial<UserInformationInput> = {}): UserInformationInput => ({
  userId: 'user-1',
  givenName: 'Ada',
  familyName: 'Lovelace',
  telephone: '+41 44 123 45 67',
  email: 'ada@example.com',
  ...overrides,
});

describe('names (givenName, familyName): 1–40 characters after trimming', () => {
  const P = 'input.userInformation';

  it.each(['givenName', 'familyName'] as const)('%s accepts exactly 40 characters and refuses 41', (field) => {
    const forty = 'x'.repeat(40);
    expect(parseUserInformation(P, user({ [field]: forty }))[field]).toBe(forty);
    expectInvalid(() => parseUserInformation(P, user({ [field]: 'x'.repeat(41) })), `${P}.${field}`);
  });

  it.each(['givenName', 'familyName'] as const)('%s counts characters after trimming: 40 + surrounding blanks is fine', (field) => {
    const padded = `  \t${'y'.repeat(40)}\n `;
    expect(() => parseUserInformation(P, user({ [field]: padded }))).not.toThrow();
    expectInvalid(() => parseUserInformation(P, user({ [field]: ` ${'y'.repeat(41)} ` })), `${P}.${field}`);
  });

  it.each(['givenName', 'familyName'] as const)('%s refuses empty and whitespace-only values', (field) => {
    for (const blank of ['', ' ', '   \t\n ', '\u00a0\u2003']) {
      expectInvalid(() => parseUserInformation(P, user({ [field]: blank })), `${P}.${field}`);
    }
  });

  it('a single character is enough', () => {
    expect(parseUserInformation(P, user({ givenName: 'A', familyName: 'B' }))).toMatchObject({ givenName: 'A', familyName: 'B' });
  });

  it('counts characters, not UTF-16 code units: 40 emoji or accented letters fit', () => {
    const emoji = '😀'.repeat(40); // 80 UTF-16 code units
    expect(parseUserInformation(P, user({ givenName: emoji })).givenName).toBe(emoji);
    expect(parseUserInformation(P, user({ familyName: 'é'.repeat(40) })).familyName).toBe('é'.repeat(40));
    expectInvalid(() => parseUserInformation(P, user({ givenName: '😀'.repeat(41) })), `${P}.givenName`);
  });

  it('requireText refuses values that are not strings', () => {
    for (const value of [undefined, null, 42, ['Ada'], {}]) expectInvalid(() => requireText('x.name', value, 40), 'x.name');
  });

  it('the first invalid field of a user is the one named', () => {
    expectInvalid(() => parseUserInformation(P, user({ givenName: ' ', email: 'broken' })), `${P}.givenName`);
    expectInvalid(() => parseUserInformation(P, null), P);
  });
});

describe('requireEmail', () => {
  const P = 'input.userInformation.email';

  it.each(['ada@example.com', 'first.last+tag@sub.example.co.uk', "o'brien@example.ch", 'x@y.z'])('accepts %s', (email) => {
    expect(requireEmail(P, email)).toBe(email);
  });

  it('accepts 254 characters and refuses 255', () => {
    const domain = '@example.com';
    const at254 = 'a'.repeat(254 - domain.length) + domain;
    const at255 = 'a'.repeat(255 - domain.length) + domain;
    expect(at254).toHaveLength(254);
    expect(requireEmail(P, at254)).toBe(at254);
    expectInvalid(() => requireEmail(P, at255), P);
  });

  it.each([
    ['no @', 'ada.example.com'],
    ['two @', 'ada@lovelace@example.com'],
    ['@ at the start', '@example.com'],
    ['no dot in the domain', 'ada@localhost'],
    ['empty domain label before the dot', 'ada@.com'],
    ['trailing dot', 'ada@example.'],
    ['double dot in the domain', 'ada@example..com'],
    ['whitespace', 'ada lovelace@example.com'],
    ['surrounding whitespace', ' ada@example.com'],
    ['empty', ''],
  ])('refuses %s (%p)', (_why, email) => {
    expectInvalid(() => requireEmail(P, email), P);
  });

  it('refuses non-strings', () => {
    for (const value of [undefined, null, 1, {}]) expectInvalid(() => requireEmail(P, value), P);
  });
});

describe('requireTelephone', () => {
  const P = 'input.userInformation.telephone';

  it.each([
    '+41 44 123 45 67',
    '044 123 45 67',
    '(044) 123-45.67',
    '+1 (555) 010-9999',
    '123456', // 6 digits, the minimum
    '12345678901234567890', // 20 digits, the maximum
    '+12 3456 7890 1234 5678 90', // 20 digits with separators
  ])('accepts %p', (phone) => {
    expect(requireTelephone(P, phone)).toBe(phone);
  });

  it.each([
    ['5 digits', '12345'],
    ['5 digits padded with separators', '+1 (2) 3-4.5'],
    ['21 digits', '123456789012345678901'],
    ['letters', '+41 44 ABC 45 67'],
    ['a vanity letter among digits', '0800-FLOWERS1'],
    ['an extension marker', '044 123 45 67 x12'],
    ['a + that is not leading', '41+44 123 45 67'],
    ['two leading +', '++41 44 123 45 67'],
    ['a slash', '044/123 45 67'],
    ['whitespace only', '   '],
    ['empty', ''],
  ])('refuses %s (%p)', (_why, phone) => {
    expectInvalid(() => requireTelephone(P, phone), P);
  });

  it('refuses non-strings, including numbers', () => {
    for (const value of [undefined, null, 41441234567]) expectInvalid(() => requireTelephone(P, value), P);
  });
});

describe('requireId / optionalId', () => {
  const P = 'input.userInformation.userId';

  it('accepts 1–128 characters by default and a custom maximum when given', () => {
    expect(requireId(P, 'u')).toBe('u');
    expect(requireId(P, 'u'.repeat(128))).toBe('u'.repeat(128));
    expectInvalid(() => requireId(P, 'u'.repeat(129)), P);
    const T = 'input.idempotencyToken';
    expect(requireId(T, 't'.repeat(255), 255)).toHaveLength(255);
    expectInvalid(() => requireId(T, 't'.repeat(256), 255), T);
  });

  it.each([
    ['NUL (the stores\' key separator)', 'a\u0000b'],
    ['newline', 'a\nb'],
    ['tab', 'a\tb'],
    ['carriage return', 'ab\r'],
    ['escape', '\u001b[31m'],
    ['DEL', 'a\u007f'],
  ])('refuses control characters: %s', (_why, id) => {
    expectInvalid(() => requireId(P, id), P);
  });

  it('refuses missing, blank and non-string ids', () => {
    for (const value of [undefined, null, '', '   ', 7, {}]) expectInvalid(() => requireId(P, value), P);
  });

  it('optionalId reads absent and empty as null, and otherwise applies requireId', () => {
    expect(optionalId('r.staffId', undefined)).toBeNull();
    expect(optionalId('r.staffId', null)).toBeNull();
    expect(optionalId('r.staffId', '')).toBeNull();
    expect(optionalId('r.staffId', 'anna')).toBe('anna');
    expectInvalid(() => optionalId('r.staffId', 'an\u0000na'), 'r.staffId');
    expectInvalid(() => optionalId('r.staffId', '  '), 'r.staffId');
  });
});

describe('numbers and optional text', () => {
  it('requireInt accepts safe integers within bounds and refuses everything else', () => {
    expect(requireInt('x.n', 0)).toBe(0);
    expect(requireInt('x.n', -(2 ** 53 - 1))).toBe(-(2 ** 53 - 1));
    expect(requireInt('x.n', 2 ** 53 - 1)).toBe(2 ** 53 - 1);
    for (const value of [1.5, 2 ** 53, NaN, Infinity, '5', null]) expectInvalid(() => requireInt('x.n', value), 'x.n');
    expectInvalid(() => requireInt('x.n', 0, 1), 'x.n');
    expectInvalid(() => requireInt('x.n', 11, 1, 10), 'x.n');
  });

  it('partySize is 1–100 when present', () => {
    expect(optionalPartySize('r.partySize', null)).toBeNull();
    expect(optionalPartySize('r.partySize', 1)).toBe(1);
    expect(optionalPartySize('r.partySize', 100)).toBe(100);
    expectInvalid(() => optionalPartySize('r.partySize', 0), 'r.partySize');
    expectInvalid(() => optionalPartySize('r.partySize', 101), 'r.partySize');
  });

  it('optionalText allows up to max characters and absent values', () => {
    expect(optionalText('x.t', undefined, 3)).toBeNull();
    expect(optionalText('x.t', '😀😀😀', 3)).toBe('😀😀😀');
    expectInvalid(() => optionalText('x.t', 'abcd', 3), 'x.t');
    expectInvalid(() => optionalText('x.t', 12, 3), 'x.t');
  });
});

describe('invisible, control, separator and bidi characters (one rule for ids, names and contact fields)', () => {
  const P = 'input.userInformation';
  const invisibleOnly = ['\u200b', '\u200c\u200d', '\u2060', '\u3164', '\ufeff', '\u00ad', ' \u200b \u2060 '];
  const unsafe = [
    ['NEL U+0085', 'Ada\u0085'],
    ['line separator U+2028', 'Ada\u2028Lovelace'],
    ['paragraph separator U+2029', 'Ada\u2029Lovelace'],
    ['right-to-left override U+202E', 'Ada\u202eecalevol'],
    ['left-to-right embedding U+202A', '\u202aAda'],
    ['right-to-left isolate U+2067', 'Ada\u2067x\u2069'],
    ['a lone high surrogate', 'Ada\ud83d'],
    ['a lone low surrogate', '\ude00Ada'],
    ['DEL', 'Ada\u007f'],
  ];

  it.each(invisibleOnly.map((v) => [JSON.stringify(v), v]))('a name made only of %s is blank', (_label, value) => {
    expectInvalid(() => parseUserInformation(P, user({ givenName: value })), `${P}.givenName`);
    expectInvalid(() => requireId('input.userInformation.userId', value), 'input.userInformation.userId');
  });

  it.each(unsafe)('%s is refused in names, ids, single-line text and e-mail', (_label, value) => {
    expectInvalid(() => parseUserInformation(P, user({ familyName: value })), `${P}.familyName`);
    expectInvalid(() => requireId('input.lease.userReference', value), 'input.lease.userReference');
    expectInvalid(() => requireText('input.name', value, 200), 'input.name');
    expectInvalid(() => requireEmail(`${P}.email`, `ada${value}@example.com`), `${P}.email`);
  });

  it('free text (additionalRequest) keeps tabs and line breaks but refuses the rest', () => {
    expect(optionalText('input.additionalRequest', 'Window seat\n\tplease\r\n\u2028thanks', 1000)).toContain('please');
    for (const [, value] of unsafe.filter(([label]) => !label.includes('separator'))) {
      expectInvalid(() => optionalText('input.additionalRequest', value, 1000), 'input.additionalRequest');
    }
  });

  it('joiners and other invisible characters inside visible text are fine (emoji sequences, Indic scripts)', () => {
    expect(requireText('x.name', '👩‍💻 Ada', 40)).toBe('👩‍💻 Ada');
    expect(requireText('x.name', 'क्‍ष', 40)).toBe('क्‍ष');
    expect(requireId('x.id', 'user\u200b1')).toBe('user\u200b1');
    expectInvalid(() => requireEmail('x.email', 'ada\u200b@example.com'), 'x.email');
  });

  it('ids count code points: 128 emoji fit, 129 do not', () => {
    expect(requireId('x.id', '😀'.repeat(128))).toHaveLength(256);
    expectInvalid(() => requireId('x.id', '😀'.repeat(129)), 'x.id');
    expectInvalid(() => requireId('x.token', 'é'.repeat(256), 255), 'x.token');
    expect(requireId('x.token', 'é'.repeat(255), 255)).toHaveLength(255);
  });
});
