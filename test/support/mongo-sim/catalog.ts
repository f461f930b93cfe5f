// Databases and collections, versioned by cluster time like the documents, because the server's
// catalog is read at the snapshot too (jstests/core/txns/concurrent_drops_and_creates.js):
//  - a transaction still reads a collection dropped after its snapshot, but writing it is a
//    WriteConflict;
//  - a collection created after the snapshot is invisible to the transaction; writing to that name
//    creates it implicitly inside the transaction (allowed since 4.4: jstests/core/txns/
//    implicit_collection_creation_in_txn.js), and the commit then fails with WriteConflict.
// Every implicit creation is logged (SimStats.implicitCollections) so a test can assert that an
// application creates its collections up front.
import { UUID, type Binary, type Document } from 'mongodb';
import type { ClusterClock } from './clock';
import { CODES, fail } from './errors';
import { ID_INDEX, type IndexSpec } from './index-keys';
import { Chain, type TxnState, type View, type Writer } from './mvcc';

export interface KeyEntry {
  /** Documents whose latest committed version holds the key. */
  holders: Set<string>;
  /** Cluster time of the last commit that added or removed the key (first-writer-wins check). */
  lastTs: bigint;
  lockedBy?: TxnState;
}

export class Incarnation {
  readonly chains = new Map<string, Chain>();
  readonly keys = new Map<string, Map<string, KeyEntry>>();
  indexes: IndexSpec[] = [{ ...ID_INDEX }];
  droppedTs?: bigint;
  /** Cluster time of the last index change (a transaction with an older snapshot may not write). */
  catalogTs: bigint;
  readonly uuid: Binary = new UUID();

  constructor(
    readonly db: string,
    readonly name: string,
    public createdTs: bigint,
    readonly options: Document,
    public pendingTxn?: TxnState,
  ) {
    this.catalogTs = createdTs;
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }
}

export interface CreationRecord {
  ns: string;
  inTransaction: boolean;
  implicit: boolean;
  by: string;
}

export function validateCollectionName(db: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') fail(CODES.InvalidNamespace, `Invalid namespace specified '${db}.${String(name)}'`);
  const n = name as string;
  if (n.includes('$') || n.includes('\0') || n.startsWith('.')) fail(CODES.InvalidNamespace, `Invalid collection name: ${n}`);
  if (/^system\./.test(n) || db === 'config' || db === 'local') fail(CODES.NotImplemented, `mongo-sim: system namespaces are not modelled: ${db}.${n}`);
  return n;
}

export class Catalog {
  private readonly all = new Map<string, Incarnation[]>();
  readonly creations: CreationRecord[] = [];

  constructor(private readonly clock: ClusterClock) {}

  find(db: string, name: string, view: View): Incarnation | undefined {
    const list = this.all.get(`${db}.${name}`) ?? [];
    if (view.kind === 'txn') {
      const own = list.find((i) => i.pendingTxn === view.txn);
      if (own) return own;
    }
    for (let i = list.length - 1; i >= 0; i--) {
      const inc = list[i];
      if (inc.pendingTxn) continue;
      if (view.kind === 'latest') {
        if (inc.droppedTs === undefined) return inc;
        continue;
      }
      const ts = view.kind === 'at' ? view.ts : view.txn.snapshot;
      if (inc.createdTs <= ts && (inc.droppedTs === undefined || inc.droppedTs > ts)) return inc;
    }
    return undefined;
  }

  live(db: string, name: string): Incarnation | undefined {
    return this.find(db, name, { kind: 'latest' });
  }

  /** The collection a write goes to, created implicitly when the writer does not see one. */
  forWrite(db: string, name: string, writer: Writer, by: string): Incarnation {
    const view: View = writer.kind === 'txn' ? { kind: 'txn', txn: writer.txn } : { kind: 'latest' };
    return this.find(db, name, view) ?? this.create(db, validateCollectionName(db, name), writer, {}, true, by);
  }

  create(db: string, name: string, writer: Writer, options: Document, implicit: boolean, by: string): Incarnation {
    const txn = writer.kind === 'txn' ? writer.txn : undefined;
    const inc = new Incarnation(db, name, txn ? 0n : this.clock.tick(), options, txn);
    if (txn) {
      txn.created.push(inc);
      txn.touched.add(inc);
    }
    const key = inc.ns;
    this.all.set(key, [...(this.all.get(key) ?? []), inc]);
    this.creations.push({ ns: key, inTransaction: !!txn, implicit, by });
    return inc;
  }

  /** At commit: a collection created in the transaction becomes visible, unless the name was taken meanwhile. */
  conflictsAtCommit(txn: TxnState): boolean {
    return txn.created.some((inc) => this.live(inc.db, inc.name) !== undefined);
  }

  publish(txn: TxnState, ts: bigint): void {
    for (const inc of txn.created) {
      inc.createdTs = ts;
      inc.catalogTs = ts;
      inc.pendingTxn = undefined;
    }
  }

  discard(txn: TxnState): void {
    for (const inc of txn.created) {
      const list = (this.all.get(inc.ns) ?? []).filter((i) => i !== inc);
      if (list.length) this.all.set(inc.ns, list);
      else this.all.delete(inc.ns);
    }
  }

  drop(inc: Incarnation): bigint {
    const ts = this.clock.tick();
    inc.droppedTs = ts;
    return ts;
  }

  collections(db: string, view: View): Incarnation[] {
    const out: Incarnation[] = [];
    for (const list of this.all.values()) {
      const first = list[0];
      if (first.db !== db) continue;
      const inc = this.find(db, first.name, view);
      if (inc) out.push(inc);
    }
    return out;
  }

  databases(): string[] {
    const names = new Set<string>();
    for (const list of this.all.values()) for (const inc of list) if (!inc.pendingTxn && inc.droppedTs === undefined) names.add(inc.db);
    return [...names].sort();
  }

  /** Every incarnation still kept (for pruning, TTL and stats). */
  *incarnations(): Iterable<Incarnation> {
    for (const list of this.all.values()) yield* list;
  }

  /** Forgets dropped collections no reader at or after `horizon` can see. */
  forgetDropped(horizon: bigint): void {
    for (const [key, list] of this.all) {
      const kept = list.filter((i) => i.droppedTs === undefined || i.droppedTs > horizon);
      if (kept.length) this.all.set(key, kept);
      else this.all.delete(key);
    }
  }
}
