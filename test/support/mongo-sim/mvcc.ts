// The storage engine: committed versions per document (MVCC), snapshot views, and
// first-writer-wins write conflicts the way WiredTiger raises them.
//  - A transaction's snapshot is the cluster time of its first statement; it sees versions committed
//    at or before it, plus its own writes (manual, "Read Concern snapshot"; jstests/core/txns/
//    repeatable_reads_in_transaction.js).
//  - A transactional write to a document (or to a unique-index key) that another open transaction
//    wrote, or that anyone committed after the snapshot, fails at once with WriteConflict (112)
//    (jstests/core/txns/libs/write_conflicts.js: T1StartsFirstAndWins / T2StartsSecondAndWins;
//    write_conflicts_with_non_txns.js: TWriteSecond). Keys left out of a partial index are not
//    written, so they never conflict (jstests/core/txns/concurrent_unique_partial_index.js).
//  - A non-transactional write that meets an open transaction's write retries until that transaction
//    ends (write_conflicts_with_non_txns.js: TWriteFirst): here it throws Blocked, and the command
//    layer waits for the transaction's end and retries that document.
import type { Document } from 'mongodb';
import { keyString } from './bson-order';
import type { Incarnation, KeyEntry } from './catalog';
import { CODES, CommandError } from './errors';
import { duplicateKeyError, indexKeys, type IndexSpec } from './index-keys';
import type { ClusterClock } from './clock';

export interface Version {
  ts: bigint;
  doc: Document | null;
}

export class Chain {
  versions: Version[] = [];
  lockedBy?: TxnState;
}

/** What storage needs of a transaction (the session layer owns the rest). */
export class TxnState {
  state: 'open' | 'committed' | 'aborted' = 'open';
  readonly writes = new Map<Incarnation, Map<string, Document | null>>();
  readonly lockedKeys: Array<[Map<string, KeyEntry>, string]> = [];
  /** Collections read or written: DDL on them waits for this transaction (its IS/IX locks). */
  readonly touched = new Set<Incarnation>();
  readonly created: Incarnation[] = [];
  private readonly ended: Array<() => void> = [];

  constructor(
    readonly label: string,
    readonly snapshot: bigint,
  ) {}

  whenEnded(): Promise<void> {
    return this.state === 'open' ? new Promise((resolve) => this.ended.push(resolve)) : Promise.resolve();
  }

  finish(state: 'committed' | 'aborted'): void {
    this.state = state;
    for (const resolve of this.ended.splice(0)) resolve();
  }
}

/** A non-transactional write met an open transaction's write; retry after `txn` ends. */
export class Blocked extends Error {
  constructor(readonly txn: TxnState) {
    super('blocked by an open transaction');
  }
}

export type View = { kind: 'latest' } | { kind: 'at'; ts: bigint } | { kind: 'txn'; txn: TxnState };
export type Writer = { kind: 'auto' } | { kind: 'txn'; txn: TxnState };

export const idKeyOf = (id: unknown): string => keyString(id);

const writeConflict = () =>
  new CommandError(CODES.WriteConflict, 'Caused by :: Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.');

export class Engine {
  writeConflicts = 0;
  onConflict: () => void = () => undefined;

  constructor(readonly clock: ClusterClock) {}

  visible(inc: Incarnation, idKey: string, view: View): Document | null {
    if (view.kind === 'txn') {
      const own = view.txn.writes.get(inc);
      if (own?.has(idKey)) return own.get(idKey) ?? null;
    }
    const chain = inc.chains.get(idKey);
    if (!chain) return null;
    return versionAt(chain, view.kind === 'latest' ? undefined : view.kind === 'at' ? view.ts : view.txn.snapshot);
  }

  /** Visible documents in natural (insertion) order. */
  scan(inc: Incarnation, view: View): Document[] {
    const out: Document[] = [];
    for (const idKey of inc.chains.keys()) {
      const doc = this.visible(inc, idKey, view);
      if (doc) out.push(doc);
    }
    return out;
  }

  /**
   * The documents a filter can match, found the way the server's planner would for the adapter's hot
   * queries: an _id equality (or $in), or equalities on every field of a unique, non-partial index,
   * read from that index; otherwise every visible document. The caller still tests each candidate
   * against the whole filter, so this only changes cost (a scan per statement made a 6,000-slot
   * upsert quadratic), never the answer. An index entry changed after the view's snapshot falls
   * back to the scan, since its holders describe the latest commit.
   */
  candidates(inc: Incarnation, view: View, filter: unknown): Document[] {
    if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return this.scan(inc, view);
    const f = filter as Document;
    const ids = idsOf(f._id);
    if (ids) return ids.map((id) => this.visible(inc, idKeyOf(id), view)).filter((d): d is Document => d !== null);
    const viewTs = view.kind === 'latest' ? undefined : view.kind === 'at' ? view.ts : view.txn.snapshot;
    for (const spec of inc.indexes) {
      if (!spec.unique || spec.partialFilterExpression || spec.sparse) continue;
      const fields = Object.keys(spec.key);
      if (fields.some((field) => field.includes('.'))) continue;
      // Equalities on every field; or, for a one-field index, an $in of scalars (one key per value).
      const inValues = fields.length === 1 ? idsOf(f[fields[0]]) : null;
      const keySets = inValues
        ? inValues.map((v) => ({ [fields[0]]: v }))
        : fields.every((field) => isScalar(f[field]))
          ? [Object.fromEntries(fields.map((field) => [field, f[field]]))]
          : null;
      if (!keySets) continue;
      const found = new Set<string>();
      for (const keyDoc of keySets) {
        const [key] = indexKeys(spec, keyDoc);
        const entry = inc.keys.get(spec.name)?.get(key);
        if (entry && viewTs !== undefined && entry.lastTs > viewTs) return this.scan(inc, view);
        for (const holder of entry?.holders ?? []) found.add(holder);
        // The transaction's own writes hold the key only if it added or removed it (then it locked the entry).
        if (view.kind === 'txn' && entry?.lockedBy === view.txn) for (const own of view.txn.writes.get(inc)?.keys() ?? []) found.add(own);
      }
      return [...found].map((idKey) => this.visible(inc, idKey, view)).filter((d): d is Document => d !== null);
    }
    return this.scan(inc, view);
  }

  /** Writes one document (insert: before = null; delete: after = null). */
  write(inc: Incarnation, writer: Writer, idKey: string, before: Document | null, after: Document | null): void {
    const chain = inc.chains.get(idKey);
    const uniques = inc.indexes.filter((s) => s.unique && s.name !== '_id_');
    const changes = uniques.map((spec) => keyChanges(spec, before, after));
    if (writer.kind === 'txn') this.checkTxnWrite(inc, writer.txn, chain, uniques, changes);
    else this.checkAutoWrite(chain, inc, uniques, changes);
    // _id uniqueness: an insert over a visible document.
    if (before === null && after !== null) {
      const view: View = writer.kind === 'txn' ? { kind: 'txn', txn: writer.txn } : { kind: 'latest' };
      if (this.visible(inc, idKey, view)) throw duplicateKeyError(inc.db, inc.name, inc.indexes[0], after);
    }
    uniques.forEach((spec, i) => {
      for (const key of changes[i].added) this.checkDuplicate(inc, writer, spec, key, idKey, after!);
    });
    if (writer.kind === 'txn') this.recordTxnWrite(inc, writer.txn, chain, idKey, after, uniques, changes);
    else this.commitAuto(inc, chain, idKey, after, uniques, changes);
  }

