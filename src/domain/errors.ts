// Domain errors are typed values with a gRPC canonical code. They are turned into GraphQL errors in
// exactly one place (src/http/format-error.ts); nothing below the resolvers knows about GraphQL.

export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Path of the offending input field, e.g. `input.userInformation.email`. */
    readonly field?: string,
    /** Machine-readable refinement of the code, e.g. IDEMPOTENCY_TOKEN_REUSED. */
    readonly reason?: string,
    /** The underlying failure, for the log only (never shown to clients). */
    cause?: unknown,
  ) {
    super(field ? `${field}: ${message}` : message, cause === undefined ? undefined : { cause });
    this.name = 'DomainError';
  }
}

export const invalidArgument = (field: string, message: string): DomainError =>
  new DomainError('INVALID_ARGUMENT', message, field);

export const notFound = (message: string, field?: string): DomainError => new DomainError('NOT_FOUND', message, field);
