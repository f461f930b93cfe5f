// Applying a parsed update to a document, with the server's execution-time refusals:
//  - creating a field under a scalar, null or through a non-numeric array position:
//    28 PathNotViable "Cannot create field 'b' in element {a: 5}";
//  - $inc / $mul on a present non-numeric field: 14 TypeMismatch "Cannot apply $inc to a value of
//    non-numeric type. {_id: 1} has the field 'x' of non-numeric type string";
//  - a change of _id: 66 ImmutableField "Performing an update on the path '_id' would modify the
//    immutable field '_id'" (replacements: "After applying the update, the (immutable) field '_id'
//    was found to have been altered to _id: …");
//  - fields are processed in lexicographic order (manual, "Update Operators": "Starting in MongoDB
//    5.0, update operators process document fields with string-based names in lexicographic order").
// Upserts start from the equality fields of the filter (manual, "Upsert Behavior"), only _id of
// it for a replacement, and _id comes first in every stored document.
import { aggregate, Query } from 'mingo';
import { BSON, ObjectId, type Document } from 'mongodb';
import { bsonTypeName, compareValues, formatElement, formatValue, isNumeric, sameValue, toNumber, typeRank } from './bson-order';
import { CODES, fail } from './errors';
import type { ParsedUpdate, PathOp } from './update-parse';
import { toTimestamp } from './clock';

export const clone = <T extends Document>(doc: T): T => BSON.deserialize(BSON.serialize(doc)) as T;
const cloneValue = (v: unknown): unknown => clone({ v }).v;

const isContainer = (v: unknown): v is Document | unknown[] =>
  v !== null && typeof v === 'object' && !(v instanceof Date) && typeof (v as { _bsontype?: string })._bsontype !== 'string';

/** The document with _id first, as the server stores it. */
export function idFirst(doc: Document): Document {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

interface Slot {
  parent: Document | unknown[];
  key: string;
}

function resolve(doc: Document, parts: string[], create: boolean): Slot | null {
  let cur: Document | unknown[] = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    let next: unknown;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(part)) {
        if (!create) return null;
        return fail(CODES.PathNotViable, `Cannot create field '${part}' in element ${formatElement(parts[i - 1] ?? '', cur)}`);
      }
      next = cur[Number(part)];
    } else {
      next = cur[part];
    }
    if (next === undefined) {
      if (!create) return null;
      next = {};
      setAt(cur, part, next);
    } else if (!isContainer(next)) {
      if (!create) return null;
      return fail(CODES.PathNotViable, `Cannot create field '${parts[i + 1]}' in element ${formatElement(part, next)}`);
    }
    cur = next as Document | unknown[];
  }
  const key = parts[parts.length - 1];
  if (Array.isArray(cur) && !/^\d+$/.test(key)) {
    if (!create) return null;
    return fail(CODES.PathNotViable, `Cannot create field '${key}' in element ${formatElement(parts[parts.length - 2] ?? '', cur)}`);
  }
  return { parent: cur, key };
}

function setAt(parent: Document | unknown[], key: string, value: unknown): void {
  if (Array.isArray(parent)) {
    const index = Number(key);
    while (parent.length < index) parent.push(null);
    parent[index] = value;
  } else {
    parent[key] = value;
  }
}

const getAt = (slot: Slot): unknown => (Array.isArray(slot.parent) ? slot.parent[Number(slot.key)] : slot.parent[slot.key]);

function matchesPull(condition: unknown, element: unknown): boolean {
  if (typeRank(condition) === 4) {
    const c = condition as Document;
    if (Object.keys(c).some((k) => k.startsWith('$'))) return new Query({ v: c }).test({ v: element });
    return typeRank(element) === 4 && new Query(c).test(element as Document);
  }
  return sameValue(condition, element);
}