  private checkTxnWrite(inc: Incarnation, txn: TxnState, chain: Chain | undefined, specs: IndexSpec[], changes: KeyChange[]): void {
    const conflict = (): never => {
      this.writeConflicts++;
      this.onConflict();
      throw writeConflict();
    };
    // A collection dropped, or whose indexes changed, since the snapshot (concurrent_drops_and_creates.js).
    if (inc.droppedTs !== undefined || (inc.pendingTxn === undefined && inc.catalogTs > txn.snapshot)) conflict();
    if (chain && chain.lockedBy !== txn) {
      if (chain.lockedBy && chain.lockedBy.state === 'open') conflict();
      const last = chain.versions[chain.versions.length - 1];
      if (last && last.ts > txn.snapshot) conflict();
    }
    specs.forEach((spec, i) => {
      for (const key of [...changes[i].added, ...changes[i].removed]) {
        const entry = inc.keys.get(spec.name)?.get(key);
        if (!entry || entry.lockedBy === txn) continue;
        if (entry.lockedBy?.state === 'open' || entry.lastTs > txn.snapshot) conflict();
      }
    });
  }

  private checkAutoWrite(chain: Chain | undefined, inc: Incarnation, specs: IndexSpec[], changes: KeyChange[]): void {
    if (chain?.lockedBy?.state === 'open') throw new Blocked(chain.lockedBy);
    specs.forEach((spec, i) => {
      for (const key of [...changes[i].added, ...changes[i].removed]) {
        const owner = inc.keys.get(spec.name)?.get(key)?.lockedBy;
        if (owner?.state === 'open') throw new Blocked(owner);
      }
    });
  }

  private checkDuplicate(inc: Incarnation, writer: Writer, spec: IndexSpec, key: string, idKey: string, doc: Document): void {
    const entry = inc.keys.get(spec.name)?.get(key);
    const candidates = new Set(entry?.holders ?? []);
    const view: View = writer.kind === 'txn' ? { kind: 'txn', txn: writer.txn } : { kind: 'latest' };
    // Own writes can hold the key only if this transaction added it before (it then locked the entry).
    if (writer.kind === 'txn' && entry?.lockedBy === writer.txn) for (const own of writer.txn.writes.get(inc)?.keys() ?? []) candidates.add(own);
    candidates.delete(idKey);
    for (const other of candidates) {
      const visible = this.visible(inc, other, view);
      if (visible && indexKeys(spec, visible).includes(key)) throw duplicateKeyError(inc.db, inc.name, spec, doc);
    }
  }

  private recordTxnWrite(inc: Incarnation, txn: TxnState, chain: Chain | undefined, idKey: string, after: Document | null, specs: IndexSpec[], changes: KeyChange[]): void {
    if (!chain) {
      chain = new Chain();
      inc.chains.set(idKey, chain);
    }
    chain.lockedBy = txn;
    if (!txn.writes.has(inc)) txn.writes.set(inc, new Map());
    txn.writes.get(inc)!.set(idKey, after);
    txn.touched.add(inc);
    specs.forEach((spec, i) => {
      for (const key of [...changes[i].added, ...changes[i].removed]) {
        const entries = keyMap(inc, spec.name);
        let entry = entries.get(key);
        if (!entry) entries.set(key, (entry = { holders: new Set(), lastTs: 0n }));
        if (entry.lockedBy !== txn) {
          entry.lockedBy = txn;
          txn.lockedKeys.push([entries, key]);
        }
      }
    });
  }

  private commitAuto(inc: Incarnation, chain: Chain | undefined, idKey: string, after: Document | null, specs: IndexSpec[], changes: KeyChange[]): void {
    const ts = this.clock.tick();
    if (!chain) {
      chain = new Chain();
      inc.chains.set(idKey, chain);
    }
    chain.versions.push({ ts, doc: after });
    specs.forEach((spec, i) => applyKeyChange(keyMap(inc, spec.name), changes[i], idKey, ts));
  }

