// Every GraphQL operation the widget sends is valid against the gateway's schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { OPERATIONS } from '../../widget/src/operations';

const schema = buildSchema(readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8'));

describe('widget operations against schema.graphql', () => {
  it('covers the six operations of the flow', () => {
    expect(OPERATIONS.map((op) => op.name)).toEqual(['WidgetMerchant', 'WidgetAvailableSlots', 'WidgetHold', 'WidgetBook', 'WidgetCancel', 'WidgetRelease']);
  });

  it.each(OPERATIONS.map((op) => [op.name, op] as const))('%s parses and validates with no errors', (name, op) => {
    const document = parse(op.document);
    expect(validate(schema, document)).toEqual([]);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.map((o) => o.name?.value)).toEqual([name]); // operationName in the request matches
  });
});
