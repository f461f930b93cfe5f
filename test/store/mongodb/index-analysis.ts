// A small model of how MongoDB's planner uses a B-tree index for a filter (and sort), enough to
// check that each hot-path query of the adapter has an index that bounds its scan:
//  - equality predicates (value, null, $eq, $in) on a prefix of the index keys bound the scan;
//  - an equality field that is not in the index must be checked on every fetched document;
//  - a range field should be an index key (it then bounds the scan after the equality prefix);
//  - a sort comes from the index when it equals the index keys that follow single-valued
//    equality keys (all directions equal, or all reversed);
//  - a partial index is only usable when the filter implies its partialFilterExpression.
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
  const predicates = new Map(Object.entries(filter).map(([field, condition]) => [field, predicateOf(field, condition)]));
  const keys = keyFields(plan);
  const keyNames = keys.map(([field]) => field);
  const isEquality = (field: string) => predicates.get(field) === 'point' || predicates.get(field) === 'points';

  const leadingEquality: string[] = [];
  for (const field of keyNames) {
    if (!isEquality(field)) break;
    leadingEquality.push(field);
  }

  const partial = plan.options.partialFilterExpression ?? {};
  const impliedByPartial = (field: string) => field in partial && isDeepStrictEqual(filter[field], partial[field]);
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

  return { index: plan.options.name, leadingEquality, uncoveredEquality, unindexedRanges, partialSatisfied, sortFromIndex };
}
