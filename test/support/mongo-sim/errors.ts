// Server errors in the server's shape: { ok: 0, errmsg, code, codeName, errorLabels? }.
// Codes and names are the server's (src/mongo/base/error_codes.yml in mongodb/mongo).
// Labels are added by labelsFor(), a transcription of the rules of the server's
// src/mongo/db/error_labels.cpp (ErrorLabelBuilder::build / isTransientTransactionError).
import type { Document } from 'mongodb';

export const CODES = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  DollarPrefixedFieldName: 52,
  EmptyFieldName: 56,
  NoSuchKey: 4,
  Unauthorized: 13,
  InvalidIndexSpecificationOption: 197,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  ShutdownInProgress: 91,
  WriteConcernFailed: 64,
  WriteConflict: 112,
  ConflictingOperationInProgress: 117,
  CannotIndexParallelArrays: 171,
  PrimarySteppedDown: 189,
  TransactionTooOld: 225,
  NotImplemented: 238,
  SnapshotTooOld: 239,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  DuplicateKey: 11000,
  NotWritablePrimary: 10107,
  NotPrimaryNoSecondaryOk: 13435,
  InterruptedDueToReplStateChange: 11602,
} as const;

const NAMES = new Map<number, string>(Object.entries(CODES).map(([name, code]) => [code, name]));

export const codeName = (code: number): string => NAMES.get(code) ?? 'UnknownError';

/** A command-level failure; becomes { ok: 0, ... } in the reply. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Extra reply fields, e.g. keyPattern/keyValue for 11000 or topologyVersion for state changes. */
    readonly extra: Document = {},
    /** Labels forced by a fault; undefined = computed by labelsFor(). */
    readonly forcedLabels?: string[],
  ) {
    super(message);
  }
}

export const fail = (code: number, message: string, extra: Document = {}): never => {
  throw new CommandError(code, message, extra);
};

// ErrorCodes::isRetriableError (error_codes.yml category RetriableError).
const RETRIABLE = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 63, 150, 13388, 234, 358]);
// ErrorCodes::isSnapshotError (the ones a replica set can raise): SnapshotTooOld, SnapshotUnavailable, StaleChunkHistory.
const SNAPSHOT = new Set([239, 246, 249]);

export const isRetriable = (code: number): boolean => RETRIABLE.has(code);

export interface SessionFlags {
  hasTxnNumber: boolean;
  /** "autocommit" present (always false when present). */
  hasAutocommit: boolean;
  commandName: string;
}

const COMMIT_OR_ABORT = new Set(['commitTransaction', 'abortTransaction']);

/** error_labels.cpp: TransientTransactionError XOR RetryableWriteError (+ NoWritesPerformed). */
export function labelsFor(flags: SessionFlags, code: number | undefined, wcCode: number | undefined, noWritesPerformed = false): string[] {
  const commitOrAbort = COMMIT_OR_ABORT.has(flags.commandName);
  if (code !== undefined && flags.hasTxnNumber && flags.hasAutocommit && isTransient(code, wcCode !== undefined, commitOrAbort)) {
    return ['TransientTransactionError'];
  }
  const retryableWrite = flags.hasTxnNumber && !flags.hasAutocommit;
  const txnCommitOrAbort = flags.hasTxnNumber && flags.hasAutocommit && commitOrAbort;
  if ((retryableWrite || txnCommitOrAbort) && ((code !== undefined && isRetriable(code)) || (wcCode !== undefined && isRetriable(wcCode)))) {
    return noWritesPerformed && retryableWrite ? ['RetryableWriteError', 'NoWritesPerformed'] : ['RetryableWriteError'];
  }
  return [];
}

function isTransient(code: number, hasWriteConcernError: boolean, commitOrAbort: boolean): boolean {
  if (code === CODES.WriteConflict || code === 24 /* LockTimeout */) return true;
  if (SNAPSHOT.has(code)) return true;
  if (commitOrAbort) return code === CODES.NoSuchTransaction && !hasWriteConcernError;
  return isRetriable(code) || code === CODES.NoSuchTransaction;
}

/** The reply document of a failed command (labels and cluster time are added by the dispatcher). */
export function errorReply(error: CommandError): Document {
  return { ok: 0, errmsg: error.message, code: error.code, codeName: codeName(error.code), ...error.extra };
}
