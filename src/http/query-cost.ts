// Refuses operations whose estimated cost exceeds a budget, before any resolver runs. Each field
// costs 1; a list field multiplies the cost of its selection by the number of items it can
// return: its size argument where it has one (batchAvailabilityLookup's slotTime), else the
// service's cap (availableSlots, bookings) or a default. Variables are known here, so a 1,000-entry
// slotTime variable costs what it asks for.
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../services/merchant/schedule.service';
import type { BookingPolicy } from '../services/policy';

/** How many items a list field returns: from its arguments, or a size its parent field passed down. */
type ListSize = (args: Record<string, unknown>, inherited: number) => number;

export function listSizes(policy: BookingPolicy): Record<string, ListSize> {
  return {
    'Query.availableSlots': () => policy.maxAvailableSlots,
    'Query.bookings': () => policy.maxListedBookings,
    'BatchAvailabilityLookupPayload.slotTimeAvailability': (_args, inherited) => inherited,
    'BookingConnection.edges': (_args, inherited) => inherited,
  };
}

/** Fields whose arguments fix the size of a list below them. */
const SIZE_SOURCES: Record<string, (args: Record<string, unknown>) => number> = {
  // One answer per requested slot time.
  'Query.batchAvailabilityLookup': (args) => (Array.isArray(args.slotTime) ? args.slotTime.length : 1),
  // One edge per booking of the page: `first`, 50 when absent (out-of-range values are refused later).
  'Query.merchantBookings': (args) => (typeof args.first === 'number' && args.first >= 1 ? Math.min(args.first, PAGE_SIZE_MAX) : PAGE_SIZE_DEFAULT),
};

const DEFAULT_LIST_SIZE = 20;

function literalValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.LIST:
      return node.values.map((v) => literalValue(v, variables));
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalValue(f.value, variables)]));
    default:
      return null;
  }
}

function argumentsOf(field: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, literalValue(a.value, variables)]));
}

export function operationCost(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  rootType: GraphQLNamedType,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  sizes: Record<string, ListSize>,
  /** Called when the cost depends on the request's arguments (a size source was met). */
  onArgumentDependent: () => void = () => undefined,
): number {
  // A fragment's cost depends only on the type it applies to and the list size passed down, so it
  // is computed once per (fragment, type, size): a "diamond" of fragments costs linear time.
  const memo = new Map<string, number>();
  const spreadCost = (fragment: FragmentDefinitionNode, type: GraphQLNamedType, parentSize: number, path: ReadonlySet<string>): number => {
    const name = fragment.name.value;
    if (path.has(name)) return 0; // a cycle: NoFragmentCyclesRule refuses the document
    const key = `${name}\u0000${type.name}\u0000${parentSize}`;
    let cost = memo.get(key);
    if (cost === undefined) {
      const on = schema.getType(fragment.typeCondition.name.value) ?? type;
      cost = visit(fragment.selectionSet, on, parentSize, new Set([...path, name]));
      memo.set(key, cost);
    }
    return cost;
  };
  const visit = (set: SelectionSetNode, type: GraphQLNamedType, parentSize: number, path: ReadonlySet<string>): number => {
    let cost = 0;
    // Execution applies a fragment once per selection set however often it is spread there.
    const spread = new Set<string>();
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (!fragment || spread.has(fragment.name.value)) continue;
        spread.add(fragment.name.value);
        cost += spreadCost(fragment, type, parentSize, path);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? type) : type;
        cost += visit(selection.selectionSet, on, parentSize, path);
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) {
        cost += 1;
        continue;
      }
      const definition = type.getFields()[name];
      if (!definition) continue; // validation reports unknown fields
      const args = argumentsOf(selection, variables);
      const key = `${type.name}.${name}`;
      const sized = key in SIZE_SOURCES;
      if (sized) onArgumentDependent();
      const inherited = sized ? SIZE_SOURCES[key](args) : parentSize;
      const multiplier = isListType(getNullableType(definition.type)) ? (sizes[key]?.(args, parentSize) ?? DEFAULT_LIST_SIZE) : 1;
      const below = selection.selectionSet ? visit(selection.selectionSet, getNamedType(definition.type), inherited, path) : 0;
      cost += 1 + multiplier * below;
    }
    return cost;
  };
  return visit(selectionSet, rootType, 1, new Set());
}

export function queryCostPlugin(maxCost: number, policy: BookingPolicy): ApolloServerPlugin {
  const sizes = listSizes(policy);
  // Apollo reuses the parsed document of a repeated query, so a cost that depends on nothing but the
  // document is computed once per operation.
  const fixedCosts = new WeakMap<object, number>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
          if (!root) return;
          const fragments = Object.fromEntries(
            document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
          );
          let cost = fixedCosts.get(operation);
          if (cost === undefined) {
            let dependsOnArguments = false;
            cost = operationCost(schema, operation.selectionSet, root, fragments, request.variables ?? {}, sizes, () => (dependsOnArguments = true));
            if (!dependsOnArguments) fixedCosts.set(operation, cost);
          }
          if (cost > maxCost) {
            throw new GraphQLError(`operation cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items or fields`, {
              extensions: { code: 'RESOURCE_EXHAUSTED', cost, maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
