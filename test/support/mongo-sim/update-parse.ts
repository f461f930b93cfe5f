// Parsing an update the way the server's UpdateDriver does, with the refusals mingo does not make
// (texts from the server's update node tests, e.g. src/mongo/db/update/update_object_node_test.cpp):
//  - the first field decides: "$..." = operator update, else replacement; an array = pipeline;
//  - an unknown operator, or a plain field among operators: 9 FailedToParse "Unknown modifier: …";
//  - the same path, or a path and its prefix, in one update (across operators too, $setOnInsert
//    included): 40 ConflictingUpdateOperators "Updating the path 'x' would create a conflict at 'x'";
//  - "$set: {}" and other empty operands are accepted (manual, "$set": "Starting in MongoDB 5.0,
//    mongod no longer raises an error when you use an update operator like $set with an empty
//    operand expression");
//  - a "$" field in a replacement: 52 DollarPrefixedFieldName;
//  - $inc / $mul with a non-numeric argument: 14 TypeMismatch.
import type { Document } from 'mongodb';
import { bsonTypeName, formatValue, isNumeric, typeRank } from './bson-order';
import { CODES, fail } from './errors';

export interface PathOp {
  op: string;
  path: string;
  parts: string[];
  arg: unknown;
  /** $rename only: the target path. */
  to?: string[];
}

export type ParsedUpdate =
  | { kind: 'replace'; doc: Document }
  | { kind: 'modifier'; ops: PathOp[] }
  | { kind: 'pipeline'; stages: Document[] };

const OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$setOnInsert', '$currentDate', '$rename', '$push', '$addToSet', '$pull', '$pullAll', '$pop']);
const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export function parseUpdate(u: unknown): ParsedUpdate {
  if (Array.isArray(u)) {
    for (const stage of u) {
      const name = stage && typeof stage === 'object' ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_STAGES.has(name)) fail(CODES.InvalidOptions, `${name ?? 'stage'} is not allowed to be used within an update`);
    }
    return { kind: 'pipeline', stages: u as Document[] };
  }
  if (u === null || typeof u !== 'object' || typeof (u as { _bsontype?: string })._bsontype === 'string') {
    return fail(CODES.FailedToParse, 'Update argument must be either an object or an array');
  }
  const doc = u as Document;
  const keys = Object.keys(doc);
  if (keys.length === 0 || !keys[0].startsWith('$')) {
    for (const k of keys) {
      if (k.startsWith('$')) {
        fail(CODES.DollarPrefixedFieldName, `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`);
      }
    }
    return { kind: 'replace', doc };
  }
  const ops: PathOp[] = [];
  for (const op of keys) {
    if (!OPERATORS.has(op)) {
      if (op === '$bit') fail(CODES.NotImplemented, 'mongo-sim does not model $bit');
      fail(CODES.FailedToParse, `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    const operand = doc[op];
    if (operand === null || typeof operand !== 'object' || Array.isArray(operand)) {
      fail(CODES.FailedToParse, `Modifiers operate on fields but we found type ${bsonTypeName(operand)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(operand)}}`);
    }
    for (const [path, arg] of Object.entries(operand as Document)) ops.push(parsePathOp(op, path, arg));
  }
  checkConflicts(ops);
  return { kind: 'modifier', ops };
}

function splitPath(path: string): string[] {
  if (path === '') fail(CODES.EmptyFieldName, 'An empty update path is not valid.');
  const parts = path.split('.');
  if (parts.some((p) => p === '')) fail(CODES.EmptyFieldName, `The update path '${path}' contains an empty field name, which is not allowed.`);
  if (parts.some((p) => p.startsWith('$'))) fail(CODES.NotImplemented, `mongo-sim does not model positional updates ('${path}')`);
  return parts;
}

function parsePathOp(op: string, path: string, arg: unknown): PathOp {
  const parts = splitPath(path);
  const element = `{${path}: ${formatValue(arg)}}`;
  if ((op === '$inc' || op === '$mul') && !isNumeric(arg)) {
    fail(CODES.TypeMismatch, `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: ${element}`);
  }
  if (op === '$pop' && arg !== 1 && arg !== -1) fail(CODES.FailedToParse, `$pop expects 1 or -1, found: ${formatValue(arg)}`);
  if (op === '$currentDate') {
    const ok = typeof arg === 'boolean' || (typeRank(arg) === 4 && ['date', 'timestamp'].includes((arg as Document).$type));
    if (!ok) fail(CODES.BadValue, `${path} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`);
  }
  if (op === '$pullAll' && !Array.isArray(arg)) fail(CODES.BadValue, `$pullAll requires an array argument but was given a ${bsonTypeName(arg)}`);
  if ((op === '$push' || op === '$addToSet') && typeRank(arg) === 4 && '$each' in (arg as Document)) {
    const extra = Object.keys(arg as Document).filter((k) => k !== '$each');
    if (extra.length) fail(CODES.NotImplemented, `mongo-sim does not model ${op} modifiers ${extra.join(', ')}`);
    if (!Array.isArray((arg as Document).$each)) fail(CODES.BadValue, `The argument to $each in ${op} must be an array but it was of type: ${bsonTypeName((arg as Document).$each)}`);
  }
  if (op === '$rename') {
    if (typeof arg !== 'string') fail(CODES.BadValue, `The 'to' field for $rename must be a string: ${element}`);
    if (arg === path) fail(CODES.BadValue, `The source and target field for $rename must differ: ${path}: ${formatValue(arg)}`);
    return { op, path, parts, arg, to: splitPath(arg as string) };
  }
  return { op, path, parts, arg };
}

/** Two paths conflict when equal or when one is a prefix of the other at a field boundary. */
function checkConflicts(ops: PathOp[]): void {
  const seen: string[][] = [];
  const add = (parts: string[]) => {
    for (const other of seen) {
      const n = Math.min(other.length, parts.length);
      if (other.slice(0, n).join('.') === parts.slice(0, n).join('.')) {
        fail(CODES.ConflictingUpdateOperators, `Updating the path '${parts.join('.')}' would create a conflict at '${parts.slice(0, n).join('.')}'`);
      }
    }
    seen.push(parts);
  };
  for (const op of ops) {
    add(op.parts);
    if (op.to) add(op.to);
  }
}
