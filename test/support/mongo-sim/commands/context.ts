// What every command handler gets, and the helpers they share: waiting the way the server waits
// (a non-transactional write retries while an open transaction holds the document; DDL waits for
// the locks of open transactions on its collection), bounded by maxTimeMS (50 MaxTimeMSExpired).
import { Query } from 'mingo';
import type { Document } from 'mongodb';
import type { Incarnation } from '../catalog';
import type { SimCore } from '../core';
import { CODES, CommandError, fail } from '../errors';
import { Blocked, type TxnState } from '../mvcc';
import type { Ctx } from '../sessions';

export interface ConnInfo {
  id: number;
  remote: string;
}

export interface Args {
  core: SimCore;
  cmd: Document;
  db: string;
  name: string;
  ctx: Ctx;
  conn: ConnInfo;
}

export type Handler = (a: Args) => Promise<Document> | Document;

const maxTimeExpired = () => new CommandError(CODES.MaxTimeMSExpired, 'operation exceeded time limit');

export function deadlineOf(cmd: Document): number {
  const ms = typeof cmd.maxTimeMS === 'number' && cmd.maxTimeMS > 0 ? cmd.maxTimeMS : undefined;
  return ms === undefined ? Infinity : Date.now() + ms;
}

async function waitUntilEnded(txn: TxnState, deadline: number): Promise<void> {
  if (deadline === Infinity) return txn.whenEnded();
  const left = deadline - Date.now();
  if (left <= 0) throw maxTimeExpired();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(maxTimeExpired()), left)));
  try {
    await Promise.race([txn.whenEnded(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a single-document write, waiting out open transactions that hold what it writes. */
export async function retryBlocked<T>(a: Args, write: () => T, deadline = deadlineOf(a.cmd)): Promise<T> {
  for (;;) {
    try {
      return write();
    } catch (error) {
      if (!(error instanceof Blocked)) throw error;
      a.core.stats.blockedWrites++;
      await waitUntilEnded(error.txn, deadline);
    }
  }
}

/** DDL: waits until no other open transaction holds a lock on these collections. */
export async function waitForLocks(a: Args, incs: Incarnation[]): Promise<void> {
  const deadline = deadlineOf(a.cmd);
  for (;;) {
    const holders = a.core.lockHolders(incs, a.ctx.txn);
    if (holders.length === 0) return;
    a.core.stats.blockedWrites++;
    await waitUntilEnded(holders[0], deadline);
  }
}

export function collectionName(a: Args): string {
  const value = a.cmd[a.name];
  if (typeof value !== 'string' || value === '') return fail(CODES.InvalidNamespace, `collection name has invalid type ${typeof value}`);
  return value;
}

/** The collection as the command's view sees it (and its locks taken, inside a transaction). */
export function lookup(a: Args, name = collectionName(a)): Incarnation | undefined {
  const inc = a.core.catalog.find(a.db, name, a.ctx.view);
  if (inc && a.ctx.txn) a.ctx.txn.touched.add(inc);
  return inc;
}

/** A compiled filter; invalid ones are BadValue as on the server. */
export function compileFilter(filter: unknown): Query {
  if (filter === undefined || filter === null) return new Query({});
  if (typeof filter !== 'object' || Array.isArray(filter)) return fail(CODES.TypeMismatch, `filter must be an object`);
  try {
    return new Query(filter as Document);
  } catch (error) {
    return fail(CODES.BadValue, `mongo-sim (mingo): ${(error as Error).message}`);
  }
}

export function test(query: Query, doc: Document): boolean {
  try {
    return query.test(doc);
  } catch (error) {
    return fail(CODES.BadValue, `mongo-sim (mingo): ${(error as Error).message}`);
  }
}

export function refuseUnmodelled(cmd: Document, fields: string[]): void {
  for (const f of fields) {
    const v = cmd[f];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) fail(CODES.NotImplemented, `mongo-sim does not model '${f}'`);
  }
}
