// The widget's contact checks accept exactly what the server's validation accepts (the widget sends
// trimmed values, so the server sees value.trim()).
import fc from 'fast-check';
import { requireEmail, requireTelephone, requireText } from '../../src/services/validate';
import { fieldError, fieldOfPath, serverFieldMessage, type ContactField } from '../../widget/src/validate';

function serverAccepts(field: ContactField, value: string): boolean {
  const path = `input.userInformation.${field}`;
  try {
    if (field === 'email') requireEmail(path, value);
    else if (field === 'telephone') requireTelephone(path, value);
    else requireText(path, value, 40);
    return true;
  } catch {
    return false;
  }
}

const agree = (field: ContactField, raw: string) => expect({ raw, client: fieldError(field, raw) === null }).toEqual({ raw, client: serverAccepts(field, raw.trim()) });

// Strings built from the characters that matter to the rules, so generated cases hit both sides.
const from = (chars: string, maxLength: number) => fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength });

describe('client-side contact validation matches the server', () => {
  it.each([
    ['givenName', 'Ada', true],
    ['givenName', '  Ada  ', true],
    ['givenName', '   ', false],
    ['givenName', 'x'.repeat(40), true],
    ['givenName', 'x'.repeat(41), false],
    ['givenName', '😀'.repeat(40), true], // 40 characters (code points), 80 UTF-16 units
    ['familyName', '', false],
    ['email', 'ada@example.com', true],
    ['email', 'ada@example', false],
    ['email', 'ada@@example.com', false],
    ['email', 'a da@example.com', false],
    ['email', 'ada@example..com', false],
    ['email', `${'a'.repeat(242)}@example.com`, true], // 254
    ['email', `${'a'.repeat(243)}@example.com`, false], // 255
    ['telephone', '+41 44 668 18 00', true],
    ['telephone', '(044) 668-18.00', true],
    ['telephone', '12345', false],
    ['telephone', '1'.repeat(20), true],
    ['telephone', '1'.repeat(21), false],
    ['telephone', '41+44 668 18 00', false],
    ['telephone', '+41 44 668 18 00 ext', false],
    ['telephone', `1${' '.repeat(40)}23456`, false], // over 40 characters in all
    ['givenName', 'Ada\tLovelace', false], // control characters inside a name
  ] as const)('%s %j → valid %s', (field, value, valid) => {
    expect(fieldError(field, value) === null).toBe(valid);
    agree(field, value);
  });

  it('agrees on generated names', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 50 }), from(' \t\nab😀', 45)), (v) => agree('givenName', v)), { numRuns: 500 });
  });

  it('agrees on generated e-mail addresses', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), from('a@. \t-', 14), fc.string({ maxLength: 30 }), from('ab@.', 260)), (v) => agree('email', v)),
      { numRuns: 1000 },
    );
  });

  it('agrees on generated phone numbers', () => {
    fc.assert(fc.property(fc.oneof(from('0123456789 +-.()x', 50), fc.string({ maxLength: 25 })), (v) => agree('telephone', v)), { numRuns: 1000 });
  });
});

describe('server field errors', () => {
  it('maps extensions.field paths of the contact fields, and nothing else', () => {
    expect(fieldOfPath('input.userInformation.email')).toBe('email');
    expect(fieldOfPath('input.userInformation.givenName')).toBe('givenName');
    expect(fieldOfPath('input.userInformation.telephone')).toBe('telephone');
    expect(fieldOfPath('input.userInformation.userId')).toBeNull();
    expect(fieldOfPath('input.slot')).toBeNull();
    expect(fieldOfPath(undefined)).toBeNull();
  });

  it('shows the server message without its path, as a sentence', () => {
    expect(serverFieldMessage('input.userInformation.email: must be an e-mail address like name@example.com', 'input.userInformation.email')).toBe(
      'Must be an e-mail address like name@example.com.',
    );
  });
});
