import 'reflect-metadata';
import { GraphQLError, GraphQLObjectType, GraphQLSchema, graphql, parseValue as parseValueLiteral } from 'graphql';
import { Int64, parseInt64 } from '../../src/models/int64.scalar';

const MAX = Number.MAX_SAFE_INTEGER; // 2^53 − 1

function rejection(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected a rejection, the value was accepted');
}

describe('Int64.parseValue (variables)', () => {
  it.each([
    [1800, 1800],
    ['1800', 1800],
    ['-5', -5],
    [-5, -5],
    [0, 0],
    ['0', 0],
    [MAX, MAX],
    [-MAX, -MAX],
    [String(MAX), MAX],
    [String(-MAX), -MAX],
    ['007', 7],
  ])('accepts %p as %p', (input, expected) => {
    expect(Int64.parseValue(input)).toBe(expected);
  });

  it.each([
    ['a fraction', 1.5],
    ['a fractional string', '1.5'],
    ['an exponent string', '1e3'],
    ['a word', 'abc'],
    ['an empty string', ''],
    ['a padded string', ' 12'],
    ['a plus-signed string', '+5'],
    ['a hex string', '0x10'],
    ['a boolean', true],
    ['an object', {}],
    ['an array', [1]],
    ['null', null],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['2^53', 2 ** 53],
    ['−2^53', -(2 ** 53)],
    ['"9007199254740992" (2^53)', '9007199254740992'],
    ['"-9007199254740992"', '-9007199254740992'],
    ['a 20-digit string', '12345678901234567890'],
  ])('rejects %s with INVALID_ARGUMENT', (_why, input) => {
    expect(rejection(() => Int64.parseValue(input)).extensions.code).toBe('INVALID_ARGUMENT');
  });

  it('parseInt64 is what parseValue uses', () => {
    expect(parseInt64('42')).toBe(42);
    expect(() => parseInt64('4.2')).toThrow(GraphQLError);
  });
});

describe('Int64.parseLiteral (inline values)', () => {
  const literal = (source: string) => Int64.parseLiteral(parseValueLiteral(source), {});

  it.each([
    ['1800', 1800],
    ['"1800"', 1800],
    ['-5', -5],
    ['"-5"', -5],
    [String(MAX), MAX],
  ])('accepts %s as %p', (source, expected) => {
    expect(literal(source)).toBe(expected);
  });

  it.each([
    ['a float', '1.5'],
    ['an exponent', '1e3'],
    ['a string float', '"1.5"'],
    ['a word string', '"abc"'],
    ['a boolean', 'true'],
    ['null', 'null'],
    ['an enum value', 'FOO'],
    ['an object', '{a: 1}'],
    ['a list', '[1]'],
    ['2^53', '9007199254740992'],
    ['"2^53"', '"9007199254740992"'],
  ])('rejects %s with INVALID_ARGUMENT', (_why, source) => {
    expect(rejection(() => literal(source)).extensions.code).toBe('INVALID_ARGUMENT');
  });
});

describe('Int64.serialize (output)', () => {
  it('passes safe integers through as JSON numbers', () => {
    expect(Int64.serialize(1_900_000_000)).toBe(1_900_000_000);
    expect(Int64.serialize(-MAX)).toBe(-MAX);
    expect(Int64.serialize(MAX)).toBe(MAX);
  });

  it.each([
    ['a fraction', 1.5],
    ['2^53', 2 ** 53],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a numeric string', '5'],
    ['null', null],
  ])('refuses %s', (_why, value) => {
    expect(() => Int64.serialize(value)).toThrow(GraphQLError);
  });
});

describe('Int64 inside a schema', () => {
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        echo: {
          type: Int64,
          args: { value: { type: Int64 } },
          resolve: (_root, args: { value: number }) => args.value,
        },
        huge: { type: Int64, resolve: () => 2 ** 53 },
      },
    }),
  });

  it('coerces variables and literals, numbers and decimal strings alike', async () => {
    const viaVariable = await graphql({
      schema,
      source: 'query($v: Int64) { echo(value: $v) }',
      variableValues: { v: '1800' },
    });
    expect(viaVariable).toEqual({ data: { echo: 1800 } });
    expect(await graphql({ schema, source: '{ echo(value: "1800") }' })).toEqual({ data: { echo: 1800 } });
    expect(await graphql({ schema, source: '{ echo(value: 1800) }' })).toEqual({ data: { echo: 1800 } });
  });

  it('a bad variable fails before execution and carries the scalar\'s message', async () => {
    const result = await graphql({ schema, source: 'query($v: Int64) { echo(value: $v) }', variableValues: { v: '1e3' } });
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].message).toMatch(/Int64/);
  });

  it('an unsafe result is a field error, not a wrong number', async () => {
    const result = await graphql({ schema, source: '{ huge }' });
    expect(result.data).toEqual({ huge: null });
    expect(result.errors?.[0].message).toMatch(/Int64 cannot represent/);
  });
});
