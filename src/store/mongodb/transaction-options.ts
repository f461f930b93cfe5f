// How every transaction of the adapter runs (units of work, and the events half's multi-document
// writes): snapshot reads, majority writes, on the primary, with a bounded commit.
import type { TransactionOptions } from 'mongodb';

/** The longest a commit may take on the server before it answers MaxTimeMSExpired (outcome unknown). */
export const MAX_COMMIT_TIME_MS = 5000;

export const TRANSACTION_OPTIONS: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
  maxCommitTimeMS: MAX_COMMIT_TIME_MS,
};
