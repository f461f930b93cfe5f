// Limits on the shape of a GraphQL document, checked before any expensive work (api-contract "No
// request can stall the server"). Tokens are counted by graphql-js's own parser (parse option
// maxTokens, see server.ts), which stops reading at the limit. Everything else is checked here, in
// one linear pass over the parsed document that runs at the very start of validation.
//
// Why a pass of our own rather than ordinary validation rules (or graphql-armor's, which are
// ordinary rules too): every rule of a validate() call walks the document together, so a rule can
// only report a limit while graphql-js's OverlappingFieldsCanBeMergedRule keeps doing its work,
// which is quadratic in the fields that share a response name (12,000 repeats of one field: 16 s).
// This rule decides at the Document node, before any rule has seen a selection, and on a refusal
// ends the walk there (see `stopWalking`), so the quadratic rule never runs on an oversized document.
//
// Depth follows fragments and computes each fragment's depth once (a "diamond" of fragments that
// each spread the next twice is linear, not exponential). Introspection fields (__schema, __type)
// are not counted in depth, so Apollo Sandbox's own queries always pass.
import {
  GraphQLError,
  Kind,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export class QueryLimitError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'RESOURCE_EXHAUSTED' } });
  }
}

export interface QueryLimits {
  /** Deepest field nesting (introspection fields not counted). */
  maxDepth: number;
  maxAliases: number;
  /** Lexical tokens the parser reads before giving up (graphql-js's maxTokens). */
  maxTokens: number;
  /** Field selections written in the document (fragments included, each counted where written). */
  maxFields: number;
  maxDirectives: number;
  /** Fragment spreads written in the document. */
  maxFragmentSpreads: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 2000,
  maxFields: 100,
  maxDirectives: 50,
  maxFragmentSpreads: 30,
};

/** The first limit the document exceeds, as a message; null when it is within every limit. */
export function documentLimitViolation(document: DocumentNode, limits: QueryLimits): string | null {
  let fields = 0;
  let aliases = 0;
  let directives = 0;
  let spreads = 0;
  let violation: string | null = null;
  const over = (message: string) => {
    violation = message;
    return false as const;
  };
  // Counting stops at the first count over its limit, so a huge document costs no more than a small one.
  visit(document, {
    enter(node) {
      if (violation) return false;
      switch (node.kind) {
        case Kind.FIELD:
          if (++fields > limits.maxFields) return over(`the document selects more than ${limits.maxFields} fields`);
          if (node.alias && ++aliases > limits.maxAliases) return over(`the document uses more than ${limits.maxAliases} aliases`);
          return undefined;
        case Kind.DIRECTIVE:
          return ++directives > limits.maxDirectives ? over(`the document uses more than ${limits.maxDirectives} directives`) : undefined;
        case Kind.FRAGMENT_SPREAD:
          return ++spreads > limits.maxFragmentSpreads ? over(`the document has more than ${limits.maxFragmentSpreads} fragment spreads`) : undefined;
        default:
          return undefined;
      }
    },
  });
  if (violation) return violation;

  const depth = fragmentAwareDepth(document);
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const d = depth(definition.selectionSet);
    if (d > limits.maxDepth) return `operation depth ${d} exceeds the limit of ${limits.maxDepth}`;
  }
  return null;
}

/** Depth of a selection set, following fragments; each fragment's depth is computed once. */
function fragmentAwareDepth(document: DocumentNode): (set: SelectionSetNode) => number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  // undefined: not computed yet; null: being computed (a cycle, which NoFragmentCyclesRule reports).
  const memo = new Map<string, number | null>();
  const depthOf = (set: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet));
      } else {
        deepest = Math.max(deepest, fragmentDepth(selection.name.value));
      }
    }
    return deepest;
  };
  const fragmentDepth = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known ?? 0;
    const fragment = fragments.get(name);
    if (!fragment) return 0; // unknown fragments are reported by KnownFragmentNamesRule
    memo.set(name, null);
    const d = depthOf(fragment.selectionSet);
    memo.set(name, d);
    return d;
  };
  return depthOf;
}

/**
 * Returned from the Document visitor, a non-node value tells graphql-js's visit() to drop the
 * document (the visitor API's "delete this node"), so no rule visits any node below it: validation
 * ends with just the errors reported so far. The document itself is not changed (visit copies on edit).
 */
const stopWalking = null;

/** The validation rule: on the Document node, the whole document's limits, before any other rule's work. */
export function queryLimitRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const violation = documentLimitViolation(document, limits);
      if (!violation) return undefined;
      context.reportError(new QueryLimitError(violation));
      return stopWalking;
    },
  });
}
