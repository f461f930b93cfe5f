// Validation rules that refuse operations too deep or with too many aliases before any resolver
// runs (api-contract: over the limits is RESOURCE_EXHAUSTED). Introspection fields (__schema,
// __type) are not counted, so Apollo Sandbox's own queries always pass.
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export class QueryLimitError extends GraphQLError {
  constructor(message: string, node: { loc?: unknown } | undefined) {
    super(message, { nodes: node as never, extensions: { code: 'RESOURCE_EXHAUSTED' } });
  }
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30 };

/** Depth of the deepest field path, following fragments (each fragment once per path). */
function depthOf(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const below = selection.selectionSet ? depthOf(selection.selectionSet, fragments, seen) : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue; // unknown or cyclic: other rules report those
      seen.add(name);
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, seen));
      seen.delete(name);
    }
  }
  return deepest;
}

export function queryLimitRules(limits: QueryLimits) {
  const depthRule = (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const fragments = new Map(
        context.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
      );
      const depth = depthOf(operation.selectionSet, fragments, new Set());
      if (depth > limits.maxDepth) {
        context.reportError(new QueryLimitError(`operation depth ${depth} exceeds the limit of ${limits.maxDepth}`, operation));
      }
    },
  });
  const aliasRule = (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let reported = false;
    return {
      Field(field) {
        if (!field.alias || reported) return;
        aliases++;
        if (aliases > limits.maxAliases) {
          reported = true;
          context.reportError(new QueryLimitError(`the document uses more than ${limits.maxAliases} aliases`, field));
        }
      },
    };
  };
  return [depthRule, aliasRule];
}
