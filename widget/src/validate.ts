// Client-side checks of the contact fields, the same rules as the server's src/services/validate.ts
// (test/widget/validate.test.ts compares the two on generated input). DOM-free.

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

// Identical to the server's patterns.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE_CHARS = /^\+?[0-9 .()-]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export const NAME_MAX = 40;
export const EMAIL_MAX = 254;
export const PHONE_MAX = 40;

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
      const length = [...value].length;
      if (length === 0) return field === 'givenName' ? 'Enter your first name.' : 'Enter your last name.';
      if (length > NAME_MAX) return `Use at most ${NAME_MAX} characters.`;
      if (CONTROL_CHARS.test(value)) return 'Use letters, spaces and punctuation only (no tabs or line breaks).';
      return null;
    }
    case 'email':
      if (value.length === 0) return 'Enter your e-mail address.';
      if (value.length > EMAIL_MAX) return `Use at most ${EMAIL_MAX} characters.`;
      if (!EMAIL.test(value)) return 'Enter an e-mail address like name@example.com.';
      return null;
    case 'telephone': {
      if (value.length === 0) return 'Enter your phone number.';
      const digits = value.replace(/\D/g, '').length;
      if (value.length > PHONE_MAX || !PHONE_CHARS.test(value) || digits < 6 || digits > 20) {
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
