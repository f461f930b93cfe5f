// The simulator's state and its background jobs: commit/abort of transactions, the snapshot
// history window (minSnapshotHistoryWindowInSeconds, 300 s by default: manual, "Read Concern
// snapshot"; beyond it reads fail with 239 SnapshotTooOld), the expiry of old transactions, the
// TTL monitor, and the topology (topologyVersion, election term) that hello reports.
import { Long, ObjectId, type Document } from 'mongodb';
import { Catalog, type Incarnation } from './catalog';
import { ClusterClock } from './clock';
import { CODES, CommandError } from './errors';
import { FaultControl } from './faults';
import { pathValues } from './index-keys';
import { Engine, idKeyOf, type TxnState } from './mvcc';
import { Sessions, type Txn } from './sessions';
import { SimStats } from './stats';

export interface SimOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Replica set name (default "rs0"). */
  replSetName?: string;
  /** How often the TTL monitor runs (the server's ttlMonitorSleepSecs: 60 s); 0 = only runTtlSweep(). */
  ttlIntervalMs?: number;
  /** transactionLifetimeLimitSeconds of the server (60 s), in ms. */
  transactionLifetimeLimitMs?: number;
  /** minSnapshotHistoryWindowInSeconds of the server (300 s), in ms. */
  snapshotHistoryWindowMs?: number;
  /** Background job period (history pruning, transaction expiry), default 1000 ms. */
  maintenanceIntervalMs?: number;
  /** maxWireVersion to report (default 21, MongoDB 7.0). */
  maxWireVersion?: number;
}

export interface SimCursor {
  id: number;
  ns: string;
  docs: Document[];
  txn?: Txn;
  lsidKey?: string;
}

export class SimCore {
  readonly clock = new ClusterClock();
  readonly engine = new Engine(this.clock);
  readonly catalog = new Catalog(this.clock);
  readonly stats = new SimStats(() => this.catalog.creations);
  readonly faults = new FaultControl();
  readonly sessions: Sessions;
  readonly cursors = new Map<number, SimCursor>();
  readonly topology = { processId: new ObjectId(), counter: 0, term: 1 };
  readonly helloWaiters = new Set<() => void>();
  readonly replSetName: string;
  readonly maxWireVersion: number;
  address = '127.0.0.1:0';
  /** False between a step-down and the re-election. */
  isPrimary = true;
  private oldestReadableTs = 0n;
  private nextCursorId = 1_000_000 + Math.floor(Math.random() * 1_000_000);
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(readonly options: SimOptions = {}) {
    this.replSetName = options.replSetName ?? 'rs0';
    this.maxWireVersion = options.maxWireVersion ?? 21;
    this.engine.onConflict = () => this.stats.writeConflicts++;
    this.faults.onFire = () => this.stats.faultsFired++;
    this.sessions = new Sessions({
      currentTime: () => this.clock.current,
      oldestReadable: () => this.oldestReadableTs,
      abort: (txn, reason) => this.abort(txn, reason),
    });
  }

