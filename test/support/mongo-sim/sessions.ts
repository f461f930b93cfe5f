// Logical sessions (lsid), transactions (txnNumber + autocommit: false) and retryable writes
// (txnNumber alone), with the server's checks and error codes:
//  - readConcern only on the first statement; writeConcern only on commit/abort: 72 InvalidOptions,
//    and the transaction goes on (jstests/core/txns/no_read_or_write_concern_inside_txn.js);
//  - a finished transaction: its commit may be retried and succeeds, abort after commit is 256
//    TransactionCommitted, anything after an abort is 251 NoSuchTransaction, restarting the same
//    txnNumber is 117 ConflictingOperationInProgress (finished_transaction_error_handling.js);
//  - an older txnNumber is 225 TransactionTooOld; a newer one aborts the open transaction;
//  - transactions older than transactionLifetimeLimitSeconds (60 s by default) are aborted by the
//    server (abort_expired_transaction.js);
//  - retryable writes remember each statement's outcome per (lsid, txnNumber) and answer a retry with
//    it without applying it again (manual, "Retryable Writes").
import type { Document } from 'mongodb';
import { keyString } from './bson-order';
import { toBig } from './clock';
import { CODES, fail } from './errors';
import { TxnState, type View, type Writer } from './mvcc';

export const TXN_COMMANDS = new Set(['find', 'getMore', 'killCursors', 'aggregate', 'distinct', 'insert', 'update', 'delete', 'findAndModify', 'create', 'createIndexes', 'commitTransaction', 'abortTransaction', 'bulkWrite', 'count']);
export const RETRYABLE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify', 'commitTransaction', 'abortTransaction']);
const SNAPSHOT_READS = new Set(['find', 'aggregate', 'distinct', 'getMore']);
const READ_CONCERN_LEVELS_IN_TXN = new Set(['snapshot', 'majority', 'local']);

export class Txn extends TxnState {
  readonly startedAt = Date.now();
  readonly cursors = new Set<string>();
  commitTs?: bigint;
  constructor(
    readonly lsidKey: string,
    readonly txnNumber: number,
    snapshot: bigint,
  ) {
    super(`${lsidKey}#${txnNumber}`, snapshot);
  }
}

export interface RetryState {
  txnNumber: number;
  /** Outcome of each statement already executed, by statement index. */
  stmts: Map<number, Document>;
}

class ServerSession {
  active = -1;
  txn?: Txn;
  retry?: RetryState;
  lastUse = Date.now();
  constructor(readonly key: string) {}
}

/** What a command runs with: where it reads, where it writes, and its session state. */
export interface Ctx {
  view: View;
  writer: Writer;
  txn?: Txn;
  /** The statement starts its transaction. */
  starts: boolean;
  retry?: RetryState;
  /** Snapshot read outside a transaction: the cluster time read at (answered as atClusterTime). */
  atClusterTime?: bigint;
  lsidKey?: string;
}

export interface SessionHooks {
  currentTime(): bigint;
  oldestReadable(): bigint;
  abort(txn: Txn, reason: string): void;
}

export class Sessions {
  readonly byKey = new Map<string, ServerSession>();
  readonly open = new Set<Txn>();

  constructor(private readonly hooks: SessionHooks) {}

  private session(lsid: Document): ServerSession {
    const key = keyString(lsid.id ?? lsid);
    let s = this.byKey.get(key);
    if (!s) this.byKey.set(key, (s = new ServerSession(key)));
    s.lastUse = Date.now();
    return s;
  }

  /** Checks the session fields of a command and opens, continues or refuses its transaction. */
  begin(name: string, cmd: Document): Ctx {
    const txnNumber = cmd.txnNumber === undefined ? undefined : Number(cmd.txnNumber);
    const lsid = cmd.lsid as Document | undefined;
    if (txnNumber !== undefined && !lsid) fail(CODES.InvalidOptions, 'Transaction number requires a session ID to also be specified');
    if (cmd.autocommit !== undefined) return this.transactional(name, cmd, this.session(lsid ?? fail(CODES.InvalidOptions, "'autocommit' requires a session")), txnNumber);
    if (cmd.startTransaction !== undefined) fail(CODES.InvalidOptions, 'Specifying startTransaction requires autocommit: false');
    const base: Ctx = { view: { kind: 'latest' }, writer: { kind: 'auto' }, starts: false, lsidKey: lsid ? this.session(lsid).key : undefined };
    if (txnNumber !== undefined) {
      if (!RETRYABLE_COMMANDS.has(name)) {
        fail(50768, `txnNumber may only be provided for multi-document transactions and retryable write commands. autocommit:false was not provided, and ${name} is not a retryable write command.`);
      }
      base.retry = this.retryable(this.session(lsid!), txnNumber);
    }
    const rc = cmd.readConcern as Document | undefined;
    if (rc?.level === 'snapshot') {
      if (!SNAPSHOT_READS.has(name)) fail(CODES.InvalidOptions, `readConcern level 'snapshot' is only valid in multi-statement transactions or for ${[...SNAPSHOT_READS].join(', ')} (got ${name})`);
      const at = rc.atClusterTime ? toBig(rc.atClusterTime) : this.hooks.currentTime();
      this.checkReadable(at);
      base.view = { kind: 'at', ts: at };
      base.atClusterTime = at;
    }
    return base;
  }

