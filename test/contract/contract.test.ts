// The contract's schema is binding: every type, field, argument and enum value it names must
// exist in the gateway's schema with exactly the same type. Additions are allowed, but an added
// argument or input field must be optional so existing clients keep working.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLNamedType,
} from 'graphql';
import { gatewaySchema } from '../../src/schema';

const contract = buildSchema(readFileSync(path.join(__dirname, 'contract-schema.graphql'), 'utf8'));
const ours = gatewaySchema();
const contractTypes = Object.values(contract.getTypeMap()).filter((t) => !t.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name));

describe.each(contractTypes.map((t) => [t.name, t] as [string, GraphQLNamedType]))('contract type %s', (name, expected) => {
  const actual = ours.getType(name);

  it('exists with the same kind', () => {
    expect(actual?.constructor.name).toBe(expected.constructor.name);
  });

  if (isObjectType(expected)) {
    it('has every field with the same type and arguments', () => {
      if (!isObjectType(actual)) throw new Error(`${name} is not an object type`);
      const fields = actual.getFields();
      for (const field of Object.values(expected.getFields())) {
        const mine = fields[field.name];
        expect({ field: field.name, type: String(mine?.type) }).toEqual({ field: field.name, type: String(field.type) });
        for (const arg of field.args) {
          expect({ arg: `${field.name}(${arg.name})`, type: String(mine.args.find((a) => a.name === arg.name)?.type) }).toEqual({
            arg: `${field.name}(${arg.name})`,
            type: String(arg.type),
          });
        }
        const extra = mine.args.filter((a) => !field.args.some((b) => b.name === a.name) && isNonNullType(a.type));
        expect(extra.map((a) => a.name)).toEqual([]);
      }
    });
  }

  if (isInputObjectType(expected)) {
    it('has every input field with the same type, and adds only optional ones', () => {
      if (!isInputObjectType(actual)) throw new Error(`${name} is not an input type`);
      const fields = actual.getFields();
      for (const field of Object.values(expected.getFields())) {
        expect({ field: field.name, type: String(fields[field.name]?.type) }).toEqual({ field: field.name, type: String(field.type) });
      }
      const extra = Object.values(fields).filter((f) => !expected.getFields()[f.name] && isNonNullType(f.type));
      expect(extra.map((f) => f.name)).toEqual([]);
    });
  }

  if (isEnumType(expected)) {
    it('has exactly the proto enum values', () => {
      if (!isEnumType(actual)) throw new Error(`${name} is not an enum`);
      expect(actual.getValues().map((v) => v.name)).toEqual(expected.getValues().map((v) => v.name));
    });
  }

  if (isScalarType(expected)) {
    it('is a custom scalar', () => expect(isScalarType(actual)).toBe(true));
  }
});
