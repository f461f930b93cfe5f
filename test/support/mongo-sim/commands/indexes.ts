// createIndexes / listIndexes / dropIndexes / collMod (index options).
// createIndexes, as the server's index catalog decides (IndexCatalogImpl; SERVER-13290, SERVER-55738,
// SERVER-91562 for the messages and the comparison of unique/sparse):
//  - same name, same key, same options: nothing to do ("all indexes already exist");
//  - same name, another key: 86 IndexKeySpecsConflict;
//  - same name, same key, other options (unique, sparse, partialFilterExpression,
//    expireAfterSeconds, hidden): 85 IndexOptionsConflict;
//  - another name, same key and same identity (unique, sparse, partialFilterExpression): 85
//    "Index already exists with a different name";
//  - in a transaction: conflicts as above, then a new index on a collection that existed before the
//    transaction, or on a non-empty one created in it, is 263 OperationNotSupportedInTransaction
//    (jstests/core/txns/create_existing_indexes.js, create_indexes.js).
// TTL options follow the manual ("TTL Indexes": single-field only, not on _id).
import type { Document } from 'mongodb';
import { keyString } from '../bson-order';
import type { Incarnation } from '../catalog';
import { CODES, CommandError, fail } from '../errors';
import { formatValue } from '../bson-order';
import { duplicateKeyError, indexKeys, type IndexSpec } from '../index-keys';
import { collectionName, lookup, waitForLocks, type Args, type Handler } from './context';

const OPTION_FIELDS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'hidden'];
const UNMODELLED = ['collation', 'weights', 'default_language', 'language_override', 'textIndexVersion', '2dsphereIndexVersion', 'bits', 'min', 'max', 'wildcardProjection', 'storageEngine', 'clustered'];

export function normalizeSpec(raw: unknown, collection: string): IndexSpec {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail(CODES.TypeMismatch, 'index specification must be an object');
  const r = raw as Document;
  const key = r.key as Document;
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0) fail(CODES.CannotCreateIndex, 'Index keys cannot be empty.');
  for (const [field, dir] of Object.entries(key)) {
    if (typeof dir === 'string') fail(CODES.NotImplemented, `mongo-sim does not model "${dir}" indexes (${field})`);
    if (typeof dir !== 'number' || dir === 0) fail(CODES.CannotCreateIndex, `Values in v:2 index key pattern cannot be of value 0 or non-numeric: ${field}: ${formatValue(dir)}`);
  }
  if (typeof r.name !== 'string' || r.name === '') fail(CODES.FailedToParse, "The 'name' field is a required property of an index specification");
  for (const field of Object.keys(r)) {
    if (UNMODELLED.includes(field)) fail(CODES.NotImplemented, `mongo-sim does not model the index option '${field}'`);
    if (!['key', 'name', 'v', 'background', 'ns', ...OPTION_FIELDS].includes(field)) {
      fail(CODES.InvalidIndexSpecificationOption, `The field '${field}' is not valid for an index specification. Specification: ${formatValue(r)}`);
    }
  }
  const spec: IndexSpec = { v: 2, key, name: r.name };
  if (r.unique) spec.unique = true;
  if (r.sparse) spec.sparse = true;
  if (r.partialFilterExpression !== undefined) {
    if (typeof r.partialFilterExpression !== 'object' || r.partialFilterExpression === null) fail(CODES.TypeMismatch, "'partialFilterExpression' for an index must be a document");
    if (spec.sparse) fail(CODES.CannotCreateIndex, 'cannot mix "partialFilterExpression" and "sparse" options');
    spec.partialFilterExpression = r.partialFilterExpression;
  }
  if (r.expireAfterSeconds !== undefined) {
    const s = r.expireAfterSeconds;
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > 2147483647) fail(CODES.CannotCreateIndex, `TTL index 'expireAfterSeconds' option must be within an acceptable range, found: ${formatValue(s)}`);
    if (Object.keys(key).length !== 1) fail(CODES.CannotCreateIndex, `TTL indexes are single-field indexes, compound indexes do not support TTL. Index spec: ${formatValue(r)}`);
    if (Object.keys(key)[0] === '_id') fail(CODES.CannotCreateIndex, "The field 'expireAfterSeconds' is not valid for an _id index specification.");
    spec.expireAfterSeconds = s;
  }
  if (r.hidden) spec.hidden = true;
  if (spec.name === '_id_' && keyString(key) !== keyString({ _id: 1 })) fail(CODES.BadValue, `The index name '_id_' is reserved for the _id index (${collection})`);
  return spec;
}

