import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Nothing personal is ever passed to the logger (no variables, no user data);
 * the redaction below is a second line of defence should a record slip in by mistake.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
    level,
    base: { service: 'booking-gateway' },
    redact: {
      paths: [
        'email',
        'telephone',
        'givenName',
        'familyName',
        '*.email',
        '*.telephone',
        '*.givenName',
        '*.familyName',
        '*.userInformation',
        'authorization',
        '*.authorization',
        // A virtual session's password (api-contract: "never logged"), wherever a record carries it.
        'password',
        '*.password',
        '*.*.password',
        '*.*.*.password',
        // Payment tokens, 3-D Secure answers and processor secrets (api-contract "Payments"): never logged.
        'token',
        '*.token',
        '*.*.token',
        'unparsedPaymentMethodToken',
        '*.unparsedPaymentMethodToken',
        '*.*.unparsedPaymentMethodToken',
        'paResponse',
        '*.paResponse',
        '*.*.paResponse',
        'savedCard',
        '*.savedCard',
        '*.*.savedCard',
        'secretKey',
        '*.secretKey',
      ],
      censor: '[redacted]',
    },
    },
    destination,
  );
}
