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

/** What a caller of the store sees for a driver error that escaped the adapter. */
export function toStoreError(error: unknown): unknown {
  if (isUnavailable(error)) return new DomainError('UNAVAILABLE', 'the booking store is unavailable; retry shortly', undefined, undefined, error);
  return error;
}
