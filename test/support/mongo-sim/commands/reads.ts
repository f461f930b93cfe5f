// find / getMore / killCursors / aggregate / count / distinct.
// Batching follows the server: a first batch of batchSize documents (101 by default), the rest by
// getMore; limit < 0 or singleBatch answers one batch and closes the cursor (manual, "find" and
// "Iterate a Cursor"). A cursor opened in a transaction belongs to it and dies with it
// (jstests/core/txns/kill_transaction_cursors_after_commit.js: killCursors still answers).
// Snapshot reads outside transactions answer cursor.atClusterTime (distinct: at the top level), as
// the driver expects (node_modules/mongodb/src/cmap/wire_protocol/responses.ts, atClusterTime).
import { aggregate, find } from 'mingo';
import type { Document } from 'mongodb';
import { compareValues } from '../bson-order';
import { toTimestamp } from '../clock';
import { CODES, fail } from '../errors';
import { pathValues } from '../index-keys';
import type { Ctx } from '../sessions';
import { clone } from '../update-apply';
import { collectionName, compileFilter, lookup, refuseUnmodelled, test, type Args, type Handler } from './context';

export function sortDocs(docs: Document[], spec: unknown): Document[] {
  if (spec === undefined || spec === null) return docs;
  if (typeof spec !== 'object' || Array.isArray(spec)) return fail(CODES.BadValue, 'sort must be an object');
  const keys = Object.entries(spec as Document);
  if (keys.length === 0) return docs;
  if (keys.some(([, d]) => d !== 1 && d !== -1 && !(keys.length === 1 && keys[0][0] === '$natural'))) {
    fail(CODES.BadValue, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
  }
  if (keys[0][0] === '$natural') return keys[0][1] === -1 ? [...docs].reverse() : docs;
  const sortValue = (doc: Document, path: string, dir: number) => {
    const values = pathValues(doc, path.split('.')).values;
    return values.reduce((best, v) => (best === undefined || compareValues(v, best) * dir < 0 ? v : best), undefined as unknown);
  };
  const decorated = docs.map((doc, i) => ({ doc, i, keys: keys.map(([path, dir]) => sortValue(doc, path, dir as number)) }));
  decorated.sort((x, y) => {
    for (let k = 0; k < keys.length; k++) {
      const c = compareValues(x.keys[k], y.keys[k]) * (keys[k][1] as number);
      if (c) return c;
    }
    return x.i - y.i;
  });
  return decorated.map((d) => d.doc);
}

export function projectDocs(docs: Document[], projection: unknown): Document[] {
  if (!projection || typeof projection !== 'object' || Object.keys(projection as Document).length === 0) return docs;
  try {
    return find(docs, {}, projection as Document).all() as Document[];
  } catch (error) {
    return fail(CODES.BadValue, `mongo-sim (mingo): ${(error as Error).message}`);
  }
}

/** A cursor reply: first batch now, the rest kept for getMore. */
export function cursorReply(a: Args, ns: string, docs: Document[], options: { batchSize?: number; singleBatch?: boolean }): Document {
  const size = typeof options.batchSize === 'number' && options.batchSize >= 0 ? options.batchSize : 101;
  const all = options.singleBatch ? docs : undefined;
  const firstBatch = all ?? docs.slice(0, size);
  const rest = all ? [] : docs.slice(size);
  const id = rest.length ? a.core.openCursor(ns, rest, a.ctx.txn, a.ctx.lsidKey) : 0;
  const cursor: Document = { firstBatch, id: a.core.cursorId(id), ns };
  if (a.ctx.atClusterTime !== undefined) cursor.atClusterTime = toTimestamp(a.ctx.atClusterTime);
  return { cursor, ok: 1 };
}

function visibleDocs(a: Args, filter: unknown): Document[] {
  const inc = lookup(a);
  if (!inc) return [];
  const query = compileFilter(filter);
  return a.core.engine.candidates(inc, a.ctx.view, filter).filter((d) => test(query, d));
}

const find_: Handler = (a) => {
  const { cmd } = a;
  refuseUnmodelled(cmd, ['collation', 'tailable', 'awaitData', 'min', 'max', 'returnKey', 'showRecordId']);
  let docs = sortDocs(visibleDocs(a, cmd.filter), cmd.sort);
  const skip = Number(cmd.skip ?? 0);
  if (skip < 0) fail(CODES.BadValue, 'skip value must be non-negative');
  const limit = Number(cmd.limit ?? 0);
  docs = docs.slice(skip, limit ? skip + Math.abs(limit) : undefined);
  docs = projectDocs(docs, cmd.projection);
  return cursorReply(a, `${a.db}.${collectionName(a)}`, docs, { batchSize: cmd.batchSize, singleBatch: cmd.singleBatch === true || limit < 0 });
};

const getMore: Handler = (a) => {
  const id = Number(a.cmd.getMore);
  const cursor = a.core.cursors.get(id);
  const ns = `${a.db}.${a.cmd.collection}`;
  if (!cursor) return fail(CODES.CursorNotFound, `cursor id ${id} not found`);
  if (cursor.ns !== ns) fail(CODES.Unauthorized, `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
  if (cursor.txn && cursor.txn !== a.ctx.txn) fail(CODES.OperationNotSupportedInTransaction, `Cannot run getMore on cursor ${id}, which was created in transaction ${cursor.txn.txnNumber}, outside of it`);
  const size = typeof a.cmd.batchSize === 'number' && a.cmd.batchSize > 0 ? a.cmd.batchSize : cursor.docs.length;
  const nextBatch = cursor.docs.splice(0, size);
  if (cursor.docs.length === 0) a.core.cursors.delete(id);
  return { cursor: { nextBatch, id: a.core.cursorId(cursor.docs.length ? id : 0), ns }, ok: 1 };
};

const killCursors: Handler = (a) => {
  const killed: unknown[] = [];
  const notFound: unknown[] = [];
  for (const raw of (a.cmd.cursors as unknown[]) ?? []) {
    const id = Number(raw);
    (a.core.cursors.delete(id) ? killed : notFound).push(a.core.cursorId(id));
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const UNMODELLED_STAGES = new Set(['$changeStream', '$currentOp', '$collStats', '$indexStats', '$listSessions', '$listLocalSessions', '$planCacheStats', '$search', '$searchMeta', '$vectorSearch', '$documents', '$geoNear', '$sample']);

const aggregate_: Handler = (a) => {
  const { cmd, ctx } = a;
  if (typeof cmd.aggregate !== 'string') fail(CODES.NotImplemented, 'mongo-sim does not model database-level aggregations');
  refuseUnmodelled(cmd, ['collation', 'explain']);
  if (!Array.isArray(cmd.pipeline)) fail(CODES.TypeMismatch, "'pipeline' option must be specified as an array");
  for (const stage of cmd.pipeline as Document[]) {
    const name = Object.keys(stage)[0];
    if ((name === '$out' || name === '$merge') && ctx.txn) fail(CODES.OperationNotSupportedInTransaction, `${name} cannot be used in a transaction`);
    if (name === '$out' || name === '$merge' || UNMODELLED_STAGES.has(name)) fail(CODES.NotImplemented, `mongo-sim does not model the ${name} stage`);
  }
  const input = visibleDocs(a, {}).map(clone);
  let out: Document[];
  try {
    out = aggregate(input, cmd.pipeline as Document[], { collectionResolver: (name: string) => otherCollection(a, ctx, name) }) as Document[];
  } catch (error) {
    return fail(CODES.BadValue, `mongo-sim (mingo): ${(error as Error).message}`);
  }
  const cursorOptions = (cmd.cursor ?? {}) as Document;
  return cursorReply(a, `${a.db}.${cmd.aggregate}`, out, { batchSize: cursorOptions.batchSize });
};

function otherCollection(a: Args, _ctx: Ctx, name: string): Document[] {
  const inc = lookup(a, name);
  return inc ? a.core.engine.scan(inc, a.ctx.view).map(clone) : [];
}

const count: Handler = (a) => {
  const skip = Number(a.cmd.skip ?? 0);
  const limit = Math.abs(Number(a.cmd.limit ?? 0));
  const n = visibleDocs(a, a.cmd.query).slice(skip, limit ? skip + limit : undefined).length;
  return { n, ok: 1 };
};

const distinct: Handler = (a) => {
  if (typeof a.cmd.key !== 'string') fail(CODES.TypeMismatch, "BSON field 'distinct.key' is missing but a required field");
  const values: unknown[] = [];
  for (const doc of visibleDocs(a, a.cmd.query)) {
    for (const v of pathValues(doc, (a.cmd.key as string).split('.')).values) {
      if (v === null) continue; // missing fields (and, here, explicit nulls) are left out
      if (!values.some((x) => compareValues(x, v) === 0)) values.push(v);
    }
  }
  const reply: Document = { values, ok: 1 };
  if (a.ctx.atClusterTime !== undefined) reply.atClusterTime = toTimestamp(a.ctx.atClusterTime);
  return reply;
};

export const READ_HANDLERS: Record<string, Handler> = { find: find_, getMore, killCursors, aggregate: aggregate_, count, distinct };