const sameKey = (a: IndexSpec, b: IndexSpec) => keyString(a.key) === keyString(b.key);
const optionString = (s: IndexSpec, fields: string[]) => keyString(fields.map((f) => (s[f] === undefined || s[f] === false ? null : s[f])));
const sameOptions = (a: IndexSpec, b: IndexSpec) => optionString(a, OPTION_FIELDS) === optionString(b, OPTION_FIELDS);
const sameIdentity = (a: IndexSpec, b: IndexSpec) => sameKey(a, b) && optionString(a, ['unique', 'sparse', 'partialFilterExpression']) === optionString(b, ['unique', 'sparse', 'partialFilterExpression']);

/** The specs that really need building; throws the server's conflict errors. */
export function specsToBuild(existing: IndexSpec[], requested: IndexSpec[]): IndexSpec[] {
  const known = [...existing];
  const out: IndexSpec[] = [];
  for (const spec of requested) {
    const byName = known.find((s) => s.name === spec.name);
    const show = (s: IndexSpec) => formatValue(s);
    if (byName) {
      if (!sameKey(byName, spec)) {
        fail(CODES.IndexKeySpecsConflict, `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${show(spec)}, existing index: ${show(byName)}`);
      }
      if (!sameOptions(byName, spec)) {
        fail(CODES.IndexOptionsConflict, `An equivalent index already exists with the same name but different options. Requested index: ${show(spec)}, existing index: ${show(byName)}`);
      }
      continue;
    }
    const twin = known.find((s) => sameIdentity(s, spec));
    if (twin) fail(CODES.IndexOptionsConflict, `Index already exists with a different name: ${twin.name}`);
    known.push(spec);
    out.push(spec);
  }
  return out;
}

/** Builds a unique index over the latest committed documents (duplicates refuse the build). */
function build(a: Args, inc: Incarnation, spec: IndexSpec, ts: bigint): void {
  if (!spec.unique) return;
  const entries = new Map<string, { holders: Set<string>; lastTs: bigint }>();
  for (const [idKey] of inc.chains) {
    const doc = a.core.engine.visible(inc, idKey, { kind: 'latest' });
    if (!doc) continue;
    for (const key of indexKeys(spec, doc)) {
      const entry = entries.get(key) ?? { holders: new Set<string>(), lastTs: ts };
      if (entry.holders.size > 0) throw duplicateKeyError(inc.db, inc.name, spec, doc);
      entry.holders.add(idKey);
      entries.set(key, entry);
    }
  }
  inc.keys.set(spec.name, entries);
}

const createIndexes: Handler = async (a) => {
  const name = collectionName(a);
  if (!Array.isArray(a.cmd.indexes) || a.cmd.indexes.length === 0) fail(CODES.BadValue, 'Must specify at least one index to create');
  const requested = (a.cmd.indexes as unknown[]).map((s) => normalizeSpec(s, name));
  let inc = lookup(a, name);
  if (inc && !a.ctx.txn) {
    if (specsToBuild(inc.indexes, requested).length > 0) await waitForLocks(a, [inc]);
    inc = lookup(a, name);
  }
  const before = inc ? inc.indexes.length : 1;
  const toBuild = specsToBuild(inc?.indexes ?? [{ v: 2, key: { _id: 1 }, name: '_id_' }], requested);
  if (toBuild.length === 0) return { numIndexesBefore: before, numIndexesAfter: before, note: 'all indexes already exist', ok: 1 };
  if (a.ctx.txn && inc) {
    const empty = a.core.engine.scan(inc, a.ctx.view).length === 0;
    if (!inc.pendingTxn || !empty) fail(CODES.OperationNotSupportedInTransaction, `Cannot create new indexes on existing collection ${inc.ns} in a multi-document transaction.`);
  }
  const created = !inc;
  if (!inc) inc = a.core.catalog.create(a.db, name, a.ctx.writer, {}, false, 'createIndexes');
  const ts = inc.pendingTxn ? 0n : a.core.clock.tick();
  for (const spec of toBuild) build(a, inc, spec, ts);
  inc.indexes.push(...toBuild);
  if (!inc.pendingTxn) inc.catalogTs = ts;
  return { createdCollectionAutomatically: created, numIndexesBefore: before, numIndexesAfter: inc.indexes.length, commitQuorum: 'votingMembers', ok: 1 };
};

