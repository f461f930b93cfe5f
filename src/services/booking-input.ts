// Parsing the parts of a booking request that carry personal and payment data.
import { PrepaymentStatus } from '../domain/enums';
import { invalidArgument } from '../domain/errors';
import type { PaymentInformation, PostalAddress, UserInformation } from '../domain/records';
import type { PaymentInformationInput, PaymentProcessingParametersInput, PostalAddressInput, UserInformationInput } from './inputs';
import { parsePrice } from './inventory.service';
import { isAbsent, optionalLine, requireEmail, requireId, requireTelephone, requireText } from './validate';

export function parseUserInformation(path: string, input: UserInformationInput | null | undefined): UserInformation {
  if (isAbsent(input)) throw invalidArgument(path, 'is required');
  return {
    userId: requireId(`${path}.userId`, input.userId),
    givenName: requireText(`${path}.givenName`, input.givenName, 40),
    familyName: requireText(`${path}.familyName`, input.familyName, 40),
    address: parseAddress(`${path}.address`, input.address),
    telephone: requireTelephone(`${path}.telephone`, input.telephone),
    email: requireEmail(`${path}.email`, input.email),
    languageCode: optionalLine(`${path}.languageCode`, input.languageCode, 35),
  };
}

function parseAddress(path: string, input: PostalAddressInput | null | undefined): PostalAddress | null {
  if (isAbsent(input)) return null;
  return {
    country: requireText(`${path}.country`, input.country, 2),
    locality: requireText(`${path}.locality`, input.locality, 200),
    region: optionalLine(`${path}.region`, input.region, 200),
    postalCode: requireText(`${path}.postalCode`, input.postalCode, 20),
    streetAddress: requireText(`${path}.streetAddress`, input.streetAddress, 400),
  };
}

/** Payment as stored: always present, with UNSPECIFIED prepayment read as NOT_PROVIDED (spec §4.10). */
export function parsePaymentInformation(path: string, input: PaymentInformationInput | null | undefined): PaymentInformation {
  const status = input?.prepaymentStatus;
  return {
    prepaymentStatus:
      !status || status === PrepaymentStatus.PREPAYMENT_STATUS_UNSPECIFIED ? PrepaymentStatus.PREPAYMENT_NOT_PROVIDED : status,
    paymentTransactionId: optionalLine(`${path}.paymentTransactionId`, input?.paymentTransactionId, 255),
    price: parsePrice(`${path}.price`, input?.price),
    taxAmount: parsePrice(`${path}.taxAmount`, input?.taxAmount),
    fees: parsePrice(`${path}.fees`, input?.fees),
    feesAndTaxes: parsePrice(`${path}.feesAndTaxes`, input?.feesAndTaxes),
    paymentProcessedBy: input?.paymentProcessedBy ?? null,
    paymentOptionId: optionalLine(`${path}.paymentOptionId`, input?.paymentOptionId, 255),
    userPaymentOptionId: optionalLine(`${path}.userPaymentOptionId`, input?.userPaymentOptionId, 255),
  };
}

/**
 * Checked for length only: this gateway processes no payments, but the parameters are part of the
 * request (and its idempotency fingerprint), so they must not be unbounded.
 */
export function checkPaymentProcessingParameters(path: string, input: PaymentProcessingParametersInput | null | undefined): void {
  if (isAbsent(input)) return;
  optionalLine(`${path}.paymentProcessor`, input.paymentProcessor, 64);
  optionalLine(`${path}.unparsedPaymentMethodToken`, input.unparsedPaymentMethodToken, 8192);
  optionalLine(`${path}.version`, input.version, 64);
}