  /** Applies a transaction's writes at one new cluster time (the caller checked the catalog). */
  commit(txn: TxnState): bigint {
    const ts = this.clock.tick();
    for (const [inc, docs] of txn.writes) {
      const specs = inc.indexes.filter((s) => s.unique && s.name !== '_id_');
      for (const [idKey, doc] of docs) {
        const chain = inc.chains.get(idKey)!;
        const before = versionAt(chain, undefined);
        chain.versions.push({ ts, doc });
        chain.lockedBy = undefined;
        for (const spec of specs) applyKeyChange(keyMap(inc, spec.name), keyChanges(spec, before, doc), idKey, ts);
      }
    }
    for (const [entries, key] of txn.lockedKeys) {
      const entry = entries.get(key);
      if (entry) {
        entry.lockedBy = undefined;
        entry.lastTs = ts;
      }
    }
    return ts;
  }

  /** Discards a transaction's writes and releases its locks. */
  rollback(txn: TxnState): void {
    for (const [inc, docs] of txn.writes) {
      for (const idKey of docs.keys()) {
        const chain = inc.chains.get(idKey);
        if (!chain || chain.lockedBy !== txn) continue;
        chain.lockedBy = undefined;
        if (chain.versions.length === 0) inc.chains.delete(idKey);
      }
    }
    for (const [entries, key] of txn.lockedKeys) {
      const entry = entries.get(key);
      if (!entry || entry.lockedBy !== txn) continue;
      entry.lockedBy = undefined;
      if (entry.holders.size === 0 && entry.lastTs === 0n) entries.delete(key);
    }
  }

  /** Forgets versions no reader at or after `horizon` can see. */
  prune(inc: Incarnation, horizon: bigint): void {
    for (const [idKey, chain] of inc.chains) {
      let keepFrom = 0;
      for (let i = chain.versions.length - 1; i >= 0; i--) {
        if (chain.versions[i].ts <= horizon) {
          keepFrom = i;
          break;
        }
      }
      if (keepFrom > 0) chain.versions.splice(0, keepFrom);
      const only = chain.versions[0];
      if (!chain.lockedBy && chain.versions.length === 1 && only.doc === null && only.ts <= horizon) inc.chains.delete(idKey);
    }
    for (const entries of inc.keys.values()) {
      for (const [key, entry] of entries) if (!entry.lockedBy && entry.holders.size === 0 && entry.lastTs <= horizon) entries.delete(key);
    }
  }
}

const isScalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The _id values an _id filter names: an equality to a scalar, or $in of scalars; else null. */
function idsOf(id: unknown): unknown[] | null {
  if (isScalar(id)) return [id];
  if (id && typeof id === 'object' && !Array.isArray(id)) {
    const keys = Object.keys(id);
    const values = (id as Document).$in;
    if (keys.length === 1 && Array.isArray(values) && values.every(isScalar)) return [...new Set(values)];
  }
  return null;
}

function versionAt(chain: Chain, ts: bigint | undefined): Document | null {
  for (let i = chain.versions.length - 1; i >= 0; i--) {
    const v = chain.versions[i];
    if (ts === undefined || v.ts <= ts) return v.doc;
  }
  return null;
}

interface KeyChange {
  added: string[];
  removed: string[];
  after: string[];
}

function keyChanges(spec: IndexSpec, before: Document | null, after: Document | null): KeyChange {
  const old = before ? indexKeys(spec, before) : [];
  const next = after ? indexKeys(spec, after) : [];
  return { added: next.filter((k) => !old.includes(k)), removed: old.filter((k) => !next.includes(k)), after: next };
}

function keyMap(inc: Incarnation, name: string): Map<string, KeyEntry> {
  let entries = inc.keys.get(name);
  if (!entries) inc.keys.set(name, (entries = new Map()));
  return entries;
}

function applyKeyChange(entries: Map<string, KeyEntry>, change: KeyChange, idKey: string, ts: bigint): void {
  for (const key of change.removed) {
    const entry = entries.get(key);
    if (entry) {
      entry.holders.delete(idKey);
      entry.lastTs = ts;
    }
  }
  for (const key of change.added) {
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = { holders: new Set(), lastTs: ts }));
    entry.holders.add(idKey);
    entry.lastTs = ts;
  }
}
