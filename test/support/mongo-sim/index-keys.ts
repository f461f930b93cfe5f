// Index keys of documents, as the server computes them for uniqueness:
//  - a missing field indexes as null (manual, "Unique Indexes": "If a document does not have a value
//    for the indexed field in a unique index, the index will store a null value for this document");
//  - dotted paths reach into embedded documents and through arrays (multikey); an array value gives
//    one key per element; two array fields in one compound key are refused with 171
//    CannotIndexParallelArrays (manual, "Multikey Indexes" / "Compound Multikey Indexes");
//  - a partial index only holds documents that match its partialFilterExpression (manual, "Partial
//    Indexes"), evaluated here with mingo;
//  - the duplicate-key error text is the server's: "E11000 duplicate key error collection: <db>.<coll>
//    index: <name> dup key: { <field>: <value>, ... }" with keyPattern and keyValue beside it.
import { Query } from 'mingo';
import type { Document } from 'mongodb';
import { formatValue, keyString } from './bson-order';
import { CODES, CommandError } from './errors';

export interface IndexSpec {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

const queries = new WeakMap<Document, Query>();

function partialMatches(spec: IndexSpec, doc: Document): boolean {
  if (!spec.partialFilterExpression) return true;
  let query = queries.get(spec.partialFilterExpression);
  if (!query) {
    query = new Query(spec.partialFilterExpression);
    queries.set(spec.partialFilterExpression, query);
  }
  return query.test(doc);
}

/** Values of a dotted path; arrays met on the way are traversed (multikey). */
export function pathValues(doc: unknown, parts: string[]): { values: unknown[]; viaArray: boolean } {
  if (parts.length === 0) {
    if (Array.isArray(doc)) return { values: doc.length ? doc : [undefined], viaArray: true };
    return { values: [doc], viaArray: false };
  }
  if (Array.isArray(doc)) {
    const [head, ...rest] = parts;
    if (/^\d+$/.test(head) && Number(head) < doc.length) return pathValues(doc[Number(head)], rest);
    const out: unknown[] = [];
    for (const element of doc) out.push(...pathValues(element, parts).values);
    return { values: out.length ? out : [null], viaArray: true };
  }
  if (doc === null || typeof doc !== 'object' || (doc as { _bsontype?: string })._bsontype) return { values: [null], viaArray: false };
  const next = (doc as Document)[parts[0]];
  if (next === undefined) return { values: [null], viaArray: false };
  return pathValues(next, parts.slice(1));
}

/** Key strings of a document in an index ([] when a partial or sparse index leaves it out). */
export function indexKeys(spec: IndexSpec, doc: Document): string[] {
  if (!partialMatches(spec, doc)) return [];
  const fields = Object.keys(spec.key);
  if (spec.sparse && fields.every((f) => pathValues(doc, f.split('.')).values.every((v) => v === null))) return [];
  let combos: unknown[][] = [[]];
  let arrays = 0;
  for (const field of fields) {
    const { values, viaArray } = pathValues(doc, field.split('.'));
    if (viaArray) arrays++;
    if (arrays > 1) {
      throw new CommandError(CODES.CannotIndexParallelArrays, `cannot index parallel arrays [${field}] in index ${spec.name}`);
    }
    combos = combos.flatMap((prefix) => values.map((v) => [...prefix, v === undefined ? null : v]));
  }
  return [...new Set(combos.map((c) => c.map(keyString).join('|')))];
}

/** The key values of a document for an index (first combination), for keyValue / messages. */
export function keyValue(spec: IndexSpec, doc: Document): Document {
  const out: Document = {};
  for (const field of Object.keys(spec.key)) {
    const v = pathValues(doc, field.split('.')).values[0];
    out[field] = v === undefined ? null : v;
  }
  return out;
}

export function duplicateKeyError(db: string, coll: string, spec: IndexSpec, doc: Document): CommandError {
  const value = keyValue(spec, doc);
  const dup = Object.entries(value).map(([f, v]) => `${f}: ${formatValue(v)}`).join(', ');
  const keyPattern = Object.fromEntries(Object.keys(spec.key).map((f) => [f, spec.key[f]]));
  return new CommandError(
    CODES.DuplicateKey,
    `E11000 duplicate key error collection: ${db}.${coll} index: ${spec.name} dup key: { ${dup} }`,
    { keyPattern, keyValue: value },
  );
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };
