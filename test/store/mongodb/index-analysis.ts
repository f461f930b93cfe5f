// A small model of how MongoDB's planner uses a B-tree index for a filter (and sort), enough to
// check that each hot-path query of the adapter has an index that bounds its scan:
//  - equality predicates (value, null, $eq, $in) on a prefix of the index keys bound the scan;
//  - an equality field that is not in the index must be checked on every fetched document;
//  - a range field should be an index key (it then bounds the scan after the equality prefix);
//  - a sort comes from the index when it equals the index keys that follow single-valued
//    equality keys (all directions equal, or all reversed);
//  - a partial index is only usable when the filter implies its partialFilterExpression;
//  - top-level $and / $or clauses neither bound nor widen the scan: they are checked on every fetched
//    document (their fields are reported, so a test can say which residual checks it accepts).
import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'mongodb';
import type { IndexPlan } from '../../../src/store/mongodb/indexes';
import { keyFields } from './fixtures';

export interface Served {
  index: string;
  /** Index keys, from the first, that the filter bounds by equality. */
  leadingEquality: string[];
  /** Equality fields of the filter the index neither keys nor implies (a residual filter on fetched documents). */
  uncoveredEquality: string[];
  /** Range fields of the filter that are not index keys. */
  unindexedRanges: string[];
  partialSatisfied: boolean;
  /** Whether the sort asked for comes out of the index scan; null when no sort was asked for. */
  sortFromIndex: boolean | null;
  /** Fields named inside top-level $and / $or clauses (checked on fetched documents). */
  residualLogical: string[];
}

const LOGICAL = new Set(['$and', '$or']);

function fieldsIn(clause: unknown): string[] {
  if (Array.isArray(clause)) return clause.flatMap(fieldsIn);
  if (clause === null || typeof clause !== 'object') return [];
  return Object.entries(clause as Document).flatMap(([k, v]) => (LOGICAL.has(k) ? fieldsIn(v) : [k]));
}

/** Whether a filter condition on a field implies the partial filter's condition on it (equal, or a tighter lower bound). */
function implies(condition: unknown, required: unknown): boolean {
  if (isDeepStrictEqual(condition, required)) return true;
  const lower = (c: unknown): { value: number; strict: boolean } | null => {
    if (c === null || typeof c !== 'object') return null;
    const o = c as Record<string, unknown>;
    if (typeof o.$gt === 'number') return { value: o.$gt, strict: true };
    if (typeof o.$gte === 'number') return { value: o.$gte, strict: false };
    return null;
  };
  const have = lower(condition);
  const need = lower(required);
  if (!have || !need || Object.keys(required as object).length !== 1) return false;
  return need.strict ? have.value > need.value || (have.value === need.value && have.strict) : have.value >= need.value;
}

type Predicate = 'point' | 'points' | 'range';

const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

function predicateOf(field: string, condition: unknown): Predicate {
  const isOperatorObject =
    condition !== null && typeof condition === 'object' && !Array.isArray(condition) && Object.keys(condition).some((k) => k.startsWith('$'));
  if (!isOperatorObject) return 'point';
  const operators = Object.keys(condition as object);
  if (operators.every((op) => RANGE_OPERATORS.has(op))) return 'range';
  if (operators.length === 1 && operators[0] === '$eq') return 'point';
  if (operators.length === 1 && operators[0] === '$in') return 'points';
  throw new Error(`index analysis does not model ${field}: ${JSON.stringify(condition)}`);
}

export function indexServes(filter: Document, plan: IndexPlan, sort?: Document): Served {
  const residualLogical = [...new Set(Object.entries(filter).flatMap(([k, v]) => (LOGICAL.has(k) ? fieldsIn(v) : [])))];
  const plain = Object.entries(filter).filter(([k]) => !LOGICAL.has(k));
  const predicates = new Map(plain.map(([field, condition]) => [field, predicateOf(field, condition)]));
  const keys = keyFields(plan);
  const keyNames = keys.map(([field]) => field);
  const isEquality = (field: string) => predicates.get(field) === 'point' || predicates.get(field) === 'points';

  const leadingEquality: string[] = [];
  for (const field of keyNames) {
    if (!isEquality(field)) break;
    leadingEquality.push(field);
  }

  const partial = plan.options.partialFilterExpression ?? {};
  const impliedByPartial = (field: string) => field in partial && field in filter && implies(filter[field], partial[field]);
  const partialSatisfied = Object.keys(partial).every(impliedByPartial);

  const fields = [...predicates.keys()];
  const uncoveredEquality = fields.filter((f) => isEquality(f) && !keyNames.includes(f) && !impliedByPartial(f));
  const unindexedRanges = fields.filter((f) => predicates.get(f) === 'range' && !keyNames.includes(f));

  let sortFromIndex: boolean | null = null;
  if (sort) {
    const wanted = Object.entries(sort as Record<string, number>);
    sortFromIndex = false;
    for (let start = 0; start <= leadingEquality.length && !sortFromIndex; start++) {
      if (keys.slice(0, start).some(([field]) => predicates.get(field) !== 'point')) break;
      const window = keys.slice(start, start + wanted.length);
      if (window.length !== wanted.length) continue;
      const sameFields = window.every(([field], i) => field === wanted[i][0]);
      const forward = window.every(([, dir], i) => dir === wanted[i][1]);
      const backward = window.every(([, dir], i) => dir === -wanted[i][1]);
      sortFromIndex = sameFields && (forward || backward);
    }
  }

  return { index: plan.options.name, leadingEquality, uncoveredEquality, unindexedRanges, partialSatisfied, sortFromIndex, residualLogical };
}