  private checkReadable(at: bigint): void {
    if (at > this.hooks.currentTime()) fail(CODES.InvalidOptions, 'readConcern atClusterTime value must not be greater than the current clusterTime');
    if (at < this.hooks.oldestReadable()) fail(CODES.SnapshotTooOld, `Read timestamp ${String(at >> 32n)}:${String(at & 0xffffffffn)} is older than the oldest available timestamp.`);
  }

  private retryable(s: ServerSession, txnNumber: number): RetryState {
    if (txnNumber < s.active) {
      fail(CODES.TransactionTooOld, `Retryable write with txnNumber ${txnNumber} is prohibited on session ${s.key} because a newer retryable write with txnNumber ${s.active} has already started on this session.`);
    }
    if (txnNumber === s.active && s.txn) fail(CODES.ConflictingOperationInProgress, `txnNumber ${txnNumber} of session ${s.key} belongs to a transaction`);
    if (txnNumber > s.active) {
      if (s.txn?.state === 'open') this.hooks.abort(s.txn, 'a newer txnNumber arrived');
      s.active = txnNumber;
      s.txn = undefined;
      s.retry = { txnNumber, stmts: new Map() };
    }
    return s.retry!;
  }

  private transactional(name: string, cmd: Document, s: ServerSession, txnNumber: number | undefined): Ctx {
    if (cmd.autocommit !== false) fail(CODES.InvalidOptions, 'Specifying autocommit=true is not allowed.');
    if (txnNumber === undefined) fail(CODES.InvalidOptions, "'autocommit' field requires a transaction number to also be specified");
    const n = txnNumber!;
    if (!TXN_COMMANDS.has(name)) fail(CODES.OperationNotSupportedInTransaction, `Cannot run '${name}' in a multi-document transaction.`);
    const commitOrAbort = name === 'commitTransaction' || name === 'abortTransaction';
    if (n < s.active) {
      fail(CODES.TransactionTooOld, `Cannot start transaction ${n} on session ${s.key} because a newer transaction with txnNumber ${s.active} has already started on this session.`);
    }
    if (cmd.writeConcern !== undefined && !commitOrAbort) fail(CODES.InvalidOptions, 'writeConcern is not allowed within a multi-statement transaction');
    if (cmd.startTransaction === true) {
      if (commitOrAbort) fail(CODES.OperationNotSupportedInTransaction, `Cannot start a transaction with a ${name} command`);
      if (n === s.active) {
        fail(CODES.ConflictingOperationInProgress, `Cannot start a transaction at given transaction number ${n} on session ${s.key} using txnNumber ${n} and no other transaction can be started on it.`);
      }
      const rc = (cmd.readConcern ?? {}) as Document;
      if (rc.level !== undefined && !READ_CONCERN_LEVELS_IN_TXN.has(rc.level)) {
        fail(CODES.InvalidOptions, "The readConcern level must be either 'local' (default), 'majority' or 'snapshot' in order to run in a transaction");
      }
      if (rc.atClusterTime !== undefined && rc.level !== 'snapshot') fail(CODES.InvalidOptions, 'atClusterTime requires readConcern level snapshot');
      const snapshot = rc.atClusterTime !== undefined ? toBig(rc.atClusterTime) : this.hooks.currentTime();
      this.checkReadable(snapshot);
      if (s.txn?.state === 'open') this.hooks.abort(s.txn, 'a newer transaction started on its session');
      s.active = n;
      s.retry = undefined;
      const txn = (s.txn = new Txn(s.key, n, snapshot));
      this.open.add(txn);
      return { view: { kind: 'txn', txn }, writer: { kind: 'txn', txn }, txn, starts: true, lsidKey: s.key };
    }
    const txn = s.txn;
    if (n > s.active || !txn || txn.txnNumber !== n) {
      fail(CODES.NoSuchTransaction, `Given transaction number ${n} does not match any in-progress transactions. The active transaction number is ${s.active}`);
    }
    if (txn!.state === 'aborted') fail(CODES.NoSuchTransaction, `Transaction with { txnNumber: ${n} } has been aborted.`);
    if (txn!.state === 'committed' && name !== 'commitTransaction') fail(CODES.TransactionCommitted, `Transaction with { txnNumber: ${n} } has been committed.`);
    if (cmd.readConcern !== undefined) fail(CODES.InvalidOptions, 'Only the first command in a transaction may specify a readConcern');
    return { view: { kind: 'txn', txn: txn! }, writer: { kind: 'txn', txn: txn! }, txn: txn!, starts: false, lsidKey: s.key };
  }

  /** endSessions / killSessions: abort what is open and forget the sessions. */
  end(lsids: Document[]): void {
    for (const lsid of lsids) {
      const key = keyString(lsid.id ?? lsid);
      const s = this.byKey.get(key);
      if (s?.txn?.state === 'open') this.hooks.abort(s.txn, 'session ended');
      this.byKey.delete(key);
    }
  }

  endAll(): void {
    for (const txn of [...this.open]) this.hooks.abort(txn, 'all sessions killed');
    this.byKey.clear();
  }

  /** Transactions older than the lifetime limit (the server's abortExpiredTransactions job). */
  expired(limitMs: number, now = Date.now()): Txn[] {
    return [...this.open].filter((t) => now - t.startedAt > limitMs);
  }

  oldestSnapshot(): bigint | undefined {
    let oldest: bigint | undefined;
    for (const t of this.open) if (oldest === undefined || t.snapshot < oldest) oldest = t.snapshot;
    return oldest;
  }
}