  start(): void {
    const every = (ms: number, job: () => void) => {
      const t = setInterval(job, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.options.maintenanceIntervalMs ?? 1000, () => this.maintain());
    const ttl = this.options.ttlIntervalMs ?? 60_000;
    if (ttl > 0) every(ttl, () => this.runTtlSweep());
  }

  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t); // clears timeouts too
    for (const wake of [...this.helloWaiters]) wake();
  }

  began(): void {
    this.stats.transactionsStarted++;
  }

  commit(txn: Txn): bigint {
    if (this.catalog.conflictsAtCommit(txn)) {
      this.engine.writeConflicts++;
      this.stats.writeConflicts++;
      this.abort(txn, 'WriteConflict');
      throw new CommandError(CODES.WriteConflict, 'Write conflict during commit: a collection created in this transaction was created concurrently.');
    }
    const writes = txn.writes.size > 0 || txn.created.length > 0;
    const ts = writes ? this.engine.commit(txn) : this.clock.current;
    this.catalog.publish(txn, ts);
    txn.commitTs = ts;
    this.finish(txn, 'committed');
    this.stats.transactionsCommitted++;
    return ts;
  }

  abort(txn: TxnState, reason: string): void {
    if (txn.state !== 'open') return;
    this.engine.rollback(txn);
    this.catalog.discard(txn);
    this.finish(txn as Txn, 'aborted');
    this.stats.transactionsAborted++;
    this.stats.abortReasons[reason] = (this.stats.abortReasons[reason] ?? 0) + 1;
  }

  private finish(txn: Txn, state: 'committed' | 'aborted'): void {
    this.sessions.open.delete(txn);
    for (const id of txn.cursors ?? []) this.cursors.delete(Number(id));
    txn.finish(state);
  }

  openCursor(ns: string, docs: Document[], txn?: Txn, lsidKey?: string): number {
    const id = this.nextCursorId++;
    this.cursors.set(id, { id, ns, docs, txn, lsidKey });
    txn?.cursors.add(String(id));
    return id;
  }

  cursorId = (id: number): Long => Long.fromNumber(id);

  get oldestReadable(): bigint {
    return this.oldestReadableTs;
  }

  /** Drops history no open transaction and no snapshot read within the window can see. */
  maintain(now = Date.now()): void {
    for (const txn of this.sessions.expired(this.options.transactionLifetimeLimitMs ?? 60_000, now)) this.abort(txn, 'expired');
    const windowMs = this.options.snapshotHistoryWindowMs ?? 300_000;
    let horizon = this.clock.timeAtWall(now - windowMs);
    const oldestTxn = this.sessions.oldestSnapshot();
    if (oldestTxn !== undefined && oldestTxn < horizon) horizon = oldestTxn;
    if (horizon <= this.oldestReadableTs) return;
    this.oldestReadableTs = horizon;
    for (const inc of this.catalog.incarnations()) this.engine.prune(inc, horizon);
    this.catalog.forgetDropped(horizon);
    this.clock.forgetBefore(now - windowMs);
  }

  /** Open transactions (other than `except`) holding locks on a collection: DDL waits for them. */
  lockHolders(incs: Incarnation[], except?: TxnState): TxnState[] {
    return [...this.sessions.open].filter((t) => t !== except && incs.some((i) => t.touched.has(i)));
  }

  /**
   * The TTL monitor: deletes documents whose indexed field holds a BSON Date (the earliest of an
   * array of dates) older than now - expireAfterSeconds. Other values never expire (manual, "TTL
   * Indexes": "If the indexed field in a document doesn't contain one or more date values, the
   * document will not expire"). Documents locked by open transactions are left for the next pass.
   */
  runTtlSweep(now = Date.now()): number {
    let deleted = 0;
    for (const inc of [...this.catalog.incarnations()]) {
      if (inc.droppedTs !== undefined || inc.pendingTxn) continue;
      for (const spec of inc.indexes) {
        if (typeof spec.expireAfterSeconds !== 'number' || Object.keys(spec.key).length !== 1) continue;
        const field = Object.keys(spec.key)[0];
        for (const doc of this.engine.scan(inc, { kind: 'latest' })) {
          const dates = pathValues(doc, field.split('.')).values.filter((v): v is Date => v instanceof Date);
          if (dates.length === 0) continue;
          const earliest = Math.min(...dates.map((d) => d.getTime()));
          if (earliest + spec.expireAfterSeconds * 1000 > now) continue;
          try {
            this.engine.write(inc, { kind: 'auto' }, idKeyOf(doc._id), doc, null);
            deleted++;
          } catch {
            // Blocked by an open transaction: the next pass deletes it.
          }
        }
      }
    }
    this.stats.ttlDeleted += deleted;
    return deleted;
  }

  /**
   * A step-down, then a re-election after `electionDelayMs` (0 = at once). Each is a topology
   * change (a new topologyVersion, awaiting hellos answered), as on a real member; the error that
   * announces the step-down carries the step-down's topologyVersion, so a monitor that asks with
   * it is answered as soon as the node is primary again.
   */
  stepDown(abortTransactions: boolean, electionDelayMs = 0): Document {
    this.topology.counter++;
    this.isPrimary = false;
    const announced = this.topologyVersion();
    if (abortTransactions) for (const txn of [...this.sessions.open]) this.abort(txn, 'stepdown');
    const elect = () => {
      this.topology.counter++;
      this.topology.term++;
      this.isPrimary = true;
      for (const wake of [...this.helloWaiters]) wake();
    };
    if (electionDelayMs > 0) {
      for (const wake of [...this.helloWaiters]) wake();
      const t = setTimeout(elect, electionDelayMs);
      t.unref();
      this.timers.push(t);
    } else {
      elect();
    }
    return announced;
  }

  topologyVersion(): Document {
    return { processId: this.topology.processId, counter: Long.fromNumber(this.topology.counter) };
  }
}