function existing(a: Args): Incarnation {
  const inc = lookup(a);
  if (!inc) throw new CommandError(CODES.NamespaceNotFound, `ns does not exist: ${a.db}.${collectionName(a)}`);
  return inc;
}

const listIndexes: Handler = (a) => {
  const inc = existing(a);
  return { cursor: { firstBatch: inc.indexes.map((s) => ({ ...s })), id: a.core.cursorId(0), ns: `${a.db}.$cmd.listIndexes.${inc.name}` }, ok: 1 };
};

function findIndex(inc: Incarnation, which: unknown): IndexSpec {
  const spec = typeof which === 'string' ? inc.indexes.find((s) => s.name === which) : inc.indexes.find((s) => keyString(s.key) === keyString(which));
  if (!spec) throw new CommandError(CODES.IndexNotFound, typeof which === 'string' ? `index not found with name [${which}]` : `can't find index with key: ${formatValue(which)}`);
  return spec;
}

const dropIndexes: Handler = async (a) => {
  let inc = existing(a);
  await waitForLocks(a, [inc]);
  inc = existing(a);
  const which = a.cmd.index;
  const was = inc.indexes.length;
  const doomed = which === '*' ? inc.indexes.filter((s) => s.name !== '_id_') : (Array.isArray(which) ? which : [which]).map((w) => findIndex(inc, w));
  if (doomed.some((s) => s.name === '_id_')) fail(CODES.InvalidOptions, 'cannot drop _id index');
  inc.indexes = inc.indexes.filter((s) => !doomed.includes(s));
  for (const s of doomed) inc.keys.delete(s.name);
  inc.catalogTs = a.core.clock.tick();
  return { nIndexesWas: was, ok: 1 };
};

const collMod: Handler = async (a) => {
  let inc = existing(a);
  const change = a.cmd.index as Document | undefined;
  const other = Object.keys(a.cmd).filter((k) => !['collMod', 'index', '$db', 'lsid', '$clusterTime', 'writeConcern', 'maxTimeMS', 'txnNumber', '$readPreference', 'apiVersion'].includes(k));
  if (other.length) fail(CODES.NotImplemented, `mongo-sim models collMod of index options only (got ${other.join(', ')})`);
  if (!change || typeof change !== 'object') return { ok: 1 };
  await waitForLocks(a, [inc]);
  inc = existing(a);
  const spec = change.name !== undefined ? findIndex(inc, change.name) : findIndex(inc, change.keyPattern);
  const reply: Document = {};
  if (change.expireAfterSeconds !== undefined) {
    const s = change.expireAfterSeconds;
    if (typeof s !== 'number' || s < 0) fail(CODES.BadValue, 'expireAfterSeconds must be a number >= 0');
    if (Object.keys(spec.key).length !== 1 || spec.name === '_id_') fail(CODES.InvalidOptions, `no expireAfterSeconds field to update on index ${spec.name}`);
    if (spec.expireAfterSeconds !== undefined) reply.expireAfterSeconds_old = spec.expireAfterSeconds;
    reply.expireAfterSeconds_new = s;
    spec.expireAfterSeconds = s;
  }
  if (change.hidden !== undefined) {
    reply.hidden_old = spec.hidden === true;
    reply.hidden_new = change.hidden === true;
    if (change.hidden) spec.hidden = true;
    else delete spec.hidden;
  }
  inc.catalogTs = a.core.clock.tick();
  return { ...reply, ok: 1 };
};

export const INDEX_HANDLERS: Record<string, Handler> = { createIndexes, listIndexes, dropIndexes, collMod };
