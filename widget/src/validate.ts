// Client-side checks of the contact fields, with the server's own text rules (src/domain/text-rules.ts;
// test/widget/validate.test.ts compares the two on generated input). DOM-free.
import { EMAIL_MAX, PHONE_MAX, codePointLength, hasVisibleText, isEmailAddress, isSafeLine, isTelephone } from '../../src/domain/text-rules';
import { en, type Catalog } from './i18n/messages';

export type ContactField = 'givenName' | 'familyName' | 'email' | 'telephone';
export type Contact = Record<ContactField, string>;
export type FieldErrors = Partial<Record<ContactField, string>>;

export const CONTACT_FIELDS: readonly ContactField[] = ['givenName', 'familyName', 'email', 'telephone'];

/** Each field's label in the catalog's language. */
export function fieldLabels(t: Catalog = en): Record<ContactField, string> {
  return { givenName: t.givenNameLabel, familyName: t.familyNameLabel, email: t.emailLabel, telephone: t.telephoneLabel };
}

export const NAME_MAX = 40;
export { EMAIL_MAX, PHONE_MAX };

/** The values as they are sent: trimmed. */
export function normalizeContact(contact: Contact): Contact {
  return {
    givenName: contact.givenName.trim(),
    familyName: contact.familyName.trim(),
    email: contact.email.trim(),
    telephone: contact.telephone.trim(),
  };
}

/** The error for one field's value (as typed; it is trimmed first), or null when the server accepts it. */
export function fieldError(field: ContactField, raw: string, t: Catalog = en): string | null {
  const value = raw.trim();
  switch (field) {
    case 'givenName':
    case 'familyName': {
      if (!hasVisibleText(value)) return field === 'givenName' ? t.errGivenName : t.errFamilyName;
      if (codePointLength(value) > NAME_MAX) return t.errMaxChars({ n: NAME_MAX });
      if (!isSafeLine(value)) return t.errLine;
      return null;
    }
    case 'email':
      if (value.length === 0) return t.errEmailEmpty;
      if (codePointLength(value) > EMAIL_MAX) return t.errMaxChars({ n: EMAIL_MAX });
      if (!isEmailAddress(value)) return t.errEmail({ example: 'name@example.com' });
      return null;
    case 'telephone': {
      if (value.length === 0) return t.errPhoneEmpty;
      if (!isTelephone(value)) return t.errPhone;
      return null;
    }
  }
}

export function validateContact(contact: Contact, t: Catalog = en): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of CONTACT_FIELDS) {
    const error = fieldError(field, contact[field], t);
    if (error) errors[field] = error;
  }
  return errors;
}

/**
 * The contact field a server error's `extensions.field` names (`input.userInformation.email` → email),
 * or null for any other path.
 */
export function fieldOfPath(path: string | undefined): ContactField | null {
  const match = /^input\.userInformation\.(\w+)$/.exec(path ?? '');
  return match && (CONTACT_FIELDS as readonly string[]).includes(match[1]) ? (match[1] as ContactField) : null;
}

/** A server message without its leading field path, as a sentence. */
export function serverFieldMessage(message: string, path: string): string {
  const rest = message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
  const sentence = rest.charAt(0).toUpperCase() + rest.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
