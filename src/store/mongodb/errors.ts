// Classifying driver errors. A duplicate key becomes a typed outcome in the adapter; losing the
// server becomes UNAVAILABLE; everything else stays unexpected (INTERNAL at the edge).
import { MongoError, MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError } from 'mongodb';
import { DomainError } from '../../domain/errors';

export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoError && error.code === DUPLICATE_KEY;
}

/** Name of the unique index a duplicate-key error names, if any (e.g. "idempotency_token"). */
export function duplicateIndexName(error: unknown): string | undefined {
  if (!isDuplicateKey(error)) return undefined;
  const message = (error as MongoError).message;
  return /index: (\S+)/.exec(message)?.[1];
}

export function isUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    (error instanceof MongoError && (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('ResetPool')) && !(error.code === DUPLICATE_KEY))
  );
}

// The two ways a transaction can end without a known outcome (driver withTransaction, spec
// "Convenient API for Transactions"): the commit's result is unknown (a lost reply, or a commit over
// maxCommitTimeMS), or transient errors (write conflicts, elections) outlasted the driver's retries.
// Either way the request may be sent again as it was: createBooking replays its idempotency token,
// createLease returns the live lease of its userReference, a cancel or a reschedule already applied
// answers as applied.
const RETRY_SAME = 'retry the same request (for createBooking, the same idempotency token): it takes effect at most once';

/** What a caller of the store sees for a driver error that escaped the adapter. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof MongoError && error.hasErrorLabel('UnknownTransactionCommitResult')) {
    return new DomainError('UNAVAILABLE', `the booking store could not confirm whether this change was saved; ${RETRY_SAME}`, undefined, 'COMMIT_OUTCOME_UNKNOWN', error);
  }
  if (error instanceof MongoError && error.hasErrorLabel('TransientTransactionError')) {
    return new DomainError('ABORTED', `too many concurrent changes to the same data; ${RETRY_SAME}`, undefined, 'TRANSACTION_CONFLICT', error);
  }
  if (isUnavailable(error)) return new DomainError('UNAVAILABLE', 'the booking store is unavailable; retry shortly', undefined, undefined, error);
  return error;
}
