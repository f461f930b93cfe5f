// Client-side checks of the contact fields, with the server's own text rules (src/domain/text-rules.ts;
// test/widget/validate.test.ts compares the two on generated input). DOM-free.
import { EMAIL_MAX, PHONE_MAX, codePointLength, hasVisibleText, isEmailAddress, isSafeLine, isTelephone } from '../../src/domain/text-rules';

export type ContactField = 'givenName' | 'familyName' | 'email' | 'telephone';
export type Contact = Record<ContactField, string>;
export type FieldErrors = Partial<Record<ContactField, string>>;

export const CONTACT_FIELDS: readonly ContactField[] = ['givenName', 'familyName', 'email', 'telephone'];

export const FIELD_LABELS: Record<ContactField, string> = {
  givenName: 'First name',
  familyName: 'Last name',
  email: 'E-mail',
  telephone: 'Phone',
};

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
export function fieldError(field: ContactField, raw: string): string | null {
  const value = raw.trim();
  switch (field) {
    case 'givenName':
    case 'familyName': {
      if (!hasVisibleText(value)) return field === 'givenName' ? 'Enter your first name.' : 'Enter your last name.';
      if (codePointLength(value) > NAME_MAX) return `Use at most ${NAME_MAX} characters.`;
      if (!isSafeLine(value)) return 'Use letters, spaces and punctuation only (no tabs or line breaks).';
      return null;
    }
    case 'email':
      if (value.length === 0) return 'Enter your e-mail address.';
      if (codePointLength(value) > EMAIL_MAX) return `Use at most ${EMAIL_MAX} characters.`;
      if (!isEmailAddress(value)) return 'Enter an e-mail address like name@example.com.';
      return null;
    case 'telephone': {
      if (value.length === 0) return 'Enter your phone number.';
      if (!isTelephone(value)) {
        return 'Enter a phone number of 6–20 digits; a leading +, spaces, -, ., ( and ) are fine.';
      }
      return null;
    }
  }
}

export function validateContact(contact: Contact): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of CONTACT_FIELDS) {
    const error = fieldError(field, contact[field]);
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
