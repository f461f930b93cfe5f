// What start-up makes sure exists: every collection (created up front, so no transaction creates one
// implicitly: two units racing to create the same collection make one of them fail), and the indexes
// of indexes.ts, upgrading a database made by an older version (see the rules there).
import type { Db, Document, IndexDescriptionInfo } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { COLLECTIONS } from './documents';
import { INDEXES, SUPERSEDED_INDEXES, type IndexPlan } from './indexes';

const NAMESPACE_EXISTS = 48;
const NAMESPACE_NOT_FOUND = 26;
const INDEX_NOT_FOUND = 27;

/** An index found with a known name but another definition: the gateway cannot safely start. */
export class IndexConflictError extends Error {}

export async function ensureSchema(db: Db): Promise<void> {
  await ensureCollections(db);
  await ensureIndexes(db);
}

export async function ensureCollections(db: Db): Promise<void> {
  for (const name of Object.values(COLLECTIONS)) {
    try {
      await db.createCollection(name);
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    }
  }
}

export async function ensureIndexes(db: Db): Promise<void> {
  const byCollection = new Map<string, IndexPlan[]>();
  for (const plan of INDEXES) byCollection.set(plan.collection, [...(byCollection.get(plan.collection) ?? []), plan]);
  for (const collection of new Set([...byCollection.keys(), ...Object.keys(SUPERSEDED_INDEXES)])) {
    const existing = new Map((await listIndexes(db, collection)).map((index) => [index.name as string, index]));
    const missing: IndexPlan[] = [];
    for (const plan of byCollection.get(collection) ?? []) {
      const found = existing.get(plan.options.name);
      if (!found) missing.push(plan);
      else await reconcile(db, plan, found);
    }
    // A superseded index with exactly a planned definition must go first: the server refuses a second
    // index of the same key and options under another name (IndexOptionsConflict, 85). The others go
    // last: until its replacement exists, an older index may be the one guarding an invariant.
    const superseded = (SUPERSEDED_INDEXES[collection] ?? []).filter((name) => existing.has(name));
    const renamed = superseded.filter((name) => missing.some((p) => sameDefinition(p, existing.get(name)!)));
    for (const name of renamed) await dropIndex(db, collection, name);
    if (missing.length > 0) {
      await db.collection(collection).createIndexes(missing.map((p) => ({ key: p.key as Document, ...p.options })));
    }
    for (const name of superseded.filter((n) => !renamed.includes(n))) await dropIndex(db, collection, name);
  }
}

async function listIndexes(db: Db, collection: string): Promise<IndexDescriptionInfo[]> {
  try {
    return await db.collection(collection).listIndexes().toArray();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
    throw error;
  }
}

async function dropIndex(db: Db, collection: string, name: string): Promise<void> {
  try {
    await db.collection(collection).dropIndex(name);
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === INDEX_NOT_FOUND)) throw error;
  }
}

const sameKeyAndOptions = (plan: IndexPlan, found: IndexDescriptionInfo): boolean =>
  JSON.stringify(found.key) === JSON.stringify(plan.key) &&
  Boolean(found.unique) === Boolean(plan.options.unique) &&
  JSON.stringify(found.partialFilterExpression ?? null) === JSON.stringify(plan.options.partialFilterExpression ?? null);

const sameDefinition = (plan: IndexPlan, found: IndexDescriptionInfo): boolean =>
  sameKeyAndOptions(plan, found) && found.expireAfterSeconds === plan.options.expireAfterSeconds;

/** An index of a planned name: the same definition, or a TTL to adjust, or a conflict to report. */
async function reconcile(db: Db, plan: IndexPlan, found: IndexDescriptionInfo): Promise<void> {
  const ttlWanted = plan.options.expireAfterSeconds;
  if (sameDefinition(plan, found)) return;
  if (sameKeyAndOptions(plan, found) && ttlWanted !== undefined && found.expireAfterSeconds !== undefined) {
    // collMod changes a TTL in place (manual: "Change the expireAfterSeconds value for a TTL index").
    await db.command({ collMod: plan.collection, index: { name: plan.options.name, expireAfterSeconds: ttlWanted } });
    return;
  }
  throw new IndexConflictError(
    `index ${plan.options.name} on ${plan.collection} exists with another definition (${JSON.stringify(found.key)}); ` +
      'indexes.ts must give a changed index a new name and list the old one in SUPERSEDED_INDEXES',
  );
}