function applyOp(doc: Document, op: PathOp, inserting: boolean, clusterNow: bigint): void {
  const { parts, arg } = op;
  const idOf = () => formatElement('_id', doc._id);
  const array = (slot: Slot): unknown[] | undefined => {
    const current = getAt(slot);
    if (current === undefined) return undefined;
    if (!Array.isArray(current)) {
      fail(CODES.BadValue, `The field '${slot.key}' must be an array but is of type ${bsonTypeName(current)} in document ${idOf()}`);
    }
    return current as unknown[];
  };
  switch (op.op) {
    case '$setOnInsert':
    case '$set':
      if (op.op === '$setOnInsert' && !inserting) return;
      return setAt(resolve(doc, parts, true)!.parent, parts[parts.length - 1], cloneValue(arg));
    case '$unset': {
      const slot = resolve(doc, parts, false);
      if (!slot || getAt(slot) === undefined) return;
      if (Array.isArray(slot.parent)) slot.parent[Number(slot.key)] = null;
      else delete slot.parent[slot.key];
      return;
    }
    case '$inc':
    case '$mul': {
      const slot = resolve(doc, parts, true)!;
      const current = getAt(slot);
      if (current === undefined) return setAt(slot.parent, slot.key, op.op === '$inc' ? arg : 0);
      if (!isNumeric(current)) {
        fail(CODES.TypeMismatch, `Cannot apply ${op.op} to a value of non-numeric type. ${idOf()} has the field '${slot.key}' of non-numeric type ${bsonTypeName(current)}`);
      }
      return setAt(slot.parent, slot.key, op.op === '$inc' ? toNumber(current) + toNumber(arg) : toNumber(current) * toNumber(arg));
    }
    case '$min':
    case '$max': {
      const slot = resolve(doc, parts, true)!;
      const current = getAt(slot);
      const c = current === undefined ? 0 : compareValues(arg, current);
      if (current === undefined || (op.op === '$min' ? c < 0 : c > 0)) setAt(slot.parent, slot.key, cloneValue(arg));
      return;
    }
    case '$currentDate': {
      const asTimestamp = typeRank(arg) === 4 && (arg as Document).$type === 'timestamp';
      return setAt(resolve(doc, parts, true)!.parent, parts[parts.length - 1], asTimestamp ? toTimestamp(clusterNow) : new Date());
    }
    case '$rename': {
      const from = resolve(doc, parts, false);
      if (!from || getAt(from) === undefined) return;
      if (Array.isArray(from.parent)) fail(CODES.BadValue, `The source field cannot be an array element, '${op.path}' in doc with ${idOf()} has an array field called '${parts[parts.length - 2]}'`);
      const value = getAt(from);
      delete (from.parent as Document)[from.key];
      return setAt(resolve(doc, op.to!, true)!.parent, op.to![op.to!.length - 1], value);
    }
    case '$push':
    case '$addToSet': {
      const slot = resolve(doc, parts, true)!;
      const items = typeRank(arg) === 4 && '$each' in (arg as Document) ? ((arg as Document).$each as unknown[]) : [arg];
      const current = array(slot) ?? [];
      for (const item of items) if (op.op === '$push' || !current.some((x) => sameValue(x, item))) current.push(cloneValue(item));
      return setAt(slot.parent, slot.key, current);
    }
    case '$pull':
    case '$pullAll': {
      const slot = resolve(doc, parts, false);
      if (!slot || getAt(slot) === undefined) return;
      const current = getAt(slot);
      if (!Array.isArray(current)) fail(CODES.BadValue, `Cannot apply ${op.op} to a non-array value`);
      const keep = (current as unknown[]).filter((x) => (op.op === '$pull' ? !matchesPull(arg, x) : !(arg as unknown[]).some((y) => sameValue(x, y))));
      return setAt(slot.parent, slot.key, keep);
    }
    case '$pop': {
      const slot = resolve(doc, parts, false);
      if (!slot || getAt(slot) === undefined) return;
      const current = getAt(slot);
      if (!Array.isArray(current)) fail(CODES.TypeMismatch, `Path '${op.path}' contains an element of non-array type '${bsonTypeName(current)}'`);
      const copy = [...(current as unknown[])];
      if (arg === 1) copy.pop();
      else copy.shift();
      return setAt(slot.parent, slot.key, copy);
    }
  }
}

const comparePaths = (a: PathOp, b: PathOp): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The document after the update (the input is not modified). `original` has _id unless inserting without one. */
export function applyUpdate(update: ParsedUpdate, original: Document, inserting: boolean, clusterNow: bigint): Document {
  if (update.kind === 'replace') {
    const { _id, ...fields } = clone(update.doc);
    if (_id !== undefined && original._id !== undefined && !sameValue(_id, original._id)) {
      fail(CODES.ImmutableField, `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(_id)}`);
    }
    const id = original._id !== undefined ? original._id : _id;
    return id === undefined ? fields : { _id: id, ...fields };
  }
  let next: Document;
  if (update.kind === 'pipeline') {
    next = (aggregate([clone(original)], update.stages)[0] as Document | undefined) ?? {};
  } else {
    next = clone(original);
    for (const op of [...update.ops].sort(comparePaths)) applyOp(next, op, inserting, clusterNow);
  }
  if (original._id !== undefined && (next._id === undefined || !sameValue(next._id, original._id))) {
    fail(CODES.ImmutableField, "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return idFirst(next);
}

/** The document an upsert starts from: equality fields of the filter (only _id for a replacement). */
export function upsertSeed(filter: Document, update: ParsedUpdate): Document {
  const seed: Document = {};
  const visit = (f: Document) => {
    for (const [field, condition] of Object.entries(f)) {
      if (field === '$and' && Array.isArray(condition)) condition.forEach((c) => visit(c as Document));
      if (field.startsWith('$')) continue;
      if (update.kind === 'replace' && field !== '_id') continue;
      let value: unknown = condition;
      if (typeRank(condition) === 4) {
        const keys = Object.keys(condition as Document);
        if (keys.length && keys[0].startsWith('$')) {
          if (!('$eq' in (condition as Document))) continue;
          value = (condition as Document).$eq;
        }
      }
      if (value instanceof RegExp) continue;
      const slot = resolve(seed, field.split('.'), true)!;
      setAt(slot.parent, slot.key, cloneValue(value));
    }
  };
  visit(filter);
  return seed;
}

/** An upserted document: seed + update, with a generated _id (first) when neither gave one. */
export function upsertDocument(filter: Document, update: ParsedUpdate, clusterNow: bigint): Document {
  const seed = upsertSeed(filter, update);
  const doc = applyUpdate(update, seed, true, clusterNow);
  return doc._id === undefined ? { _id: new ObjectId(), ...doc } : idFirst(doc);
}
