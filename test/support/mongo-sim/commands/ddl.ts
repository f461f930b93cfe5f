// create / drop / dropDatabase / listCollections / listDatabases.
// A drop needs an exclusive lock on its collection, so it waits for open transactions that used
// the collection, and only for those (jstests/core/txns/drop_collection_not_blocked_by_txn.js: a
// drop of another collection is not blocked). create is allowed in a transaction (4.4+:
// jstests/core/txns/create_collection.js) and becomes visible at commit.
import type { Document } from 'mongodb';
import { validateCollectionName } from '../catalog';
import { CODES, fail } from '../errors';
import { collectionName, compileFilter, lookup, test, waitForLocks, type Args, type Handler } from './context';

const create: Handler = (a) => {
  const name = validateCollectionName(a.db, collectionName(a));
  const unmodelled = ['capped', 'timeseries', 'clusteredIndex', 'validator', 'viewOn', 'pipeline', 'collation', 'changeStreamPreAndPostImages', 'expireAfterSeconds'];
  for (const option of unmodelled) if (a.cmd[option] !== undefined) fail(CODES.NotImplemented, `mongo-sim does not model create option '${option}'`);
  if (lookup(a, name)) fail(CODES.NamespaceExists, `Collection ${a.db}.${name} already exists.`);
  a.core.catalog.create(a.db, name, a.ctx.writer, {}, false, 'create');
  return { ok: 1 };
};

const drop: Handler = async (a) => {
  const name = collectionName(a);
  let inc = a.core.catalog.live(a.db, name);
  // Dropping a collection that does not exist is a no-op since 7.0 (SERVER-43894; NODE-5061).
  if (!inc) return { ok: 1 };
  await waitForLocks(a, [inc]);
  inc = a.core.catalog.live(a.db, name);
  if (!inc) return { ok: 1 };
  const was = inc.indexes.length;
  a.core.catalog.drop(inc);
  return { nIndexesWas: was, ns: inc.ns, ok: 1 };
};

const dropDatabase: Handler = async (a) => {
  const live = () => a.core.catalog.collections(a.db, { kind: 'latest' });
  await waitForLocks(a, live());
  for (const inc of live()) a.core.catalog.drop(inc);
  return { dropped: a.db, ok: 1 };
};

const listCollections: Handler = (a) => {
  const filter = compileFilter(a.cmd.filter);
  const nameOnly = a.cmd.nameOnly === true;
  const entries: Document[] = a.core.catalog
    .collections(a.db, a.ctx.view)
    .map((inc) =>
      nameOnly
        ? { name: inc.name, type: 'collection' }
        : { name: inc.name, type: 'collection', options: { ...inc.options }, info: { readOnly: false, uuid: inc.uuid }, idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } },
    )
    .filter((e) => test(filter, e))
    .sort((x, y) => (x.name < y.name ? -1 : 1));
  return { cursor: { firstBatch: entries, id: a.core.cursorId(0), ns: `${a.db}.$cmd.listCollections` }, ok: 1 };
};

const listDatabases: Handler = (a) => {
  const filter = compileFilter(a.cmd.filter);
  const databases = a.core.catalog
    .databases()
    .map((name) => ({ name, sizeOnDisk: 8192 * a.core.catalog.collections(name, { kind: 'latest' }).length, empty: false }))
    .filter((d) => test(filter, d));
  if (a.cmd.nameOnly === true) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  return { databases, totalSize: databases.reduce((s, d) => s + d.sizeOnDisk, 0), totalSizeMb: 0, ok: 1 };
};

export const DDL_HANDLERS: Record<string, Handler> = { create, drop, dropDatabase, listCollections, listDatabases };
